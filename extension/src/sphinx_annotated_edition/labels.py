"""Paragraph labels and slugs: one parser, one slug function, for the package.

A paragraph of the text has three names, all made from its chapter and its
place in the chapter (``3`` and ``2``):

* its number, ``3.2``: what records and the ``:paragraph:`` option hold;
* its target, ``p3.2`` (``edition_paragraph_target``): the MyST target the
  importer writes before it, and so its id and the name ``{ref}`` links to;
* its label, ``¶3.2`` (``edition_paragraph_label``): what a reader sees.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


class ParagraphLabels:
    """The three names of a paragraph, under one project's settings."""

    def __init__(self, target_format: str, label_format: str) -> None:
        self.target_format, self.label_format = target_format, label_format
        self._target = _pattern(target_format)
        self._label = _pattern(label_format)

    def number_of_target(self, name: str) -> str | None:
        """``p3.2`` -> ``3.2``; None for a name that is no paragraph's."""
        found = self._target.fullmatch(name)
        return _number(found) if found else None

    def target(self, number: str) -> str:
        chapter, paragraph = number.split(".")
        return self.target_format.format(chapter=chapter, paragraph=paragraph)

    def shown(self, number: str) -> str:
        """``3.2`` -> ``¶3.2``."""
        chapter, paragraph = number.split(".")
        return self.label_format.format(chapter=chapter, paragraph=paragraph)

    def parse(self, value: str) -> str:
        """What an editor writes for a paragraph (``3.2``, ``¶3.2`` or ``p3.2``) -> ``3.2``."""
        value = value.strip()
        for pattern in (_BARE, self._label, self._target):
            found = pattern.fullmatch(value)
            if found:
                return _number(found)
        raise ValueError(f"expected a paragraph label such as 3.2 or {self.shown('3.2')}, not {value!r}")


_BARE = re.compile(r"(?P<chapter>\d+)\.(?P<paragraph>\d+)")


def _pattern(fmt: str) -> re.Pattern:
    parts = re.split(r"(\{chapter\}|\{paragraph\})", fmt)
    groups = {"{chapter}": r"(?P<chapter>\d+)", "{paragraph}": r"(?P<paragraph>\d+)"}
    return re.compile("".join(groups.get(part, re.escape(part)) for part in parts))


def _number(found: re.Match) -> str:
    return f"{int(found['chapter'])}.{int(found['paragraph'])}"


@lru_cache(maxsize=8)
def _labels(target_format: str, label_format: str) -> ParagraphLabels:
    return ParagraphLabels(target_format, label_format)


def paragraph_labels(config) -> ParagraphLabels:
    """The project's paragraph labels (checked at config-inited, see config.py)."""
    return _labels(config.edition_paragraph_target, config.edition_paragraph_label)


def project_key(config, setting: str, purpose: str) -> str:
    """A browser storage key: *setting*'s value, or one made from the project's
    name, so that two editions on one host keep their readers' choices apart."""
    return getattr(config, setting) or f"annotated-edition:{purpose}:{slug(config.project or '', empty='edition')}"


def slug(text: str, limit: int | None = None, words: int | None = None, empty: str = "") -> str:
    """ASCII, lower case, words joined by hyphens: for ids, file names and keys.

    *words* keeps the first that many words; *limit* cuts at the last word
    boundary within that many characters (never inside a word, and never to
    nothing when the first word is longer).
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    found = re.findall(r"[a-z0-9]+", ascii_text.lower())
    if words is not None:
        found = found[:words]
    result = ""
    for word in found:
        candidate = f"{result}-{word}" if result else word
        if limit is not None and len(candidate) > limit and result:
            break
        result = candidate
    return result or empty
