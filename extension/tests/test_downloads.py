"""The downloads list (roots/test-downloads): links that work from any page,
and a name and no link where there is no web edition to point to."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOTS, build_project

FIXTURE = ROOTS / "test-downloads"


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

