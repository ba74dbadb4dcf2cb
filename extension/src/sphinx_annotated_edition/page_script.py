"""The layer's one script on an HTML page: ``annotated-edition.js``, with the
parts of the features that are on.

The reader's switches, previews and paragraph links are the core. Two
features act on a page from a small script of their own: the student notes'
loader (``edition_student_notes``) and the search highlighting's loader
(``edition_defer_search_highlight``). Each is a part of this file, not a file
of its own: a page fetches one script for the layer, and gzip reads the
three together (a chapter's is 0.46 KB lighter than as three files, 2.7
against 3.2 KB).

A part reads its settings from the script's tag, under names of its own
(the core ``data-controls-key``; the search highlighting ``data-highlight``;
the notes ``data-storage-key``, ``data-notes-page``, ``data-edition`` and
``data-load``), and does nothing on a page whose tag has none of them. The
features put them on the tag of the page they are for (:func:`add_settings`).
"""

from __future__ import annotations

from pathlib import Path

CORE = "annotated-edition.js"
#: setting -> the part it adds to the script, in the order they run
PARTS = {
    "edition_defer_search_highlight": "search-highlight-loader.js",
    "edition_student_notes": "student-notes-loader.js",
}
STATIC = Path(__file__).parent / "static"


def script_text(config, parts: bool = True) -> str:
    """The script a build writes, minified: the core, and with *parts* the
    parts of the features on."""
    from . import minify

    names = [CORE, *(name for setting, name in PARTS.items() if parts and getattr(config, setting))]
    return "".join(minify.minified(STATIC / name) for name in names)


def write_script(app, static: Path) -> None:
    """``builder-inited``: the script; an e-book's without the parts, as no
    page of it gives them settings (its reading system fetches nothing)."""
    from .assets import web_builder

    text = script_text(app.config, parts=web_builder(app.builder))
    (static / CORE).write_text(text, encoding="utf-8")


def _index(scripts: list) -> int | None:
    for i, script in enumerate(scripts):
        if str(getattr(script, "filename", script)) == f"_static/{CORE}":
            return i
    return None


def page_tag(context) -> object | None:
    """This page's tag of the script (Sphinx's asset object), or None."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return None
    i = _index(scripts)
    return None if i is None else scripts[i]


def add_settings(context, attributes: dict[str, str]) -> bool:
    """``html-page-context``: *attributes* on this page's tag of the script.
    False, and nothing done, if the page does not link it (a theme or
    conf.py took it off): the caller then leaves the page as it was."""
    tag = page_tag(context)
    if tag is None:
        return False
    scripts = context["script_files"]
    # an asset is immutable: a new one of Sphinx's own class, in its place
    scripts[_index(scripts)] = type(tag)(tag.filename, priority=tag.priority,
                                         **{**tag.attributes, **attributes})
    return True


def has_setting(context, attribute: str) -> bool:
    tag = page_tag(context)
    return tag is not None and attribute in tag.attributes
