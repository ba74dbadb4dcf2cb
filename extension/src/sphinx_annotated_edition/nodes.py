"""Doctree nodes the edition adds. Their visitors are in :mod:`.visitors`.

The author's text is never *changed* by these nodes: a highlight wraps a run
of the author's text nodes as they are; labels, markers and notes are the
editors' and are rendered with the class ``editorial``.

A chapter paragraph carrying one note looks like this::

    <paragraph ids="p3-2" classes="edition-paragraph">
        <paragraph_label label="3.2" refid="p3-2">
        #text "Moscow has absorbed "
        <annotation_highlight note="fact-check-heavy-casualties">
            #text "heavy casualties"
        <annotation_marker note="fact-check-heavy-casualties" number="3.1" kind="fact-check">
        #text ", economic sanctions…"
    <annotation ids="fact-check-heavy-casualties" kind="fact-check" verdict="dated"
                number="3.1" as_of="" docname="chapters/03-…">
        <paragraph classes="annotation-header">   (stock nodes: every builder)
        …body…
"""

from __future__ import annotations

from docutils import nodes


class paragraph_label(nodes.Inline, nodes.TextElement):
    """The discreet, linkable label of an article paragraph (``¶3.4``).

    Attributes: ``label`` ("3.4") and ``refid`` (the paragraph's id).
    """


class line_break(nodes.Inline, nodes.Element):
    """A line break inside a paragraph (MyST's hard break, ``\\`` at a line's end).

    MyST writes one as raw HTML and raw LaTeX, which the text, man and
    texinfo builders drop, running the lines together; this node has a
    visitor for every builder.
    """


class annotation(nodes.General, nodes.Element):
    """An editors' note, placed after the paragraph it is anchored to.

    Attributes: ``kind``, ``verdict`` (may be empty), ``as_of`` (may be
    empty), ``number`` ("3.1", display only), ``quote``, ``paragraph`` (the
    label it is anchored in, once anchored), ``ids`` (the stable note id).
    """


class annotation_highlight(nodes.Inline, nodes.TextElement):
    """Wraps one run of the author's text that a note is anchored to.

    A quote crossing inline markup is wrapped in several highlights, one
    per text node, all with the same ``note`` id and a ``part`` index.
    """


class annotation_marker(nodes.Inline, nodes.TextElement):
    """The numbered marker after a highlighted passage, linking to its note.

    Attributes: ``note`` (id), ``number``, ``kind``, ``verdict``.
    """


class annotation_index(nodes.General, nodes.Element):
    """Placeholder for the notes index, filled at ``doctree-resolved``."""


class annotation_review_summary(nodes.General, nodes.Element):
    """Placeholder for the sentence saying when the notes were last reviewed."""


class annotation_controls(nodes.General, nodes.Element):
    """The reader's switches for notes (HTML only; skipped elsewhere).

    Attribute: ``kinds``, a list of ``(name, label)`` present on the page.
    """


def colspecs(columns: list[list[str]]) -> list[nodes.colspec]:
    """Column specs sized to their texts (each column: its cells' texts).

    HTML and LaTeX ignore the widths (no ``colwidths-given``); the text
    builder sets each column that many characters wide, and Sphinx 8's text
    writer never finishes wrapping a table whose columns are 1 wide.
    """
    return [nodes.colspec(colwidth=max(3, min(40, max((len(t) for t in texts), default=3))))
            for texts in columns]


class annotation_index_entries(nodes.General, nodes.Element):
    """One chapter's entries in a filled notes index, made by the writer.

    Attributes: ``fromdocname`` (the page of the index), ``docname`` (the
    chapter) and ``records`` (its notes' records, in order). Its one child
    is a Text of the entries' words, for the search index; the writer
    replaces it with the entries (``index.chapter_entries``), writes them and
    lets them go (visitors.py), so that the entries of every chapter are
    never all held as nodes at once.
    """
