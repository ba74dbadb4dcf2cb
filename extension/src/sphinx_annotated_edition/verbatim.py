"""Mark a chapter's verbatim text and label its paragraphs.

A chapter is a document whose front matter has ``edition-chapter: N``. Its
paragraphs carry MyST targets ``(pN.M)=`` written by the importer; this
transform adds the visible label beside each and marks the chapter's section
``edition-verbatim`` (the author's text) and, where the front matter says
``edition-title: editorial``, its title ``editorial`` (the editors' words).
The article's text is marked not translatable (:func:`keep_out_of_catalogs`).

The paragraphs of list items, captions and table cells carry such labels
too, and are labelled the same way.  A quotation (the importer writes a
``blockquote`` as a MyST ``>`` block) is someone else's words that the author
quotes: its block is marked ``edition-quotation`` and its paragraphs
``edition-quoted`` as well as ``edition-paragraph``, so that the edition can
tell them from the author's own while notes still anchor in them.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .i18n import _
from .labels import paragraph_labels
from .nodes import line_break, paragraph_label

#: the attribute a labelled paragraph carries: its number, "3.2"
PARAGRAPH_ATTRIBUTE = "edition_paragraph"
VERBATIM_CLASS = "edition-verbatim"
EDITORIAL_CLASS = "editorial"
QUOTATION_CLASS = "edition-quotation"
QUOTED_CLASS = "edition-quoted"


def front_matter(document: nodes.document, env) -> dict:
    """The front matter of the document being read, in a transform.

    Sphinx 9 has it in ``env.metadata`` by then; Sphinx 8 collects it from
    the docinfo only after the transforms, so it is read from there too.
    """
    found = dict(env.metadata.get(env.docname, {}))
    for docinfo in document.findall(nodes.docinfo):
        for field in docinfo.findall(nodes.field):
            found.setdefault(field[0].astext(), field[1].astext())
    return found


def chapter_number(metadata: dict) -> int | None:
    """The chapter number from a document's front matter, or None."""
    value = metadata.get("edition-chapter")
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def paragraph_number(node: nodes.Element) -> str | None:
    """The number (``3.2``) of one of the text's paragraphs, as marked here."""
    return node.get(PARAGRAPH_ATTRIBUTE)


def _target_number(node: nodes.Element, labels) -> str | None:
    for name in node.get("names", ()):
        number = labels.number_of_target(name)
        if number:
            return number
    return None


def replace_hard_breaks(document: nodes.document) -> None:
    """MyST's hard break (raw ``<br />`` then raw ``\\\\``) → one ``line_break``."""
    for raw in list(document.findall(nodes.raw)):
        if raw.get("format") != "html" or raw.astext().strip() != "<br />":
            continue
        parent = raw.parent
        position = parent.index(raw)
        following = parent[position + 1] if position + 1 < len(parent) else None
        if isinstance(following, nodes.raw) and following.get("format") == "latex":
            parent.remove(following)
        parent.replace(raw, line_break())


class MarkVerbatimText(SphinxTransform):
    # after docutils' PropagateTargets (260) has moved each (pN.M)= target's
    # id onto the paragraph that follows it
    default_priority = 400

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        replace_hard_breaks(self.document)
        metadata = front_matter(self.document, self.env)
        if chapter_number(metadata) is None:
            return
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None:
            return
        section["classes"].append(VERBATIM_CLASS)
        if metadata.get("edition-title") == EDITORIAL_CLASS and section.children:
            title = section[0]
            if isinstance(title, nodes.title):
                title["classes"].append(EDITORIAL_CLASS)
                # said in words, so that every format (PDF, EPUB, text) says it
                note = nodes.paragraph(
                    "", _("This part has no heading in the article; “{title}” is the editors’ "
                          "title.").format(title=title.astext()),
                    classes=["edition-title-note", EDITORIAL_CLASS])
                section.insert(1, note)
        # before annotations are adopted (410): every quotation here is the article's
        for quote in section.findall(nodes.block_quote):
            quote["classes"].append(QUOTATION_CLASS)
        labels = paragraph_labels(self.config)
        for para in section.findall(nodes.paragraph):
            number = _target_number(para, labels)
            if number is None or not para["ids"]:
                continue
            para[PARAGRAPH_ATTRIBUTE] = number
            para["classes"].append("edition-paragraph")
            if _quoted(para):
                para["classes"].append(QUOTED_CLASS)
            label = paragraph_label("", label=number, shown=labels.shown(number), refid=para["ids"][0])
            para.insert(0, label)
        keep_out_of_catalogs(section)


def keep_out_of_catalogs(section: nodes.section) -> None:
    """The article's words are never offered for translation.

    ``make gettext`` extracts the editors' matter only, and a translated
    build (``-D language=uk``) keeps the text verbatim, so that every quote
    still anchors. Runs before the notes join the chapter: they stay
    translatable, as do the editors' own titles.
    """
    for node in section.findall(nodes.TextElement):
        if EDITORIAL_CLASS not in node.get("classes", ()):
            node["translatable"] = False


def _quoted(node: nodes.Node) -> bool:
    """Whether *node* is inside a quotation."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.block_quote):
            return True
        parent = parent.parent
    return False
