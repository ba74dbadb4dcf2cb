"""The article's model, and what every reader shares: blocks, checks, text.

A reader (:mod:`.wordpress`, :mod:`.plain_html`) finds the article in a page
and hands its element to :class:`_Reader`, which reads the article's flow
content as blocks: paragraphs, ``h2`` sections and ``h3``-``h6``
sub-headings, bulleted and ordered lists (nested), quotations, tables, figure
and table captions; :func:`assemble` then finds the closing reference list
and checks that there is an article at all.

Two rules keep the edition honest.  An element the edition cannot show as
the author showed it is refused, in one line naming it and where it is: it is
never dropped, and never flattened into something it was not (a quotation is
not the author's paragraph).  Active content -- scripts, ads, frames, styles,
images, event handlers -- is never copied: we build the model from text, so
no attribute or element of the page can survive into the edition.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, NoReturn, Union

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, ProcessingInstruction, Declaration, Doctype, CData

from ..labels import slug

#: Elements whose whole content is dropped: they can run, track or draw.
ACTIVE_ELEMENTS = frozenset(
    "script noscript style iframe frame frameset object embed applet svg math "
    "img picture video audio source track canvas form input button select "
    "textarea template link meta base amp-ad amp-img amp-iframe amp-analytics "
    "amp-pixel".split()
)
#: Inline elements kept as emphasis.
EMPHASIS = {"em": "em", "i": "em", "strong": "strong", "b": "strong"}
#: Inline elements kept as what they are, set apart from the words around them.
INLINE_KINDS = {"code": "code", "sup": "sup", "sub": "sub"}
#: Inline elements that only style or mark up their words: the words are kept.
TEXT_ONLY = frozenset(
    "span abbr acronym cite mark small big u ins time font bdi bdo data dfn var "
    "kbd samp label nobr tt".split()
)
INLINE = frozenset({"a", "br", "wbr", *EMPHASIS, *INLINE_KINDS, *TEXT_ONLY})
#: Block elements that only group others: read through, as a browser shows them.
CONTAINERS = frozenset("div section article main header footer center figure".split())
SUB_HEADINGS = frozenset("h3 h4 h5 h6".split())
#: Said in every refusal, so the one line is enough to act on.
KEPT = ("the importer keeps p, h2-h6, ul/ol/li, blockquote, table, figcaption, "
        "em/strong/a/br/sup/sub/code")
SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_NOT_TEXT = (Comment, ProcessingInstruction, Declaration, Doctype, CData)


class ImportError_(Exception):
    """An expected problem with the input: reported in one line, no traceback."""


@dataclass
class Inline:
    """A run of text, possibly emphasised, linked, code or a superscript; or a line break."""

    text: str
    style: str | None = None  # "em", "strong", or None
    href: str | None = None
    line_break: bool = False
    kind: str | None = None  # "code", "sup", "sub", or None

    @property
    def key(self) -> tuple:
        """Runs with equal keys read as one run."""
        return (self.style, self.href, self.kind)


@dataclass
class Paragraph:
    inlines: list[Inline]

    @property
    def text(self) -> str:
        """The paragraph as a reader sees it; line breaks as newlines."""
        return "".join("\n" if i.line_break else i.text for i in self.inlines)


@dataclass
class Heading:
    """A sub-heading inside a section: ``h3`` to ``h6`` on the page."""

    level: int
    inlines: list[Inline]


@dataclass
class ListItem:
    blocks: list["Block"]


@dataclass
class ListBlock:
    ordered: bool
    items: list[ListItem]
    start: int = 1
    node: Tag | None = field(default=None, repr=False, compare=False)


@dataclass
class Quote:
    """A ``blockquote``: words the author quotes, not the author's own."""

    blocks: list["Block"]


@dataclass
class Caption:
    """A figure's or a table's caption. The image itself is never copied."""

    paragraph: Paragraph


@dataclass
class Table:
    rows: list[list[list["Block"]]]  # rows of cells, each cell a list of blocks
    header_rows: int = 0


Block = Union[Paragraph, Heading, ListBlock, Quote, Caption, Table]


@dataclass
class Section:
    title: str | None  # None for the untitled opening
    blocks: list[Block] = field(default_factory=list)
    node: Tag | None = field(default=None, repr=False, compare=False)


@dataclass
class Reference:
    title: str
    url: str
    url_from_text: bool  # the link had no href; the address is its text


@dataclass
class PageInfo:
    """What the page says about the article, where it says it: for a new
    edition's ``edition_source`` and title. Any of them may be unknown."""

    title: str | None = None
    publisher: str | None = None
    date: str | None = None  # YYYY-MM-DD
    url: str | None = None


@dataclass
class Article:
    sections: list[Section]
    references: list[Reference]
    references_title: str | None
    #: the article body's text as the page shows it (whitespace collapsed,
    #: block boundaries as spaces): what the written chapters must hold
    page_text: str = field(default="", repr=False)
    info: PageInfo = field(default_factory=PageInfo)


def labelled(blocks: Iterable[Block], within: str = "paragraph") -> Iterator[tuple[str, Paragraph]]:
    """Every paragraph that carries a label, in order, with what it is part of.

    The writer numbers them in this order; a quotation's paragraphs, and its
    list items, are the quotation's.
    """
    for block in blocks:
        if isinstance(block, Paragraph):
            yield within, block
        elif isinstance(block, Caption):
            yield ("quotation" if within == "quotation" else "caption"), block.paragraph
        elif isinstance(block, Quote):
            yield from labelled(block.blocks, "quotation")
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from labelled(item.blocks, "quotation" if within == "quotation" else "list item")
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    yield from labelled(cell, "quotation" if within == "quotation" else "table cell")


def read_page(path: Path) -> str:
    """Read *path* as UTF-8 text, or say in one line why it cannot be used."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportError_(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportError_(f"{path}: is a directory, not a page") from None
    except OSError as exc:
        raise ImportError_(f"{path}: cannot be read ({exc.strerror})") from None
    if b"\x00" in data:
        raise ImportError_(f"{path}: not a text file (it contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportError_(
            f"{path}: not UTF-8 text (bad byte at offset {exc.start})"
        ) from None


def clean_text(text: str) -> str:
    """Collapse whitespace as an HTML renderer would, keep every other character."""
    return _SPACE.sub(" ", text)


def normalise(text: str) -> str:
    """Whitespace collapsed and trimmed: how two texts are compared."""
    return clean_text(text).strip()


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- is the page whole? --------------------------------------------------------

# Text in which "<p>" is not a tag, and comments: not counted as markup.
_OPAQUE = re.compile(
    r"<!--.*?-->|<(script|style|textarea|title|xmp|noembed|noframes)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
#: Elements the pages always close: one left open means the page was cut.
CLOSED_ELEMENTS = frozenset(
    "p h1 h2 h3 h4 h5 h6 ul ol li blockquote table thead tbody tfoot tr th td "
    "caption figure figcaption div section article main header footer aside nav "
    "dl dt dd pre a em strong b i span sup sub code".split()
)


def check_markup_closed(markup: str, origin: str) -> None:
    """Refuse markup cut short: lxml would silently close what was left open."""
    text = _OPAQUE.sub(" ", markup)
    unterminated = re.search(r"<!--|<(script|style|textarea)\b", text, re.IGNORECASE)
    if unterminated:
        raise ImportError_(f"{origin}: the page looks truncated: {unterminated.group(0)!r} is never closed")
    last_tag = text.rfind(">")
    if re.search(r"<[A-Za-z/]", text[last_tag + 1:]):
        raise ImportError_(f"{origin}: the page looks truncated: it ends inside a tag")
    opened: Counter[str] = Counter()
    closed: Counter[str] = Counter()
    for match in _TAG.finditer(text):
        name = match.group(2).lower()
        if name not in CLOSED_ELEMENTS or match.group(3).rstrip().endswith("/"):
            continue
        (closed if match.group(1) else opened)[name] += 1
    left_open = [f"<{name}>" for name in opened if opened[name] > closed[name]]
    if left_open:
        raise ImportError_(
            f"{origin}: the page looks truncated: {', '.join(left_open)} opened and never closed"
        )


# -- the article's blocks -----------------------------------------------------

def _paragraph(items: Iterable[Inline]) -> Paragraph | None:
    """Merge runs as a reader sees them and trim what HTML would not show."""
    merged: list[Inline] = []
    for item in items:
        if item.line_break:
            merged.append(item)
            continue
        text = clean_text(item.text)
        if merged and not merged[-1].line_break and merged[-1].key == item.key:
            merged[-1].text += text
        elif text:
            merged.append(Inline(text, item.style, item.href, kind=item.kind))
    # trim the whitespace HTML would not show: at the ends and around breaks
    for i, item in enumerate(merged):
        if item.line_break:
            continue
        if i == 0 or merged[i - 1].line_break:
            item.text = item.text.lstrip(" ")
        if i == len(merged) - 1 or merged[i + 1].line_break:
            item.text = item.text.rstrip(" ")
    merged = [i for i in merged if i.line_break or i.text]
    while merged and merged[-1].line_break:
        merged.pop()
    while merged and merged[0].line_break:
        merged.pop(0)
    return Paragraph(merged) if merged else None


def _is_inline(node) -> bool:
    return isinstance(node, NavigableString) or (isinstance(node, Tag) and node.name.lower() in INLINE)


def _number(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() and len(value) <= 9 else None


class _Reader:
    """Reads the page's body into sections of blocks, in document order.

    It knows which section it is in, so that a refusal can say where.
    """

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.sections: list[Section] = [Section(None)]

    # -- refusals ------------------------------------------------------------

    def where(self) -> str:
        section = self.sections[-1]
        if section.title is None:
            return "in the opening (before the first h2)"
        # numbered as its chapter will be: the opening is chapter 1 if it has text
        number = len(self.sections) - (0 if self.sections[0].blocks else 1)
        return f"in section {number} ({_short(section.title)!r})"

    def refuse(self, node: Tag, why: str = "cannot be represented") -> NoReturn:
        raise ImportError_(f"{self.origin}: <{node.name}> {self.where()} {why}; {KEPT}")

    # -- blocks --------------------------------------------------------------

    def emit(self, block: Block) -> None:
        self.sections[-1].blocks.append(block)

    def flow(self, node: Tag, context: str, emit: Callable[[Block], None]) -> None:
        """Read *node*'s children as blocks; loose inline content is a paragraph.

        A browser shows text directly inside a ``div`` or a list item as a
        block of its own, so it is one here too.
        """
        loose: list = []
        for child in node.children:
            if _is_inline(child):
                loose.append(child)
                continue
            self.paragraph(loose, emit)
            loose = []
            if isinstance(child, Tag):
                self.block(child, context, emit)
        self.paragraph(loose, emit)

    def collect(self, node: Tag, context: str) -> list[Block]:
        blocks: list[Block] = []
        self.flow(node, context, blocks.append)
        return blocks

    def block(self, node: Tag, context: str, emit: Callable[[Block], None]) -> None:
        name = node.name.lower()
        if name in CONTAINERS:
            self.flow(node, context, emit)
        elif name == "p":
            self.paragraph(node.children, emit)
        elif name == "h2":
            self.section(node, context)
        elif name in SUB_HEADINGS:
            self.heading(node, context, emit)
        elif name in ("ul", "ol"):
            listing = self.listing(node)
            if listing.items:
                emit(listing)
        elif name == "blockquote":
            quoted = self.collect(node, "blockquote")
            if quoted:
                emit(Quote(quoted))
        elif name == "table":
            for block in self.table(node):
                emit(block)
        elif name in ("figcaption", "caption"):
            for block in self.caption(node):
                emit(block)
        elif name == "hr":
            pass  # a thematic break has no words; sections are set apart anyway
        else:
            self.refuse(node)

    def paragraph(self, children: Iterable, emit: Callable[[Block], None]) -> None:
        para = _paragraph(self.inlines(children))
        if para is not None:
            emit(para)

    def section(self, node: Tag, context: str) -> None:
        if context != "top":
            self.refuse(node, f"inside <{context}> cannot be represented")
        if node.find("br") is not None:
            self.refuse(node, "with a line break cannot be represented")
        title = clean_text(node.get_text()).strip()
        if title:  # an empty heading has no words to keep
            self.sections.append(Section(title, node=node))

    def heading(self, node: Tag, context: str, emit: Callable[[Block], None]) -> None:
        if context != "top":
            # a heading opens a section, which MyST cannot start inside a block
            self.refuse(node, f"inside <{context}> cannot be represented")
        items = list(self.inlines(node.children))
        if any(item.line_break for item in items):
            self.refuse(node, "with a line break cannot be represented")
        para = _paragraph(items)
        if para is not None:
            emit(Heading(int(node.name[1]), para.inlines))

    def listing(self, node: Tag) -> ListBlock:
        ordered = node.name.lower() == "ol"
        start = 1
        if ordered:
            # a reader sees the numbers; MyST lists count up in arabic numerals
            if node.get("reversed") is not None:
                self.refuse(node, "numbered in reverse cannot be represented")
            if node.get("type", "1") != "1":
                self.refuse(node, f"numbered with type={node.get('type')!r} cannot be represented")
            start = _number(node.get("start", "1"))
            if start is None:
                self.refuse(node, f"starting at {node.get('start')!r} cannot be represented")
        items = []
        for child in self._elements(node):
            if child.name.lower() != "li":
                self.refuse(child, f"directly inside <{node.name}> cannot be represented")
            if child.get("value") is not None:
                self.refuse(child, "with its own number (value=) cannot be represented")
            items.append(ListItem(self.collect(child, "li")))
        return ListBlock(ordered, items, start, node)

    def table(self, node: Tag) -> list[Block]:
        before: list[Block] = []
        rows: list[tuple[list[list[Block]], bool]] = []
        head = None
        for part in self._elements(node):
            name = part.name.lower()
            if name == "caption":
                # a browser shows it above the table wherever it is written
                if rows:
                    self.refuse(part, "after the table's first rows cannot be represented")
                before += self.caption(part)
            elif name in ("colgroup", "col"):
                continue  # column widths: no words
            elif name == "tr":
                rows.append(self.row(part))
            elif name in ("thead", "tbody", "tfoot"):
                if name == "thead":
                    if rows:
                        self.refuse(part, "after the table's first rows cannot be represented")
                    head = 0
                for tr in self._elements(part):
                    if tr.name.lower() != "tr":
                        self.refuse(tr, f"directly inside <{name}> cannot be represented")
                    rows.append(self.row(tr))
                if name == "thead":
                    head = len(rows)
            else:
                self.refuse(part, "inside <table> cannot be represented")
        if not rows:
            return before
        if len({len(cells) for cells, _ in rows}) != 1:
            self.refuse(node, "with rows of different lengths cannot be represented")
        if head is None:  # no <thead>: the leading rows of <th> cells head it
            head = next((i for i, (_, all_th) in enumerate(rows) if not all_th), len(rows))
        # a list-table needs a body row; a table that is all head reads the same
        header_rows = head if head < len(rows) else 0
        return before + [Table([cells for cells, _ in rows], header_rows)]

    def row(self, tr: Tag) -> tuple[list[list[Block]], bool]:
        cells, all_th = [], True
        for cell in self._elements(tr):
            name = cell.name.lower()
            if name not in ("td", "th"):
                self.refuse(cell, "inside <tr> cannot be represented")
            if (cell.get("colspan") or "1").strip() != "1" or (cell.get("rowspan") or "1").strip() != "1":
                self.refuse(cell, "spanning several columns or rows cannot be represented")
            all_th = all_th and name == "th"
            cells.append(self._cell(cell))
        return cells, all_th

    def _cell(self, cell: Tag) -> list[Block]:
        blocks = self.collect(cell, cell.name.lower())
        for block in blocks:
            if isinstance(block, Table):
                self.refuse(cell, "holding a table cannot be represented")
        return blocks

    def caption(self, node: Tag) -> list[Block]:
        captions: list[Block] = []
        for block in self.collect(node, node.name.lower()):
            if not isinstance(block, Paragraph):
                self.refuse(node, "holding more than text cannot be represented")
            captions.append(Caption(block))
        return captions

    def _elements(self, node: Tag) -> Iterator[Tag]:
        """The element children of a list, table or row: text there has no place."""
        for child in node.children:
            if isinstance(child, Tag):
                yield child
            elif isinstance(child, NavigableString) and not isinstance(child, _NOT_TEXT) and child.strip():
                self.refuse(node, f"holding text outside its {'items' if node.name in ('ul', 'ol') else 'cells'} "
                                  "cannot be represented")

    # -- inline content ------------------------------------------------------

    def inlines(self, children: Iterable, style: str | None = None, href: str | None = None,
                kind: str | None = None) -> Iterator[Inline]:
        for child in children:
            if isinstance(child, _NOT_TEXT):
                continue
            if isinstance(child, NavigableString):
                yield Inline(str(child), style, href, kind=kind)
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name == "br":
                yield Inline("", line_break=True)
            elif name == "wbr":
                continue  # a line-break opportunity: nothing a reader sees
            elif name in EMPHASIS:
                yield from self.inlines(child.children, style or EMPHASIS[name], href, kind)
            elif name == "a":
                target = (child.get("href") or "").strip()
                # javascript:, data: and other schemes lose their link, keep their words
                safe = target if SAFE_LINK.match(target) else None
                yield from self.inlines(child.children, style, href or safe, kind)
            elif name in INLINE_KINDS:
                if kind is not None:
                    self.refuse(child, f"inside <{kind}> cannot be represented")
                yield from self.inlines(child.children, style, href, INLINE_KINDS[name])
            elif name in TEXT_ONLY:
                yield from self.inlines(child.children, style, href, kind)
            else:
                # <del>, <q> and the like change what the words mean; a block
                # inside a line of text has no place in one
                self.refuse(child)


def _references(ol: Tag) -> list[Reference]:
    refs = []
    for li in ol.find_all("li", recursive=False):
        title_node = li.find(["strong", "b"])
        link = li.find("a")
        if title_node is None or link is None:
            raise ImportError_(
                "reference list item without a bold title and a link: "
                + clean_text(li.get_text(" ")).strip()[:60]
            )
        number = len(refs) + 1
        href = (link.get("href") or "").strip()
        text = clean_text(link.get_text()).strip()
        title = clean_text(title_node.get_text()).strip()
        url, from_text = (href, False) if SAFE_LINK.match(href) else (text, True)
        if not SAFE_LINK.match(url):
            raise ImportError_(f"reference {number} has no usable address: {url!r}")
        # the bibliography keeps a title and an address: any other words are lost
        if shown_text(li) != f"{title} {text}":
            raise ImportError_(f"reference {number} holds more than a title and an address: "
                               f"{_short(shown_text(li), 60)!r}")
        if not from_text and _bare(text) != _bare(href):
            raise ImportError_(f"reference {number}'s link text {_short(text)!r} is not its address {href!r}")
        refs.append(Reference(title, url, from_text))
    return refs


def _bare(url: str) -> str:
    return re.sub(r"^[a-z]+://", "", url.strip(), flags=re.IGNORECASE).rstrip("/")


def shown_text(node: Tag, skip: Iterable[Tag] = ()) -> str:
    """All the text a browser shows in *node*, whitespace collapsed.

    Read straight from the page, not from the model: a line break and the
    edge of every block count as a space.  *skip* leaves out whole elements.
    """
    skipped = {id(tag) for tag in skip}
    parts: list[str] = []

    def walk(element: Tag) -> None:
        for child in element.children:
            if isinstance(child, _NOT_TEXT):
                continue
            if isinstance(child, NavigableString):
                parts.append(str(child))
            elif isinstance(child, Tag) and id(child) not in skipped:
                name = child.name.lower()
                if name == "br":
                    parts.append(" ")
                    continue
                block = name not in INLINE
                parts.append(" " if block else "")
                walk(child)
                parts.append(" " if block else "")

    walk(node)
    return normalise("".join(parts))


def remove_active_content(root: Tag) -> None:
    """Drop every element that can run, track or draw, with all it holds."""
    for node in root.find_all(list(ACTIVE_ELEMENTS)):
        node.decompose()


def read_article(root: Tag | None, origin: str) -> _Reader:
    """Read *root*'s children as the article's sections of blocks."""
    reader = _Reader(origin)
    if root is not None:
        reader.flow(root, "top", reader.emit)
    return reader


def assemble(reader: _Reader, root: Tag | None, origin: str, *,
             references_required: bool = True, info: PageInfo | None = None) -> Article:
    """The :class:`Article` of what *reader* read from *root*, or a refusal.

    The untitled opening is every block before the first ``h2``; it is the
    first chapter when it holds anything.  A last section whose only
    content is an ordered list is the reference list.  With
    *references_required* (the WordPress pages close with one, written as
    bold title and link) such a list must be a reference list; without it, a
    list that is not one is an ordinary chapter, its words kept.
    """
    sections = reader.sections
    references: list[Reference] = []
    references_title = None
    skip: list[Tag] = []
    body = sections
    last = sections[-1]
    if (last.title and len(last.blocks) == 1 and isinstance(last.blocks[0], ListBlock)
            and last.blocks[0].ordered):
        try:
            references = _references(last.blocks[0].node)
        except ImportError_:
            if references_required:
                raise
        else:
            references_title = last.title
            skip = [last.node, last.blocks[0].node]  # the bibliography holds them
            body = sections[:-1]
    if not any(s.blocks for s in body):
        raise ImportError_(f"{origin}: no article body (no paragraphs found)")
    if len(body) < 2:
        raise ImportError_(f"{origin}: no sections (no h2 headings in the article)")
    if not body[0].blocks:
        body = body[1:]  # no untitled opening on this page
    for section in body:
        if not section.blocks:
            raise ImportError_(f"{origin}: section {section.title!r} has no paragraphs")
    page_text = shown_text(root, skip) if root is not None else ""
    return Article(body, references, references_title, page_text, info or PageInfo())


def slugify(text: str, limit: int = 50) -> str:
    """A file-name slug: ASCII, lower case, hyphens, cut at a word boundary."""
    return slug(text, limit=limit, empty="section")
