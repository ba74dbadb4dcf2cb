"""Anchoring on a fixture project: notes attach to exact passages, wrap the
author's text without changing it, and are numbered in reading order."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import warnings_of


def chapter(app):
    html = (app.outdir / "chapters" / "01-first.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "lxml")


@pytest.mark.sphinx("html", testroot="anchoring", freshenv=True)
def test_notes_attach_to_their_passages(app):
    app.build()
    assert warnings_of(app) == []
    soup = chapter(app)
    marks = {}
    for mark in soup.select("mark.annotation-highlight"):
        marks.setdefault(mark["data-note"], []).append(mark.get_text())
    assert marks == {
        # the second "The river is" of ¶1.1, chosen with :occurrence: 2
        "fact-check-the-river-is": ["The river is"],
        # a quote crossing <em>: one highlight per text run
        "counterpoint-it-is-very-cold": ["it is ", "very cold"],
        # straight quotes in the quote match the author's curly ones
        "update-the-long-winter": ["“the long winter”"],
        "context-river": ["said the river is wide"],
        "rhetoric-nobody-agreed": ["Nobody ‘agreed’"],
    }
    p11 = soup.select_one("#p1-1")
    assert p11.select("mark")[0].find_previous(string=True) == "The river is wide. "


@pytest.mark.sphinx("html", testroot="anchoring", freshenv=True)
def test_the_authors_text_is_unchanged(app):
    app.build()
    soup = chapter(app)
    for node in soup.select(".editorial"):
        node.decompose()
    texts = [p.get_text() for p in soup.select("p.edition-paragraph")]
    assert texts == [
        "The river is wide. The river is deep, and it is very cold in winter.",
        "She called it “the long winter” and said the river is wide.",
        "Nobody ‘agreed’ to anything.",
        "First line of a verse.\nSecond line of the verse.",
    ]
    assert soup.select_one("#p1-4 br") is not None


@pytest.mark.sphinx("html", testroot="anchoring", freshenv=True)
def test_notes_are_numbered_in_reading_order_and_placed_after_their_paragraph(app):
    app.build()
    soup = chapter(app)
    markers = [(m["data-note"], m.get_text()) for m in soup.select("a.annotation-marker")]
    assert markers == [
        ("fact-check-the-river-is", "1.1"),
        ("counterpoint-it-is-very-cold", "1.2"),
        ("update-the-long-winter", "1.3"),
        ("context-river", "1.4"),
        ("rhetoric-nobody-agreed", "1.5"),
    ]
    for note_id, _ in markers:
        aside = soup.select_one(f"aside#{note_id}")
        assert "annotation" in aside["class"] and "editorial" in aside["class"]
        assert f"kind-{aside['data-kind']}" in aside["class"]
        # the note follows the paragraph that holds its marker
        paragraph = soup.select_one(f'a.annotation-marker[data-note="{note_id}"]').find_parent("p")
        assert aside.find_previous_sibling("p", class_="edition-paragraph") is paragraph
        assert aside.select_one(".annotation-back")["href"] == f"#mark-{note_id}"


@pytest.mark.sphinx("html", testroot="anchoring", freshenv=True)
def test_note_headers_show_kind_verdict_and_date(app):
    app.build()
    soup = chapter(app)
    fact = soup.select_one("aside#fact-check-the-river-is")
    assert fact.select_one(".annotation-badge").get_text() == "Fact-check"
    assert fact.select_one(".annotation-verdict").get_text() == "Verdict: Supported"
    assert "verdict-supported" in fact["class"]
    update = soup.select_one("aside#update-the-long-winter")
    assert update.select_one(".annotation-asof").get_text() == "As of February 2026"


@pytest.mark.sphinx("html", testroot="anchoring", freshenv=True)
def test_notes_index_counts_and_links_both_ways(app):
    app.build()
    soup = BeautifulSoup((app.outdir / "notes.html").read_text(encoding="utf-8"), "lxml")
    table = soup.select_one("table.annotation-counts")
    rows = [[c.get_text(strip=True) for c in row.select("td")] for row in table.select("tbody tr")]
    assert rows == [
        ["1. The first chapter", "1", "1", "1", "1", "1", "5"],
        ["All chapters", "1", "1", "1", "1", "1", "5"],
    ]
    entry = soup.select_one("#entry-context-river").find_parent("li")
    assert entry.select_one("a")["href"] == "chapters/01-first.html#context-river"
    back = chapter(app).select_one("aside#context-river .annotation-to-index").parent
    assert back["href"] == "../notes.html#entry-context-river"
