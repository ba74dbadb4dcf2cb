"""Glossary terms linked from the chapters without editing them, and
back-links from every glossary entry to the paragraphs that use the term.

Both are computed when pages are written, from records kept in the domain:

* at read time, every chapter's paragraphs (label, id, text) are recorded by
  :mod:`.loading`, and every ``glossary`` entry (terms, id, definition) by
  :class:`RecordGlossary`;
* at ``doctree-resolved``, :func:`link_terms` links mentions of the terms in
  a chapter's paragraphs (the first per chapter by default; see
  ``edition_term_links``), and :func:`add_term_uses` lists under each
  glossary entry the paragraphs where its terms occur.

Mentions are matched case-insensitively as whole words, with a plural
``-s``/``-es``; headings are never linked, and neither is text already
inside a link.
"""

from __future__ import annotations

import re
from functools import lru_cache

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import make_refnode

from .i18n import _
from .anchoring import segments
from .domain import TermRecord
from .labels import paragraph_labels
from .verbatim import paragraph_number


class RecordGlossary(SphinxTransform):
    """Record each glossary entry: its terms, its id and its definition."""

    default_priority = 420

    def apply(self, **kwargs) -> None:
        records = []
        for glossary in self.document.findall(addnodes.glossary):
            for item in glossary.findall(nodes.definition_list_item):
                terms = [t for t in item.findall(nodes.term)]
                definition = next(iter(item.findall(nodes.definition)), None)
                if not terms or definition is None or not terms[0]["ids"]:
                    continue
                records.append(TermRecord(
                    terms=tuple(t.astext() for t in terms),
                    docname=self.env.docname,
                    id=terms[0]["ids"][0],
                    definition=preview_text(definition),
                ))
        if records:
            self.env.get_domain("annotation").add_terms(self.env.docname, records)


def preview_text(definition: nodes.Element) -> str:
    """The definition as plain text for a preview, without citation keys."""
    copy = definition.deepcopy()
    for ref in list(copy.findall(addnodes.pending_xref)):
        if ref.get("refdomain") == "cite":
            ref.parent.remove(ref)
    text = " ".join(copy.astext().split())
    return re.sub(r"\s+([.,;:])", r"\1", text)


@lru_cache(maxsize=512)
def term_pattern(term: str) -> re.Pattern:
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?:e?s)?(?!\w)", re.IGNORECASE)


def mentions(text: str, term: str) -> list[tuple[int, int]]:
    return [m.span() for m in term_pattern(term).finditer(text)]


def _inside_link(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, (nodes.reference, addnodes.pending_xref, nodes.title)):
            return True
        parent = parent.parent
    return False


def _wrap(paragraph: nodes.paragraph, start: int, end: int, make_link) -> bool:
    """Link the text at [start, end) if it lies inside one text node."""
    _, parts = segments(paragraph)
    for part in parts:
        if part.node is None or not (part.start <= start and end <= part.end):
            continue
        if _inside_link(part.node):
            return False
        text = str(part.node)
        a, b = start - part.start, end - part.start
        replacement = []
        if a:
            replacement.append(nodes.Text(text[:a]))
        replacement.append(make_link(text[a:b]))
        if b < len(text):
            replacement.append(nodes.Text(text[b:]))
        part.node.parent.replace(part.node, replacement)
        return True
    return False


def link_terms(app, doctree: nodes.document, docname: str) -> None:
    """Link mentions of glossary terms in a chapter's paragraphs."""
    mode = app.config.edition_term_links
    domain = app.env.get_domain("annotation")
    if mode == "none" or docname not in domain.chapters:
        return
    entries = domain.all_terms()
    if not entries:
        return
    paragraphs = [p for p in doctree.findall(nodes.paragraph)
                  if "edition-paragraph" in p["classes"] and paragraph_number(p)]
    # a link keeps the words it wraps, so each paragraph's text holds throughout
    texts = [segments(p)[0] for p in paragraphs]
    # longest terms first, so "security guarantee" wins over "security"
    terms = sorted(((t, e) for e in entries for t in e.terms), key=lambda te: -len(te[0]))
    linked_entries: set[str] = set()
    for term, entry in terms:
        if mode == "first" and entry.id in linked_entries:
            continue
        for paragraph, text in zip(paragraphs, texts):
            done = False
            for start, end in mentions(text, term):
                def make_link(words: str, entry=entry):
                    inline = nodes.inline("", words, classes=["edition-term"])
                    ref = make_refnode(app.builder, docname, entry.docname, entry.id, inline,
                                       entry.definition)
                    ref["classes"].append("edition-term-link")
                    return ref
                if _wrap(paragraph, start, end, make_link):
                    linked_entries.add(entry.id)
                    done = mode == "first"
                    if done:
                        break
            if done:
                break


def add_term_uses(app, doctree: nodes.document, docname: str) -> None:
    """Under each glossary entry, list the paragraphs where its terms occur."""
    domain = app.env.get_domain("annotation")
    # not "docname in terms": LaTeX resolves the whole book as its root document
    if not domain.data["terms"]:
        return
    chapters = sorted(domain.chapters.items(), key=lambda item: item[1].number)
    for glossary in doctree.findall(addnodes.glossary):
        for item in glossary.findall(nodes.definition_list_item):
            names = [t.astext() for t in item.findall(nodes.term)]
            definition = next(iter(item.findall(nodes.definition)), None)
            if not names or definition is None:
                continue
            uses = []
            for chapter_doc, chapter in chapters:
                for label, para_id, text in chapter.paragraphs:
                    if any(mentions(text, name) for name in names):
                        uses.append((chapter_doc, label, para_id))
            para = nodes.paragraph(classes=["edition-term-uses", "editorial"])
            if not uses:
                para += nodes.Text(_("Not used in the article's text."))
            else:
                para += nodes.Text(_("Used in the article at") + " ")
                for index, (chapter_doc, label, para_id) in enumerate(uses):
                    if index:
                        para += nodes.Text(", ")
                    para += make_refnode(app.builder, docname, chapter_doc, para_id,
                                         nodes.inline("", paragraph_labels(app.config).shown(label)),
                                         _("Paragraph {label}").format(label=label))
                para += nodes.Text(".")
            definition += para
