"""Student notes: a reader's own notes on the author's text, kept in the browser.

Opt-in (``edition_student_notes = True``). On a chapter page a reader
selects words of the author's text and adds a note; notes are W3C Web
Annotations (a ``FragmentSelector`` naming the paragraph, refined by a
``TextQuoteSelector``) kept in ``localStorage`` under
``edition_student_notes_key``: nothing leaves the device. The
``student-notes`` directive leaves the placeholder of the "My notes" page,
which ``static/student-notes.js`` fills: every note by chapter, edit,
delete, print, export and import as an ``AnnotationCollection``.

Its assets (``student-notes.js``, ``student-notes.css`` and the vendored
Apache Annotator, ``static/vendor/``) are copied only when the setting is
on, and loaded only on the pages that need them: the page with the
placeholder. Its loader, ``static/student-notes-loader.js``, is then a part
of ``annotated-edition.js`` (page_script.py). On a chapter with the
author's paragraphs it gets its settings (about 1 KB gzipped), and
fetches the others when the reader has notes kept for that chapter, or
starts taking one (a selection of the author's words, the keyboard): a
reader who takes no notes, on a phone above all, does not download their
26 KB. EPUB, LaTeX and the other builders get a sentence pointing to the web
edition instead of the placeholder, and no script.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import page_script
from .assets import versioned, web_builder
from .i18n import N_, _
from .labels import project_key

STATIC = Path(__file__).parent / "static"
SCRIPT = "student-notes.js"
STYLE = "student-notes.css"
VENDOR = "vendor"
VENDOR_SCRIPT = "vendor/apache-annotator.js"
#: the only one a chapter references: it fetches the others when they are needed
LOADER = "student-notes-loader.js"
#: their words in the build's language (js_messages.py), written when the build starts
MESSAGES = "student-notes-messages.js"
#: what the loader fetches, in order: the stylesheet, then the scripts in the order they run
LOADED = (STYLE, MESSAGES, VENDOR_SCRIPT, SCRIPT)
#: names in static/ that belong to this feature: copied only when it is on
ASSETS = {SCRIPT, STYLE, VENDOR, LOADER}

#: said instead of the notes in an e-book, a PDF or text (translated where it is written)
ELSEWHERE = N_("Student notes are made and kept in the web edition of this book, in the "
               "reader's own browser: open “My notes” there.")


class student_notes(nodes.General, nodes.Element):
    """Placeholder of the "My notes" page, filled in the browser."""


def enabled(config) -> bool:
    return bool(config.edition_student_notes)


def storage_key(config) -> str:
    """The localStorage key of the readers' notes."""
    return project_key(config, "edition_student_notes_key", "student-notes")


class StudentNotesDirective(SphinxDirective):
    """The reader's own notes, filled in the browser. Its content, if any, is
    an introduction shown in the web edition only (EPUB and PDF say instead
    that student notes live there).

    .. code-block:: markdown

       ```{student-notes}
       How to add a note, for this edition's readers.
       ```
    """

    has_content = True

    def run(self) -> list[nodes.Node]:
        node = student_notes()
        self.set_source_info(node)
        if self.content:
            node += self.parse_content_to_nodes()
        domain = self.env.get_domain("annotation")
        domain.note_student_notes(self.env.docname)
        # the page lists the chapters: re-written whenever one is re-read
        domain.note_listing(self.env.docname)
        return [node]


# -- visitors ------------------------------------------------------------------------

def _chapters(builder, fromdocname: str) -> list[dict]:
    """Every chapter, in order: its address from the site's root (to match a
    note's ``source``), its link from this page, number and title."""
    env = builder.env
    domain = env.get_domain("annotation")
    found = []
    for docname, chapter in sorted(domain.chapters.items(), key=lambda item: item[1].number):
        title = env.titles[docname].astext() if docname in env.titles else docname
        found.append({"uri": builder.get_target_uri(docname),
                      "href": builder.get_relative_uri(fromdocname, docname),
                      "number": chapter.number, "title": title})
    return found


def visit_html(self, node: student_notes) -> None:
    if not enabled(self.builder.config):
        raise nodes.SkipNode
    if not web_builder(self.builder):
        self.body.append(f'<p class="student-notes-elsewhere editorial">{escape(_(ELSEWHERE))}</p>\n')
        raise nodes.SkipNode
    self.body.append('<div class="student-notes-intro editorial">\n')


def depart_html(self, node: student_notes) -> None:
    data = json.dumps(_chapters(self.builder, self.builder.current_docname), ensure_ascii=False)
    waiting = _("Your notes are kept by this browser, on this device, by a script of this page "
                "that has not run: it may be switched off, or the page still loading. Nothing is "
                "sent anywhere.")
    self.body.append(
        '</div>\n'
        f'<div class="student-notes editorial" id="student-notes" data-chapters="{escape(data)}">'
        f'<p class="student-notes-noscript">{escape(waiting)}</p></div>\n'
    )


def visit_latex(self, node: student_notes) -> None:
    if enabled(self.builder.config):
        self.body.append("\n\n" + self.encode(_(ELSEWHERE)) + "\n\n")
    raise nodes.SkipNode


def visit_text(self, node: student_notes) -> None:
    if enabled(self.builder.config):
        self.new_state(0)
        self.add_text(_(ELSEWHERE))
        self.end_state()
    raise nodes.SkipNode


def visit_plain(self, node: student_notes) -> None:
    # man and texinfo
    if enabled(self.builder.config):
        self.body.append("\n" + _(ELSEWHERE) + "\n")
    raise nodes.SkipNode


VISITORS = {
    "html": (visit_html, depart_html),
    "latex": (visit_latex, None),
    "text": (visit_text, None),
    "man": (visit_plain, None),
    "texinfo": (visit_plain, None),
}


# -- assets ----------------------------------------------------------------------

def copy_assets(app) -> None:
    """``builder-inited``: the feature's files into ``_static``, when it is on."""
    from sphinx.util.fileutil import copy_asset

    from . import minify

    if not enabled(app.config) or not web_builder(app.builder):
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for name in (SCRIPT, STYLE):  # the loader is a part of annotated-edition.js
        minify.copy_asset(STATIC / name, static)
    # minified already, as it comes, with its licence files
    copy_asset(STATIC / VENDOR, static / VENDOR, force=True)
    from .js_messages import student_notes_script

    (static / MESSAGES).write_text(student_notes_script(), encoding="utf-8")


def _needs_notes(doctree) -> bool:
    """A chapter with the author's paragraphs, or the page of the placeholder."""
    for node in doctree.findall(nodes.Element):
        if isinstance(node, student_notes):
            return True
        if isinstance(node, nodes.section) and "edition-verbatim" in node["classes"]:
            return True
    return False


def add_page_assets(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: the scripts and stylesheet, on the pages that need them."""
    if doctree is None or not enabled(app.config) or not web_builder(app.builder):
        return
    if not _needs_notes(doctree):
        return
    pages = app.env.get_domain("annotation").student_notes_docnames
    notes_page = app.builder.get_relative_uri(pagename, pages[0]) if pages else ""
    settings = {
        "data-storage-key": storage_key(app.config),
        "data-notes-page": notes_page,
        "data-edition": app.config.project or "",
    }
    # on the builder, not the app: the builder forgets them after this page
    # (the app would also record them for every later builder)
    builder = app.builder
    if pagename in pages:
        # "My notes" is nothing without them: no loader to wait for
        builder.add_css_file(STYLE, priority=500)
        builder.add_js_file(MESSAGES, priority=500, defer="defer")
        builder.add_js_file(VENDOR_SCRIPT, priority=500, defer="defer")
        builder.add_js_file(SCRIPT, priority=500, defer="defer", **settings)
        return
    # a chapter: the loader alone, with the files it fetches (relative to
    # it, in _static) and the settings it passes on to student-notes.js
    static = Path(app.outdir) / "_static"
    page_script.add_settings(context, {
        **settings, "data-load": " ".join(versioned(static, name) for name in LOADED)})
