"""The downloads list: links that work from any page, a name and no link
where there is no web edition to point to, and, for the edition, every file
it lists made by the builders that make them."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOT, build_project

FIXTURE = Path(__file__).parent / "roots" / "test-downloads"


def build(tmp_path: Path, builder: str, **overrides) -> Path:
    outdir, warnings = build_project(shutil.copytree(FIXTURE, tmp_path / "src"), builder, **overrides)
    assert warnings == []
    return outdir


def links(page: Path) -> list[tuple[str, str]]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    return [(a.get_text(), a["href"]) for a in soup.select("ul.edition-downloads a")]


def test_links_work_from_every_page(tmp_path):
    out = build(tmp_path, "html")
    assert links(out / "index.html") == [("The book (PDF)", "downloads/book.pdf"),
                                         ("The export", "export.jsonld")]
    assert links(out / "sub" / "page.html") == [("The book (PDF)", "../downloads/book.pdf"),
                                                ("The export", "../export.jsonld")]
    text = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "lxml").select_one(
        "ul.edition-downloads").get_text(" ")
    assert "(book.pdf): every page" in " ".join(text.split())


def test_an_e_book_names_the_web_edition_or_links_to_it(tmp_path):
    out = build(tmp_path / "plain", "epub")
    page = BeautifulSoup((out / "index.xhtml").read_text(encoding="utf-8"), "lxml")
    assert page.select("ul.edition-downloads a") == []
    assert "(book.pdf, on the web edition)" in " ".join(page.get_text(" ").split())
    out = build(tmp_path / "based", "epub", html_baseurl="https://edition.example/")
    assert links(out / "index.xhtml")[0] == ("The book (PDF)", "https://edition.example/downloads/book.pdf")


def test_the_edition_lists_only_files_its_builders_make(built, site):
    import conf  # the edition's conf.py, on sys.path in conftest

    latex = built("latexpdf") / "latex"
    epub = built("epub") / "epub"
    listed = {name for _, name, _ in conf.edition_downloads}
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert listed
    for name in listed:
        if name.startswith("/"):
            assert (site / name.lstrip("/")).is_file(), name
        elif name.endswith(".pdf"):
            assert (latex / name).is_file(), name
        elif name == "reading-copy.epub":  # make reading-epub: tests/test_reading_copy_epub.py
            assert "reading-copy.epub" in makefile.split("site:", 1)[1].split("\n\n", 1)[0]
        else:
            assert name.endswith(".epub") and len(list(epub.glob("*.epub"))) == 1, name
    # make site copies exactly these into downloads/ beside the pages
    for name in listed:
        if name.endswith(".pdf"):
            assert name[:-4] in makefile.split("site:", 1)[1].split("\n\n", 1)[0], name
