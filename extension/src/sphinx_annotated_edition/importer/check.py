"""Check the written outputs against the page before they replace anything.

The chapters are parsed back with MyST, set up as ``conf.py`` sets it up,
and their text (every text node; labels, comments, front matter and the
editors' opening title left out; block edges and line breaks as spaces) must
equal the article body's text as the page shows it: every character, in
order, nothing added.  A renderer bug, an escape that shows, an element the
reader forgot: each one fails the import here, not in a reader's hands.
"""

from __future__ import annotations

import io
from pathlib import Path

from docutils import nodes
from docutils.core import publish_doctree

from .page import Article, ImportError_, normalise
from .writer import reference_fields

#: As conf.py and docutils.conf set MyST and docutils up for the edition.
#: Except raw_enabled: docutils.conf says false, and under plain docutils
#: (not under Sphinx) MyST then turns its own hard breaks into warnings.  No
#: raw HTML can be written anyway: the writer escapes every "<".  Config
#: files are not read: they would override these, whatever the working folder.
MYST_SETTINGS = {
    "myst_enable_extensions": ["colon_fence", "deflist"],
    "myst_disable_syntax": ["html_block", "html_inline"],
    "myst_heading_anchors": 0,
    "file_insertion_enabled": False,
    "_disable_config": True,
}
#: What the writer adds that is not the author's text.
_NOT_TEXT = (nodes.docinfo, nodes.comment, nodes.target, nodes.system_message)


def _doctree(text: str, name: str) -> nodes.document:
    from myst_parser.parsers.docutils_ import Parser

    warnings = io.StringIO()
    document = publish_doctree(text, source_path=name, parser=Parser(), settings_overrides={
        **MYST_SETTINGS, "warning_stream": warnings, "report_level": 2, "halt_level": 5})
    problem = warnings.getvalue().strip()
    if problem:
        raise ImportError_(f"{name} does not render cleanly: {normalise(problem)[:160]}")
    return document


def _front_matter(text: str) -> str:
    return text.split("\n---\n", 1)[0] if text.startswith("---\n") else ""


def rendered_text(text: str, name: str) -> str:
    """The text a chapter shows, as :func:`~.page.shown_text` reads the page."""
    document = _doctree(text, name)
    parts: list[str] = []
    skip_title = "\nedition-title: editorial" in _front_matter(text)

    def walk(node: nodes.Element) -> None:
        nonlocal skip_title
        for child in node.children:
            if isinstance(child, nodes.Text):
                parts.append(child.astext())
            elif isinstance(child, nodes.raw):
                parts.append(" ")  # a hard break (<br />, \\)
            elif isinstance(child, nodes.title) and skip_title:
                skip_title = False  # the editors' title for the untitled opening
            elif not isinstance(child, _NOT_TEXT):
                block = not isinstance(child, nodes.Inline)
                parts.append(" " if block else "")
                walk(child)
                parts.append(" " if block else "")

    walk(document)
    return normalise("".join(parts))


def _first_difference(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def check_chapters(article: Article, folder: Path) -> None:
    """Every character of the page's body is in the chapters, in order, and nothing else."""
    texts = [rendered_text(path.read_text(encoding="utf-8"), path.name)
             for path in sorted(folder.glob("*.md"))]
    written = normalise(" ".join(texts))
    if written == article.page_text:
        return
    at = _first_difference(article.page_text, written)
    start = max(0, at - 30)
    raise ImportError_(
        "the chapters do not hold the page's text: after "
        f"{article.page_text[start:at]!r} the page has {article.page_text[at:at + 30]!r}, "
        f"the chapters {written[at:at + 30]!r}")


def _bib_unescape(value: str) -> str:
    return value.replace("\\{", "{").replace("\\}", "}").replace("\\textbackslash{}", "\\")


def check_bibliography(article: Article, path: Path) -> None:
    """The BibTeX file reads back as the page's reference list, entry by entry."""
    try:
        from pybtex.database import parse_string
        from pybtex.scanner import PybtexError
    except ImportError:
        if article.references:
            raise ImportError_(
                "the page has a reference list, and pybtex, which reads the BibTeX back, is not "
                "installed: install sphinx-annotated-edition[bibtex]") from None
        if "@" in path.read_text(encoding="utf-8"):
            raise ImportError_("the bibliography holds entries, the page's reference list none")
        return

    try:
        entries = list(parse_string(path.read_text(encoding="utf-8"), "bibtex").entries.values())
    except PybtexError as exc:
        raise ImportError_(f"the bibliography does not parse: {exc}") from None
    if len(entries) != len(article.references):
        raise ImportError_(f"the bibliography holds {len(entries)} entries, "
                           f"the page's reference list {len(article.references)}")
    for number, (entry, ref) in enumerate(zip(entries, article.references), start=1):
        fields = {name.lower(): value for name, value in entry.fields.items()}
        for person in entry.persons.get("author", []):
            fields["author"] = " ".join(person.last_names)
        for name, value in reference_fields(ref):
            got = fields.get(name, "")
            if name == "author":
                got = got.removeprefix("{").removesuffix("}")
            if _bib_unescape(got) != value:
                raise ImportError_(f"bibliography entry {number}: {name} is {got!r}, not {value!r}")


def check_outputs(article: Article, chapters: Path, bib: Path | None) -> None:
    """The chapters hold the page's text; the BibTeX, when written, its references."""
    check_chapters(article, chapters)
    if bib is not None:
        check_bibliography(article, bib)
