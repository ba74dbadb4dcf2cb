"""What a note renders to, builder by builder, kept as regression files.

One chapter with a fact-check note (with a verdict) and a context note
(roots/test-rendering) is built with html, epub, latex and text; the part of
each output that holds the chapter is compared with a file in
tests/test_rendering/, and so is the doctree the notes are made of. A change
to a visitor, a label or the doctree shows as a diff a reviewer can read.
After a change meant to be seen, write the files again with
``pytest tests/test_rendering.py --force-regen`` and review the diff.

Each file is kept per docutils line (``test_html-docutils0.22.html``): the
package supports two, and they write the same doctree a little differently
(``True`` or ``1`` for a flag, a section's ids in another order). Run the
package's tests on the oldest versions (``make test-oldest``) with
``--force-regen`` to write that line's files.
"""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOTS, warnings_of

CHAPTER = "chapters/01-harbour"


@pytest.fixture
def regression(file_regression, request):
    """``file_regression.check`` into this docutils line's file."""
    import docutils

    line = ".".join(docutils.__version__.split(".")[:2])

    def check(text: str, extension: str) -> None:
        file_regression.check(text, extension=extension, encoding="utf-8",
                              basename=f"{request.node.name}-docutils{line}")

    return check


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """``build(builder) -> (outdir, srcdir, doctree text)``, each builder once."""
    from sphinx.testing.util import SphinxTestApp

    done: dict[str, tuple[Path, Path, str]] = {}

    def run(builder: str) -> tuple[Path, Path, str]:
        if builder not in done:
            srcdir = shutil.copytree(ROOTS / "test-rendering", tmp_path_factory.mktemp(builder) / "src")
            app = SphinxTestApp(builder, srcdir=srcdir, freshenv=True, status=StringIO(), warning=StringIO())
            try:
                app.build()
                assert warnings_of(app) == []
                doctree = app.env.get_doctree(CHAPTER).pformat()
            finally:
                app.cleanup()
            done[builder] = (Path(app.outdir), srcdir, doctree)
        return done[builder]

    return run


def content_div(page: Path) -> str:
    """The page's content div, prettified one tag or text a line.

    Sphinx's own heading permalinks (``a.headerlink``) and the theme's
    ``div.clearer`` are left out: they are not the layer's, and what the
    permalinks say changes between Sphinx versions.
    """
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("div.body")
    assert body is not None, f"{page}: no div.body"
    for node in body.select("a.headerlink, div.clearer"):
        node.decompose()
    return body.prettify()


def test_html(build, regression):
    outdir, _, _ = build("html")
    regression(content_div(outdir / f"{CHAPTER}.html"), ".html")


def test_epub(build, regression):
    outdir, _, _ = build("epub")
    regression(content_div(outdir / f"{CHAPTER}.xhtml"), ".xhtml")


def test_latex(build, regression):
    """The lines of the .tex from the chapter's heading to the next chapter's."""
    outdir, _, _ = build("latex")
    (tex,) = outdir.glob("*.tex")
    lines = tex.read_text(encoding="utf-8").splitlines()
    start = lines.index(r"\chapter{The harbour}")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(r"\chapter{"))
    # the \sphinxstepscope Sphinx writes before the next heading belongs to it
    while lines[end - 1].strip() in ("", r"\sphinxstepscope"):
        end -= 1
    regression("\n".join(lines[start:end]) + "\n", ".tex")


def test_text(build, regression):
    outdir, _, _ = build("text")
    regression((outdir / f"{CHAPTER}.txt").read_text(encoding="utf-8"), ".txt")


def test_doctree(build, regression):
    """The chapter's pickled doctree, source paths made relative to the project."""
    _, srcdir, doctree = build("html")
    for prefix in {str(srcdir), str(Path(srcdir).resolve())}:
        doctree = doctree.replace(prefix + "/", "")
    assert str(Path(srcdir).resolve().parent) not in doctree
    regression(doctree, ".xml")
