"""The notes index: filled late, from every chapter's records, and refreshed
whenever a chapter is re-read.

``annotation_index`` placeholders are replaced at ``doctree-resolved`` with
stock nodes (a table of counts by chapter and kind, then every note linked
to its place), so every builder renders them. Each note gets a link back to
its entry in the index.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from .dates import format_date
from .i18n import _, ngettext
from .labels import paragraph_labels
from .kinds import kinds_from_config, verdicts_from_config
from .nodes import (annotation, annotation_index, annotation_index_entries,
                    annotation_review_summary, colspecs)


def entry_id(note_id: str) -> str:
    """The id of a note's entry in the notes index."""
    return f"entry-{note_id}"


def _ref(builder, fromdocname, todocname, target, text, classes=()):
    node = make_refnode(builder, fromdocname, todocname, target,
                        nodes.inline("", text, classes=list(classes)))
    # singlehtml puts every document on one page and names each "#document-…":
    # "#document-chapter#note" leads nowhere, "#note" does (Sphinx 8 fixed
    # such links after resolving, Sphinx 9 leaves them as they are)
    uri = node.get("refuri", "")
    if builder.name == "singlehtml" and uri.startswith("#") and "#" in uri[1:]:
        node["refuri"] = uri[uri.index("#", 1):]
    return node


def _entry(text: str) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", text))


def counts_table(app, fromdocname, records, kinds, chapters) -> nodes.table:
    builder, env = app.builder, app.env
    table = nodes.table(classes=["annotation-counts"])
    group = nodes.tgroup(cols=len(kinds) + 2)
    table += group
    titles = [f"{chapter}. {env.titles[docname].astext()}" for docname, chapter in chapters]
    group.extend(colspecs([[_("Chapter"), _("All chapters"), *titles],
                           *([_(kinds[k].label), "000"] for k in kinds), [_("All"), "000"]]))
    head = nodes.thead()
    row = nodes.row()
    for text in [_("Chapter"), *(_(kinds[k].label) for k in kinds), _("All")]:
        row += _entry(text)
    head += row
    group += head
    body = nodes.tbody()
    by_doc = _by_document(records)
    for docname, chapter in chapters:
        mine = by_doc.get(docname, [])
        row = nodes.row()
        cell = nodes.entry()
        para = nodes.paragraph()
        para += _ref(builder, fromdocname, docname, "", f"{chapter}. {env.titles[docname].astext()}")
        cell += para
        row += cell
        for kind in kinds:
            row += _entry(str(sum(r.kind == kind for r in mine)))
        row += _entry(str(len(mine)))
        body += row
    row = nodes.row(classes=["annotation-counts-total"])
    row += _entry(_("All chapters"))
    for kind in kinds:
        row += _entry(str(sum(r.kind == kind for r in records)))
    row += _entry(str(len(records)))
    body += row
    group += body
    return table


def _by_document(records) -> dict[str, list]:
    """Records grouped by their chapter, in order: one pass, not one per chapter
    (an index of 4,000 notes in 200 chapters was 800,000 comparisons)."""
    grouped: dict[str, list] = {}
    for record in records:
        grouped.setdefault(record.docname, []).append(record)
    return grouped


def fill_indexes(app, doctree: nodes.document, fromdocname: str) -> None:
    domain = app.env.get_domain("annotation")
    placeholders = list(doctree.findall(annotation_index))
    if placeholders:
        kinds_all = kinds_from_config(app.config)
        records_all = domain.all_notes()
        chapter_docs = sorted({(r.docname, r.chapter) for r in records_all}, key=lambda c: c[1])
        for placeholder in placeholders:
            wanted = placeholder["kinds"] or list(kinds_all)
            kinds = {k: kinds_all[k] for k in kinds_all if k in wanted}
            records = [r for r in records_all if r.kind in kinds]
            content = [counts_table(app, fromdocname, records, kinds, chapter_docs)]
            by_doc = _by_document(records)
            for docname, chapter in chapter_docs:
                mine = by_doc.get(docname, [])
                if not mine:
                    continue
                rubric = nodes.rubric("", "")
                rubric += _ref(app.builder, fromdocname, docname, "",
                               _("Chapter {number}: {title}").format(
                                   number=chapter, title=app.env.titles[docname].astext()))
                content.append(rubric)
                content.append(_deferred_entries(app.builder, fromdocname, docname, mine))
            if app.config.edition_w3c_export and app.builder.format == "html" \
                    and not app.builder.name.startswith("epub"):
                from sphinx.util.osutil import relative_uri

                from .exports import EXPORT_NAME

                export = nodes.paragraph(classes=["annotation-export"])
                export += nodes.Text(_("Every note is also published as") + " ")
                export += nodes.reference(
                    "", _("W3C Web Annotations (JSON-LD)"), internal=False,
                    refuri=relative_uri(app.builder.get_target_uri(fromdocname), EXPORT_NAME),
                    reftitle=_("The editorial layer for annotation tools"))
                export += nodes.Text(_(", for annotation tools, and each fact-check page carries "
                                       "schema.org ClaimReview data.") if app.config.edition_claim_review
                                     else _(", for annotation tools."))
                content.insert(0, export)
            container = nodes.container(classes=["annotation-index", "editorial"])
            container.extend(content)
            placeholder.replace_self(container)

    # a way back from every note to its entry in the (first) index
    indexes = domain.index_docnames
    if not indexes:
        return
    for note in doctree.findall(annotation):
        footer = note[-1]
        if isinstance(footer, nodes.paragraph) and "annotation-footer" in footer["classes"]:
            try:
                link = _ref(app.builder, fromdocname, indexes[0], entry_id(note["ids"][0]),
                            _("All notes"), ["annotation-to-index"])
            except NoUri:  # a PDF without the notes index (the reading copy)
                continue
            footer += nodes.inline("", " · ", classes=["annotation-sep"])
            footer += link


def _deferred_entries(builder, fromdocname: str, docname: str, records) -> annotation_index_entries:
    """One chapter's entries, made again when they are written: the node
    holds the records, and the entries' words for the search index."""
    node = annotation_index_entries(fromdocname=fromdocname, docname=docname, records=list(records))
    node += nodes.Text("\n".join(entry_words(builder.config, node["records"])))
    return node


def chapter_entries(builder, node: annotation_index_entries) -> nodes.bullet_list:
    """The list of one chapter's notes in the index, each linked to its place.

    Made from the placeholder's records by the writer (visitors.py), which
    walks it and lets it go: an index of 4,000 notes held as nodes until its
    page was written was the largest part of a build's memory. What the
    search index needs of it at ``doctree-resolved``, its words, is
    ``entry_words``, from the same parts.
    """
    fromdocname, docname = node["fromdocname"], node["docname"]
    # every entry links to the same chapter: its address is worked out once
    linking = _RelativeUris(builder)
    items = nodes.bullet_list(classes=["annotation-index-list"])
    for parts in _entries_parts(builder.config, node["records"]):
        para = nodes.paragraph()
        for part in parts:
            if part[0] == "target":
                # a target, not the item's ids, so LaTeX gets a label too
                # (Sphinx's LaTeX writer leaves out ids beginning "index-")
                para += nodes.target("", "", ids=[part[1]])
            elif part[0] == "ref":
                para += _ref(linking, fromdocname, docname, part[1], part[2], part[3])
            elif part[0] == "inline":
                para += nodes.inline("", part[1], classes=list(part[2]))
            else:
                para += nodes.Text(part[1])
        item = nodes.list_item()
        item += para
        items += item
    return items


def entry_words(config, records) -> list[str]:
    """The texts of ``chapter_entries``' nodes, in order, without making them."""
    words = []
    for parts in _entries_parts(config, records):
        for part in parts:
            if part[0] == "text":
                words.append(part[1])
            elif part[0] in ("ref", "inline"):
                text = part[2] if part[0] == "ref" else part[1]
                if text:  # an inline of no text has no Text node
                    words.append(text)
    return words


def _entries_parts(config, records):
    """Each record's entry as parts, in order: ("target", id), ("ref",
    target, text, classes), ("inline", text, classes) and ("text", text).
    The messages are looked up once, not once a note."""
    kinds = {name: _(kind.label) for name, kind in kinds_from_config(config).items()}
    verdicts = {name: _(verdict.label) for name, verdict in verdicts_from_config(config).items()}
    labels = paragraph_labels(config)
    note, on, whole = _("Note {number}"), " " + _("on") + " ", " " + _("(the whole paragraph)")
    quoted, reviewed = _("“{quote}”"), _("reviewed {date}")
    dates: dict[str, str] = {}
    for record in records:
        parts = [("target", entry_id(record.id)),
                 ("ref", record.id, note.format(number=record.number), ["annotation-number"]),
                 ("text", " · "),
                 ("inline", kinds[record.kind], ["annotation-badge", f"kind-{record.kind}"])]
        if record.verdict:
            parts += [("text", " · "), ("inline", verdicts[record.verdict],
                                         ["annotation-verdict", f"verdict-{record.verdict}"])]
        parts += [("text", " · "), ("ref", record.paragraph_id, labels.shown(record.paragraph), ())]
        if record.whole_paragraph:
            parts.append(("text", whole))
        else:
            parts += [("text", on), ("inline", quoted.format(quote=record.quote), ["annotation-quote"])]
        if record.reviewed:
            if record.reviewed not in dates:
                dates[record.reviewed] = format_date(record.reviewed, config.language)
            parts += [("text", " · "), ("inline", reviewed.format(date=dates[record.reviewed]),
                                         ["annotation-reviewed"])]
        yield parts


class _RelativeUris:
    """A builder whose ``get_relative_uri`` keeps what it worked out, for
    ``make_refnode``; everything else is the builder's."""

    def __init__(self, builder) -> None:
        self._builder = builder
        self._uris: dict[tuple, str] = {}

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        key = (from_, to, typ)
        uri = self._uris.get(key)
        if uri is None:
            uri = self._uris[key] = self._builder.get_relative_uri(from_, to, typ)
        return uri

    def __getattr__(self, name: str):
        return getattr(self._builder, name)


def review_summary(records, language: str | None = "en") -> str:
    """One sentence: when the notes were last reviewed, as a whole."""
    dates = sorted(r.reviewed for r in records if r.reviewed)
    missing = len(records) - len(dates)
    if not dates:
        return _("None of the {count} notes records when it was last reviewed.").format(
            count=len(records))
    first, last = format_date(dates[0], language), format_date(dates[-1], language)
    if dates[0] == dates[-1] and not missing:
        text = _("All {count} notes were last reviewed by the editors on {date}.").format(
            count=len(dates), date=last)
    elif dates[0] == dates[-1]:
        text = _("{count} of the {total} notes were last reviewed on {date}.").format(
            count=len(dates), total=len(records), date=last)
    else:
        text = _("The {count} notes were last reviewed by the editors between {first} and "
                 "{last}; each note's date is in the notes index.").format(
            count=len(dates), first=first, last=last)
    if missing:
        text += " " + ngettext("{count} note records no review date.",
                               "{count} notes record no review date.", missing).format(count=missing)
    return text


def fill_review_summaries(app, doctree: nodes.document, fromdocname: str) -> None:
    """``doctree-resolved``: the sentence, from every chapter's records."""
    placeholders = list(doctree.findall(annotation_review_summary))
    if not placeholders:
        return
    text = review_summary(app.env.get_domain("annotation").all_notes(), app.config.language)
    for placeholder in placeholders:
        placeholder.replace_self(nodes.paragraph("", text, classes=["annotation-review-summary",
                                                                    "editorial"]))
