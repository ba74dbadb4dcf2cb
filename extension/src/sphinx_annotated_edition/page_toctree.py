"""A page's global toctree, made from its folder's instead of resolved anew.

Sphinx resolves and renders the whole toctree again for every page that asks
for it (``StandaloneHTMLBuilder._get_local_toctree``), and a theme whose
sidebar lists every page (furo) asks on every page: *n* pages resolve *n*
entries *n* times, a third of a build of 200 chapters. What differs from one
page to the next in the same folder is only the page's own entry: Sphinx
gives it, and each of its ancestors, the class ``current``, and links it to
``#``. So the toctree is rendered once per folder (as for a page of that
folder that is in no toctree), and each page's is made from it by marking
its entry as Sphinx would (a page in no toctree, such as the root, an
orphan or the search page, gets it as it is); where that could differ (the page listed twice,
or with an anchor, a tag the marking does not expect, ``only`` directives in
the tables of contents), Sphinx makes it as before. ``tests/test_speedups.py``
compares the two for every page and every toctree of its builds.

Upstream: sphinx-doc/sphinx#14277 ("sphinx-build is too slow in large
projects", open); readthedocs/sphinx_rtd_theme#604 found "the majority of
build time is spent generating the toctree on each page"; pydata-sphinx-theme
caches its sidebar where it does not depend on the page
(pydata/pydata-sphinx-theme#2500).
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable

#: the name a folder's own toctree is rendered for: no page is called so
NEUTRAL = "\x00annotated-edition-folder"

_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)([^<>]*)>")
#: how Sphinx writes the list items it marks, before marking
_LIST_ITEM = re.compile(r'<li class="(toctree-l\d+)">')


def neutral_name(docname: str) -> str:
    """A name in *docname*'s folder that no page has: links from it are the page's."""
    return posixpath.join(posixpath.dirname(docname), NEUTRAL)


def folder_toctree(cache: dict, docname: str, kwargs: dict, render: Callable[[str], str]) -> str:
    """The toctree of *docname*'s folder, rendered once per folder and set of arguments."""
    key = (posixpath.dirname(docname), tuple(sorted(kwargs.items())))
    if key not in cache:
        cache[key] = render(neutral_name(docname))
    return cache[key]


#: elements written without a closing tag (furo's checkbox)
_VOID = frozenset({"input"})


def ancestors(html: str, position: int) -> list[re.Match] | None:
    """The start tags of the elements open at *position*, outermost first;
    None if the tags before it do not nest."""
    open_tags: list[re.Match] = []
    for tag in _TAG.finditer(html, 0, position):
        closing, name, attributes = tag.groups()
        if name in _VOID or attributes.endswith("/"):
            continue
        if closing:
            if not open_tags or open_tags[-1].group(2) != name:
                return None
            open_tags.pop()
        else:
            open_tags.append(tag)
    return open_tags


def apply_edits(html: str, edits: list[tuple[int, int, str]]) -> str:
    """*html* with each (start, end) span replaced by its text."""
    pieces, position = [], 0
    for begin, end, replacement in sorted(edits):
        pieces += [html[position:begin], replacement]
        position = end
    pieces.append(html[position:])
    return "".join(pieces)


def current_list(tag: re.Match) -> str | None:
    """A toctree's ``<ul>`` around the current page's entry, as Sphinx marks
    it; None for any other tag. Sphinx writes a toctree's lists without a
    class; where one has a class (a writer's "simple"), the order the marked
    classes come out in is not certain, so Sphinx makes that toctree."""
    return '<ul class="current">' if tag.group(0) == "<ul>" else None


def mark_current(html: str, href: str) -> str | None:
    """*html* with the entry linking to *href* marked as the current page,
    as Sphinx marks it; None when that is not certain to be Sphinx's result."""
    link = f'<a class="reference internal" href="{href}">'
    start = html.find(link)
    if f'href="{href}#' in html:
        return None  # a link to a section of the page: Sphinx marks it otherwise
    if start < 0:
        # not listed (the root, an orphan, the search page): nothing to mark,
        # unless the page is linked in a form not known here
        return html if f'href="{href}"' not in html else None
    if html.find(link, start + 1) >= 0:
        return None  # listed twice
    open_tags = ancestors(html, start)
    if open_tags is None:
        return None
    edits = [(start, start + len(link), '<a class="current reference internal" href="#">')]
    for tag in open_tags:
        text = tag.group(0)
        if (item := _LIST_ITEM.fullmatch(text)) is not None:
            edits.append((tag.start(), tag.end(), f'<li class="{item.group(1)} current">'))
        elif (marked := current_list(tag)) is not None:
            edits.append((tag.start(), tag.end(), marked))
        else:
            return None  # an element Sphinx's toctree does not put around an entry
    return apply_edits(html, edits)
