"""Sphinx's own scripts written minified (sphinx_scripts.py,
roots/test-sphinx-scripts and test-sphinx-scripts-theme): on, the build's
doctools.js, sphinx_highlight.js and searchtools.js are the theme's, minified,
every page links them at their new checksum, and they still parse with every
string they had; a theme's own file is what is minified, a template and a
project's own file are left alone; off, and in EPUB, they are as Sphinx
ships them."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
import sphinx
from bs4 import BeautifulSoup

from conftest import ROOTS, build_project, need_tool, new_app, record_activity
from sphinx_annotated_edition import minify, sphinx_scripts

BASIC_STATIC = Path(sphinx.__file__).parent / "themes" / "basic" / "static"


def project(tmp_path: Path, root: str = "test-sphinx-scripts") -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / root, srcdir)
    return srcdir


def linked(page: Path, name: str) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [tag["src"] for tag in soup.find_all("script", src=True)
            if re.search(rf"(^|/){re.escape(name)}(\?|$)", tag["src"])]


def test_sphinx_still_ships_its_scripts_unminified():
    """The reason for the feature: once Sphinx ships them minified, this
    fails, and the feature can go."""
    for name in sphinx_scripts.SCRIPTS:
        text = (BASIC_STATIC / name).read_text(encoding="utf-8")
        assert "\n  " in text and "/*" in text, name


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_the_scripts_are_written_minified_and_linked_at_their_checksum(tmp_path, builder):
    out, warnings = build_project(project(tmp_path), builder)
    assert warnings == []
    for name in sphinx_scripts.SCRIPTS:
        written = (out / "_static" / name).read_bytes()
        assert written.decode("utf-8") == minify.minified(BASIC_STATIC / name), name
        source = (BASIC_STATIC / name).read_bytes()
        assert len(gzip.compress(written)) < 0.8 * len(gzip.compress(source)), name
    # the pages' tags carry the checksum of the file they fetch
    pages = [p for p in out.rglob("*.html") if "_static" not in p.parts]
    assert len(pages) >= 4  # index, other, genindex, search
    crc = {name: f"{zlib.crc32((out / '_static' / name).read_bytes()):08x}" for name in sphinx_scripts.SCRIPTS}
    for page in pages:
        (doctools,) = linked(page, "doctools.js")
        assert doctools.endswith(f"?v={crc['doctools.js']}"), page
    search = out / ("search.html" if builder == "html" else "search/index.html")
    assert linked(search, "searchtools.js")


def test_the_minified_scripts_parse_and_keep_every_string(tmp_path):
    node = need_tool("node", "nodejs")
    out, _ = build_project(project(tmp_path))
    for name in sphinx_scripts.SCRIPTS:
        path = out / "_static" / name
        result = subprocess.run([node, "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, f"{name}: {result.stderr}"
        code = re.sub(r"^\s*(//.*|/?\*.*)$", "", (BASIC_STATIC / name).read_text(encoding="utf-8"),
                      flags=re.MULTILINE)
        # strings in either quote, scanned together, so that '"' is one
        literals = re.findall(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`]*`""", code)
        assert literals, name
        written = path.read_text(encoding="utf-8")
        assert [s for s in literals if s not in written] == [], name


def test_off_the_scripts_are_as_sphinx_ships_them(tmp_path):
    out, warnings = build_project(project(tmp_path), edition_minify_sphinx_scripts=False)
    assert warnings == []
    for name in sphinx_scripts.SCRIPTS:
        assert (out / "_static" / name).read_bytes() == (BASIC_STATIC / name).read_bytes(), name


def test_epub_is_left_as_sphinx_writes_it(tmp_path):
    out, warnings = build_project(project(tmp_path), "epub")
    assert warnings == []
    for name in sphinx_scripts.SCRIPTS:
        for path in out.rglob(name):
            assert path.read_bytes() == (BASIC_STATIC / name).read_bytes(), path


def test_a_themes_own_script_is_minified_and_its_template_left(tmp_path):
    srcdir = project(tmp_path, "test-sphinx-scripts-theme")
    out, warnings = build_project(srcdir)
    assert warnings == []
    theme = srcdir / "_themes" / "own" / "static"
    doctools = (out / "_static" / "doctools.js").read_text(encoding="utf-8")
    assert doctools == minify.minified(theme / "doctools.js")
    assert doctools.startswith("const Documentation={init:()=>{},")
    # made from the theme's template, with the project's name in it
    searchtools = (out / "_static" / "searchtools.js").read_text(encoding="utf-8")
    assert 'const THEME_PROJECT  =  "A theme\'s own scripts";' in searchtools
    assert "/* The theme's searchtools.js" in searchtools
    # inherited from basic: minified
    highlight = (out / "_static" / "sphinx_highlight.js").read_text(encoding="utf-8")
    assert highlight == minify.minified(BASIC_STATIC / "sphinx_highlight.js")


def test_a_projects_own_copy_wins(tmp_path):
    srcdir = project(tmp_path)
    (srcdir / "_static").mkdir()
    own = "/* the project's own, kept as it is */\nconst  OWN = 1;\n"
    (srcdir / "_static" / "sphinx_highlight.js").write_text(own, encoding="utf-8")
    (srcdir / "conf.py").write_text((srcdir / "conf.py").read_text(encoding="utf-8")
                                    + 'html_static_path = ["_static"]\n', encoding="utf-8")
    out, warnings = build_project(srcdir)
    assert warnings == []
    assert (out / "_static" / "sphinx_highlight.js").read_text(encoding="utf-8") == own
    assert (out / "_static" / "doctools.js").read_text(encoding="utf-8") == \
        minify.minified(BASIC_STATIC / "doctools.js")


def test_a_second_build_reads_and_writes_nothing(tmp_path):
    srcdir = project(tmp_path)
    with new_app(srcdir, freshenv=True) as app:
        app.build()
    with new_app(srcdir) as app:
        read, written = record_activity(app)
        app.build()
        assert read == set()
        assert written <= {"genindex", "search"}  # Sphinx writes these every time
        assert app.config.html_static_path[0].endswith(sphinx_scripts.FOLDER)
