"""A note's body is as safe as the article: nothing in it runs or loads.

The article's text reaches the page as text only. Note bodies are Markdown
written by editors, and Markdown can ask a page to load things: an image
from another host (a tracker), mathematics (the theme then loads MathJax from
a CDN), raw HTML. Each is refused with its line and what to write instead.
Links are fine: following one is the reader's choice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docutils import nodes

#: addresses that load from another host, or run
_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_SAFE_LINK = re.compile(r"^(?:https?:|mailto:|#)", re.IGNORECASE)


def unsafe_parts(body: nodes.Element) -> Iterator[tuple[nodes.Node, str]]:
    """Each node of *body* that must not be published, with what to do."""
    for node in body.findall(nodes.Element):
        if isinstance(node, nodes.raw):
            yield node, "raw markup is not allowed in a note: write the text itself"
        elif isinstance(node, nodes.image) and _REMOTE.match(node.get("uri", "")):
            yield node, (f"the image {node['uri']!r} would be loaded from another host, which can "
                         "track readers: save it in the project and use a local path")
        elif isinstance(node, (nodes.math, nodes.math_block)):
            yield node, ("mathematics makes the page load MathJax from another host: write the "
                         "formula in words or with Unicode characters (x², ≤)")
        elif isinstance(node, nodes.reference) and node.get("refuri") \
                and _REMOTE.match(node["refuri"]) and not _SAFE_LINK.match(node["refuri"]):
            yield node, (f"the link {node['refuri']!r} is not a web or mail address: "
                         "link with https://, http:// or mailto:")
