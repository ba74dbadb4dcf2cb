"""The ``annotation`` domain: every note's record, kept by chapter.

Records are NamedTuples keyed by docname, so a re-read chapter replaces its
own notes (``clear_doc``) and a parallel build merges only the chapters a
worker read (``merge_domaindata``). The ``note`` role links to a note by id.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .i18n import N_, _


class NoteRecord(NamedTuple):
    id: str
    docname: str
    chapter: int
    number: str  # "3.1": chapter and place in reading order, display only
    kind: str
    verdict: str
    as_of: str
    quote: str  # the author's text exactly as anchored
    paragraph: str  # "3.2"
    paragraph_id: str  # "p3-2"
    source: str  # annotations file
    line: int
    #: the quote is the whole paragraph: lists say so rather than repeat it,
    #: so that the author's paragraphs appear once in every output
    whole_paragraph: bool = False
    #: the day the editors last checked the note (``:reviewed:``), or ""
    reviewed: str = ""


class ChapterRecord(NamedTuple):
    number: int
    words: int  # words of the author's text
    minutes: int  # reading time
    #: (label "3.2", id "p3-2", the author's text) for every paragraph
    paragraphs: tuple[tuple[str, str, str], ...] = ()


class TermRecord(NamedTuple):
    terms: tuple[str, ...]  # the entry's terms ("de facto", "de jure")
    docname: str  # the glossary page
    id: str  # the first term's id
    definition: str  # plain text, for previews


def note_role(name, rawtext, text, lineno, inliner, options=None, content=()):
    """``{note}`id``` as a short form of ``{annotation:note}`id```."""
    domain = inliner.document.settings.env.get_domain("annotation")
    return domain.role("note")("annotation:note", rawtext, text, lineno, inliner, options or {}, content)


class AnnotationDomain(Domain):
    name = "annotation"
    label = N_("Editors' notes")
    object_types = {"note": ObjType("note", "note")}
    roles = {"note": XRefRole(warn_dangling=True)}
    dangling_warnings = {"note": "unknown note id %(target)r: use the id shown in the notes index"}
    initial_data: dict[str, Any] = {
        "notes": {},  # docname -> {note id -> NoteRecord}
        "chapters": {},  # docname -> ChapterRecord
        "terms": {},  # docname -> [TermRecord]: glossary entries
        "indexes": {},  # docname -> True: pages with an annotation-index
        "listings": {},  # docname -> True: other pages that summarise notes
        "student_notes": {},  # docname -> True: pages with the student-notes directive
        # docname -> True: chapters read with no annotations file (incremental.py)
        "awaiting_notes": {},
    }
    #: the keys of data that hold one entry per document
    _PER_DOCUMENT = ("notes", "chapters", "indexes", "listings", "terms", "student_notes",
                     "awaiting_notes")

    # -- records ------------------------------------------------------------
    def add_notes(self, docname: str, records: list[NoteRecord]) -> None:
        self.data["notes"][docname] = {r.id: r for r in records}

    def add_chapter(self, docname: str, record: ChapterRecord) -> None:
        self.data["chapters"][docname] = record

    @property
    def chapters(self) -> dict[str, ChapterRecord]:
        return self.data["chapters"]

    def add_terms(self, docname: str, records: list[TermRecord]) -> None:
        self.data["terms"][docname] = records

    def all_terms(self) -> list[TermRecord]:
        return [r for docname in sorted(self.data["terms"]) for r in self.data["terms"][docname]]

    def note_index(self, docname: str) -> None:
        self.data["indexes"][docname] = True

    def note_listing(self, docname: str) -> None:
        self.data["listings"][docname] = True

    def note_student_notes(self, docname: str) -> None:
        self.data["student_notes"][docname] = True

    @property
    def student_notes_docnames(self) -> list[str]:
        """Pages that hold the readers' own notes (the chapters link to the first)."""
        return sorted(self.data["student_notes"])

    @property
    def index_docnames(self) -> list[str]:
        """Pages with a notes index: where a note's "All notes" link goes."""
        return sorted(self.data["indexes"])

    @property
    def listing_docnames(self) -> list[str]:
        """Every page that shows notes or counts of them: re-written on change."""
        return sorted(set(self.data["indexes"]) | set(self.data["listings"]))

    def all_notes(self) -> list[NoteRecord]:
        """Every note, in reading order (chapter, then number)."""
        records = [r for notes in self.data["notes"].values() for r in notes.values()]
        return sorted(records, key=lambda r: (r.chapter, int(r.number.split(".")[1]), r.docname))

    def find(self, note_id: str) -> NoteRecord | None:
        for notes in self.data["notes"].values():
            if note_id in notes:
                return notes[note_id]
        return None

    # -- environment lifecycle -----------------------------------------------
    def clear_doc(self, docname: str) -> None:
        for key in self._PER_DOCUMENT:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames, otherdata: dict) -> None:
        for docname in docnames:
            for key in self._PER_DOCUMENT:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]

    # -- cross-references ----------------------------------------------------
    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        record = self.find(target)
        if record is None:
            return None
        if not node.get("refexplicit"):
            # a label, like the note's own header ("Note 3.2"), wherever it stands
            contnode = nodes.inline("", _("Note {number}").format(number=record.number),
                                    classes=["xref", "note"])
        return make_refnode(builder, fromdocname, record.docname, record.id, contnode,
                            _("Editors' note {number}").format(number=record.number))

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        ref = self.resolve_xref(env, fromdocname, builder, "note", target, node, contnode)
        return [("annotation:note", ref)] if ref is not None else []

    def get_objects(self):
        for record in self.all_notes():
            yield (record.id, f"note {record.number}", "note", record.docname, record.id, 1)
