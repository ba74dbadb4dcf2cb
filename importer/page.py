"""Read a scraped article page into a plain, trusted model of its text.

The page format we receive (a WordPress AMP page saved as text) is a few lines
of plain site chrome around one line of HTML whose punctuation is written as
entities (``class&equals;"wpa"``, ``<&sol;p>``).  We decode the entities once,
parse the result with lxml through BeautifulSoup, and keep only the article's
flow content: paragraphs, ``h2`` section headings and the closing reference
list.  Everything else -- chrome, ads, scripts, frames, styles, images, event
handlers -- is never copied: we build the model from text, so no attribute or
element of the page can survive into the edition.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, ProcessingInstruction, Declaration, Doctype, CData

#: Elements whose whole content is dropped: they can run, track or draw.
ACTIVE_ELEMENTS = frozenset(
    "script noscript style iframe frame frameset object embed applet svg math "
    "img picture video audio source track canvas form input button select "
    "textarea template link meta base amp-ad amp-img amp-iframe amp-analytics "
    "amp-pixel".split()
)
#: WordPress.com's ad block ("Advertisements" and its slot).
AD_CONTAINERS = "div.wpcnt, div.wpa, .wpa-about"
#: Inline elements kept as emphasis; others keep only their text.
EMPHASIS = {"em": "em", "i": "em", "strong": "strong", "b": "strong"}
SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\n\r\f\v]+")


class ImportError_(Exception):
    """An expected problem with the input: reported in one line, no traceback."""


@dataclass
class Inline:
    """A run of text, possibly emphasised or linked, or a line break."""

    text: str
    style: str | None = None  # "em", "strong", or None
    href: str | None = None
    line_break: bool = False


@dataclass
class Paragraph:
    inlines: list[Inline]

    @property
    def text(self) -> str:
        """The paragraph as a reader sees it; line breaks as newlines."""
        return "".join("\n" if i.line_break else i.text for i in self.inlines)


@dataclass
class Section:
    title: str | None  # None for the untitled opening
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Reference:
    title: str
    url: str
    url_from_text: bool  # the link had no href; the address is its text


@dataclass
class Article:
    sections: list[Section]
    references: list[Reference]
    references_title: str | None


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


def _inlines(node: Tag, style: str | None = None, href: str | None = None):
    for child in node.children:
        if isinstance(child, (Comment, ProcessingInstruction, Declaration, Doctype, CData)):
            continue
        if isinstance(child, NavigableString):
            yield Inline(str(child), style, href)
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in ACTIVE_ELEMENTS:
            continue
        if name == "br":
            yield Inline("", line_break=True)
        elif name in EMPHASIS:
            yield from _inlines(child, style or EMPHASIS[name], href)
        elif name == "a":
            target = (child.get("href") or "").strip()
            # javascript:, data: and other schemes lose their link, keep their words
            safe = target if SAFE_LINK.match(target) else None
            yield from _inlines(child, style, href or safe)
        else:
            yield from _inlines(child, style, href)


def _paragraph(node: Tag) -> Paragraph | None:
    merged: list[Inline] = []
    for item in _inlines(node):
        if item.line_break:
            merged.append(item)
            continue
        text = clean_text(item.text)
        if merged and not merged[-1].line_break and (merged[-1].style, merged[-1].href) == (item.style, item.href):
            merged[-1].text += text
        elif text:
            merged.append(Inline(text, item.style, item.href))
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
        href = (link.get("href") or "").strip()
        text = clean_text(link.get_text()).strip()
        url, from_text = (href, False) if SAFE_LINK.match(href) else (text, True)
        if not SAFE_LINK.match(url):
            raise ImportError_(f"reference {len(refs) + 1} has no usable address: {url!r}")
        refs.append(Reference(clean_text(title_node.get_text()).strip(), url, from_text))
    return refs


def parse_article(page: str, origin: str = "page") -> Article:
    """Parse the decoded *page* text into an :class:`Article`.

    The untitled opening is every paragraph before the first ``h2``.  A
    section whose only content is an ordered list is the reference list.
    """
    # One decoding pass: the page encodes punctuation, tags included, as
    # entities. Decoding before parsing is what turns it back into HTML.
    soup = BeautifulSoup(html.unescape(page), "lxml")
    for node in soup.find_all(list(ACTIVE_ELEMENTS)):
        node.decompose()
    for node in soup.select(AD_CONTAINERS):
        node.decompose()

    sections: list[Section] = [Section(None)]
    pending_lists: dict[int, Tag] = {}
    for node in soup.find_all(["p", "h2", "ol"]):
        if node.find_parent(["li", "p"]) is not None:
            continue  # a paragraph inside a list item belongs to the list
        if node.name == "h2":
            title = clean_text(node.get_text()).strip()
            if not title:
                continue
            sections.append(Section(title))
        elif node.name == "ol":
            pending_lists[len(sections) - 1] = node
        else:
            para = _paragraph(node)
            if para is not None:
                sections[-1].paragraphs.append(para)

    references: list[Reference] = []
    references_title = None
    body = sections
    last = len(sections) - 1
    if last in pending_lists and not sections[last].paragraphs and sections[last].title:
        references = _references(pending_lists[last])
        references_title = sections[last].title
        body = sections[:-1]
    if not any(s.paragraphs for s in body):
        raise ImportError_(f"{origin}: no article body (no paragraphs found)")
    if len(body) < 2:
        raise ImportError_(f"{origin}: no sections (no h2 headings in the article)")
    if not body[0].paragraphs:
        body = body[1:]  # no untitled opening on this page
    for section in body:
        if not section.paragraphs:
            raise ImportError_(f"{origin}: section {section.title!r} has no paragraphs")
    return Article(body, references, references_title)


def slugify(text: str, limit: int = 50) -> str:
    """A file-name slug: ASCII, lower case, hyphens, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit and slug:
            break
        slug = candidate
    return slug or "section"
