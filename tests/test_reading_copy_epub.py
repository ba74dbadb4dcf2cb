"""The reading copy as an e-book (`make reading-epub`): every paragraph of
the article once, in order, and nothing of the editors' notes; epubcheck
clean."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, author_blocks
from test_epub import assert_epubcheck_clean


@pytest.fixture(scope="module")
def reading_epub(tmp_path_factory):
    out = tmp_path_factory.mktemp("reading")
    # the Makefile's own recipe, with this interpreter: what `make reading-epub` runs
    env = {**os.environ, "VIRTUAL_ENV": sys.prefix}
    result = subprocess.run(["make", "-C", str(ROOT), "reading-epub", f"BUILDDIR={out}",
                             f"SPHINXBUILD={sys.executable} -m sphinx"],
                            capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr
    return out / "reading-copy" / "epub" / "reading-copy.epub"


@pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")  # XHTML read as HTML, as the EPUB tests do
def test_holds_the_article_once_and_no_note(reading_epub, article_blocks, tmp_path):
    with zipfile.ZipFile(reading_epub) as book:
        book.extractall(tmp_path)
        names = book.namelist()
    chapters = sorted(p for p in (tmp_path / "chapters").glob("*.xhtml"))
    assert len(chapters) == 10
    seen = []
    for page in chapters:
        seen.extend(author_blocks(page)[0])
    assert seen == article_blocks
    for name in names:
        if name.endswith(".xhtml"):
            soup = BeautifulSoup((tmp_path / name).read_text(encoding="utf-8"), "lxml")
            assert not soup.select("aside.annotation, .annotation-marker, .edition-classroom"), name
    assert not any(n.startswith(("notes", "glossary", "about", "teachers-guide")) for n in names)


def test_epubcheck_reports_nothing(reading_epub):
    assert_epubcheck_clean(reading_epub)
