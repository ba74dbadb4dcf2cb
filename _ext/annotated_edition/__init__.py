"""annotated_edition: a Sphinx extension for annotated editions of a text.

It registers:

* a transform that marks a chapter's verbatim text and labels its paragraphs
  (:mod:`.verbatim`), with the ``paragraph_label`` node (:mod:`.nodes`);
* the LaTeX support package and the HTML assets the nodes need.

Nothing in it is specific to one article: a chapter is any document whose
front matter says ``edition-chapter: N``.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from .nodes import PARAGRAPH_LABEL_VISITORS, paragraph_label
from .verbatim import MarkVerbatimText

__version__ = "0.1.0"
STATIC = Path(__file__).parent / "static"
LATEX = Path(__file__).parent / "latex"


def _add_builder_assets(app: Sphinx) -> None:
    if app.builder.format == "latex":
        # copied beside the .tex file; \usepackage'd via add_latex_package
        app.config.latex_additional_files = [
            *app.config.latex_additional_files,
            str(LATEX / "annotatededition.sty"),
        ]
    if app.builder.format == "html":
        app.config.html_static_path = [*app.config.html_static_path, str(STATIC)]
        app.add_css_file("annotated-edition.css")


def setup(app: Sphinx) -> dict:
    app.add_node(paragraph_label, **PARAGRAPH_LABEL_VISITORS)
    app.add_transform(MarkVerbatimText)
    app.add_latex_package("annotatededition")
    app.connect("builder-inited", _add_builder_assets)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
