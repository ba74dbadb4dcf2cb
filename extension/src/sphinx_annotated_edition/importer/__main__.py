"""Command line: ``python -m importer [PAGE] [--chapters DIR] [--bib FILE]``."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Callable

from .check import check_outputs
from .page import ImportError_, labelled, parse_article, read_page
from .writer import render


STRUCTURES = """\
What the page may hold:
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
  refused  anything else (h1, dl, pre, del/s, q, aside, a heading inside a
           list, quotation or table, ol reversed, lettered or with li value=,
           table cells spanning columns or rows, ragged or nested tables, a
           caption after the rows): the import fails with one line naming
           the element and its section.

The import fails, writing nothing, if the page looks truncated (an element
left open, a tag or comment cut, no site chrome after the markup), or if the
written chapters do not hold every character of the article's text in order.
Any failure leaves the chapters and the bibliography as they were."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m sphinx_annotated_edition.importer",
        # raw, for the epilog's table: the description is wrapped by hand
        description=(
            "Import a scraped article page (HTML-entity-encoded, with site chrome\n"
            "and ads around it) into verbatim MyST chapters, one per section, and\n"
            "a BibTeX file of the article's reference list. Nothing is written\n"
            "unless the whole import succeeds."
        ),
        epilog=STRUCTURES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("page", type=Path, help="the page as received")
    parser.add_argument("--chapters", type=Path, default=Path("chapters"),
                        help="folder of chapter files, replaced whole (default: %(default)s)")
    parser.add_argument("--bib", type=Path, default=Path("bibliography") / "article.bib",
                        help="BibTeX file for the article's references (default: %(default)s)")
    return parser


def _missing_dirs(folder: Path) -> list[Path]:
    """The folders to create for *folder* to exist, outermost first.

    Said before anything is written: a file where a folder must be fails now.
    """
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    if not folder.is_dir():
        raise ImportError_(f"cannot write into {folder}: it is not a folder")
    return missing[::-1]


def _check_targets(chapters_dir: Path, bib_path: Path) -> list[Path]:
    """Refuse targets that cannot be replaced; return the folders to create."""
    if chapters_dir.exists() and not chapters_dir.is_dir():
        raise ImportError_(f"--chapters {chapters_dir}: is a file, not a folder")
    if bib_path.is_dir():
        raise ImportError_(f"--bib {bib_path}: is a folder, not a file")
    missing = _missing_dirs(chapters_dir.parent)
    return missing + [d for d in _missing_dirs(bib_path.parent) if d not in missing]


def _remove(path: Path | None) -> None:
    if path is None or not os.path.lexists(path):
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def write_outputs(chapters: dict[str, str], bibtex: str, chapters_dir: Path, bib_path: Path,
                  check: Callable[[Path, Path], None] | None = None) -> None:
    """Stage every output beside its target, *check* it, then swap all or nothing.

    On any failure, before or during the swap, the chapters folder and the
    bibliography are as they were, and nothing of ours is left: the staged
    files, the old chapters and any folder we had to create are removed.
    """
    missing = _check_targets(chapters_dir, bib_path)
    created: list[Path] = []
    staging = bib_tmp = holder = None
    done = False
    try:
        for folder in missing:
            folder.mkdir()
            created.append(folder)
        staging = Path(tempfile.mkdtemp(prefix=f".{chapters_dir.name}-", dir=chapters_dir.parent))
        for name, text in sorted(chapters.items()):
            (staging / name).write_text(text, encoding="utf-8", newline="\n")
        fd, name = tempfile.mkstemp(prefix=f".{bib_path.name}-", dir=bib_path.parent)
        bib_tmp = Path(name)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(bibtex)
        os.chmod(bib_tmp, 0o644)
        os.chmod(staging, 0o755)
        if check is not None:
            check(staging, bib_tmp)
        # the old chapters wait here until the new ones are in
        holder = Path(tempfile.mkdtemp(prefix=f".{chapters_dir.name}-old-", dir=chapters_dir.parent))
        _swap(staging, bib_tmp, chapters_dir, bib_path, holder)
        staging = bib_tmp = None  # swapped in: theirs now
        done = True
    finally:
        for path in (staging, bib_tmp, holder):
            _remove(path)
        if not done:
            for folder in reversed(created):
                shutil.rmtree(folder, ignore_errors=True)


def _swap(staging: Path, bib_tmp: Path, chapters_dir: Path, bib_path: Path, holder: Path) -> None:
    """Chapters, then the bibliography; if the second fails, the first is undone."""
    old = holder / chapters_dir.name
    had_old = chapters_dir.exists()
    if had_old:
        chapters_dir.rename(old)
    try:
        staging.rename(chapters_dir)
    except BaseException:
        if had_old:
            old.rename(chapters_dir)
        raise
    try:
        os.replace(bib_tmp, bib_path)
    except BaseException:
        chapters_dir.rename(staging)  # the new chapters go back to be removed
        if had_old:
            old.rename(chapters_dir)
        raise


def summary(article) -> str:
    kinds = Counter(kind for section in article.sections for kind, _ in labelled(section.blocks))
    parts = [f"{kinds.pop('paragraph', 0)} paragraphs"]
    parts += [f"{count} {kind}{'s' if count != 1 else ''}" for kind, count in sorted(kinds.items())]
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        article = parse_article(read_page(args.page), origin=str(args.page))
        chapters, bibtex = render(article, args.page.name)
        write_outputs(chapters, bibtex, args.chapters, args.bib,
                      check=lambda folder, bib: check_outputs(article, folder, bib))
    except ImportError_ as exc:
        print(f"import failed: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"import failed: cannot write output ({exc})", file=sys.stderr)
        return 1
    print(f"imported {len(chapters)} chapters, {summary(article)} and "
          f"{len(article.references)} references from {args.page.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
