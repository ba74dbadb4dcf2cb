"""Helpers for the tests of the ``annotated-edition`` command and its importer.

Kept out of ``conftest.py`` on purpose: the command's tests import them by
name (``from cli_support import ...``). Nothing here reads an edition: the
pages are the small ones in ``pages/``, written for these tests.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

# the package suite's own, re-exported for the command's tests
from conftest import STRICT, assert_clean_build, need_tool, run_sphinx  # noqa: F401

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
#: a saved WordPress page of a short article: chrome, ads, entity-encoded markup
WORDPRESS_PAGE = PAGES / "library-wordpress.txt"
#: a plain HTML article page, as a browser saves it: <article> in <main>
HTML_PAGE = PAGES / "footbridge.html"
#: a WordPress page with every structure the importer keeps
STRUCTURES = PAGES / "structures.txt"
#: the smallest WordPress page, for the refusals
MINIMAL = PAGES / "minimal.txt"
#: the console script pip installed beside this Python
CLI = Path(sys.executable).parent / "annotated-edition"
#: the flags of every strict build: a warning is an error
#: the seed page's encoding of punctuation, for snippets written as plain HTML
ENTITIES = {".": "&period;", ",": "&comma;", ":": "&colon;", "/": "&sol;", "=": "&equals;",
            "_": "&lowbar;", "\n": "&NewLine;"}


def run_cli(*args: str | Path, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``annotated-edition ARGS`` as a user would, through the console script."""
    assert CLI.exists(), f"{CLI} is missing: install the package (pip install -e extension)"
    return subprocess.run([str(CLI), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          env=env, check=False)


def run_import(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``annotated-edition import ARGS``."""
    return run_cli("import", *args, cwd=cwd)


def invoke(*args: str | Path) -> subprocess.CompletedProcess:
    """``annotated-edition ARGS`` in this process: what it prints and returns.

    The same ``main()`` the console script calls, without the second or two
    a new process spends importing Sphinx; for the many refusals. Its
    ``args`` are the console script's, as :func:`run_cli` would give them.
    """
    from sphinx_annotated_edition import cli

    argv = [str(arg) for arg in args]
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # argparse: --help, or a usage error
            code = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess([str(CLI), *argv], code, out.getvalue(), err.getvalue())


def invoke_import(*args: str | Path) -> subprocess.CompletedProcess:
    """``annotated-edition import ARGS`` in this process (:func:`invoke`)."""
    return invoke("import", *args)


def encode(markup: str) -> str:
    """Plain HTML written as the WordPress pages write it."""
    return "".join(ENTITIES.get(c, c) for c in markup)


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under *folder*, hidden ones too, with a file's bytes."""
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


def assert_refused(result: subprocess.CompletedProcess, *words: str,
                   prefix: str = "import failed: ") -> str:
    """One line on stderr, exit status 1, saying *words*.

    The words must be in the message itself, not only in a path it names
    (paths hold the tests' names): every path argument is replaced first.
    """
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(prefix), result.stderr
    message = lines[0]
    paths = [str(arg) for arg in result.args[1:] if "/" in str(arg)]
    for path in sorted(paths, key=len, reverse=True):
        message = message.replace(path, "PATH")
    for word in words:
        assert word in message, (word, lines[0])
    return message


def require_latexmk() -> str:
    """For the slow PDF builds: ``latexmk``, which Sphinx's ``latexpdf`` runs."""
    path = need_tool("latexmk", "latexmk")
    need_tool("pdflatex", "texlive-latex-recommended")
    return path
