"""Anchoring: find the exact passage a note quotes and wrap it, unchanged.

Matching is exact after one documented normalisation, applied to both the
quote and the chapter's text:

* every run of whitespace (spaces, line breaks, no-break spaces) is one space;
* curly and straight quote marks match each other: ‘ ’ ‚ ‛ ′ and ' are one
  mark, “ ” „ ‟ ″ and " are another.

Nothing else is normalised: letter case, dashes and every other character
must be as the author wrote them. A quote matches whole words only: "the"
never matches inside "them". The paragraph labels and note markers the
edition adds are not part of the text. A quote may cross inline markup
(emphasis, links): each text run it covers is wrapped separately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docutils import nodes

from .nodes import annotation_highlight, annotation_marker, line_break, paragraph_label

_QUOTES = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
})
#: inline nodes whose text is the editors', never the author's
EDITORIAL_INLINES = (paragraph_label, annotation_marker, nodes.raw)


_SPACES = re.compile(r"\s+")


def normalise(text: str) -> tuple[str, list[int]]:
    """The normalised text, and for each of its characters the source offset.

    Quote marks map one to one; each run of whitespace becomes one space,
    which stands at the offset where the run began.
    """
    translated = text.translate(_QUOTES)
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _SPACES.finditer(translated):
        start, end = match.span()
        pieces.append(translated[position:start])
        offsets.extend(range(position, start))
        pieces.append(" ")
        offsets.append(start)
        position = end
    pieces.append(translated[position:])
    offsets.extend(range(position, len(text)))
    return "".join(pieces), offsets


def normalise_quote(quote: str) -> str:
    return normalise(quote.strip())[0]


@dataclass
class Segment:
    """One text node of a paragraph, or a line break (node None)."""

    node: nodes.Text | None
    start: int
    end: int


def segments(paragraph: nodes.paragraph) -> tuple[str, list[Segment]]:
    """The author's text of *paragraph* and the text nodes that hold it."""
    parts: list[str] = []
    found: list[Segment] = []
    position = 0

    def walk(node: nodes.Node) -> None:
        nonlocal position
        for child in node.children:
            if isinstance(child, line_break):
                # a line break reads as a space (a quote may cross it)
                parts.append(" ")
                found.append(Segment(None, position, position + 1))
                position += 1
                continue
            if isinstance(child, EDITORIAL_INLINES):
                continue
            if isinstance(child, nodes.Text):
                text = str(child)
                parts.append(text)
                found.append(Segment(child, position, position + len(text)))
                position += len(text)
            elif isinstance(child, nodes.Element):
                walk(child)

    walk(paragraph)
    return "".join(parts), found


def paragraph_text(paragraph: nodes.paragraph) -> str:
    return segments(paragraph)[0]


@dataclass
class Match:
    paragraph: nodes.paragraph
    start: int  # offsets in the paragraph's author text
    end: int


def normalised_paragraph(paragraph: nodes.paragraph) -> tuple[str, list[int]]:
    """The paragraph's normalised text, computed once per paragraph.

    Wrapping a quote splits text nodes but never changes the text, so the
    value stays right for every later note on the paragraph.
    """
    cached = getattr(paragraph, "_edition_normalised", None)
    if cached is None:
        cached = normalise(segments(paragraph)[0])
        paragraph._edition_normalised = cached
    return cached


def find_in_paragraph(paragraph: nodes.paragraph, quote: str) -> list[Match]:
    norm, offsets = normalised_paragraph(paragraph)
    needle = normalise_quote(quote)
    matches = []
    if not needle:
        return matches
    start = norm.find(needle)
    while start >= 0:
        end = start + len(needle) - 1
        if _whole_words(norm, start, end + 1):
            matches.append(Match(paragraph, offsets[start], offsets[end] + 1))
        start = norm.find(needle, start + 1)
    return matches


def _whole_words(text: str, start: int, end: int) -> bool:
    """A quote matches whole words: "the" is not in "them", nor "war" in "award".

    Checked only at an end of the quote that is a letter or digit, so a quote
    may still begin or end with punctuation.
    """
    if text[start].isalnum() and start > 0 and text[start - 1].isalnum():
        return False
    if text[end - 1].isalnum() and end < len(text) and text[end].isalnum():
        return False
    return True


def find_passage(paragraphs: list[nodes.paragraph], quote: str) -> list[Match]:
    """Every place in *paragraphs* whose text equals *quote*."""
    found: list[Match] = []
    for paragraph in paragraphs:
        found.extend(find_in_paragraph(paragraph, quote))
    return found


def wrap(match: Match, note: str, kind: str, marker: annotation_marker) -> None:
    """Wrap the matched text in highlights and put *marker* after the last.

    The author's characters are split between text nodes, never changed.
    """
    _, parts = segments(match.paragraph)
    covered = [s for s in parts if s.node is not None and s.start < match.end and s.end > match.start]
    last_highlight = None
    for index, segment in enumerate(covered):
        text = str(segment.node)
        cut_from = max(match.start, segment.start) - segment.start
        cut_to = min(match.end, segment.end) - segment.start
        parent = segment.node.parent
        position = parent.index(segment.node)
        replacement: list[nodes.Node] = []
        if cut_from:
            replacement.append(nodes.Text(text[:cut_from]))
        highlight = annotation_highlight("", nodes.Text(text[cut_from:cut_to]),
                                         note=note, kind=kind, part=index)
        replacement.append(highlight)
        if cut_to < len(text):
            replacement.append(nodes.Text(text[cut_to:]))
        parent.replace(segment.node, replacement)
        last_highlight = highlight
        del position
    if last_highlight is not None:
        parent = last_highlight.parent
        parent.insert(parent.index(last_highlight) + 1, marker)
