"""Write an :class:`~.page.Article` as MyST chapters and BibTeX.

The chapter files must render back to exactly the author's characters, so
every character Markdown or MyST could read as syntax is backslash-escaped
(CommonMark lets any ASCII punctuation be escaped, and the escape never shows).

Every paragraph of the author's text gets a ``(pN.M)=`` label, numbered in
reading order through the chapter: the paragraphs of list items, quotations,
captions and table cells too, so that the edition can anchor a note anywhere.
A quotation is a MyST ``>`` block, a caption a container of class
``edition-caption``, a table a ``{list-table}`` (pipe tables are not enabled).
"""

from __future__ import annotations

import re
import unicodedata

from .page import (Article, Block, Caption, Heading, ImportError_, Inline, ListBlock, Paragraph,
                   Quote, Reference, Section, Table, slugify)

OPENING_TITLE = "Opening"
OPENING_SLUG = "opening"
CAPTION_CLASS = "edition-caption"

# Characters that open inline syntax anywhere in CommonMark or in the MyST
# extensions a project might enable (roles, math, substitutions, tables,
# strikethrough, entities).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>{}$|~&])")
# What only matters at the start of a line: headings, lists, quotes, thematic
# breaks, setext underlines, MyST comments, targets and block breaks.
_LINE_START = re.compile(r"^(\s*)([#>+=%:-]|\d+(?=[.)])|\((?=[^)]*\)=))")
# The colon fences this writer opens (the author's "{" is always escaped).
_OUR_FENCE = re.compile(r"(:{3,})\{(?:container|list-table)\}")
_MARKS = {"em": "*", "strong": "**"}
_ROLES = {"em": "emphasis", "strong": "strong"}


def escape_markdown(text: str) -> str:
    """Escape *text* (one line) so that MyST renders it unchanged."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    match = _LINE_START.match(text)
    if match:
        lead, mark = match.group(1), match.group(2)
        rest = text[match.end():]
        if mark.isdigit():
            # "1. " would start a list: escape the delimiter after the number
            text = f"{lead}{mark}\\{rest}"
        else:
            text = f"{lead}\\{mark}{rest}"
    return text


def _ticks(text: str) -> str:
    """A backtick fence longer than any run of backticks in *text*."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * (longest + 1)


def code_span(text: str) -> str:
    fence = _ticks(text)
    # a backtick at an edge would run into the fence: CommonMark strips one
    # space on each side, so pad with one
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def role(name: str, text: str) -> str:
    """``{name}`text```: a role's content is literal, never escaped."""
    if text.startswith("`") or text.endswith("`"):
        raise ImportError_(f"{{{name}}} text beginning or ending with a backtick cannot be "
                           f"represented: {text!r}")
    fence = _ticks(text)
    return f"{{{name}}}{fence}{text}{fence}"


def _punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _styled(item: Inline, core: str) -> str:
    if item.kind == "code":
        text = code_span(core)
    elif item.kind is not None:
        text = role(item.kind, core)
    else:
        text = escape_markdown(core)
    if item.style is None:
        return text
    edges = core[0] + core[-1]
    if item.kind is None and any(map(_punctuation, edges)) and "`" not in edges:
        # "**Note:**This" is not bold in CommonMark (a closing "**" after
        # punctuation must not touch a letter): the role form always is
        return role(_ROLES[item.style], core)
    return f"{_MARKS[item.style]}{text}{_MARKS[item.style]}"


def _inline(item: Inline) -> str:
    if item.style is None and item.kind is None:
        text = escape_markdown(item.text)
    else:
        # "* word*" is no emphasis: edge spaces go outside the markup
        core = item.text.strip(" ")
        lead = item.text[: len(item.text) - len(item.text.lstrip(" "))]
        trail = item.text[len(item.text.rstrip(" ")):]
        text = lead + _styled(item, core) + trail if core else item.text
    if item.href:
        url = item.href.replace(" ", "%20").replace(">", "%3E").replace("<", "%3C")
        text = f"[{text}](<{url}>)"
    return text


def paragraph_markdown(para: Paragraph) -> str:
    """One paragraph; a ``<br>`` becomes a MyST hard break (``\\`` at line end)."""
    lines: list[list[str]] = [[]]
    for item in para.inlines:
        if item.line_break:
            lines.append([])
        else:
            lines[-1].append(_inline(item))
    # Each run of text was escaped as if it began a line, so every line
    # start is safe too; escaping punctuation never changes what renders.
    rendered = ["".join(parts) for parts in lines]
    return "\\\n".join(rendered)


def heading_text(text: str) -> str:
    """A heading's escaped text: a trailing ``#`` would be read as closing it."""
    return re.sub(r"(?<!\\)#$", r"\\#", text)


def chapter_filename(number: int, section: Section) -> str:
    slug = OPENING_SLUG if section.title is None else slugify(section.title)
    return f"{number:02d}-{slug}.md"


def _indent(lines: list[str], first: str, rest: str) -> list[str]:
    """Put *first* before the first line and *rest* before the others (not blank ones)."""
    if not lines:
        return [first.rstrip()]
    return [first + lines[0]] + [rest + line if line else "" for line in lines[1:]]


def _fence(inner: list[str]) -> str:
    """A colon fence longer than any this writer opened inside it."""
    longest = max((len(m.group(1)) for line in inner for m in _OUR_FENCE.finditer(line)), default=2)
    return ":" * (longest + 1)


class _Chapter:
    """Renders one chapter's blocks, numbering labels in reading order."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.count = 0
        self.depth = 1  # the chapter title is "#"

    def label(self) -> str:
        self.count += 1
        return f"(p{self.number}.{self.count})="

    def blocks(self, blocks: list[Block]) -> list[str]:
        """Lines for *blocks*, a blank line between each."""
        out: list[str] = []
        previous, other_marker = None, False
        for block in blocks:
            if out:
                out.append("")
            if isinstance(block, ListBlock):
                # two lists in a row would merge into one: the second takes
                # the other marker, which CommonMark reads as a new list
                same = isinstance(previous, ListBlock) and previous.ordered == block.ordered
                other_marker = same and not other_marker
                out += self.listing(block, other_marker)
            else:
                out += self.block(block)
            previous = block
        return out

    def block(self, block: Block) -> list[str]:
        if isinstance(block, Paragraph):
            return [self.label(), *paragraph_markdown(block).split("\n")]
        if isinstance(block, Heading):
            # the article's h2 is the chapter's "#"; a level skipped on the
            # page is not skipped here (MyST warns on a jump)
            self.depth = min(block.level - 1, self.depth + 1)
            return ["#" * self.depth + " " + heading_text("".join(_inline(i) for i in block.inlines))]
        if isinstance(block, Quote):
            return [f"> {line}" if line else ">" for line in self.blocks(block.blocks)]
        if isinstance(block, Caption):
            inner = [self.label(), *paragraph_markdown(block.paragraph).split("\n")]
            fence = _fence(inner)
            return [f"{fence}{{container}} {CAPTION_CLASS}", *inner, fence]
        if isinstance(block, Table):
            return self.table(block)
        raise TypeError(f"no Markdown for {block!r}")

    def listing(self, block: ListBlock, other_marker: bool) -> list[str]:
        lines: list[str] = []
        for index, item in enumerate(block.items):
            if block.ordered:
                marker = f"{block.start + index}{')' if other_marker else '.'} "
            else:
                marker = "* " if other_marker else "- "
            lines += _indent(self.blocks(item.blocks), marker, " " * len(marker))
        return lines

    def table(self, block: Table) -> list[str]:
        inner: list[str] = []
        for row in block.rows:
            for column, cell in enumerate(row):
                inner += _indent(self.blocks(cell), "* - " if column == 0 else "  - ", "    ")
        fence = _fence(inner)
        options = [f":header-rows: {block.header_rows}"] if block.header_rows else []
        return [f"{fence}{{list-table}}", *options, "", *inner, fence]


def chapter_markdown(number: int, section: Section, source_name: str) -> str:
    editorial_title = section.title is None
    lines = ["---", f"edition-chapter: {number}"]
    if editorial_title:
        # The opening has no heading in the article: the editors supply one,
        # and the edition marks it as theirs.
        lines.append("edition-title: editorial")
    lines += [
        "---",
        "",
        f"% Generated by `make import` from source/{source_name}. Do not edit:",
        "% the article's words are kept verbatim. Notes go in annotations/.",
        "",
        f"(ch{number})=",
        f"# {OPENING_TITLE if editorial_title else heading_text(escape_markdown(section.title))}",
        "",
    ]
    lines += _Chapter(number).blocks(section.blocks)
    lines.append("")
    return "\n".join(lines)


def _bib_escape(value: str) -> str:
    # BibTeX braces must balance; the source has none, but another page may.
    return value.replace("\\", "\\textbackslash{}").replace("{", "\\{").replace("}", "\\}")


def reference_key(ref: Reference, index: int) -> str:
    return f"article-ref-{index}"


def reference_fields(ref: Reference) -> list[tuple[str, str]]:
    """The entry's fields, unescaped: what the bibliography must say."""
    publisher, sep, title = ref.title.partition(" – ")
    if not sep:
        publisher, title = "", ref.title
    note = "Listed in the article's reference links"
    if ref.url_from_text:
        note += "; the article gives this address as text, without a link"
    fields = [("author", publisher)] if publisher else []
    return fields + [("title", title), ("url", ref.url), ("note", note)]


def references_bibtex(refs: list[Reference], source_name: str) -> str:
    lines = [
        f"% Generated by `make import` from source/{source_name}. Do not edit.",
        "% The article's own reference list, in the article's order.",
        "",
    ]
    for index, ref in enumerate(refs, start=1):
        lines.append(f"@misc{{{reference_key(ref, index)},")
        for name, value in reference_fields(ref):
            if name == "author":
                # double braces: a corporate author, not "Institute, Stockholm"
                value = "{" + _bib_escape(value) + "}"
            elif name != "url":
                value = _bib_escape(value)
            lines.append(f"  {name} = {{{value}}},")
        lines.append("}")
        lines.append("")
    return "\n".join(lines)


def render(article: Article, source_name: str) -> tuple[dict[str, str], str]:
    """Return ``({chapter file name: text}, bibtex text)``."""
    chapters = {}
    for number, section in enumerate(article.sections, start=1):
        chapters[chapter_filename(number, section)] = chapter_markdown(number, section, source_name)
    return chapters, references_bibtex(article.references, source_name)
