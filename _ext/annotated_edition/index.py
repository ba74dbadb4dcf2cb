"""The notes index: filled late, from every chapter's records, and refreshed
whenever a chapter is re-read.

``annotation_index`` placeholders are replaced at ``doctree-resolved`` with
stock nodes (a table of counts by chapter and kind, then every note linked
to its place), so every builder renders them. Each note gets a link back to
its entry in the index.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.nodes import make_refnode

from .dates import format_date
from .kinds import VERDICTS, kinds_from_config
from .nodes import annotation, annotation_index, annotation_review_summary


def entry_id(note_id: str) -> str:
    """The id of a note's entry in the notes index."""
    return f"entry-{note_id}"


def _ref(builder, fromdocname, todocname, target, text, classes=()):
    return make_refnode(builder, fromdocname, todocname, target,
                        nodes.inline("", text, classes=list(classes)))


def _entry(text: str) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", text))


def counts_table(app, fromdocname, records, kinds, chapters) -> nodes.table:
    builder, env = app.builder, app.env
    table = nodes.table(classes=["annotation-counts"])
    group = nodes.tgroup(cols=len(kinds) + 2)
    table += group
    for _ in range(len(kinds) + 2):
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    row = nodes.row()
    for text in ["Chapter", *(kinds[k].label for k in kinds), "All"]:
        row += _entry(text)
    head += row
    group += head
    body = nodes.tbody()
    for docname, chapter in chapters:
        mine = [r for r in records if r.docname == docname]
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
    row += _entry("All chapters")
    for kind in kinds:
        row += _entry(str(sum(r.kind == kind for r in records)))
    row += _entry(str(len(records)))
    body += row
    group += body
    return table


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
            for docname, chapter in chapter_docs:
                mine = [r for r in records if r.docname == docname]
                if not mine:
                    continue
                rubric = nodes.rubric("", "")
                rubric += _ref(app.builder, fromdocname, docname, "",
                               f"Chapter {chapter}: {app.env.titles[docname].astext()}")
                content.append(rubric)
                items = nodes.bullet_list(classes=["annotation-index-list"])
                for record in mine:
                    item = nodes.list_item()
                    para = nodes.paragraph()
                    # a target, not the item's ids, so LaTeX gets a label too
                    # (Sphinx's LaTeX writer leaves out ids beginning "index-")
                    para += nodes.target("", "", ids=[entry_id(record.id)])
                    para += _ref(app.builder, fromdocname, docname, record.id,
                                 f"Note {record.number}", ["annotation-number"])
                    para += nodes.Text(" · ")
                    para += nodes.inline("", kinds_all[record.kind].label,
                                         classes=["annotation-badge", f"kind-{record.kind}"])
                    if record.verdict:
                        para += nodes.Text(" · ")
                        para += nodes.inline("", VERDICTS[record.verdict].label,
                                             classes=["annotation-verdict", f"verdict-{record.verdict}"])
                    para += nodes.Text(" · ")
                    para += _ref(app.builder, fromdocname, docname, record.paragraph_id,
                                 f"¶{record.paragraph}")
                    if record.whole_paragraph:
                        para += nodes.Text(" (the whole paragraph)")
                    else:
                        para += nodes.Text(" on ")
                        para += nodes.inline("", f"“{record.quote}”", classes=["annotation-quote"])
                    if record.reviewed:
                        para += nodes.Text(" · ")
                        para += nodes.inline("", f"reviewed {format_date(record.reviewed)}",
                                             classes=["annotation-reviewed"])
                    item += para
                    items += item
                content.append(items)
            if app.builder.format == "html" and not app.builder.name.startswith("epub"):
                from sphinx.util.osutil import relative_uri

                from .exports import EXPORT_NAME

                export = nodes.paragraph(classes=["annotation-export"])
                export += nodes.Text("Every note is also published as ")
                export += nodes.reference(
                    "", "W3C Web Annotations (JSON-LD)", internal=False,
                    refuri=relative_uri(app.builder.get_target_uri(fromdocname), EXPORT_NAME),
                    reftitle="The editorial layer for annotation tools")
                export += nodes.Text(", for annotation tools, and each fact-check page carries "
                                     "schema.org ClaimReview data.")
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
            footer += nodes.inline("", " · ", classes=["annotation-sep"])
            footer += _ref(app.builder, fromdocname, indexes[0], entry_id(note["ids"][0]),
                           "All notes", ["annotation-to-index"])


def review_summary(records) -> str:
    """One sentence: when the notes were last reviewed, as a whole."""
    dates = sorted(r.reviewed for r in records if r.reviewed)
    missing = len(records) - len(dates)
    if not dates:
        return f"None of the {len(records)} notes records when it was last reviewed."
    if dates[0] == dates[-1]:
        text = (f"All {len(dates)} notes were last reviewed by the editors on "
                f"{format_date(dates[-1])}." if not missing else
                f"{len(dates)} of the {len(records)} notes were last reviewed on {format_date(dates[-1])}.")
    else:
        text = (f"The {len(dates)} notes were last reviewed by the editors between "
                f"{format_date(dates[0])} and {format_date(dates[-1])}; each note's date is in "
                "the notes index.")
    if missing and dates:
        text += f" {missing} {'note records' if missing == 1 else 'notes record'} no review date."
    return text


def fill_review_summaries(app, doctree: nodes.document, fromdocname: str) -> None:
    """``doctree-resolved``: the sentence, from every chapter's records."""
    placeholders = list(doctree.findall(annotation_review_summary))
    if not placeholders:
        return
    text = review_summary(app.env.get_domain("annotation").all_notes())
    for placeholder in placeholders:
        placeholder.replace_self(nodes.paragraph("", text, classes=["annotation-review-summary",
                                                                    "editorial"]))
