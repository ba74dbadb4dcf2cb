"""Citations a reader can trace: one label, one source, in the text and in
the list (roots/test-citation-labels); in LaTeX each list stays under its
own heading; and a mistake in a citation is reported where it is written
(roots/test-citations)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build_project, warnings_of

ROOT = Path(__file__).parent / "roots" / "test-citation-labels"


def build(tmp_path: Path, builder: str) -> Path:
    outdir, warnings = build_project(shutil.copytree(ROOT, tmp_path / "src"), builder)
    assert warnings == []
    return outdir


def test_labels_tell_sources_apart_in_date_order(tmp_path):
    out = build(tmp_path, "html")
    soup = BeautifulSoup((out / "references.html").read_text(encoding="utf-8"), "lxml")
    labels = {}
    for entry in soup.select(".citation"):
        label = entry.select_one(".label").get_text().strip("[]")
        labels[label] = " ".join(entry.get_text(" ").split())
    assert sorted(labels) == ["Another Publisher 2022", "Smith and Jones 2023", "Wire Agency 2024",
                              "Wire Agency 2025a", "Wire Agency 2025b", "Wire Agency 2025c"]
    # the letters follow the dates, not the order of citing
    assert "The early report" in labels["Wire Agency 2025a"]
    assert "The middle report" in labels["Wire Agency 2025b"]
    assert "The late report" in labels["Wire Agency 2025c"]


def test_text_shows_the_label_of_the_entry_it_links_to(tmp_path):
    out = build(tmp_path, "html")
    refs = BeautifulSoup((out / "references.html").read_text(encoding="utf-8"), "lxml")
    label_of = {c["id"]: c.select_one(".label").get_text().strip("[]") for c in refs.select(".citation[id]")}
    page = BeautifulSoup((out / "chapters" / "01-one.html").read_text(encoding="utf-8"), "lxml")
    links = page.select('a[href*="references.html#"]')
    assert len(links) == 6
    for link in links:
        assert link.get_text() == label_of[link["href"].split("#", 1)[1]]


def test_latex_keeps_each_list_under_its_heading(tmp_path):
    tex = (build(tmp_path, "latex") / "labels.tex").read_text(encoding="utf-8")
    first = tex.index(r"\section{First list}")
    second = tex.index(r"\section{Second list}")
    items = [m.start() for m in re.finditer(r"\\bibitem\[", tex)]
    assert len(items) == 6
    assert all(first < i < second for i in items[:5]) and second < items[5]
    assert "sphinxthebibliography" not in tex  # nothing gathered at the end
    assert r"\bibitem[Wire Agency 2025a]" in tex


@pytest.mark.sphinx("html", testroot="citations", freshenv=True)
def test_citation_mistakes_are_reported_where_they_are_written(app):
    app.build()
    assert sorted(warnings_of(app)) == [
        'annotations/01-one.md:5: WARNING: could not find bibtex key "no-such-key" [bibtex.key_not_found]',
        "annotations/01-one.md:8: WARNING: this context note cites no source; every factual note "
        "names one with {cite:p}`key` (or make it a note that states no facts) "
        "[annotation.missing_citation]",
    ]
