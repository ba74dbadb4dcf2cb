"""furo's navigation tree, without parsing the toctree's HTML for every page.

furo turns the toctree Sphinx renders for each page into its sidebar
(``furo.navigation.get_navigation_tree``): it parses the HTML with
BeautifulSoup, gives every entry that has children a checkbox and a label,
marks the current page, and serialises the soup again. The toctree holds
every page of the site, so a site of *n* pages parses *n* entries *n* times;
at 200 chapters that was 37 ms a page, a seventh of the whole build. The
upstream fix is pradyunsg/furo#939 ("Create a shadow DOM tree for faster
(10x) navtree generation", open when this was written).

Here the same result is made from the HTML's tags directly, for the HTML
Sphinx writes and nothing else: a toctree with an entity Sphinx does not
write, a comment, an element or attribute outside the small set below, or
tags that do not nest exactly, goes to furo's own function. Inside that set, BeautifulSoup's
serialisation of what it parsed is the text itself with each tag's
attributes in alphabetical order, so writing the tags so and inserting what
furo inserts gives furo's output byte for byte
(``tests/test_furo_navigation.py`` compares the two on every toctree of its
builds and on thousands of random ones).
"""

from __future__ import annotations

import functools
import re
from typing import Callable

#: elements Sphinx writes in a toctree (titles may carry inline markup); no
#: void element, nothing parsed as raw text, nothing BeautifulSoup reshapes
ELEMENTS = frozenset({
    "a", "abbr", "b", "cite", "code", "dfn", "div", "em", "i", "kbd", "li", "mark", "nav", "ol",
    "p", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "u", "ul", "var",
})
#: attributes BeautifulSoup keeps as one string (``class`` it splits; it is
#: handled below); ``rel``, ``headers`` and the like it would split too
ATTRIBUTES = frozenset({"class", "href", "id", "title", "role", "lang", "dir",
                        "aria-level", "aria-label", "aria-current"})

#: the entities Sphinx's HTML writer makes in text (docutils' ``encode``);
#: BeautifulSoup writes the first three back as they were, the others as
#: the characters themselves
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#64);")
_KEPT = {"&amp;": "&amp;", "&lt;": "&lt;", "&gt;": "&gt;", "&quot;": '"', "&#64;": "@"}
_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?: [a-z][a-z0-9-]*="[^"<>&]*")*)>')
_ATTRIBUTE = re.compile(r' ([a-z][a-z0-9-]*)="([^"<>&]*)"')


class _Element:
    __slots__ = ("name", "attributes", "children")

    def __init__(self, name: str, attributes: list[list[str]]):
        self.name = name
        self.attributes = attributes
        self.children: list = []

    def classes(self) -> list[str] | None:
        for attribute in self.attributes:
            if attribute[0] == "class":
                return attribute[1]
        return None

    def find(self, name: str) -> _Element | None:
        """The first descendant called *name*, in document order (BeautifulSoup's ``find``)."""
        for child in self.children:
            if isinstance(child, _Element):
                if child.name == name:
                    return child
                found = child.find(name)
                if found is not None:
                    return found
        return None

    def text(self) -> str:
        """The element's text, as BeautifulSoup's ``.text`` gives it: characters, not entities."""
        return "".join(_characters(child) if isinstance(child, str) else child.text()
                       for child in self.children if not isinstance(child, _Inserted))

    def elements(self):
        """Every descendant element, in document order."""
        for child in self.children:
            if isinstance(child, _Element):
                yield child
                yield from child.elements()

    def write(self, out: list[str]) -> None:
        out.append("<" + self.name)
        # BeautifulSoup writes attributes in alphabetical order (its Formatter.attributes)
        for name, value in sorted(self.attributes):
            out.append(f' {name}="{" ".join(value) if name == "class" else value}"')
        out.append(">")
        for child in self.children:
            if isinstance(child, _Element):
                child.write(out)
            else:
                out.append(child)
        out.append(f"</{self.name}>")


class _Inserted(str):
    """Markup furo adds: serialised already, and no part of any entry's text."""


def _characters(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _text(text: str) -> str | None:
    """*text* as BeautifulSoup writes it back, or None if it holds markup or
    an entity other than Sphinx's own."""
    if "<" in text or ">" in text:
        return None
    if "&" in text:
        if "&" in _ENTITY.sub("", text):
            return None
        text = _ENTITY.sub(lambda entity: _KEPT[entity.group()], text)
    return text


def _parse(html: str) -> _Element | None:
    """The toctree as a tree, or None when it is not HTML of the kind above."""
    if "\r" in html:
        return None
    root = _Element("", [])
    stack = [root]
    position = 0
    for match in _TAG.finditer(html):
        text = _text(html[position:match.start()])
        if text is None:
            return None
        if text:
            stack[-1].children.append(text)
        position = match.end()
        closing, name, attributes = match.groups()
        if name not in ELEMENTS:
            return None
        if closing:
            if attributes or stack[-1].name != name:
                return None
            stack.pop()
            continue
        pairs = _ATTRIBUTE.findall(attributes)
        names = [pair[0] for pair in pairs]
        if len(set(names)) != len(names) or not set(names) <= ATTRIBUTES:
            return None
        element = _Element(name, [[n, v] for n, v in pairs])
        classes = element.classes()
        if classes is not None:
            # BeautifulSoup splits the value on whitespace and joins it with spaces
            if not classes or classes != " ".join(classes.split()):
                return None
            for attribute in element.attributes:
                if attribute[0] == "class":
                    attribute[1] = classes.split(" ")
        stack[-1].children.append(element)
        stack.append(element)
    rest = _text(html[position:])
    if rest is None or len(stack) != 1:
        return None
    if rest:
        root.children.append(rest)
    return root


@functools.cache
def _controls(number: int, accessible_name: str, checked: bool) -> tuple[str, str]:
    """furo's checkbox and label for the *number*-th entry with children,
    made and serialised by BeautifulSoup, as furo makes them."""
    from bs4 import BeautifulSoup
    from furo.navigation import _get_navigation_expand_image

    soup = BeautifulSoup("", "html.parser")
    name = f"toctree-checkbox-{number}"
    label = soup.new_tag("label", attrs={"for": name})
    label.append(_get_navigation_expand_image(soup))
    checkbox = soup.new_tag("input", attrs={
        "type": "checkbox", "class": ["toctree-checkbox"], "id": name, "name": name,
        "role": "switch", "aria-label": accessible_name,
    })
    if checked:
        checkbox.attrs["checked"] = ""
    return str(checkbox), str(label)


def navigation_tree(toctree_html: str, fallback: Callable[[str], str]) -> str:
    """What ``furo.navigation.get_navigation_tree(toctree_html)`` returns."""
    if not toctree_html:
        return toctree_html
    root = _parse(toctree_html)
    if root is None:
        return fallback(toctree_html)
    count = 0
    last_current = None
    for element in list(root.elements()):
        if element.name != "li":
            continue
        classes = element.classes() or []
        if "current" in classes:
            last_current = element
        if element.find("ul") is None:
            continue
        link = element.find("a")
        if link is None:  # furo fails here; so it should, in its own words
            return fallback(toctree_html)
        classes = [*classes, "has-children"]
        for attribute in element.attributes:
            if attribute[0] == "class":
                attribute[1] = classes
                break
        else:
            element.attributes.append(["class", classes])
        count += 1
        checkbox, label = _controls(count, f"Toggle navigation of {link.text()}", "current" in classes)
        element.children.insert(1, _Inserted(label))
        element.children.insert(1, _Inserted(checkbox))
    if last_current is not None:
        last_current.classes().append("current-page")
    out: list[str] = []
    for child in root.children:
        if isinstance(child, _Element):
            child.write(out)
        else:
            out.append(child)
    return "".join(out)


#: how furo writes the list items and lists around an entry (its classes after Sphinx's)
_ITEM = re.compile(r'<li class="(toctree-l\d+)( has-children)?">')
_CHECKBOX = '<input aria-label="'


def mark_current_page(navigation_html: str, href: str) -> str | None:
    """furo's sidebar for a page, from the sidebar of a page of its folder
    that is in no toctree: the page's entry marked as Sphinx marks it and as
    furo then shows it (``current`` on the entry's list items and lists,
    their checkboxes checked, ``current-page`` on its own item). None where
    that is not certain to be furo's result (page_toctree.py's cases)."""
    from .page_toctree import ancestors, apply_edits, current_list

    link = f'<a class="reference internal" href="{href}">'
    start = navigation_html.find(link)
    if start < 0 or navigation_html.find(link, start + 1) >= 0 or f'href="{href}#' in navigation_html:
        return None
    open_tags = ancestors(navigation_html, start)
    if open_tags is None:
        return None
    edits = [(start, start + len(link), '<a class="current reference internal" href="#">')]
    items = [tag for tag in open_tags if tag.group(2) == "li"]
    for tag in open_tags:
        text = tag.group(0)
        if (item := _ITEM.fullmatch(text)) is not None:
            classes = f"{item.group(1)} current{item.group(2) or ''}"
            if tag is items[-1]:
                classes += " current-page"
            edits.append((tag.start(), tag.end(), f'<li class="{classes}">'))
            if item.group(2):
                # its checkbox: the first after its start tag (before its own list)
                # (BeautifulSoup writes attributes in order: checked after aria-label)
                box = navigation_html.find(_CHECKBOX, tag.end())
                quote = navigation_html.find('"', box + len(_CHECKBOX)) if box >= 0 else -1
                if quote < 0:
                    return None
                edits.append((quote + 1, quote + 1, ' checked=""'))
        elif (marked := current_list(tag)) is not None:
            edits.append((tag.start(), tag.end(), marked))
        else:
            return None
    return apply_edits(navigation_html, edits)
