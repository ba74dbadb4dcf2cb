"""Load a chapter's annotations file into the chapter as it is read.

``annotations/03-slug.md`` belongs to ``chapters/03-slug.md``. When Sphinx
reads the chapter, this transform parses the annotations file with MyST (so
citations, glossary terms and links in note bodies are recorded for the
chapter), anchors every note to its passage, numbers the notes in reading
order and records them in the domain. ``env.note_dependency`` makes an edit
to the annotations file re-read its chapter, and only its chapter; a
chapter with no annotations file is re-read once one is made
(``incremental.annotations_files_made``).
"""

from __future__ import annotations

import copy
import logging as logging_
from contextlib import contextmanager
from pathlib import Path

from docutils import nodes
from docutils.utils import new_document
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import LoggingReporter

from .anchoring import (
    find_in_paragraph,
    find_passage,
    normalise,
    normalised_paragraph,
    paragraph_text,
    wrap,
)
from .dates import format_date
from .i18n import _
from .classroom import CLASSROOM_CLASS, classroom_block, reading_minutes
from .directives import PARSING_ANNOTATIONS
from .domain import ChapterRecord, NoteRecord
from .nodes import annotation, annotation_controls, annotation_marker
from .safety import unsafe_parts
from .structure import check_parsed, check_text, read_text
from .labels import paragraph_labels
from .verbatim import chapter_number, front_matter, paragraph_number
from .warnings_ import AnnotationWarning, location_of, warn

#: a pasted paragraph shorter than this is a phrase, and may be quoted
REPEAT_MIN_WORDS = 4


def annotations_path(env, docname: str) -> Path | None:
    """The annotations file of a chapter document, whether or not it exists."""
    chapters = env.config.edition_chapters_dir.strip("/")
    if not docname.startswith(chapters + "/"):
        return None
    name = docname[len(chapters) + 1:]
    return Path(env.srcdir) / env.config.edition_annotations_dir / f"{name}{env.config.edition_annotations_suffix}"


class _RelocateWarnings(logging_.Filter):
    """Point warnings logged as (chapter docname, line) at the annotations file.

    MyST and Sphinx report a role or directive problem at ``(env.docname,
    line)``; while an annotations file is parsed, that line is in the
    annotations file, not the chapter. (MyST 4 gives the document's source
    instead, which Sphinx would take for a document name.)
    """

    def __init__(self, docname: str, path: Path) -> None:
        super().__init__()
        self.docname, self.path = docname, path

    def filter(self, record: logging_.LogRecord) -> bool:
        location = getattr(record, "location", None)
        # (docname, line) from Sphinx and MyST 5; (the file's path, line) from MyST 4
        if isinstance(location, tuple) and location and location[0] in (self.docname, str(self.path)):
            line = location[1] if len(location) > 1 else None
            record.location = f"{self.path}:{line}" if line else str(self.path)
        return True


@contextmanager
def _warnings_point_at(docname: str, path: Path):
    handlers = logging_.getLogger("sphinx").handlers
    relocate = _RelocateWarnings(docname, path)
    for handler in handlers:
        handler.filters.insert(0, relocate)  # before Sphinx turns docnames into paths
    try:
        yield
    finally:
        for handler in handlers:
            if relocate in handler.filters:
                handler.filters.remove(relocate)


def parse_annotations(env, path: Path, text: str, settings) -> nodes.document:
    """Parse an annotations file into a document of its own (not a page).

    Its reporter is Sphinx's, so that a docutils or MyST system message
    raised in the file (a directive with no argument, a broken table) is a
    warning at the file's line, which ``-W`` turns into a failed build,
    rather than a line on stderr after "build succeeded".
    """
    # Nothing in a note may pull in a file or pass markup through, whatever
    # the project's docutils.conf says: {include} and {raw} are refused
    # (structure.py) and, with these off, also do nothing.
    settings = copy.copy(settings)
    settings.file_insertion_enabled = False
    settings.raw_enabled = False
    document = new_document(str(path), settings)
    document.reporter = LoggingReporter.from_reporter(document.reporter)
    # MyST's parser for Sphinx: it reads the project's MyST settings, and
    # Sphinx's roles and directives, through the document's env
    parser = MystParser()
    env.temp_data[PARSING_ANNOTATIONS] = str(path)
    try:
        with _warnings_point_at(env.docname, path):
            parser.parse(text, document)
    finally:
        env.temp_data.pop(PARSING_ANNOTATIONS, None)
    return document


def _describe(matches, labels) -> str:
    shown = []
    for match in matches:
        number = paragraph_number(match.paragraph)
        shown.append(labels.shown(number) if number else "an unlabelled paragraph")
    return ", ".join(dict.fromkeys(shown))


class LoadAnnotations(SphinxTransform):
    """Load a chapter's notes, check them, anchor them, and record them.

    Each step is a method: :meth:`load` (read and parse the annotations
    file, account for everything in it), :meth:`check` (what a note may not
    do to the article), :meth:`anchor_all` (find each passage, number the
    notes in reading order, put them in the page), :meth:`record` (the
    domain's records and the chapter's classroom block).
    """

    # after MarkVerbatimText (400) has labelled the paragraphs
    default_priority = 410

    def apply(self, **kwargs) -> None:
        env, docname = self.env, self.env.docname
        path = annotations_path(env, docname)
        if path is None:
            return
        metadata = front_matter(self.document, env)
        chapter = chapter_number(metadata)
        if chapter is None:
            self._warn_not_a_chapter(docname, path, metadata)
            return
        if path.exists():
            env.note_dependency(str(path))
        else:
            # not a dependency: Sphinx re-reads a document whose dependency is
            # missing in every build; incremental.annotations_files_made
            # re-reads the chapter once the file is there
            env.get_domain("annotation").data["awaiting_notes"][docname] = True
        # a reading copy: the article alone, its notes and classroom blocks unread
        notes, carried = ([], []) if self.config.edition_reading_copy else self.load(path)
        paragraphs = self._paragraphs()
        notes = [n for n in notes if self.check(n, paragraphs)]
        records = self.anchor_all(notes, paragraphs, chapter)
        self.record(records, carried, paragraphs, chapter)

    def _warn_not_a_chapter(self, docname: str, path: Path, metadata: dict) -> None:
        """A document in the chapters folder that is no chapter: say why, if it matters."""
        value = metadata.get("edition-chapter")
        where = f"{self.env.doc2path(docname)}:1"
        if value is not None:
            warn(f"edition-chapter: {value!r} is not a chapter number; write a whole number "
                 "such as edition-chapter: 3 (its notes are not loaded until then)",
                 AnnotationWarning.BAD_CHAPTER, where)
        elif path.exists():
            warn(f"this document has notes in {self.config.edition_annotations_dir}/{path.name} "
                 "but no 'edition-chapter: N' in its front matter, so they are not loaded; add it",
                 AnnotationWarning.BAD_CHAPTER, where)

    # -- load ----------------------------------------------------------------
    def load(self, path: Path) -> tuple[list[annotation], list[nodes.Element]]:
        """The file's notes and classroom blocks, parsed, with the rest reported."""
        if not path.exists():
            return [], []
        text = read_text(path)
        if text is None:
            return [], []
        check_text(text, path)
        parsed = parse_annotations(self.env, path, text, self.document.settings)

        def is_carried(node: nodes.Node) -> bool:
            return isinstance(node, nodes.container) and CLASSROOM_CLASS in node["classes"]

        check_parsed(parsed, path, is_carried)
        unsafe = self._unsafe(parsed)
        notes = []
        for note in list(parsed.findall(annotation)):
            if _outer_annotation(note) is not None:
                # reported by check_text; published neither alone nor inside the other
                note.parent.remove(note)
            elif id(note) not in unsafe:
                notes.append(note)
        carried = [n for n in parsed.findall(nodes.container)
                   if is_carried(n) and id(n) not in unsafe]
        adopt(parsed, self.document)
        return notes, carried

    @staticmethod
    def _unsafe(parsed: nodes.document) -> set[int]:
        """Report what must not be published; the ids of the blocks that hold it."""
        refused: set[int] = set()
        for node, what in unsafe_parts(parsed):
            block = _outer_annotation(node) or _outer_carried(node)
            warn(what, AnnotationWarning.UNSAFE_CONTENT, location_of(_located(node)))
            if block is not None:
                refused.add(id(block))
        return refused

    @property
    def labels(self):
        return paragraph_labels(self.config)

    def _looks_like_a_paragraph(self, node_id: str) -> bool:
        """An id a paragraph's target could be given (docutils makes p3.2 into p3-2)."""
        return any(self.labels.number_of_target(name) for name in {node_id, node_id.replace("-", ".")})

    # -- check ---------------------------------------------------------------
    def check(self, note: annotation, paragraphs: dict[str, nodes.paragraph]) -> bool:
        """What a note may not do to the article: take its ids, repeat its paragraphs."""
        for inner in note.findall(nodes.Element):
            for node_id in inner["ids"]:
                if node_id in self.document.ids or self._looks_like_a_paragraph(node_id):
                    warn(f"the id {node_id!r} is the article's (a paragraph or heading of "
                         f"{self.env.doc2path(self.env.docname, False)}); a note cannot take it: "
                         "remove the label, or choose another :id:",
                         AnnotationWarning.ID_COLLISION, location_of(_located(inner)))
                    return False
        body = normalise(" ".join(p.astext() for p in note.children))[0]
        for label, paragraph in paragraphs.items():
            # (the paragraph's normalised text is anchoring's, computed once)
            text = normalised_paragraph(paragraph)[0].strip()
            if len(text.split()) >= REPEAT_MIN_WORDS and text in body:
                warn(f"the note repeats the whole of {self.labels.shown(label)}; the article's paragraphs appear once "
                     "in every format: quote a few words, or point to it with its label",
                     AnnotationWarning.REPEATS_PARAGRAPH, location_of(note))
                return False
        return True

    # -- anchor --------------------------------------------------------------
    def _paragraphs(self) -> dict[str, nodes.paragraph]:
        paragraphs = {}
        for para in self.document.findall(nodes.paragraph):
            number = paragraph_number(para)
            if number and "edition-paragraph" in para["classes"]:
                paragraphs[number] = para
        return paragraphs

    def anchor_all(self, notes: list[annotation], paragraphs: dict[str, nodes.paragraph],
                   chapter: int) -> list[NoteRecord]:
        """Anchor, number, mark and place every note; the records of those anchored."""
        docname = self.env.docname
        order = {label: i for i, label in enumerate(paragraphs)}
        anchored = []
        seen_ids: dict[str, annotation] = {}
        for note in notes:
            note_id = note["ids"][0]
            if note_id in seen_ids:
                first = seen_ids[note_id]
                hint = ("give one of them another :id:" if note["explicit_id"]
                        else "two notes of one kind quote the same words; give one an :id:")
                warn(f"duplicate annotation id {note_id!r} (first at line {first.line}); {hint}",
                     AnnotationWarning.DUPLICATE_ID, location_of(note))
                continue
            match = self._anchor(note, paragraphs, docname)
            if match is None:
                continue
            seen_ids[note_id] = note
            anchored.append((order[paragraph_number(match.paragraph)], match.start, note, match))

        for paragraph in paragraphs.values():
            # anchoring's cache of normalised text: not for the pickled doctree
            paragraph.__dict__.pop("_edition_normalised", None)
        anchored.sort(key=lambda item: (item[0], item[1]))
        records = []
        for number, (_order, _start, note, match) in enumerate(anchored, start=1):
            label = paragraph_number(match.paragraph)
            note["number"] = f"{chapter}.{number}"
            note["paragraph"] = label
            note_id = note["ids"][0]
            marker = annotation_marker("", note=note_id, number=note["number"],
                                       kind=note["kind"], kind_label=note["kind_label"],
                                       verdict=note["verdict"])
            text = paragraph_text(match.paragraph)
            whole = text[match.start:match.end].strip() == text.strip()
            records.append(NoteRecord(
                id=note_id, docname=docname, chapter=chapter, number=note["number"],
                kind=note["kind"], verdict=note["verdict"], as_of=note["as_of"],
                quote=text[match.start:match.end], paragraph=label,
                paragraph_id=match.paragraph["ids"][0],
                source=note.source, line=note.line,
                whole_paragraph=whole,
                reviewed=note["reviewed"],
            ))
            wrap(match, note_id, note["kind"], marker)
            decorate(note, self.config.language)
            self._place(note, match.paragraph)
            self.document.ids[note_id] = note
        return records

    # -- record --------------------------------------------------------------
    def record(self, records: list[NoteRecord], carried: list[nodes.Element],
               paragraphs: dict[str, nodes.paragraph], chapter: int) -> None:
        docname = self.env.docname
        domain = self.env.get_domain("annotation")
        domain.add_notes(docname, records)
        words = sum(len(paragraph_text(p).split()) for p in paragraphs.values())
        minutes = reading_minutes(words, self.config.edition_words_per_minute)
        texts = tuple((label, p["ids"][0], paragraph_text(p)) for label, p in paragraphs.items())
        domain.add_chapter(docname, ChapterRecord(chapter, words, minutes, texts))
        for block in carried:
            if block.parent is not None:
                block.parent.remove(block)
        section = next(iter(self.document.findall(nodes.section)), self.document)
        if self.config.edition_classroom and not self.config.edition_reading_copy:
            section.append(classroom_block(carried, words, minutes))
        if records:
            self._add_controls(records)

    def _anchor(self, note: annotation, paragraphs: dict, docname: str):
        quote, wanted, occurrence = note["quote"], note["paragraph"], note["occurrence"]
        location = location_of(note)
        chapter_path = self.env.doc2path(docname, False)
        if wanted:
            paragraph = paragraphs.get(wanted)
            if paragraph is None:
                numbers, shown = list(paragraphs), self.labels.shown
                span = f"{shown(numbers[0])}–{shown(numbers[-1])}" if numbers else "no labelled paragraphs"
                warn(f"no paragraph {shown(wanted)} in {chapter_path} (it has {span}); fix :paragraph:",
                     AnnotationWarning.UNKNOWN_PARAGRAPH, location)
                return None
            matches = find_in_paragraph(paragraph, quote)
            where = self.labels.shown(wanted)
        else:
            matches = find_passage(list(paragraphs.values()), quote)
            where = chapter_path
        short = quote if len(quote) <= 60 else quote[:57] + "…"
        if not matches:
            hint = "copy it exactly from the chapter (only spaces and quote marks are normalised)"
            if wanted and find_passage(list(paragraphs.values()), quote):
                hint = f"it occurs in {_describe(find_passage(list(paragraphs.values()), quote), self.labels)}: fix :paragraph:"
            elif any(quote.lower() in paragraph_text(p).lower() for p in paragraphs.values()):
                hint = "a passage differs only in letter case: copy the quote exactly"
            warn(f"quote {short!r} matches no passage in {where}; {hint}",
                 AnnotationWarning.QUOTE_NOT_FOUND, location)
            return None
        if occurrence:
            if occurrence > len(matches):
                warn(f":occurrence: {occurrence} but quote {short!r} occurs {len(matches)} "
                     f"time(s) in {where}; fix :occurrence:",
                     AnnotationWarning.BAD_OCCURRENCE, location)
                return None
            return matches[occurrence - 1]
        if len(matches) > 1:
            if len({id(m.paragraph) for m in matches}) > 1:
                message = (f"quote {short!r} matches {len(matches)} passages in {where} "
                           f"({_describe(matches, self.labels)}); add :paragraph: to choose one")
            else:
                message = (f"quote {short!r} matches {len(matches)} times in {_describe(matches, self.labels)}; "
                           f"add :occurrence: N (1–{len(matches)}) to choose one")
            warn(message, AnnotationWarning.QUOTE_AMBIGUOUS, location)
            return None
        return matches[0]

    @staticmethod
    def _place(note: annotation, paragraph: nodes.paragraph) -> None:
        """Put the note after its paragraph, after notes placed there before it."""
        parent = paragraph.parent
        position = parent.index(paragraph) + 1
        while position < len(parent) and isinstance(parent[position], annotation):
            position += 1
        parent.insert(position, note)

    def _add_controls(self, records: list[NoteRecord]) -> None:
        from .kinds import kinds_from_config

        kinds = kinds_from_config(self.config)
        present = [(name, str(_(kinds[name].label))) for name in kinds
                   if any(r.kind == name for r in records)]
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None:
            return
        position = 1 if section.children and isinstance(section[0], nodes.title) else 0
        section.insert(position, annotation_controls(
            kinds=present, verdicts=any(r.verdict for r in records)))


def _outer_annotation(node: nodes.Node) -> annotation | None:
    """The outermost note that holds *node* (not *node* itself)."""
    found, parent = None, node.parent
    while parent is not None:
        if isinstance(parent, annotation):
            found = parent
        parent = parent.parent
    return found


def _outer_carried(node: nodes.Node) -> nodes.Element | None:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.container) and CLASSROOM_CLASS in parent["classes"]:
            return parent
        parent = parent.parent
    return None


def _located(node: nodes.Node) -> nodes.Node:
    """*node*, or its nearest ancestor that knows its line (inline nodes do not)."""
    while node is not None and not (node.source and node.line):
        node = node.parent
    return node


def adopt(parsed: nodes.document, document: nodes.document) -> None:
    """Make the annotations file's nodes the chapter's, and let its document go.

    Parsed nodes keep a reference to the document they were parsed into, and
    through its reporter to MyST's renderer and Sphinx's environment: left
    there, each pickled chapter doctree would carry the whole environment
    (it did: 2.6 MB per chapter at 200 chapters, 900 MB in a -j 2 build).
    """
    for node in parsed.findall():
        if isinstance(node, nodes.Node) and not isinstance(node, nodes.document):
            node.document = document
    parsed.reporter = None
    parsed.transformer = None


def decorate(note: annotation, language: str | None = "en") -> None:
    """Give a note its header (number, kind, verdict, date) and a way back.

    Built from stock nodes, so every builder renders it; HTML styles it by
    class and hides the separators.
    """
    def sep() -> nodes.inline:
        return nodes.inline("", " · ", classes=["annotation-sep"])

    header = nodes.paragraph(classes=["annotation-header"])
    header += nodes.inline("", _("Note {number}").format(number=note["number"]),
                           classes=["annotation-number"])
    header += sep()
    header += nodes.inline("", note["kind_label"], classes=["annotation-badge", f"kind-{note['kind']}"])
    if note["verdict"]:
        header += sep()
        header += nodes.inline("", _("Verdict: {verdict}").format(verdict=note["verdict_label"]),
                               classes=["annotation-verdict", f"verdict-{note['verdict']}"])
    if note["as_of"]:
        header += sep()
        header += nodes.inline("", _("As of {date}").format(date=format_date(note["as_of"], language)),
                               classes=["annotation-asof"])
    note.insert(0, header)
    footer = nodes.paragraph(classes=["annotation-footer"])
    back = nodes.reference("", "", nodes.Text(_("Back to the passage")), refid=f"mark-{note['ids'][0]}",
                           internal=True, classes=["annotation-back"])
    footer += back
    note.append(footer)
