"""Sphinx configuration for the annotated teaching edition."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

HERE = Path(__file__).parent.resolve()

with open(HERE / "source" / "provenance.toml", "rb") as _f:
    PROVENANCE = tomllib.load(_f)["article"]

# -- Project -----------------------------------------------------------------
project = "Why Russia Is Still Attacking Ukraine: an annotated teaching edition"
author = "The editors (article by The Word 360)"
copyright = "2026, the editors; the article © its author and The Word 360"
version = "1.0"
release = version
language = "en"
root_doc = "index"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "sphinx_annotated_edition",
]

# Sources that are not pages of the book: the article as received, code,
# tests, the virtual environment, the repository's README and build output.
exclude_patterns = [
    "_build",
    ".venv",
    "venv",
    "source",
    "tests",
    "extension",  # the package: its own docs, tests and sources
    "tools",  # the vendoring script of the student notes (and any node_modules)
    "README.md",
    "Thumbs.db",
    ".DS_Store",
    ".pytest_cache",
    "**/.*",
]

# -- Strictness ------------------------------------------------------------
# Read the Docs passes -W --keep-going but not -n: nitpicky lives here.
nitpicky = True
# The author's quotes, apostrophes and dashes are kept exactly: never let
# docutils "smarten" straight quotes or turn -- into a dash.
smartquotes = False

# -- MyST -------------------------------------------------------------------
# No raw HTML from sources (docutils.conf also disables the raw directive);
# no "substitution" extension: it renders Jinja unsandboxed.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_disable_syntax = ["html_block", "html_inline"]
myst_heading_anchors = 0
# one description for every page (search engines, link previews)
myst_html_meta = {
    "description lang=en": "An annotated teaching edition of an opinion article on why "
    "Russia is still attacking Ukraine: the author's text verbatim, with the editors' "
    "fact-checks, context, glossary, timeline and classroom material.",
}

# -- Bibliography -------------------------------------------------------------
bibtex_bibfiles = ["bibliography/article.bib", "bibliography/sources.bib"]
# Labels a reader can trace: "Associated Press 2025b" names one source, and
# the text shows the same label as the list (see the extension's citations.py)
bibtex_default_style = "edition-author-year"
bibtex_reference_style = "label"
# the PDF keeps each list under its own heading instead of one list at the end
edition_citations_in_place = True

# -- The editorial layer (the sphinx-annotated-edition package, extension/) ---
edition_editors = "The editors of the annotated teaching edition"
edition_chapters_dir = "chapters"
edition_annotations_dir = "annotations"
edition_annotations_suffix = ".md"
# the importer's target before each paragraph, and the label a reader sees
edition_paragraph_target = "p{chapter}.{paragraph}"
edition_paragraph_label = "¶{chapter}.{paragraph}"

# The editorial vocabulary (editors-guide.md, "Kinds and verdicts"). The
# labels are the package's own messages, so its catalogs translate them.
edition_annotation_kinds = {
    "fact-check": {"label": "Fact-check", "motivation": "assessing", "verdict": True,
                   "description": "Checks a factual claim against sources and gives a verdict."},
    "context": {"label": "Context", "motivation": "describing",
                "description": "Background a reader needs to follow the passage."},
    "counterpoint": {"label": "Counterpoint", "motivation": "commenting",
                     "description": "A serious published view that differs from the author's."},
    "update": {"label": "Update", "motivation": "commenting", "as_of": True,
               "description": "What changed after the article was published, as of a date."},
    "rhetoric": {"label": "Reading closely", "motivation": "commenting", "factual": False,
                 "description": "How the passage argues: wording, framing, evidence offered."},
}
# best supported first; ratings are schema.org ClaimReview's, 5 best to 1 worst
edition_verdicts = {
    "supported": {"label": "Supported", "rating": 5,
                  "description": "The sources support the claim as stated."},
    "dated": {"label": "Supported but dated", "rating": 4,
              "description": "True for the time the article describes; later sources give newer figures."},
    "partly-supported": {"label": "Partly supported", "rating": 3,
                         "description": "Part of the claim holds; part is contested or unsupported."},
    "overstated": {"label": "Overstated", "rating": 3,
                   "description": "The direction is right but the claim goes further than the evidence."},
    "misleading": {"label": "Misleading", "rating": 2,
                   "description": "Facts in it are real but the claim gives a wrong impression."},
    "contradicted": {"label": "Contradicted", "rating": 1,
                     "description": "The sources contradict the claim."},
    "unverifiable": {"label": "Cannot be checked", "rating": None,
                     "description": "An opinion or prediction, or no reliable source settles it."},
}
# schema.org ClaimReview: the article is an opinion piece
edition_claim_review_item_type = "OpinionNewsArticle"
# where the reader's show/hide switches are remembered (localStorage)
edition_controls_storage_key = "annotated-edition:hidden"

# The features beyond the notes, each switched on here
edition_classroom = True  # objectives, discussion questions, reading times
edition_chapter_cards = True  # the landing page's chapter cards
edition_glossary_links = True  # chapters link glossary terms; entries link back
edition_w3c_export = True  # annotations.jsonld
edition_claim_review = True  # schema.org ClaimReview in the chapter pages
# every editorial claim cites a source: a factual note without one fails the build
edition_factual_notes_cite = True
# every note says when the editors last checked it (:reviewed:); the exports
# carry that date, and `make review` lists the notes older than AGE days
edition_review_dates = True
# workarounds for slow parts of pybtex and of garbage collection (see the
# extension's speedups.py); they change no output
edition_speedups = True
# Sphinx's search-term highlighting (2 KB gzipped) fetched only by a page opened
# from a search, instead of by every page (the extension's search_highlight.py)
edition_defer_search_highlight = True
# Sphinx's doctools.js, sphinx_highlight.js and searchtools.js written minified,
# as the extension's own are (0.5 KB gzipped off every page's doctools.js)
edition_minify_sphinx_scripts = True
# readers' own notes on the text, kept in their browser (the "My notes" page)
edition_student_notes = True
edition_source = {
    "title": PROVENANCE["title"],
    "publisher": PROVENANCE["publisher"],
    "date": PROVENANCE["published"].isoformat(),
    "url": "https://" + PROVENANCE["address"],
}

# `{edition-downloads}` on the landing page: what `make site` (and Read the
# Docs) put in _build/html/downloads beside the pages
edition_downloads = [
    ("The book (PDF)", "annotated-edition.pdf",
     "the article with every note, the glossary, the timeline and the bibliography"),
    ("Reading copy (PDF)", "reading-copy.pdf",
     "the article alone, with its paragraph labels and no notes, for the first reading"),
    ("Worksheet, A4 (PDF)", "worksheet-a4.pdf", "one page, to print for each student"),
    ("Worksheet, US Letter (PDF)", "worksheet-letter.pdf", "the same on Letter paper"),
    ("Answer key (PDF)", "answer-key.pdf",
     "the editors' suggested answers to every chapter's discussion questions, for the teacher"),
    ("E-book (EPUB)", "annotated-edition.epub", "the book for an e-reader"),
    ("Reading copy, e-book (EPUB)", "reading-copy.epub", "the article alone, for an e-reader"),
    ("The editors' notes as W3C Web Annotations (JSON-LD)", "/annotations.jsonld",
     "for annotation tools"),
]

# `make cartridge`: the teacher's module of the course package
edition_cartridge_links = [
    ("Teacher's guide", "teachers-guide"),
    ("Worksheet", "handout"),
    ("Reading copy: the article alone, for the first reading", "reading-copy"),
    ("About this edition", "about"),
]

# -- Reproducible output ----------------------------------------------------
# Sphinx honours SOURCE_DATE_EPOCH for dates it prints; the Makefile sets it
# from the last commit, so two builds of one commit are byte-identical.
today_fmt = "%d %B %Y"

# -- HTML -----------------------------------------------------------------------
html_theme = "furo"
html_title = "Why Russia Is Still Attacking Ukraine — annotated edition"
html_static_path = []
# a local icon: without one, browsers ask for /favicon.ico and log a 404
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
html_theme_options = {
    "top_of_page_buttons": [],
    "navigation_with_keys": True,
}

# -- LaTeX / PDF ----------------------------------------------------------------
# One `make latexpdf` writes five PDFs, each with its theme in _latex/themes
# (paper size, and a class in _latex/ saying what kind of document it is):
#   annotated-edition.pdf    the book: the article, its notes, every page
#   reading-copy.pdf         the article alone, for a first reading: no notes
#   worksheet-a4.pdf         the student worksheet (handout.md) on one A4 page
#   worksheet-letter.pdf     the same on one US Letter page
#   answer-key.pdf           the teacher's answer key (answer-key.md)
# Read the Docs offers the first as the edition's PDF.
latex_engine = "pdflatex"
latex_theme_path = ["_latex/themes"]
latex_additional_files = [
    # over Sphinx's own: Read the Docs's latexmk, given no file, builds the book
    "_latex/latexmkrc",
    "_latex/editiondesign.sty",
    "_latex/editionbook.cls",
    "_latex/editionreading.cls",
    "_latex/editionworksheet.cls",
    "_latex/editionkey.cls",
]
_LATEX_TITLE = "Why Russia Is Still Attacking Ukraine"
latex_documents = [
    # toctree_only: the landing page's own text is for the web
    (root_doc, "annotated-edition.tex", _LATEX_TITLE, edition_editors, "edition-book", True),
    # the chapters of reading-copy.md's toctree, and nothing else
    ("reading-copy", "reading-copy.tex", _LATEX_TITLE, edition_editors, "edition-reading-copy", True),
    ("handout", "worksheet-a4.tex", "Student worksheet", "The editors", "edition-worksheet-a4", False),
    ("handout", "worksheet-letter.tex", "Student worksheet", "The editors",
     "edition-worksheet-letter", False),
    ("answer-key", "answer-key.tex", "Answer key to the discussion questions", "The editors",
     "edition-answer-key", False),
]


def _tex(text: str) -> str:
    """*text* for LaTeX, its special characters escaped."""
    special = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
               "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}
    return "".join(special.get(c, c) for c in text)


def _chapter_numbers() -> str:
    """``\\editionchapternumber{chapters/06-…}{6}`` for every chapter: the PDF
    numbers the article's chapters as their paragraph labels do (chapter 6
    holds ¶6.1, ¶6.2, …) and leaves the front and back matter unnumbered."""
    lines = []
    for path in sorted((HERE / "chapters").glob("*.md")):
        found = re.search(r"^edition-chapter:\s*(\d+)\s*$", path.read_text(encoding="utf-8"), re.M)
        if found:
            lines.append(rf"\editionchapternumber{{chapters/{path.stem}}}{{{found.group(1)}}}")
    return "\n".join(lines)


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}"  # 1 December 2026


def _latex_date() -> str:
    """The edition's date: the day of the last commit (SOURCE_DATE_EPOCH, as
    the Makefile sets it), so two builds of one commit print the same."""
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return _day(dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC))


latex_elements = {
    # TeX Gyre: Termes for text, Heros for headings, Cursor for code; with T1
    # they carry every character of the article (curly quotes, dashes).
    # (Paper and type size are the themes'.)
    "fontpkg": r"""
\usepackage{tgtermes}
\usepackage{tgheros}
\usepackage{tgcursor}
""",
    "fontenc": r"\usepackage[T1]{fontenc}",
    # chapter heads are _latex/editiondesign.sty's
    "fncychap": "",
    "maketitle": r"\editionmaketitle",
    "tableofcontents": r"\editiontableofcontents",
    "preamble": r"""
\usepackage{textcomp}
\setlength{\headheight}{14pt}
\DeclareUnicodeCharacter{00A0}{~}
% Marks the editor's guide lists among those the quote matching treats alike;
% T1 has no glyph for these four, so they are drawn from their look-alikes.
\DeclareUnicodeCharacter{201B}{\textquoteleft}
\DeclareUnicodeCharacter{201F}{\textquotedblleft}
\DeclareUnicodeCharacter{2032}{\ensuremath{\prime}}
\DeclareUnicodeCharacter{2033}{\ensuremath{\prime\prime}}
% the apostrophe (modifier letter) of a source's headline in the bibliography
\DeclareUnicodeCharacter{02BC}{\textquoteright}
% The edition's facts, for the title pages
"""
    + rf"""\newcommand*{{\editionarticletitle}}{{“{_tex(edition_source["title"])}”}}
\newcommand*{{\editionpublisher}}{{{_tex(edition_source["publisher"])}}}
\newcommand*{{\editionpublished}}{{{_tex(_day(PROVENANCE["published"]))}}}
\newcommand*{{\editionbooktitle}}{{{_tex(project)}}}
\newcommand*{{\editionversion}}{{{_tex(version)}}}
\newcommand*{{\editiondate}}{{{_tex(_latex_date())}}}
"""
    + "% The article's chapters, numbered as their paragraph labels\n"
    + _chapter_numbers()
    + r"""
\usepackage{editiondesign}
""",
    "printindex": "",
    # chapters start on the next page, not the next right-hand one: no blank
    # pages when a class prints the reader
    "extraclassoptions": "openany,oneside",
}
# Footnotes are lost inside the boxed notes; addresses are in the bibliography.
latex_show_urls = "no"
latex_domain_indices = False

# -- EPUB -------------------------------------------------------------------------
epub_title = "Why Russia Is Still Attacking Ukraine: an annotated teaching edition"
epub_author = author
epub_publisher = "The editors"
epub_copyright = copyright
# One identifier for the OPF and the NCX (epubcheck NCX-001); an XML name,
# as Sphinx requires of epub_uid.
epub_uid = "annotated-edition-theword360-why-russia-is-still-attacking-ukraine"
epub_identifier = epub_uid
epub_scheme = "unknown"
epub_show_urls = "footnote"
# The contents list: every page of the book in reading order, one entry each.
# "includehidden": the chapters' toctree on the landing page is hidden (the
# chapter cards stand in for it), and the default scope would leave out the
# whole article. Depth 1: a page's own headings (the editor's guide alone has
# fourteen) are for its page, not for the book's contents.
epub_tocscope = "includehidden"
epub_tocdepth = 1
# .buildinfo.bak: Sphinx 9 keeps the old build info beside the new after a config change
epub_exclude_files = ["search.html", ".buildinfo", ".buildinfo.bak"]


# -- Page weight -------------------------------------------------------------------
#: stylesheets and scripts every page gets, and the markup that needs them
_ASSETS_ONLY_FOR = {
    # sphinx-design: 55 KB of CSS and a tab script, for the landing page's cards
    "sphinx-design": r'class="[^"]*\bsd-',
    "design-tabs": r'class="[^"]*\bsd-',
    # Pygments' colours (light and dark, 2.2 KB gzipped): every rule in it is
    # under ``.highlight``, which only a code block writes; the chapters have none
    "pygments.css": r'class="highlight"',
    # furo's styles for other extensions (1.2 KB gzipped): each rule needs a
    # class those extensions write (copybutton's in a code block, a card,
    # inline tabs, a panel) or the ids of furo's Read the Docs sidebar, kept
    # below. Its ``[role=main] .container`` also matches a docutils container
    # (the chapters' classroom blocks), but only undoes the padding and width
    # Bootstrap gives sphinx-panels' containers, which a docutils one has not:
    # tests/test_browser.py adds the sheet to every chapter and sees no change.
    "furo-extensions.css": r'class="(?:[^"]*\s)?(?:sd-|tab-|(?:highlight|shadow|sphinx-bs)[\s"])',
}
#: furo writes the ids its Read the Docs rules style only where this is in the context
_KEPT_ON_READTHEDOCS = {"furo-extensions.css"}


def _drop_unused_assets(app, pagename, templatename, context, doctree):
    """Load an extension's assets only on the pages that use them: a chapter
    then fetches 80 KB less before its first paint, on a phone's link too."""
    body = context.get("body", "")
    unused = {name for name, used_by in _ASSETS_ONLY_FOR.items() if not re.search(used_by, body)}
    if context.get("READTHEDOCS"):
        unused -= _KEPT_ON_READTHEDOCS

    def keep(asset) -> bool:
        return not any(name in str(getattr(asset, "filename", asset)) for name in unused)

    context["css_files"] = [c for c in context.get("css_files", []) if keep(c)]
    context["script_files"] = [s for s in context.get("script_files", []) if keep(s)]


# -- Accessibility: the theme's own markup, made valid ARIA (HTML only) ------------
# The edition's, not the package's: installing sphinx-annotated-edition
# changes nothing about how docutils' nodes or a theme render.
# Both wrap the translator's own visitor and amend only the attribute at fault,
# so everything else stays as Sphinx and docutils write it.

def visit_title_html(self, node: nodes.title) -> None:
    """A toctree caption (the sidebar's and the landing page's section names)
    is ``<p role="heading">``: a heading role needs ``aria-level`` (axe
    aria-required-attr, the Nu checker's "missing required attribute")."""
    start = len(self.body)
    type(self).visit_title(self, node)
    for i in range(start, len(self.body)):
        part = self.body[i]
        if part.startswith("<p") and 'role="heading"' in part and "aria-level" not in part:
            self.body[i] = part.replace('role="heading"', 'role="heading" aria-level="2"', 1)


def visit_citation_html(self, node: nodes.citation) -> None:
    """A bibliography entry is ``role="doc-biblioentry"``, a role DPUB-ARIA 1.1
    deprecates (axe aria-deprecated-role); with the role not counted, the
    ``role="list"`` around the entries seems to own their links instead of list
    items (axe aria-required-children). A plain list item is what the
    deprecation note recommends."""
    start = len(self.body)
    type(self).visit_citation(self, node)
    for i in range(start, len(self.body)):
        self.body[i] = self.body[i].replace('role="doc-biblioentry"', 'role="listitem"')



def setup(app):
    from docutils import nodes

    app.connect("html-page-context", _drop_unused_assets)
    # docutils' own nodes: override=True replaces the HTML translator's visitor
    # (epub uses it too); the wrappers above call the original
    app.add_node(nodes.title, override=True, html=(visit_title_html, None))
    app.add_node(nodes.citation, override=True, html=(visit_citation_html, None))
