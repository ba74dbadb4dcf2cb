"""Fixtures for the package's own tests: tiny Sphinx projects, never a book.

Every project is a folder under ``roots/`` (``roots/test-<behaviour>/``),
built in this process with sphinx.testing (``@pytest.mark.sphinx(...,
testroot="<behaviour>")`` or :func:`build_project` on a copy) or, where a
test needs what ``sphinx-build`` prints and returns, with :func:`run_sphinx`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

#: the fixture projects, one folder per behaviour
ROOTS = Path(__file__).resolve().parent / "roots"
#: the flags of every strict build: a warning is an error
STRICT = ["-W", "--keep-going", "-n"]
#: a fixed build date, so that what a build writes does not depend on the day
SOURCE_DATE_EPOCH = "1764979200"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Fixture projects for sphinx.testing: roots/test-<name>/."""
    return ROOTS


def warnings_of(app) -> list[str]:
    """The app's warnings, one per line, colours stripped, paths from srcdir."""
    from sphinx.util.console import strip_escape_sequences

    text = strip_escape_sequences(app.warning.getvalue())
    return [line.replace(str(app.srcdir) + "/", "") for line in text.splitlines() if line.strip()]


def build_project(srcdir: Path, builder: str = "html", *, fresh: bool = True,
                  **overrides) -> tuple[Path, list[str]]:
    """Build a fixture project in this process: (its output folder, its warnings).

    The app is always cleaned up, else the next one in the process warns.
    """
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(builder, srcdir=srcdir, freshenv=fresh, confoverrides=overrides,
                        status=StringIO(), warning=StringIO())
    try:
        app.build()
        return Path(app.outdir), warnings_of(app)
    finally:
        app.cleanup()


@contextmanager
def new_app(srcdir: Path, builder: str = "html", **kwargs):
    """A SphinxTestApp that is always cleaned up (else later apps warn)."""
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(builder, srcdir=srcdir, status=StringIO(), warning=StringIO(), **kwargs)
    try:
        yield app
    finally:
        app.cleanup()


def record_activity(app) -> tuple[set, set]:
    """The documents *app*'s build reads and the pages it writes, filled as it runs."""
    read, written = set(), set()
    app.connect("env-before-read-docs", lambda app, env, docnames: read.update(docnames))
    app.connect("html-page-context", lambda app, pagename, *args: written.add(pagename))
    return read, written


def need_tool(command: str, package: str) -> str:
    """The path of *command*; skip (or fail under CI) when it is missing."""
    path = shutil.which(command)
    if path is None:
        message = f"needs `{command}` (Debian package {package})"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must install it")
        pytest.skip(message)
    return path


def run_sphinx(srcdir: Path, outdir: Path, builder: str, *extra: str) -> subprocess.CompletedProcess:
    """Run ``sphinx-build -M builder`` strictly in a new process, as ``make`` does."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)}
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", builder, str(srcdir), str(outdir), *STRICT, *extra],
        # pdflatex's log is not always UTF-8
        capture_output=True, text=True, encoding="utf-8", errors="replace", env=env, check=False,
    )


def assert_clean_build(result: subprocess.CompletedProcess) -> None:
    """The build of :func:`run_sphinx` succeeded and printed no warning."""
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr
    assert "ERROR" not in result.stderr, result.stderr
