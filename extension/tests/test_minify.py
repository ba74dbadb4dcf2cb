"""The layer's CSS and JS, minified as they are copied (minify.py), in a
build of roots/test-student-notes: every script still parses, no comment
but a licence's is left, no string changed; the vendored bundle and its
licences are copied as they come."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import sphinx_annotated_edition
from conftest import ROOTS, build_project, need_tool
from sphinx_annotated_edition import minify, page_script

STATIC = Path(sphinx_annotated_edition.__file__).resolve().parent / "static"
#: the package's own stylesheets and scripts (static/vendor/ is Apache Annotator's)
OURS = sorted(p.name for p in STATIC.iterdir() if p.suffix in minify.MINIFIERS)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    srcdir = tmp_path_factory.mktemp("minify") / "src"
    shutil.copytree(ROOTS / "test-student-notes", srcdir)
    # every opt-in feature with assets of its own on, so that all of them are written
    out, warnings = build_project(srcdir, edition_student_notes=True, edition_defer_search_highlight=True)
    assert warnings == []
    return out


#: where each is written: its own file, or (a part, page_script.py) the layer's script
WRITTEN = {name: page_script.CORE if name in page_script.PARTS.values() else name for name in OURS}


@pytest.mark.parametrize("name", OURS)
def test_our_assets_are_written_minified(site, name):
    source = (STATIC / name).read_text(encoding="utf-8")
    written = (site / "_static" / WRITTEN[name]).read_text(encoding="utf-8")
    if name in page_script.PARTS.values():
        assert not (site / "_static" / name).exists()
        assert written.count(minify.minified(STATIC / name)) == 1
    elif name == page_script.CORE:
        # the core, then the parts of the features on (both, here), in their order
        assert written == "".join(minify.minified(STATIC / n) for n in (name, *page_script.PARTS.values()))
    else:
        assert written == minify.minified(STATIC / name)
    assert len(gzip.compress(minify.minified(STATIC / name).encode())) < len(gzip.compress(source.encode()))
    # whitespace and comments go; a line comment's slashes would also be in a URL
    assert "/*" not in written.replace("/*!", ""), name
    assert "\n  " not in written


@pytest.mark.parametrize("name", [n for n in OURS if n.endswith(".js")])
def test_minified_scripts_parse_and_keep_their_strings(site, name):
    node = need_tool("node", "nodejs")
    path = site / "_static" / WRITTEN[name]
    result = subprocess.run([node, "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # every string and template literal of the source is there unchanged
    code = re.sub(r"^\s*(//.*|/?\*.*)$", "", (STATIC / name).read_text(encoding="utf-8"), flags=re.MULTILINE)
    literals = re.findall(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`', code)
    assert literals
    written = path.read_text(encoding="utf-8")
    assert [s for s in literals if s not in written] == []


def test_the_vendored_bundle_and_licences_are_copied_as_they_come(site):
    for source in (STATIC / "vendor").iterdir():
        assert (site / "_static" / "vendor" / source.name).read_bytes() == source.read_bytes(), source.name


def test_a_licence_comment_is_kept(tmp_path):
    source = tmp_path / "styled.css"
    source.write_text("/*! Licence: MIT */\n/* a note */\np  {\r\n  color : red ;\r\n}\n", encoding="utf-8")
    assert minify.minified(source) == "/*! Licence: MIT */p{color:red}\n"
    script = tmp_path / "run.js"
    script.write_text("/*! (c) someone */\n// why\nconst  a = 1 ;  /* how */\n", encoding="utf-8")
    assert minify.minified(script) == "/*! (c) someone */const a=1;\n"
