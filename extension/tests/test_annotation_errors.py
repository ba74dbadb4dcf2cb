"""Every mistake in an annotations file is a warning with its file and line,
its type and subtype, and what to do; with -W it stops the build."""

from __future__ import annotations

import pytest

from conftest import warnings_of

A = "annotations/01-first.md"
EXPECTED = {
    "quote_not_found": f"{A}:3: WARNING: quote 'The sea is wide' matches no passage in "
    "chapters/01-first.md; copy it exactly from the chapter (only spaces and quote marks "
    "are normalised) [annotation.quote_not_found]",
    "quote_ambiguous": f"{A}:9: WARNING: quote 'river is wide' matches 2 passages in "
    "chapters/01-first.md (¶1.1, ¶1.2); add :paragraph: to choose one [annotation.quote_ambiguous]",
    "unknown_kind": f"{A}:15: WARNING: unknown annotation kind 'opinion'; use one of: fact-check, "
    "context, counterpoint, update, rhetoric (or add one in edition_annotation_kinds) "
    "[annotation.unknown_kind]",
    "unknown_verdict": f"{A}:21: WARNING: unknown verdict 'probably'; use one of: supported, dated, "
    "partly-supported, overstated, misleading, contradicted, unverifiable [annotation.unknown_verdict]",
    "missing_verdict": f"{A}:28: WARNING: this fact-check note needs a :verdict: (one of: supported, "
    "dated, partly-supported, overstated, misleading, contradicted, unverifiable) "
    "[annotation.missing_verdict]",
    "duplicate_id": f"{A}:41: WARNING: duplicate annotation id 'same-id' (first at line 34); give "
    "one of them another :id: [annotation.duplicate_id]",
    "missing_as_of": f"{A}:48: WARNING: this update note needs :as-of: YYYY-MM-DD, the date its "
    "information is current to [annotation.missing_as_of]",
    "ambiguous_in_paragraph": f"{A}:54: WARNING: quote 'The river is' matches 2 times in ¶1.1; "
    "add :occurrence: N (1–2) to choose one [annotation.quote_ambiguous]",
    # MyST's own warnings from a note body point at the annotations file too
    "myst_in_note_body": f"{A}:64: WARNING: Unknown interpreted text role \"nosuchrole\". "
    "[myst.role_unknown]",
    "orphan_file": "annotations/07-missing.md:1: WARNING: annotations file with no matching "
    "chapter: expected a chapter chapters/07-missing; rename the file after its chapter, or remove it "
    "[annotation.orphan_file]",
}


@pytest.fixture(scope="module")
def error_warnings(rootdir, tmp_path_factory):
    """One build of the fixture with every mistake, shared by the cases."""
    import shutil
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path_factory.mktemp("errors") / "src"
    shutil.copytree(rootdir / "test-errors", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True, status=StringIO(), warning=StringIO())
    try:
        app.build()
        return warnings_of(app)
    finally:
        app.cleanup()


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_mistake_is_reported_at_its_line(error_warnings, case):
    assert EXPECTED[case] in error_warnings


def test_nothing_else_is_reported(error_warnings):
    assert sorted(error_warnings) == sorted(EXPECTED.values())


def test_warnings_stop_a_strict_build(tmp_path, rootdir):
    from conftest import run_sphinx

    result = run_sphinx(rootdir / "test-errors", tmp_path, "html")
    assert result.returncode != 0
    assert "[annotation.quote_not_found]" in result.stderr
