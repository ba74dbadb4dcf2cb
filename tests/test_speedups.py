"""The build speed-ups (edition_speedups) change how fast, never what: the
same output with them on and off; each stands for a fix that belongs
upstream, and a test here fails once upstream has it, so it can go."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

from conftest import warnings_of

FIXTURE = Path(__file__).parent / "roots" / "test-citation-labels"


def build(srcdir: Path, speedups: bool) -> Path:
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True, status=StringIO(), warning=StringIO(),
                        confoverrides={"edition_speedups": speedups})
    try:
        app.build()
        assert warnings_of(app) == []
        return Path(app.outdir)
    finally:
        app.cleanup()


def pages(outdir: Path) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in sorted(outdir.rglob("*"))
            if p.is_file() and p.suffix in {".html", ".js", ".jsonld"}}


def test_same_output_with_and_without(tmp_path):
    threshold = gc.get_threshold()
    off = pages(build(shutil.copytree(FIXTURE, tmp_path / "off"), False))
    on_dir = shutil.copytree(FIXTURE, tmp_path / "on")
    on = pages(build(on_dir, True))
    assert off and on == off
    # the process collects garbage as before once the build is over
    assert gc.get_threshold() == threshold and gc.get_freeze_count() == 0
    # the decoded LaTeX is kept for the next build
    assert (on_dir / "_build" / "doctrees" / "annotated-edition-latex.json").is_file()


def _fresh(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_pybtex_still_scans_entry_points_on_every_look_up():
    """Fails when pybtex caches its entry points: then drop cache_pybtex_entry_points."""
    assert _fresh("import importlib.metadata as m, pybtex.plugin as p; "
                  "print(p.entry_points is m.entry_points)") == "True"


def test_pybtex_still_decodes_latex_on_every_call():
    """Fails when pybtex (or latexcodec) stops decoding a string twice: then
    drop cache_pybtex_latex_decoding."""
    code = """
import codecs
calls = []
real = codecs.decode
codecs.decode = lambda s, name="utf-8", *a: (calls.append(name), real(s, name, *a))[1]
from pybtex.richtext import Text
for _ in range(2):
    Text.from_latex("Caf{\\\\'e} au lait")
print(calls.count("ulatex"))
"""
    assert _fresh(code) == "2"
