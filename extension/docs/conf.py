"""Sphinx configuration of the sphinx-annotated-edition documentation.

The documentation is built with the package itself: ``demo/`` is a small
edition (two chapters of an invented council notice, their annotations files
and a bibliography), so the notes, the notes index and the vocabulary tables
the reference pages describe are rendered here by the code they describe.

Build it strictly, as the tests do (``tests/test_docs.py``)::

    python -m sphinx -W --keep-going -n -b html extension/docs /tmp/docs-out
"""

from __future__ import annotations

import os
from importlib import metadata

from sphinx_annotated_edition import DEFAULT_ANNOTATION_KINDS

# -- Project -----------------------------------------------------------------
project = "sphinx-annotated-edition"
author = "The editors of the annotated teaching edition"
copyright = "2026, the editors"
try:
    release = metadata.version("sphinx-annotated-edition")
except metadata.PackageNotFoundError:  # built from a checkout without installing
    release = "1.0.0"
version = ".".join(release.split(".")[:2])
language = "en"
root_doc = "index"

extensions = [
    "myst_parser",
    "sphinx_design",  # the demo's chapter cards, and the tabs of the reference
    "sphinxcontrib.bibtex",  # the demo's notes cite their sources
    "sphinx_annotated_edition",
]

# The docs folder builds alone: nothing above it is read (the changelog is
# pulled in by changelog.md), and nothing here that is not a page.
exclude_patterns = [
    "_build",
    "Thumbs.db",
    ".DS_Store",
    "**/.*",
]

# -- Strictness --------------------------------------------------------------
nitpicky = True
# the demo's text is kept as written: no "smart" quotes or dashes
smartquotes = False

# -- MyST ----------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
# no raw HTML in any page, as in an edition
myst_disable_syntax = ["html_block", "html_inline"]
myst_heading_anchors = 0

# -- The demo edition (demo/) ----------------------------------------------------
edition_chapters_dir = "demo/chapters"
edition_annotations_dir = "demo/annotations"
edition_editors = "The editors of the demo edition"
edition_source = {
    "title": "Notice of public consultation: the Mill Lane footbridge",
    "publisher": "Millbrook Town Council",
    "date": "2026-03-02",
    "url": "https://example.org/millbrook/notices/mill-lane-footbridge",
}
# the package's five kinds and one of this project's own: a project that sets
# edition_annotation_kinds gives its whole vocabulary there
edition_annotation_kinds = {
    **DEFAULT_ANNOTATION_KINDS,
    "plain-words": {
        "label": "Plain words",
        "motivation": "describing",
        "factual": False,
        "description": "What an official term means, in everyday words.",
    },
}
edition_factual_notes_cite = True
edition_review_dates = True
edition_student_notes = True
# every feature switch on, so that every directive has something to show
edition_classroom = True
edition_chapter_cards = True
edition_glossary_links = True
edition_w3c_export = True
edition_claim_review = True
# the demo reviews a council notice, not an opinion column
edition_claim_review_item_type = "Article"
edition_downloads = [
    ("The demo's notes as W3C Web Annotations (JSON-LD)", "/annotations.jsonld",
     "every note, for annotation tools"),
]

bibtex_bibfiles = ["demo/sources.bib"]
bibtex_default_style = "edition-author-year"
bibtex_reference_style = "label"

# -- HTML -------------------------------------------------------------------------
html_theme = "furo"
html_title = f"sphinx-annotated-edition {release}"
html_static_path: list[str] = []
html_show_sourcelink = True
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
html_theme_options = {"top_of_page_buttons": [], "navigation_with_keys": True}


# -- Reference entries ------------------------------------------------------------
def setup(app):
    """Object types for the reference pages, so each entry has an id and a role.

    Settings use Sphinx's own ``confval`` and directives and roles the ``rst``
    domain; builders and warning subtypes get types of their own here. The
    ids (``confval-edition_classroom``, ``directive-annotation``,
    ``builder-review``, ``warning-subtype-annotation.quote_not_found``) are
    what ``tests/test_docs.py`` looks for, one per thing the package
    registers.
    """
    app.add_object_type("builder", "builder", indextemplate="pair: %s; builder")
    app.add_object_type("warning-subtype", "subtype", indextemplate="pair: %s; warning subtype")
