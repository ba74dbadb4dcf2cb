"""Directives: ``annotation`` (an editors' note) and ``annotation-index``.

Directives parse and check; they do not anchor. An ``annotation`` is only
valid in an annotations file, which :mod:`.loading` parses into its
chapter's doctree; :mod:`.anchoring` then attaches each note to its passage.
"""

from __future__ import annotations

import datetime as dt
import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .dates import date_out_of_range, parse_as_of
from .i18n import _
from .labels import paragraph_labels, slug
from .kinds import kinds_from_config, verdict_kinds, verdicts_from_config
from .nodes import annotation, annotation_index, annotation_review_summary, colspecs
from .warnings_ import AnnotationWarning, warn

#: env.temp_data key set while an annotations file is being parsed
PARSING_ANNOTATIONS = "annotated_edition_parsing"
_ID = re.compile(r"^[a-z][a-z0-9-]*$")


def note_id(kind: str, quote: str) -> str:
    """A stable id from the note's content: its kind and its quote's words.

    Never a counter: inserting a note elsewhere changes no other note's id.
    """
    return f"{kind}-{slug(quote, words=6, empty='note')}"


def _verdict_not_allowed(kind: str, takers: list[str]) -> str:
    if not takers:
        return (f"no kind of note carries a verdict (none has \"verdict\": True in "
                f"edition_annotation_kinds); remove :verdict: from this {kind} note")
    names = takers[0] if len(takers) == 1 else ", ".join(takers[:-1]) + " or " + takers[-1]
    return (f"only {names} notes carry a verdict; remove :verdict: from this {kind} note "
            "or change its kind")


class AnnotationDirective(SphinxDirective):
    """An editors' note anchored to an exact quote of the chapter's text.

    .. code-block:: markdown

       :::{annotation} fact-check
       :quote: Three years into the invasion
       :paragraph: 1.2
       :verdict: dated
       :reviewed: 2026-12-01

       The invasion began on 24 February 2022 {cite:p}`ap-2025-war`.
       :::

    Produces (before anchoring)::

        <annotation kind="fact-check" verdict="dated" quote="Three years…"
                    paragraph="1.2" occurrence="0" reviewed="2026-12-01"
                    ids="fact-check-three-years-…">
            …body, parsed as MyST…
    """

    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = False
    has_content = True
    option_spec = {
        "quote": directives.unchanged_required,
        "paragraph": directives.unchanged,
        "occurrence": directives.positive_int,
        "verdict": directives.unchanged,
        "as-of": directives.unchanged,
        "reviewed": directives.unchanged,
        "id": directives.unchanged,
    }

    def _warn(self, message: str, subtype: AnnotationWarning) -> list:
        source, line = self.get_source_info()
        warn(message, subtype, f"{source}:{line}")
        return []

    def _check_reviewed(self, reviewed: str, as_of: str) -> tuple[str, AnnotationWarning] | None:
        """Why a :reviewed: date cannot be right, with its subtype, or None."""
        try:
            day = dt.date.fromisoformat(reviewed)
        except ValueError:
            return (f":reviewed: {reviewed!r} is not a date; write the day of the review as "
                    "YYYY-MM-DD", AnnotationWarning.BAD_DATE)
        problem = date_out_of_range(day, reviewed, self.config)
        if problem:
            return f":reviewed: {problem}", AnnotationWarning.DATE_OUT_OF_RANGE
        if as_of and parse_as_of(as_of) > day:
            return (f":reviewed: {reviewed} is before :as-of: {as_of}: a note cannot be current "
                    "to a day after its review; fix one of them", AnnotationWarning.DATE_OUT_OF_RANGE)
        return None

    def run(self) -> list[nodes.Node]:
        source, line = self.get_source_info()
        if not self.env.temp_data.get(PARSING_ANNOTATIONS):
            return self._warn(
                "an annotation belongs in the chapter's annotations file "
                f"({self.config.edition_annotations_dir}/<chapter file name>), "
                "never in a chapter or another page; move it there",
                AnnotationWarning.OUTSIDE_ANNOTATIONS,
            )
        kinds = kinds_from_config(self.config)
        kind_name = self.arguments[0].strip().lower()
        kind = kinds.get(kind_name)
        if kind is None:
            return self._warn(
                f"unknown annotation kind {kind_name!r}; use one of: "
                + ", ".join(kinds) + " (or add one in edition_annotation_kinds)",
                AnnotationWarning.UNKNOWN_KIND,
            )

        verdicts = verdicts_from_config(self.config)
        verdict = (self.options.get("verdict") or "").strip().lower()
        if verdict and verdict not in verdicts:
            return self._warn(
                f"unknown verdict {verdict!r}; use one of: " + ", ".join(verdicts),
                AnnotationWarning.UNKNOWN_VERDICT,
            )
        if kind.needs_verdict and not verdict:
            return self._warn(
                f"this {kind.name} note needs a :verdict: (one of: {', '.join(verdicts)})",
                AnnotationWarning.MISSING_VERDICT,
            )
        if verdict and not kind.needs_verdict:
            return self._warn(
                _verdict_not_allowed(kind.name, verdict_kinds(self.config)),
                AnnotationWarning.VERDICT_NOT_ALLOWED,
            )

        as_of = (self.options.get("as-of") or "").strip()
        if as_of:
            try:
                day = parse_as_of(as_of)
            except ValueError:
                return self._warn(
                    f":as-of: {as_of!r} is not a date; write it as YYYY-MM-DD (or YYYY-MM "
                    "when the source gives only a month)",
                    AnnotationWarning.BAD_DATE,
                )
            problem = date_out_of_range(day, as_of, self.config)
            if problem:
                return self._warn(f":as-of: {problem}", AnnotationWarning.DATE_OUT_OF_RANGE)
        elif kind.needs_as_of:
            return self._warn(
                f"this {kind.name} note needs :as-of: YYYY-MM-DD, the date its information is current to",
                AnnotationWarning.MISSING_AS_OF,
            )

        reviewed = (self.options.get("reviewed") or "").strip()
        if reviewed:
            problem = self._check_reviewed(reviewed, as_of)
            if problem:
                return self._warn(*problem)
        elif self.config.edition_review_dates:
            return self._warn(
                "this note needs :reviewed: YYYY-MM-DD, the day the editors last checked it "
                "against its sources (edition_review_dates is on)",
                AnnotationWarning.MISSING_REVIEWED,
            )

        quote = " ".join((self.options.get("quote") or "").split())
        if not quote:
            return self._warn(
                "an annotation needs a :quote: copied exactly from the chapter's text",
                AnnotationWarning.QUOTE_EMPTY,
            )

        paragraph = ""
        if self.options.get("paragraph"):
            try:
                paragraph = paragraph_labels(self.config).parse(self.options["paragraph"])
            except ValueError as exc:
                return self._warn(f":paragraph: {exc}", AnnotationWarning.UNKNOWN_PARAGRAPH)

        if not any(line.strip() for line in self.content):
            return self._warn(
                "this note has no text: write what the reader should know after the options "
                "and a blank line, or remove the note",
                AnnotationWarning.EMPTY_BODY,
            )

        explicit = (self.options.get("id") or "").strip()
        if explicit and not _ID.match(explicit):
            return self._warn(
                f":id: {explicit!r} must be lower-case letters, digits and hyphens, "
                "starting with a letter",
                AnnotationWarning.BAD_ID,
            )

        node = annotation(
            kind=kind.name,
            kind_label=str(_(kind.label)),
            verdict=verdict,
            verdict_label=str(_(verdicts[verdict].label)) if verdict else "",
            as_of=as_of,
            reviewed=reviewed,
            quote=quote,
            paragraph=paragraph,
            occurrence=self.options.get("occurrence", 0),
            explicit_id=bool(explicit),
        )
        node["ids"].append(explicit or note_id(kind.name, quote))
        node.source, node.line = source, line
        self.state.nested_parse(self.content, self.content_offset, node)
        if kind.factual and self.config.edition_factual_notes_cite and not cites(node):
            return self._warn(
                f"this {kind.name} note cites no source; every factual note names one "
                "with {cite:p}`key` (or make it a note that states no facts)",
                AnnotationWarning.MISSING_CITATION,
            )
        return [node]


def cites(node: nodes.Element) -> bool:
    """Whether a note's body cites the bibliography (sphinxcontrib-bibtex)."""
    from sphinx import addnodes

    return any(ref.get("refdomain") == "cite" for ref in node.findall(addnodes.pending_xref))


class AnnotationIndexDirective(SphinxDirective):
    """The index of all notes: counts by chapter and kind, and every note.

    .. code-block:: markdown

       ```{annotation-index}
       :kind: fact-check
       ```

    Produces an ``annotation_index`` placeholder, filled when the page is
    written (so it always reflects every chapter's notes).
    """

    has_content = False
    option_spec = {"kind": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        kinds = kinds_from_config(self.config)
        wanted = [k.strip() for k in (self.options.get("kind") or "").split(",") if k.strip()]
        for name in wanted:
            if name not in kinds:
                source, line = self.get_source_info()
                warn(f"unknown annotation kind {name!r} in :kind:; use one of: " + ", ".join(kinds),
                     AnnotationWarning.UNKNOWN_KIND, f"{source}:{line}")
                return []
        node = annotation_index(kinds=wanted)
        self.set_source_info(node)
        domain = self.env.get_domain("annotation")
        domain.note_index(self.env.docname)
        return [node]


class AnnotationReviewSummaryDirective(SphinxDirective):
    """When the editors last reviewed the notes, as a whole, from their dates.

    .. code-block:: markdown

       ```{annotation-review-summary}
       ```

    Produces a paragraph such as "All 56 notes were last reviewed by the
    editors on 1 December 2026." (or the span of dates, and how many notes
    have none), filled when the page is written so it cannot drift from the
    notes' ``:reviewed:`` dates.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = annotation_review_summary()
        self.set_source_info(node)
        self.env.get_domain("annotation").note_listing(self.env.docname)
        return [node]


class AnnotationVocabularyDirective(SphinxDirective):
    """Tables of the note kinds and the verdict scale, from the extension's data.

    .. code-block:: markdown

       ```{annotation-vocabulary}
       :show: kinds, verdicts
       ```

    Documentation that cannot drift: a kind added in ``conf.py`` appears here.
    """

    has_content = False
    option_spec = {"show": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        show = {s.strip() for s in (self.options.get("show") or "kinds, verdicts").split(",")}
        result: list[nodes.Node] = []
        if "kinds" in show:
            rows = [
                (f"`{k.name}`", _(k.label), _(k.description),
                 "yes" if k.needs_verdict else "", "yes" if k.needs_as_of else "")
                for k in kinds_from_config(self.config).values()
            ]
            result.append(_table([_("Kind"), _("Shown as"), _("Use it for"), _("Verdict"), _("As of")], rows,
                                 "edition-vocabulary-kinds"))
        if "verdicts" in show:
            rows = [
                (f"`{v.name}`", _(v.label), _(v.description), str(v.rating) if v.rating else "—")
                for v in verdicts_from_config(self.config).values()
            ]
            result.append(_table([_("Verdict"), _("Shown as"), _("Meaning"), _("Rating (1–5)")], rows,
                                 "edition-vocabulary-verdicts"))
        return result


def _table(header: list[str], rows: list[tuple], css: str) -> nodes.table:
    def cell(text: str) -> nodes.entry:
        para = nodes.paragraph()
        if text.startswith("`") and text.endswith("`"):
            para += nodes.literal("", text.strip("`"))
        else:
            para += nodes.Text(text)
        return nodes.entry("", para)

    table = nodes.table(classes=[css])
    group = nodes.tgroup(cols=len(header))
    table += group
    texts = [header, *([str(v).strip("`") for v in values] for values in rows)]
    group.extend(colspecs([list(column) for column in zip(*texts)]))
    head = nodes.thead()
    row = nodes.row()
    for text in header:
        row += cell(text)
    head += row
    group += head
    body = nodes.tbody()
    for values in rows:
        row = nodes.row()
        for text in values:
            row += cell(text)
        body += row
    group += body
    return table
