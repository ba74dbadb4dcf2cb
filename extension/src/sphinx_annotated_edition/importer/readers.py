"""The readers, and which one reads a page (``--reader auto``)."""

from __future__ import annotations

from typing import Callable, NamedTuple

from . import plain_html, wordpress
from .page import Article

#: what ``--reader`` accepts
CHOICES = ("auto", wordpress.NAME, plain_html.NAME)


class Reader(NamedTuple):
    name: str
    label: str
    parse: Callable[[str, str], Article]


READERS = {
    module.NAME: Reader(module.NAME, module.LABEL, module.parse_article)
    for module in (wordpress, plain_html)
}


def choose_reader(page: str, wanted: str = "auto") -> tuple[Reader, str]:
    """The reader for *page*, and why it was chosen (said on stdout).

    ``auto`` takes the WordPress reader when the page has that reader's
    markers (tags written with entities, or its chrome lines), and the
    plain-HTML reader for any other page.
    """
    if wanted != "auto":
        return READERS[wanted], f"--reader {wanted}"
    reason = wordpress.looks_like(page)
    if reason is not None:
        return READERS[wordpress.NAME], f"detected: {reason}"
    return READERS[plain_html.NAME], "detected: no saved-WordPress markers, so a plain HTML page"
