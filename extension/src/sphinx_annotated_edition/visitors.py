"""Visitors of the edition's nodes for every builder.

html (and epub, which uses it), latex, text, man and texinfo. Notes are a
boxed block after their paragraph in LaTeX, an ``<aside>`` in HTML and an
indented block in text; markers are numbered and hyperlinked everywhere they
can be.
"""

from __future__ import annotations

from html import escape

from docutils import nodes

from .i18n import _
from .nodes import (
    line_break,
    annotation,
    annotation_controls,
    annotation_highlight,
    annotation_index,
    annotation_index_entries,
    annotation_marker,
    annotation_review_summary,
    paragraph_label,
)


def _skip(self, node) -> None:
    raise nodes.SkipNode


def _pass(self, node) -> None:
    pass


# -- paragraph labels ---------------------------------------------------------

def visit_label_html(self, node: paragraph_label) -> None:
    shown = escape(node["shown"])
    title = escape(_("Link to paragraph {label}").format(label=node["label"]))
    self.body.append(
        f'<a class="edition-plabel editorial" href="#{node["refid"]}" title="{title}">{shown}</a>'
    )
    raise nodes.SkipNode


def visit_label_latex(self, node: paragraph_label) -> None:
    # Inline and small, not a \marginpar: margin text lands in the middle of
    # the paragraph when the PDF is read as text (pdftotext, screen readers).
    # \editionpagetarget: references to the paragraph print its page.
    target = self.idescape(self.curfilestack[-1] + ":" + node["refid"])
    self.body.append(
        r"\editionpagetarget{" + target + "}"
        + r"\sphinxstyleeditoriallabel{\P" + node["label"] + "}~"
    )
    raise nodes.SkipNode


def visit_label_text(self, node: paragraph_label) -> None:
    self.add_text(f"[{node['shown']}] ")
    raise nodes.SkipNode


# -- line breaks ------------------------------------------------------------------

def _break(markup: str):
    def visit(self, node: line_break) -> None:
        self.body.append(markup)
        raise nodes.SkipNode
    return visit


def visit_break_text(self, node: line_break) -> None:
    # the text writer re-flows paragraphs; a break at least keeps a space
    self.add_text("\n")
    raise nodes.SkipNode


# -- highlights -----------------------------------------------------------------

def visit_highlight_html(self, node: annotation_highlight) -> None:
    self.body.append(
        f'<mark class="annotation-highlight kind-{escape(node["kind"])}" '
        f'data-note="{escape(node["note"])}">'
    )


def depart_highlight_html(self, node: annotation_highlight) -> None:
    self.body.append("</mark>")


def _editors_note(node) -> str:
    """What a screen reader says of a note and of its marker."""
    return _("Editors’ note {number}: {kind}").format(number=node["number"], kind=node["kind_label"])


# -- markers ----------------------------------------------------------------------

def visit_marker_html(self, node: annotation_marker) -> None:
    note, number = escape(node["note"]), escape(node["number"])
    self.body.append(
        f'<a class="annotation-marker editorial kind-{escape(node["kind"])}" '
        f'id="mark-{note}" href="#{note}" data-note="{note}" '
        f'aria-label="{escape(_editors_note(node))}"><sup>{number}</sup></a>'
    )
    raise nodes.SkipNode


def visit_marker_latex(self, node: annotation_marker) -> None:
    # \editionmarker links to the note without a page (the note follows the
    # paragraph) and prints nothing in a reading copy
    target = self.idescape(self.curfilestack[-1] + ":" + node["note"])
    self.body.append(
        self.hypertarget("mark-" + node["note"], anchor=True)
        + r"\editionmarker{" + target + "}{[" + node["number"] + "]}"
    )
    raise nodes.SkipNode


def visit_marker_text(self, node: annotation_marker) -> None:
    self.add_text(f"[{node['number']}]")
    raise nodes.SkipNode


def visit_marker_plain(self, node: annotation_marker) -> None:
    # man and texinfo: no links, the number in brackets
    self.body.append(f"[{node['number']}]")
    raise nodes.SkipNode


# -- notes -------------------------------------------------------------------------

def visit_annotation_html(self, node: annotation) -> None:
    classes = ["annotation", "editorial", f"kind-{node['kind']}"]
    if node.get("verdict"):
        classes.append(f"verdict-{node['verdict']}")
    note = escape(node["ids"][0])
    self.body.append(
        f'<aside class="{" ".join(escape(c) for c in classes)}" id="{note}" '
        f'data-kind="{escape(node["kind"])}" role="note" '
        f'aria-label="{escape(_editors_note(node))}">'
    )


def depart_annotation_html(self, node: annotation) -> None:
    self.body.append("</aside>\n")


def visit_annotation_latex(self, node: annotation) -> None:
    # "Back to the passage · All notes" is the web's way around; on paper the
    # note stands after its passage and the index gives pages: left out.
    for child in list(node.children):
        if isinstance(child, nodes.paragraph) and "annotation-footer" in child["classes"]:
            node.remove(child)
    target = self.idescape(self.curfilestack[-1] + ":" + node["ids"][0])
    self.body.append(
        "\n" + r"\begin{editionnote}{" + node["kind"] + "}"
        + self.hypertarget(node["ids"][0]) + r"\editionpagetarget{" + target + "}\n"
    )


def depart_annotation_latex(self, node: annotation) -> None:
    self.body.append("\n" + r"\end{editionnote}" + "\n")


def visit_annotation_text(self, node: annotation) -> None:
    self.new_state(4)


def depart_annotation_text(self, node: annotation) -> None:
    self.end_state()


# -- controls (HTML only) ----------------------------------------------------

def visit_controls_html(self, node: annotation_controls) -> None:
    if self.builder.name.startswith("epub"):
        raise nodes.SkipNode  # e-readers run no script: every note is shown
    boxes = "".join(
        f'<label class="annotation-toggle"><input type="checkbox" checked="checked" '
        f'data-kind="{escape(name)}"> <span class="annotation-badge kind-{escape(name)}">'
        f'{escape(label)}</span></label>'
        for name, label in node["kinds"]
    )
    # translated outside the f-strings: the catalog's extractor does not look inside them
    group = escape(_("Show or hide the editors’ notes"))
    every = escape(_("Editors’ notes"))
    verdicts_label = escape(_("Verdicts"))
    # hides the verdicts and keeps the notes: a class forms its own view first
    verdicts = (
        '<label class="annotation-toggle annotation-toggle-verdicts"><input type="checkbox" '
        f'checked="checked" data-kind="verdicts"> {verdicts_label}</label>'
        if node.get("verdicts") else ""
    )
    self.body.append(
        '<div class="annotation-controls editorial" role="group" '
        f'aria-label="{group}" hidden="hidden">'
        '<label class="annotation-toggle annotation-toggle-all"><input type="checkbox" '
        f'checked="checked" data-kind="all"> {every}</label>'
        f'<span class="annotation-toggle-kinds">{boxes}</span>{verdicts}</div>\n'
    )
    raise nodes.SkipNode


def visit_index_unfilled(self, node: annotation_index) -> None:
    # filled at doctree-resolved; an unfilled one renders nothing
    raise nodes.SkipNode


def visit_index_entries(self, node: annotation_index_entries) -> None:
    # the words (for the search index) make way for the entries themselves,
    # which this writer then walks as any other list: the same output
    from .index import chapter_entries

    node.children = []
    node += chapter_entries(self.builder, node)


def depart_index_entries(self, node: annotation_index_entries) -> None:
    node.children = []  # written: the nodes can go


PASS = (_pass, _pass)
SKIP = (_skip, None)

VISITORS = {
    line_break: {
        "html": (_break("<br />\n"), None),
        "latex": (_break("\\\\\n"), None),
        "text": (visit_break_text, None),
        "man": (_break("\n.br\n"), None),
        "texinfo": (_break("@*\n"), None),
    },
    paragraph_label: {
        "html": (visit_label_html, None),
        "latex": (visit_label_latex, None),
        "text": (visit_label_text, None),
        "man": SKIP,
        "texinfo": SKIP,
    },
    annotation_highlight: {
        "html": (visit_highlight_html, depart_highlight_html),
        "latex": PASS,
        "text": PASS,
        "man": PASS,
        "texinfo": PASS,
    },
    annotation_marker: {
        "html": (visit_marker_html, None),
        "latex": (visit_marker_latex, None),
        "text": (visit_marker_text, None),
        "man": (visit_marker_plain, None),
        "texinfo": (visit_marker_plain, None),
    },
    annotation: {
        "html": (visit_annotation_html, depart_annotation_html),
        "latex": (visit_annotation_latex, depart_annotation_latex),
        "text": (visit_annotation_text, depart_annotation_text),
        "man": PASS,
        "texinfo": PASS,
    },
    annotation_controls: {
        "html": (visit_controls_html, None),
        "latex": SKIP,
        "text": SKIP,
        "man": SKIP,
        "texinfo": SKIP,
    },
}

#: placeholders filled at doctree-resolved; one left unfilled renders nothing
UNFILLED = {builder: (visit_index_unfilled, None) for builder in ("html", "latex", "text", "man", "texinfo")}
VISITORS[annotation_index] = UNFILLED
VISITORS[annotation_index_entries] = {
    builder: (visit_index_entries, depart_index_entries)
    for builder in ("html", "latex", "text", "man", "texinfo")}
VISITORS[annotation_review_summary] = UNFILLED
