"""The ``annotated-edition`` command (also ``python -m sphinx_annotated_edition``).

* ``annotated-edition import PAGE`` re-imports an edition's chapters from a
  saved page (:mod:`.importer`);
* ``annotated-edition new DIR --from PAGE`` makes a new edition of a page
  (:mod:`.scaffold`).

Every expected failure is one line on stderr and exit status 1; argparse's
own usage errors exit with 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .importer import command as import_command
from .importer.page import ImportError_

PROG = "annotated-edition"

DESCRIPTION = """\
Make and maintain annotated editions of an article with Sphinx: the
article's words kept verbatim in chapters, the editors' notes beside them,
checked at every build."""

EPILOG = f"""\
Start a new edition of a saved page:
  {PROG} new my-edition --from page.html
  cd my-edition && make html

Re-import an edition's chapters after the page was saved again:
  {PROG} import source/page.html

'{PROG} COMMAND --help' tells more about each command."""

NEW_DESCRIPTION = """\
Make a new edition of a saved article page in DIR, as sphinx-quickstart
makes a project: conf.py, index.md, the article's chapters (imported, as
'annotated-edition import' does), one empty annotations file per chapter,
the article's BibTeX when it has a reference list, a Makefile (html,
latexpdf, epub, test, import), requirements.txt, .readthedocs.yaml and a
test that builds the edition strictly. The page is kept in source/.

DIR must be new or empty. Nothing is left behind if the page cannot be
imported: see 'annotated-edition import --help' for what a page may hold."""


def _new_parser(parser: argparse.ArgumentParser) -> None:
    parser.description = NEW_DESCRIPTION
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("folder", metavar="DIR", type=Path,
                        help="the edition's folder: new, or empty")
    parser.add_argument("--from", dest="page", metavar="PAGE", type=Path, required=True,
                        help="the article's page as saved (WordPress text or plain HTML)")
    import_command.add_reader_argument(parser, "see 'annotated-edition import --help'")
    parser.add_argument("--title", help="the edition's title (default: the article's title, "
                                        "then ': an annotated edition')")
    parser.add_argument("--editors", default="The editors",
                        help="who the notes are by (default: %(default)s)")
    parser.set_defaults(run=run_new)


def run_new(args: argparse.Namespace) -> int:
    from .scaffold import create_edition

    try:
        edition = create_edition(args.folder, args.page, args.reader, args.title, args.editors)
    except ImportError_ as exc:
        print(f"new edition failed: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"new edition failed: cannot write it ({exc})", file=sys.stderr)
        return 1
    article = edition.article
    references = len(article.references)
    print(f"read with the {edition.reader.label} reader ({edition.why})")
    print(f"created {edition.folder}: {len(edition.chapters)} chapters and as many empty "
          f"annotations files, {references} reference{'s' if references != 1 else ''}"
          f"{'' if references else ' (no bibliography)'}, theme {edition.theme}")
    print()
    print("Next steps:")
    print(f"  cd {edition.folder}")
    print("  make html       # _build/html/index.html; without an active virtual environment")
    print("                  # this first makes .venv from requirements.txt")
    print(f"  then write notes in annotations/ (one file per chapter: {edition.chapters[0]} ...)")
    print("  and build again; make latexpdf, make epub and make test build the rest")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    import_command.configure(commands.add_parser(
        "import", help="import a saved page into an edition's chapters (and BibTeX)"))
    _new_parser(commands.add_parser(
        "new", help="make a new edition of a saved page, ready to build"))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
