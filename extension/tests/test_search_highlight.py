"""Sphinx's search-term highlighting, fetched only where there are words to
highlight (search_highlight.py, roots/test-search-highlight): on, the loader
is a part of annotated-edition.js (page_script.py), and every page but the
search page gives it, in place of ``sphinx_highlight.js``, the address it
fetches; the search page keeps Sphinx's script; off, and in EPUB, pages are
as Sphinx writes them. (That a page opened from a search
result is highlighted is checked in a browser, in the repository's
tests/test_browser.py.)"""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOTS, build_project, need_tool
from sphinx_annotated_edition import minify, page_script, search_highlight

FIXTURE = ROOTS / "test-search-highlight"
PART = page_script.STATIC / search_highlight.LOADER


def project(tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(FIXTURE, srcdir)
    return srcdir


def scripts(page: Path) -> list[dict]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [dict(tag.attrs) for tag in soup.find_all("script", src=True)]


def named(tags: list[dict], name: str) -> list[dict]:
    return [t for t in tags if re.search(rf"(^|/){re.escape(name)}(\?|$)", t["src"])]


def pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if "_static" not in p.parts)


def core_tag(page: Path) -> dict:
    (tag,) = named(scripts(page), page_script.CORE)
    return tag


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_pages_give_the_loader_its_script_and_search_keeps_sphinxs(tmp_path, builder):
    out, warnings = build_project(project(tmp_path), builder)
    assert warnings == []
    search = out / ("search.html" if builder == "html" else "search/index.html")
    checked = 0
    for page in pages(out):
        tags = scripts(page)
        assert not named(tags, search_highlight.LOADER), "a part of the layer's script, not a file"
        if page == search:
            assert named(tags, search_highlight.HIGHLIGHT), "its results are highlighted by it"
            assert "data-highlight" not in core_tag(page)
            continue
        assert not named(tags, search_highlight.HIGHLIGHT), page
        core = core_tag(page)
        assert core.get("defer") is not None
        # what it fetches: the file Sphinx wrote, at the version Sphinx's own tag gives it
        target, _, version = core["data-highlight"].partition("?v=")
        assert target == search_highlight.HIGHLIGHT
        content = (out / "_static" / target).read_bytes().translate(None, b"\r")
        assert version == f"{zlib.crc32(content):08x}"
        (sphinx_tag,) = named(scripts(search), search_highlight.HIGHLIGHT)
        assert sphinx_tag["src"].endswith(f"?v={version}")
        checked += 1
    assert checked >= 3  # index, other, genindex
    # the part is in the script, once; no file of its own
    script = (out / "_static" / page_script.CORE).read_text(encoding="utf-8")
    assert script.count(minify.minified(PART)) == 1
    assert not (out / "_static" / search_highlight.LOADER).exists()


def test_the_loader_runs_after_doctools(tmp_path):
    """Sphinx's script calls doctools.js's ``_ready``: the loader comes after it."""
    out, _ = build_project(project(tmp_path))
    sources = [t["src"] for t in scripts(out / "index.html")]
    doctools = next(i for i, s in enumerate(sources) if "doctools.js" in s)
    loader = next(i for i, s in enumerate(sources) if page_script.CORE in s)
    assert doctools < loader


def test_the_loader_parses(tmp_path):
    node = need_tool("node", "nodejs")
    out, _ = build_project(project(tmp_path))
    path = out / "_static" / page_script.CORE
    result = subprocess.run([node, "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    # the two ways a search leaves its words, as sphinx_highlight.js reads them
    assert '"sphinx_highlight_terms"' in text and '"highlight"' in text


def test_sphinx_still_links_its_script_from_every_page(tmp_path):
    """The reason for the feature: once Sphinx links sphinx_highlight.js only
    where it is needed, this fails, and the feature can go."""
    out, _ = build_project(project(tmp_path), edition_defer_search_highlight=False)
    for page in pages(out):
        assert named(scripts(page), search_highlight.HIGHLIGHT), page


def test_off_pages_are_as_sphinx_writes_them(tmp_path):
    srcdir = project(tmp_path)
    off, warnings = build_project(srcdir, edition_defer_search_highlight=False)
    assert warnings == []
    assert minify.minified(PART) not in (off / "_static" / page_script.CORE).read_text(encoding="utf-8")
    for page in pages(off):
        assert "data-highlight" not in core_tag(page), page


def test_epub_has_no_loader(tmp_path):
    out, warnings = build_project(project(tmp_path), "epub")
    assert warnings == []
    assert not list(out.rglob(search_highlight.LOADER))
    for page in out.rglob("*.xhtml"):
        text = page.read_text(encoding="utf-8")
        assert search_highlight.LOADER not in text and "data-highlight" not in text, page


@pytest.mark.parametrize("line, expected", [
    ('edition_defer_search_highlight = "yes"', "takes a value of type bool, not 'yes'; using False"),
    ("edition_defer_search_highlights = True", "did you mean edition_defer_search_highlight?"),
])
def test_a_mistake_in_the_setting_is_named_and_nothing_is_deferred(tmp_path, line, expected):
    srcdir = project(tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        "edition_defer_search_highlight = True", line), encoding="utf-8")
    out, warnings = build_project(srcdir)
    assert [w for w in warnings if "[annotation.config]" in w and expected in w], warnings
    assert named(scripts(out / "index.html"), search_highlight.HIGHLIGHT)
    assert "data-highlight" not in core_tag(out / "index.html")
