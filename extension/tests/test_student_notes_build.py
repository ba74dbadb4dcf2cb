"""Student notes, as the extension writes them (roots/test-student-notes):
off by default and then nowhere; on, their scripts and stylesheet on the
"My notes" page, and on a chapter only the loader that fetches them (with
their addresses and the settings it passes on); the placeholder filled with
the chapters, and in EPUB, LaTeX and text a sentence pointing to the web
edition.
Also the vendored Apache Annotator the package ships: its licences, and the
versions its banner names those its README lists. (That they are the
versions of the repository's tools/package-lock.json, and that the bundle
rebuilds from it byte for byte, is tested beside those tools, in the
repository's tests/test_student_notes_build.py.)"""

from __future__ import annotations

import json
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import sphinx_annotated_edition
from conftest import ROOTS, warnings_of
from sphinx_annotated_edition import minify

FIXTURE = ROOTS / "test-student-notes"
VENDOR = Path(sphinx_annotated_edition.__file__).resolve().parent / "static" / "vendor"
ASSET_NAMES = ("student-notes.js", "student-notes.css", "apache-annotator.js", "student-notes-loader.js")
LOADER = Path(sphinx_annotated_edition.__file__).resolve().parent / "static" / "student-notes-loader.js"
DEFAULT_KEY = "annotated-edition:student-notes:reading-fixture"


def build(tmp_path: Path, builder: str, **overrides) -> Path:
    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path / "src"
    if not srcdir.exists():
        shutil.copytree(FIXTURE, srcdir)
    app = SphinxTestApp(builder, srcdir=srcdir, builddir=tmp_path / f"build-{builder}", freshenv=True,
                        confoverrides=overrides, status=StringIO(), warning=StringIO())
    try:
        app.build()
        assert warnings_of(app) == []
        return Path(app.outdir)
    finally:
        app.cleanup()


def every_file(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8", errors="replace")
            for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".xhtml", ".js", ".css", ".tex", ".txt")}


def test_off_by_default_adds_nothing(tmp_path):
    out = build(tmp_path, "html")
    assert (out / "chapters" / "01-one.html").exists() and (out / "_static" / "annotated-edition.js").exists()
    for name in ASSET_NAMES:
        assert not list(out.rglob(name)), name
    assert not (out / "_static" / "vendor").exists()
    assert minify.minified(LOADER) not in (out / "_static" / "annotated-edition.js").read_text(encoding="utf-8")
    for path, text in every_file(out).items():
        if path.endswith(".html"):
            assert "student-notes" not in text and "apache-annotator" not in text, path
    notes = BeautifulSoup((out / "my-notes.html").read_text(encoding="utf-8"), "lxml")
    assert notes.select_one("#student-notes, .student-notes-intro, .student-notes-elsewhere") is None
    assert "How to add a note" not in notes.get_text()


def scripts(page: Path) -> list[dict]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    return [dict(s.attrs) for s in soup.select("script[src]")]


def core_tag(page: Path) -> dict:
    """The layer's script's tag, which carries the loader's settings."""
    (tag,) = [s for s in scripts(page) if s["src"].split("?")[0].endswith("_static/annotated-edition.js")]
    return tag


def stylesheets(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    return [link["href"] for link in soup.select('link[rel="stylesheet"]')]


def test_on_adds_the_assets_and_the_placeholder_where_needed(tmp_path):
    out = build(tmp_path, "html", edition_student_notes=True)
    for name in ("student-notes.js", "student-notes.css", "vendor/apache-annotator.js",
                 "vendor/LICENSE", "vendor/NOTICE"):
        assert (out / "_static" / name).is_file(), name
    # the loader is a part of the layer's script (page_script.py), not a file
    assert not (out / "_static" / "student-notes-loader.js").exists()
    script = (out / "_static" / "annotated-edition.js").read_text(encoding="utf-8")
    assert script.count(minify.minified(LOADER)) == 1

    # a chapter: the layer's script, with the loader's settings and those of student-notes.js
    chapter = out / "chapters" / "01-one.html"
    html = chapter.read_text(encoding="utf-8")
    assert not [s for s in scripts(chapter) if "student-notes" in s["src"] or "apache-annotator" in s["src"]]
    ours = core_tag(chapter)
    assert ours["data-storage-key"] == DEFAULT_KEY
    assert ours["data-notes-page"] == "../my-notes.html"
    assert ours["data-edition"] == "Reading fixture"
    assert "defer" in ours
    # nothing else of theirs is linked, in a tag or otherwise
    assert re.findall(r'(?:src|href)="([^"]*(?:student-notes|apache-annotator)[^"]*)"', html) == []
    assert not any("student-notes" in h for h in stylesheets(chapter))
    # what it fetches, relative to it: the stylesheet, then the scripts in the
    # order they run, each with the ?v= Sphinx gives the same file on My notes
    notes = out / "my-notes.html"
    linked = [s["src"] for s in scripts(notes)] + stylesheets(notes)
    loaded = ours["data-load"].split(" ")
    assert [name.split("?")[0] for name in loaded] == [
        "student-notes.css", "student-notes-messages.js", "vendor/apache-annotator.js", "student-notes.js"]
    for name in loaded:
        assert re.fullmatch(r"[\w/.-]+\?v=[0-9a-f]{8}", name), name
        assert "_static/" + name in linked, (name, linked)
        assert (out / "_static" / name.split("?")[0]).is_file(), name

    # My notes: all three at once, in order, the settings on the script
    srcs = [s["src"].split("?")[0] for s in scripts(notes)]
    assert srcs.index("_static/vendor/apache-annotator.js") < srcs.index("_static/student-notes.js")
    assert "data-storage-key" not in core_tag(notes), "the loader waits for nothing there"
    main = next(s for s in scripts(notes) if s["src"].startswith("_static/student-notes.js"))
    assert main["data-storage-key"] == DEFAULT_KEY and "defer" in main
    assert any(h.startswith("_static/student-notes.css") for h in stylesheets(notes))
    soup = BeautifulSoup(notes.read_text(encoding="utf-8"), "lxml")
    placeholder = soup.select_one("#student-notes.student-notes")
    assert placeholder is not None
    assert "has not run" in placeholder.get_text()  # the no-script message
    assert json.loads(placeholder["data-chapters"]) == [{
        "uri": "chapters/01-one.html", "href": "chapters/01-one.html", "number": 1, "title": "The one chapter"}]
    assert "How to add a note" in soup.select_one(".student-notes-intro").get_text()

    # a page with neither the author's paragraphs nor the placeholder gets nothing
    index = out / "index.html"
    assert not any("student-notes" in s["src"] or "apache-annotator" in s["src"] for s in scripts(index))
    assert not any("student-notes" in h for h in stylesheets(index))
    assert "student-notes" not in index.read_text(encoding="utf-8")


def test_the_chapter_leaves_the_words_of_the_notes_to_what_its_loader_fetches(tmp_path):
    out = build(tmp_path, "html", edition_student_notes=True)
    soup = BeautifulSoup((out / "chapters" / "01-one.html").read_text(encoding="utf-8"), "lxml")
    block = soup.select_one("script#annotated-edition-messages")
    # the core script's words are on the page; the notes' (1.4 KB) come with their script
    assert block is not None
    words = json.loads(block.string)
    assert "addMyNote" not in words
    assert words["takeNotes"] == "Take my own notes on this chapter"  # the loader's own button
    loader = core_tag(out / "chapters" / "01-one.html")
    assert "student-notes-messages.js?v=" in loader["data-load"]
    words = (out / "_static" / "student-notes-messages.js").read_text(encoding="utf-8")
    assert '"addMyNote": "Add my note"' in words


def test_the_storage_key_can_be_set(tmp_path):
    out = build(tmp_path, "html", edition_student_notes=True, edition_student_notes_key="my-class:notes")
    ours = core_tag(out / "chapters" / "01-one.html")
    assert ours["data-storage-key"] == "my-class:notes"
    mine = next(s for s in scripts(out / "my-notes.html") if "student-notes.js" in s["src"])
    assert mine["data-storage-key"] == "my-class:notes"


@pytest.mark.parametrize("builder", ["epub", "latex", "text"])
def test_other_formats_point_to_the_web_edition(tmp_path, builder):
    out = build(tmp_path, builder, edition_student_notes=True)
    files = every_file(out)
    joined = "\n".join(files.values())
    assert "Student notes are made and kept in the web edition" in joined.replace("\n", " ")
    assert "How to add a note" not in joined  # the introduction is the web edition's
    for name in ASSET_NAMES:
        assert not list(out.rglob(name)), (builder, name)
    for script in out.rglob("annotated-edition.js"):  # an e-book's: no page gives the loader settings
        assert minify.minified(LOADER) not in script.read_text(encoding="utf-8"), builder
    assert "apache-annotator" not in joined and 'id="student-notes"' not in joined


# -- the vendored library ------------------------------------------------------------

def readme_versions(readme: str) -> dict[str, str]:
    """The README's table: {package: version}."""
    return dict(re.findall(r"^\| `([^`]+)` \| ([^ |]+) \|", readme, re.M))


def test_vendored_annotator_is_licensed_and_its_versions_listed():
    bundle = (VENDOR / "apache-annotator.js").read_text(encoding="utf-8")
    assert "Apache License" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    assert "Version 2.0" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    assert "Apache Annotator" in (VENDOR / "NOTICE").read_text(encoding="utf-8")
    assert "MIT License" in (VENDOR / "LICENSE-babel-runtime").read_text(encoding="utf-8")
    versions = readme_versions((VENDOR / "README.md").read_text(encoding="utf-8"))
    banner = bundle.split("*/", 1)[0]
    for package, named in (("@apache-annotator/dom", "Apache Annotator"), ("@babel/runtime", "@babel/runtime"),
                           ("esbuild", "esbuild")):
        version = versions[package]
        assert re.search(rf"{re.escape(named)} {re.escape(version)}\b", banner), (package, version, banner)
    assert versions["@apache-annotator/selector"] == versions["@apache-annotator/dom"]
    assert "var EditionAnnotator=" in bundle
    # no core-js polyfills: the build maps them onto the browser's built-ins
    assert "core-js" not in bundle
