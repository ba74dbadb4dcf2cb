"""The layer's one script on a page (page_script.py, roots/test-student-notes):
the core and the parts of the features on, in one file; each part's settings
on the page's tag of it, under names of their own; a page without the tag
left as it was. (That the parts act in a browser is checked by the
repository's tests/test_browser*.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOTS, build_project
from sphinx_annotated_edition import minify, page_script

PART_SETTINGS = {
    "edition_defer_search_highlight": {"data-highlight"},
    "edition_student_notes": {"data-storage-key", "data-notes-page", "data-edition", "data-load"},
}


def project(tmp_path: Path, conf: str = "") -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-student-notes", srcdir)
    (srcdir / "conf.py").write_text((srcdir / "conf.py").read_text(encoding="utf-8") + conf,
                                    encoding="utf-8")
    return srcdir


def scripts(page: Path) -> list[dict]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [dict(tag.attrs) for tag in soup.find_all("script", src=True)]


def layer_scripts(page: Path) -> list[dict]:
    return [s for s in scripts(page) if "annotated-edition" in s["src"] or "loader" in s["src"]]


def test_a_chapter_fetches_one_script_with_every_parts_settings(tmp_path):
    out, warnings = build_project(project(tmp_path), edition_student_notes=True,
                                  edition_defer_search_highlight=True)
    assert warnings == []
    (tag,) = layer_scripts(out / "chapters" / "01-one.html")
    assert tag["src"].split("?")[0] == "../_static/annotated-edition.js" and "defer" in tag
    assert {"data-controls-key", *PART_SETTINGS["edition_defer_search_highlight"],
            *PART_SETTINGS["edition_student_notes"]} <= set(tag)
    # the landing page: the switches' key and the highlighting's, not the notes'
    (tag,) = layer_scripts(out / "index.html")
    assert "data-controls-key" in tag and "data-highlight" in tag
    assert not PART_SETTINGS["edition_student_notes"] & set(tag)


def test_the_parts_settings_are_named_apart():
    """A part that read another's name would act on its settings."""
    names = [name for settings in PART_SETTINGS.values() for name in settings] + ["data-controls-key"]
    assert len(names) == len(set(names))
    for setting, part in page_script.PARTS.items():
        source = (page_script.STATIC / part).read_text(encoding="utf-8")
        for name in PART_SETTINGS[setting]:
            camel = name[5:].split("-")[0] + "".join(w.title() for w in name[5:].split("-")[1:])
            assert f"dataset.{camel}" in source or f'"{camel}"' in source, (part, name)


def test_off_the_script_is_the_core_alone(tmp_path):
    out, warnings = build_project(project(tmp_path))
    assert warnings == []
    core = minify.minified(page_script.STATIC / page_script.CORE)
    assert (out / "_static" / page_script.CORE).read_text(encoding="utf-8") == core
    (tag,) = layer_scripts(out / "chapters" / "01-one.html")
    assert set(tag) == {"src", "defer", "data-controls-key"}


def test_a_page_without_the_script_keeps_sphinxs_highlighting(tmp_path):
    """conf.py may take the layer's script off a page: the features then
    leave the page as Sphinx writes it, Sphinx's own script included."""
    conf = '''
def _no_layer_script(app, pagename, templatename, context, doctree):
    if pagename == "chapters/01-one":
        context["script_files"] = [s for s in context["script_files"]
                                   if "annotated-edition" not in str(s.filename)]


def setup(app):
    app.connect("html-page-context", _no_layer_script, priority=300)
'''
    out, warnings = build_project(project(tmp_path, conf), edition_student_notes=True,
                                  edition_defer_search_highlight=True)
    assert warnings == []
    chapter = out / "chapters" / "01-one.html"
    assert layer_scripts(chapter) == []
    assert [s for s in scripts(chapter) if "sphinx_highlight.js" in s["src"]]
    assert "data-highlight" not in chapter.read_text(encoding="utf-8")
