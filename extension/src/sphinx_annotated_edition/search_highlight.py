"""Sphinx's search-term highlighting, fetched only by a page that has terms to highlight.

Opt-in (``edition_defer_search_highlight = True``). Sphinx links
``sphinx_highlight.js`` (2 KB gzipped) from every HTML page, though the
script acts only on a page opened from the search page: ``searchtools.js``
leaves the searched words in ``localStorage`` (``sphinx_highlight_terms``),
and older links carry them as ``?highlight=``. With this on, every page but
the search page carries instead ``static/search-highlight-loader.js``, as a
part of ``annotated-edition.js`` (page_script.py; a few hundred bytes), which
fetches Sphinx's script when one of the two is there, and only then; the words are highlighted as before. The search page
keeps Sphinx's script: its results are highlighted by it. Sphinx did the
same for ``language_data.js``, which only the search page needs
(sphinx-doc/sphinx#8419, "language_data.js is loaded from all pages").
"""

from __future__ import annotations

from pathlib import Path

from . import page_script
from .assets import versioned, web_builder

HIGHLIGHT = "sphinx_highlight.js"
LOADER = "search-highlight-loader.js"


def defer_highlighting(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: the loader (a part of annotated-edition.js,
    page_script.py) instead of Sphinx's script, on every page but search
    (connected only when the setting is on, features.py)."""
    if not web_builder(app.builder):
        return
    if templatename == "search.html":
        return
    scripts = context.get("script_files")
    if not isinstance(scripts, list) or page_script.page_tag(context) is None:
        return  # no loader on the page: Sphinx's script stays
    linked = [s for s in scripts if str(getattr(s, "filename", s)) == f"_static/{HIGHLIGHT}"]
    if not linked:
        return  # a theme or a Sphinx that does not link it: nothing to defer
    for script in linked:
        scripts.remove(script)
    # the deferred script runs after doctools.js, which Sphinx's needs
    static = Path(app.outdir) / "_static"
    page_script.add_settings(context, {"data-highlight": versioned(static, HIGHLIGHT)})
