"""The EPUB passes epubcheck with no errors or warnings, and its contents
list leads to every chapter."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, need_tool

EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")


def assert_epubcheck_clean(epub: Path) -> None:
    """epubcheck finds nothing in *epub* (skipped without it on a laptop, failed under CI)."""
    java = need_tool("java", "default-jre-headless")
    if not EPUBCHECK_JAR.exists():
        message = "needs epubcheck (Debian package epubcheck)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run([java, "-jar", str(EPUBCHECK_JAR), str(epub)],
                            capture_output=True, text=True, check=False)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in report, report


def test_epubcheck_reports_nothing(built):
    (epub,) = (built("epub") / "epub").glob("*.epub")
    assert_epubcheck_clean(epub)


def _chapter_titles() -> list[str]:
    titles = []
    for path in sorted((ROOT / "chapters").glob("*.md")):
        titles.append(re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), re.M).group(1).strip())
    return titles


def _contents(built) -> dict[str, list[tuple[str, str]]]:
    """(href, title) of every entry of nav.xhtml and of toc.ncx, in order."""
    (epub,) = (built("epub") / "epub").glob("*.epub")
    with zipfile.ZipFile(epub) as archive:
        nav = BeautifulSoup(archive.read("nav.xhtml"), "lxml-xml")
        ncx = BeautifulSoup(archive.read("toc.ncx"), "lxml-xml")
    return {
        "nav.xhtml": [(a["href"], a.get_text(strip=True))
                      for a in nav.find("nav", attrs={"epub:type": "toc"}).find_all("a")],
        "toc.ncx": [(point.find("content")["src"], point.find("text").get_text(strip=True))
                    for point in ncx.find_all("navPoint")],
    }


@pytest.mark.parametrize("name", ["nav.xhtml", "toc.ncx"])
def test_contents_reach_every_chapter_in_order(built, name):
    """The e-reader's contents list: the landing page and About before the
    article's ten chapters, in order; the reading aids and the guides after;
    one entry per page."""
    entries = _contents(built)[name]
    hrefs = [href for href, _ in entries]
    chapters = [i for i, href in enumerate(hrefs) if href.startswith("chapters/")]
    assert [entries[i][1] for i in chapters] == _chapter_titles()
    assert chapters == list(range(chapters[0], chapters[0] + 10)), "the chapters run together"
    assert [h.split("#")[0] for h in hrefs[:chapters[0]]] == ["index.xhtml", "about.xhtml"]
    after = [h.split("#")[0] for h in hrefs[chapters[-1] + 1:]]
    for page in ("glossary", "notes", "timeline", "bibliography", "teachers-guide", "handout", "editors-guide"):
        assert f"{page}.xhtml" in after, page
    assert all("#" not in h for h in hrefs), "a page's own headings are not the book's contents"
    assert len(set(hrefs)) == len(hrefs)
