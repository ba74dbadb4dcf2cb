"""``python -m sphinx_annotated_edition.importer``: ``annotated-edition import``
under its older name, with the same arguments."""

from __future__ import annotations

import argparse
import sys

from . import command


def build_parser() -> argparse.ArgumentParser:
    return command.configure(argparse.ArgumentParser(prog="python -m sphinx_annotated_edition.importer"))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
