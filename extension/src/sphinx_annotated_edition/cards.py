"""Chapter cards for a landing page: title, reading time and notes per chapter.

``chapter-cards`` leaves a placeholder that is filled when the page is
written, from the domain's chapter and note records, so the counts are
always current. In HTML the cards use sphinx-design's card and grid classes
(its stylesheet is already on the page); other builders get a plain list.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from .features import refuse_unless_on
from .i18n import _, ngettext
from .kinds import kinds_from_config


class chapter_cards(nodes.General, nodes.Element):
    """Placeholder for the chapter cards, filled at ``doctree-resolved``."""


class ChapterCardsDirective(SphinxDirective):
    """Cards for every chapter, in order.

    .. code-block:: markdown

       ```{chapter-cards}
       ```
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        refused = refuse_unless_on(self, "edition_chapter_cards")
        if refused is not None:
            return refused
        node = chapter_cards()
        self.set_source_info(node)
        # a page listing notes: re-written whenever a chapter is re-read
        self.env.get_domain("annotation").note_listing(self.env.docname)
        return [node]


def _summary(records, kinds) -> str:
    if not records:
        return _("No notes yet")
    counts = []
    for name, kind in kinds.items():
        count = sum(r.kind == name for r in records)
        if count:
            label = _(kind.label)
            # the translation chooses: English and Ukrainian lower-case the kind, German does not
            counts.append(_("{count} {kind_lowercase}").format(
                count=count, kind=label, kind_lowercase=label.lower()))
    total = ngettext("{count} note", "{count} notes", len(records)).format(count=len(records))
    return f"{total}: " + ", ".join(counts)


def fill_cards(app, doctree: nodes.document, fromdocname: str) -> None:
    placeholders = list(doctree.findall(chapter_cards))
    if not placeholders:
        return
    env = app.env
    domain = env.get_domain("annotation")
    kinds = kinds_from_config(app.config)
    notes = domain.all_notes()
    chapters = sorted(domain.chapters.items(), key=lambda item: item[1].number)
    html = app.builder.format == "html"
    for placeholder in placeholders:
        if html:
            grid = nodes.container(classes=["sd-container-fluid", "sd-sphinx-override", "sd-mb-4",
                                            "edition-chapter-cards", "editorial"])
            row = nodes.container(classes=["sd-row", "sd-row-cols-1", "sd-row-cols-sm-2",
                                           "sd-row-cols-md-2", "sd-g-3"])
            grid += row
        else:
            grid = nodes.bullet_list(classes=["edition-chapter-cards", "editorial"])
        for docname, chapter in chapters:
            mine = [r for r in notes if r.docname == docname]
            title = env.titles[docname].astext()
            facts = _("About {minutes} min").format(minutes=chapter.minutes) + f" · {_summary(mine, kinds)}"
            if html:
                col = nodes.container(classes=["sd-col", "sd-d-flex-row"])
                card = nodes.container(classes=["sd-card", "sd-sphinx-override", "sd-w-100",
                                                "sd-shadow-sm", "sd-card-hover", "edition-card"])
                body = nodes.container(classes=["sd-card-body"])
                number = nodes.paragraph("", _("Chapter {number}").format(number=chapter.number),
                                         classes=["sd-card-text", "edition-card-number"])
                heading = nodes.paragraph(classes=["sd-card-title", "sd-font-weight-bold"])
                # the title is the card's link; sd-stretched-link makes the whole card clickable
                link = make_refnode(app.builder, fromdocname, docname, "",
                                    nodes.inline("", title), title)
                link["classes"].append("sd-stretched-link")
                heading += link
                meta = nodes.paragraph("", facts, classes=["sd-card-text", "edition-card-meta"])
                body.extend([number, heading, meta])
                card += body
                col += card
                row += col
            else:
                item = nodes.list_item()
                para = nodes.paragraph()
                para += make_refnode(app.builder, fromdocname, docname, "",
                                     nodes.inline("", f"{chapter.number}. {title}"))
                para += nodes.Text(f" ({facts})")
                item += para
                grid += item
        placeholder.replace_self(grid)
