"""The edition's downloads list: every file it lists made by the builders
that make them. The list itself (links from every page, a name without a
link in an e-book) is tested in extension/tests/test_downloads.py."""

from __future__ import annotations

from conftest import ROOT


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
