"""Parallel and incremental builds are correct: after edits built with
``-j 3`` the export, the ClaimReviews and the notes index equal what a clean
serial build of the same sources writes."""

from __future__ import annotations

import re
import shutil

from conftest import assert_clean_build, run_sphinx

#: what the layer writes from more than one chapter's records
SHARED = ("annotations.jsonld", "notes.html")


def _claim_reviews(html: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)


def _outputs(outdir) -> dict[str, str]:
    html = outdir / "html"
    found = {name: (html / name).read_text(encoding="utf-8") for name in SHARED}
    for page in sorted((html / "chapters").glob("*.html")):
        found[f"claims:{page.name}"] = "\n".join(_claim_reviews(page.read_text(encoding="utf-8")))
    return found


def _edit(srcdir, chapter: str, text: str) -> None:
    path = srcdir / "annotations" / f"{chapter}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("first version", text), encoding="utf-8")


def test_edits_in_two_chapters_built_with_j3_equal_a_clean_serial_build(rootdir, tmp_path):
    srcdir = shutil.copytree(rootdir / "test-parallel-export", tmp_path / "src")
    out = tmp_path / "out"
    assert_clean_build(run_sphinx(srcdir, out, "html", "-j", "3"))
    _edit(srcdir, "02-part", "edited in part two")
    # the second edit also changes what the index lists: a verdict
    _edit(srcdir, "07-part", "edited in part seven")
    notes = srcdir / "annotations" / "07-part.md"
    notes.write_text(notes.read_text(encoding="utf-8").replace(":verdict: supported",
                                                             ":verdict: misleading"), encoding="utf-8")
    assert_clean_build(run_sphinx(srcdir, out, "html", "-j", "3"))
    incremental = _outputs(out)
    assert "edited in part two" in incremental["annotations.jsonld"]
    assert "edited in part seven" in incremental["annotations.jsonld"]

    clean_src = shutil.copytree(srcdir, tmp_path / "clean-src")
    clean_out = tmp_path / "clean-out"
    assert_clean_build(run_sphinx(clean_src, clean_out, "html"))
    clean = _outputs(clean_out)
    assert incremental.keys() == clean.keys()
    for name in clean:
        assert incremental[name] == clean[name], name
