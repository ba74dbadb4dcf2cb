"""The WordPress reader: a WordPress (AMP) page saved as text.

Such a page is a few lines of plain site chrome around one line of HTML
whose punctuation is written as entities (``class&equals;"wpa"``,
``<&sol;p>``)::

    Site icon The Word 360          <- the site's name
    Why the Corner Bakery Sells Out <- the title, repeated
    ...
    &Tab;<div class&equals;"wpcnt">...<p>The bakery ...<&sol;p>...
    Exit mobile version             <- the closing chrome: the page is whole

We cut the chrome off, decode the entities once, parse the result with lxml
through BeautifulSoup, drop the site's ads and every active element, and read
what is left as the article (:mod:`.page`).
"""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup

from .page import (Article, ImportError_, PageInfo, _short, assemble, check_markup_closed,
                   clean_text, normalise, read_article, remove_active_content)

NAME = "wordpress"
LABEL = "WordPress"

#: WordPress.com's ad block ("Advertisements" and its slot).
AD_CONTAINERS = "div.wpcnt, div.wpa, .wpa-about"
#: The first chrome line names the site; the last says the page is whole.
SITE_ICON = "Site icon "
CLOSING_CHROME = "Exit mobile version"
# A line holding markup: a tag opens on it (the page writes "</" as "<&sol;").
_MARKUP_LINE = re.compile(r"<(?:[A-Za-z!/]|&sol;)")
# Tags whose punctuation is written as entities: how these pages are saved
# ("<&sol;p>" closes a paragraph, "class&equals;" names an attribute).
_ENCODED_TAGS = (re.compile(r"<&sol;[A-Za-z][\w-]*>"), re.compile(r"<[A-Za-z][\w-]*\s[^<>]*?&equals;"))


def looks_like(page: str) -> str | None:
    """Why *page* looks like a saved WordPress page, or None if it does not.

    The markers are the ones this reader relies on: markup whose punctuation
    is written as entities (decoded once, here), or the plain chrome lines
    around it.
    """
    for pattern in _ENCODED_TAGS:
        encoded = pattern.search(page)
        if encoded:
            return f"its tags are written with entities ({_short(encoded.group(0), 30)!r})"
    lines = [line.strip() for line in page.split("\n") if line.strip()]
    if lines and lines[0].startswith(SITE_ICON):
        return f"it opens with the site chrome line {_short(lines[0])!r}"
    if lines and lines[-1] == CLOSING_CHROME:
        return f"it closes with the site chrome line {CLOSING_CHROME!r}"
    return None


def split_page(page: str) -> tuple[list[str], str, list[str]]:
    """The plain chrome lines before the markup, the markup, and those after it.

    The chrome before the markup (site name, the title repeated) is not the
    article; the chrome after it ("Exit mobile version") is how we know the
    page arrived whole.
    """
    lines = page.split("\n")
    marked = [i for i, line in enumerate(lines) if _MARKUP_LINE.search(line)]
    if not marked:
        return [line for line in lines if line.strip()], "", []
    first, last = marked[0], marked[-1]
    before = [line.strip() for line in lines[:first] if line.strip()]
    closing = [line for line in lines[last + 1:] if line.strip()]
    return before, "\n".join(lines[first:last + 1]), closing


def page_info(before: list[str], soup: BeautifulSoup) -> PageInfo:
    """The site's name and the title from the chrome; an address if the markup has one."""
    publisher = next((line[len(SITE_ICON):].strip() for line in before
                      if line.startswith(SITE_ICON)), None)
    titles = [clean_text(line).strip() for line in before if not line.startswith(SITE_ICON)]
    url = None
    for selector, attribute in (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content")):
        node = soup.select_one(selector)
        if node is not None and re.match(r"https?://", node.get(attribute) or ""):
            url = node[attribute].strip()
            break
    return PageInfo(title=titles[0] if titles else None, publisher=publisher or None, url=url)


def parse_article(page: str, origin: str = "page") -> Article:
    """Parse the saved WordPress *page* into an :class:`~.page.Article`."""
    before, markup, closing = split_page(page)
    # One decoding pass: the page encodes punctuation, tags included, as
    # entities. Decoding before parsing is what turns it back into HTML.
    markup = html.unescape(markup)
    check_markup_closed(markup, origin)
    soup = BeautifulSoup(markup, "lxml")
    info = page_info(before, soup)
    remove_active_content(soup)
    for node in soup.select(AD_CONTAINERS):
        node.decompose()
    article = assemble(read_article(soup.body, origin), soup.body, origin, info=info)
    if not closing:
        tail = normalise(markup[-40:])
        raise ImportError_(f"{origin}: the page looks truncated: nothing follows its markup "
                           f"(no closing site lines after {_short(tail)!r})")
    return article
