"""``annotated-edition import``: a saved page into verbatim chapters and BibTeX.

Also ``python -m sphinx_annotated_edition.importer``, its alias, and
``make import`` in an edition.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from .check import check_outputs
from .page import Article, ImportError_, labelled, read_page
from .readers import CHOICES, Reader, choose_reader
from .staging import write_outputs
from .writer import render

DESCRIPTION = """\
Import a saved article page into verbatim MyST chapters, one per section,
and a BibTeX file of the article's reference list. Nothing is written
unless the whole import succeeds."""

STRUCTURES = """\
Readers (--reader):
  wordpress  a WordPress (AMP) page saved as text: plain site-chrome lines
           around one line of HTML whose punctuation is written as entities
           (<&sol;p>, class&equals;"wpa"); the site's ads are dropped. The page
           ends with its closing chrome line ("Exit mobile version").
  html     a plain HTML page saved by a browser: the article is the page's
           single <article> element, else its single <main>; its first h1 is
           the title (not a chapter); the rest of the page (navigation,
           sidebar, footer) is site chrome. A reference list is optional.
  auto     (the default) wordpress when the page has that reader's markers
           (tags written with entities, or its chrome lines), else html.
           The reader used is said on stdout.

Chapters: text before the first h2 is the first chapter, "Opening" (a
title the edition marks as the editors'); then one chapter per h2. A page
with no h2 is refused. A last section holding only an ordered list of bold
title and link per item is the reference list (the BibTeX), not a chapter.

What the article may hold:
  kept     h2 (one chapter each), h3-h6 (sub-headings), p, ul/ol/li (nested;
           ol with start=), blockquote (a quotation: a MyST ">" block, marked
           as quoted, not the author's own paragraph), table (simple: a
           {list-table}; thead or leading rows of th are its head), caption
           and figcaption (a paragraph of class edition-caption; images are
           never copied), em/i, strong/b, a (http, https, mailto), br,
           sup/sub ({sup} and {sub} roles), code (backticks), and text inside
           span, abbr, cite, mark, small, u, ins, time, kbd and the like.
           Every paragraph, list item, quotation, caption and table cell gets
           a (pN.M)= label, numbered in reading order.
  dropped  active content, never copied: script, style, iframe, img, svg,
           video, form and the like, event handlers, and the site's ads.
  refused  anything else (h1, dl, pre, del/s, q, aside, nav, a heading inside
           a list, quotation or table, ol reversed, lettered or with li
           value=, table cells spanning columns or rows, ragged or nested
           tables, a caption after the rows): the import fails with one line
           naming the element and its section.

The import fails, writing nothing, if the page looks truncated (an element
left open, a tag or comment cut; for wordpress no site chrome after the
markup, for html no closing </html>), or if the written chapters do not hold
every character of the article's text in order. Any failure leaves the
chapters and the bibliography as they were."""


def add_reader_argument(parser: argparse.ArgumentParser, more: str = "see Readers below") -> None:
    parser.add_argument("--reader", choices=CHOICES, default="auto",
                        help="how to read the page: as a saved WordPress page, as a plain "
                             f"saved HTML page, or auto, the default, by its markers ({more})")


def configure(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The import command's arguments, on *parser* (a subcommand's or the alias's)."""
    parser.description = DESCRIPTION
    parser.epilog = STRUCTURES
    # raw, for the epilog's table: the texts are wrapped by hand
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("page", metavar="PAGE", type=Path, help="the page as received (saved)")
    parser.add_argument("--chapters", type=Path, default=Path("chapters"),
                        help="folder of chapter files, replaced whole (default: %(default)s)")
    parser.add_argument("--bib", type=Path, default=Path("bibliography") / "article.bib",
                        help="BibTeX file for the article's references (default: %(default)s)")
    add_reader_argument(parser)
    parser.set_defaults(run=run)
    return parser


def summary(article: Article) -> str:
    kinds = Counter(kind for section in article.sections for kind, _ in labelled(section.blocks))
    parts = [f"{kinds.pop('paragraph', 0)} paragraphs"]
    parts += [f"{count} {kind}{'s' if count != 1 else ''}" for kind, count in sorted(kinds.items())]
    return ", ".join(parts)


def read_article(page: Path, wanted: str = "auto") -> tuple[Article, Reader, str]:
    """The page's article, the reader that read it and why that one."""
    text = read_page(page)
    reader, why = choose_reader(text, wanted)
    return reader.parse(text, str(page)), reader, why


def import_page(page: Path, chapters_dir: Path, bib: Path | None, wanted: str = "auto",
                source_name: str | None = None) -> tuple[Article, Reader, str, dict[str, str]]:
    """Read *page* and write its chapters (and BibTeX) all or nothing, checked.

    A page without a reference list writes no BibTeX file, unless there is
    one at *bib* to replace: it then holds no entries, so no stale reference
    outlives the import.
    """
    article, reader, why = read_article(page, wanted)
    if bib is not None and not article.references and not bib.exists():
        bib = None
    chapters, bibtex = render(article, source_name or page.name)
    write_outputs(chapters, bibtex if bib is not None else None, chapters_dir, bib,
                  check=lambda folder, bib_file: check_outputs(article, folder, bib_file))
    return article, reader, why, chapters


def run(args: argparse.Namespace) -> int:
    try:
        article, reader, why, chapters = import_page(args.page, args.chapters, args.bib, args.reader)
    except ImportError_ as exc:
        print(f"import failed: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"import failed: cannot write output ({exc})", file=sys.stderr)
        return 1
    print(f"read with the {reader.label} reader ({why})")
    print(f"imported {len(chapters)} chapters, {summary(article)} and "
          f"{len(article.references)} references from {args.page.name}")
    return 0
