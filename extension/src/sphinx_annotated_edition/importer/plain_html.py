"""The plain-HTML reader: an article page saved by a browser ("Save page as").

The article is the page's single ``<article>`` element or, when there is
none, its single ``<main>``; everything around it (the site's navigation,
header, sidebar, footer) is site chrome and is left out.  Inside it, the
first top-level ``<h1>`` is the article's title: it becomes the edition's
title (``edition_source["title"]``), not a chapter.  The rest is read as the
WordPress reader reads its article (:mod:`.page`): every word is kept or the
page is refused.  The page's ``<title>``, ``og:site_name``, canonical
address and publication date fill in what the article does not say.

A page cut short is refused: an element left open, a tag or comment cut,
or a page that does not end with ``</html>`` (a browser always writes it).
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from .page import (Article, ImportError_, PageInfo, _OPAQUE, assemble, check_markup_closed,
                   clean_text, read_article, remove_active_content)

NAME = "html"
LABEL = "plain HTML"

#: Where a title may stand and still be the article's title, not a heading
#: inside its text: directly in the article or in the containers around it.
_TITLE_PARENTS = frozenset("article main header hgroup div section".split())
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def check_ending(page: str, origin: str) -> None:
    """Refuse a page cut short after its last element: a saved page ends with ``</html>``."""
    ending = _OPAQUE.sub(" ", page).rstrip()
    if not re.search(r"</html\s*>$", ending, re.IGNORECASE):
        tail = clean_text(ending[-40:]).strip()
        raise ImportError_(
            f"{origin}: the page looks truncated: it does not end with </html> (it ends with "
            f"{tail!r}); save the whole page again")


def find_article(soup: BeautifulSoup, origin: str) -> Tag:
    """The page's single ``<article>``, else its single ``<main>``, or a refusal."""
    for name in ("article", "main"):
        found = soup.find_all(name)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ImportError_(
                f"{origin}: the page has {len(found)} <{name}> elements, so which one is the article "
                f"is not clear; the plain-HTML reader takes a page's single <{name}>: save the "
                "article's own page, or delete the others from the saved file")
    raise ImportError_(
        f"{origin}: no <article> or <main> element: the plain-HTML reader takes the article "
        "from a page's single <article> (or <main>); save the article's own page, or, for a "
        "saved WordPress page, use --reader wordpress")


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        node = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if node is not None and (node.get("content") or "").strip():
            return clean_text(node["content"]).strip()
    return None


def take_title(article: Tag) -> str | None:
    """Remove the article's title heading and return its text.

    The first ``<h1>`` whose parents up to the article are containers only;
    any other ``<h1>`` stays in the text, where the reader refuses it.
    """
    for h1 in article.find_all("h1"):
        parent = h1.parent
        while parent is not None and parent is not article and parent.name in _TITLE_PARENTS:
            parent = parent.parent
        if parent is article:
            title = clean_text(h1.get_text()).strip()
            h1.decompose()
            return title or None
        break
    return None


def page_info(soup: BeautifulSoup, article: Tag, title: str | None) -> PageInfo:
    date = None
    time = article.find("time", attrs={"datetime": True})
    for value in (time.get("datetime") if time is not None else None,
                  _meta(soup, "article:published_time", "date", "dcterms.date")):
        if value and _DATE.match(value.strip()):
            date = value.strip()[:10]
            break
    url = None
    canonical = soup.find("link", rel="canonical")
    for value in ((canonical.get("href") if canonical else None), _meta(soup, "og:url")):
        if value and re.match(r"https?://", value.strip()):
            url = value.strip()
            break
    if title is None:
        title = _meta(soup, "og:title")
    if title is None and soup.title is not None:
        title = clean_text(soup.title.get_text()).strip() or None
    return PageInfo(title=title, publisher=_meta(soup, "og:site_name"), date=date, url=url)


def parse_article(page: str, origin: str = "page") -> Article:
    """Parse the saved HTML *page* into an :class:`~.page.Article`."""
    soup = BeautifulSoup(page, "lxml")
    article = find_article(soup, origin)
    # an element left open, or a tag or comment cut: lxml closed them quietly
    check_markup_closed(page, origin)
    check_ending(page, origin)
    title = take_title(article)
    info = page_info(soup, article, title)  # before the head's meta and links go
    remove_active_content(soup)
    # a reference list is the author's choice here, not the page format's
    return assemble(read_article(article, origin), article, origin,
                    references_required=False, info=info)
