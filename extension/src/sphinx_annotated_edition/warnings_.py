"""The extension's warnings: one type, an Enum of subtypes, always a location.

Every warning says what is wrong and what to do; with ``-W`` it stops the
build. Sphinx prints ``path:line: WARNING: message [annotation.subtype]``.
"""

from __future__ import annotations

from enum import Enum

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger("sphinx_annotated_edition")

WARNING_TYPE = "annotation"


class AnnotationWarning(Enum):
    """Subtypes, usable in ``suppress_warnings`` as ``annotation.<value>``."""

    QUOTE_NOT_FOUND = "quote_not_found"
    QUOTE_AMBIGUOUS = "quote_ambiguous"
    QUOTE_EMPTY = "quote_empty"
    UNKNOWN_KIND = "unknown_kind"
    UNKNOWN_VERDICT = "unknown_verdict"
    MISSING_VERDICT = "missing_verdict"
    VERDICT_NOT_ALLOWED = "verdict_not_allowed"
    MISSING_AS_OF = "missing_as_of"
    MISSING_CITATION = "missing_citation"
    BAD_DATE = "bad_date"
    BAD_ID = "bad_id"
    DUPLICATE_ID = "duplicate_id"
    UNKNOWN_PARAGRAPH = "unknown_paragraph"
    BAD_OCCURRENCE = "bad_occurrence"
    ORPHAN_FILE = "orphan_file"
    OUTSIDE_ANNOTATIONS = "outside_annotations"
    CLASSROOM = "classroom"
    BAD_ENCODING = "bad_encoding"
    UNCLOSED_FENCE = "unclosed_fence"
    NESTED_FENCE = "nested_fence"
    UNEXPECTED_CONTENT = "unexpected_content"
    UNSAFE_CONTENT = "unsafe_content"
    EMPTY_BODY = "empty_body"
    DATE_OUT_OF_RANGE = "date_out_of_range"
    ID_COLLISION = "id_collision"
    REPEATS_PARAGRAPH = "repeats_paragraph"
    BAD_CHAPTER = "bad_chapter"
    MISSING_REVIEWED = "missing_reviewed"
    CONFIG = "config"
    FEATURE_OFF = "feature_off"
    CARTRIDGE = "cartridge"


def location_of(node: nodes.Node | None, fallback: str | None = None) -> str | None:
    """``path:line`` of a node parsed from an annotations file."""
    if node is not None and node.source:
        # always with a line: Sphinx reads a location without one as a docname
        return f"{node.source}:{node.line or 1}"
    return fallback


def warn(message: str, subtype: AnnotationWarning, location) -> None:
    logger.warning(message, type=WARNING_TYPE, subtype=subtype.value, location=location)
