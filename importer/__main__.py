"""Command line: ``python -m importer [PAGE] [--chapters DIR] [--bib FILE]``."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .page import ImportError_, parse_article, read_page
from .writer import render

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT / "source" / "000_02b05e878edbd70f.txt"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m importer",
        description=(
            "Import a scraped article page (HTML-entity-encoded, with site chrome "
            "and ads around it) into verbatim MyST chapters, one per section, and "
            "a BibTeX file of the article's reference list. Nothing is written "
            "unless the whole import succeeds."
        ),
    )
    parser.add_argument("page", nargs="?", type=Path, default=DEFAULT_SOURCE,
                        help="the page as received (default: %(default)s)")
    parser.add_argument("--chapters", type=Path, default=ROOT / "chapters",
                        help="folder of chapter files, replaced whole (default: %(default)s)")
    parser.add_argument("--bib", type=Path, default=ROOT / "bibliography" / "article.bib",
                        help="BibTeX file for the article's references (default: %(default)s)")
    return parser


def write_outputs(chapters: dict[str, str], bibtex: str, chapters_dir: Path, bib_path: Path) -> None:
    """Write into temporary siblings, then swap, so a failure leaves the old files."""
    chapters_dir.parent.mkdir(parents=True, exist_ok=True)
    bib_path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{chapters_dir.name}-", dir=chapters_dir.parent))
    try:
        for name, text in sorted(chapters.items()):
            (staging / name).write_text(text, encoding="utf-8", newline="\n")
        fd, bib_tmp = tempfile.mkstemp(prefix=f".{bib_path.name}-", dir=bib_path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(bibtex)
        os.chmod(bib_tmp, 0o644)
        os.chmod(staging, 0o755)
        old = None
        if chapters_dir.exists():
            old = chapters_dir.with_name(f".{chapters_dir.name}-old")
            if old.exists():
                shutil.rmtree(old)
            chapters_dir.rename(old)
        staging.rename(chapters_dir)
        os.replace(bib_tmp, bib_path)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        article = parse_article(read_page(args.page), origin=str(args.page))
        chapters, bibtex = render(article, args.page.name)
        write_outputs(chapters, bibtex, args.chapters, args.bib)
    except ImportError_ as exc:
        print(f"import failed: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"import failed: cannot write output ({exc})", file=sys.stderr)
        return 1
    paragraphs = sum(len(s.paragraphs) for s in article.sections)
    print(f"imported {len(chapters)} chapters, {paragraphs} paragraphs and "
          f"{len(article.references)} references from {args.page.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
