"""Dates that mean something: every note says when the editors last reviewed
it; the exports carry those dates, never the build's; ``-b review`` lists
exactly the notes older than the age given."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build_project

ROOT = Path(__file__).parent / "roots" / "test-review"
#: the fixture's fourth note has no :reviewed:, so the check is off here
OFF = {"edition_review_dates": False}


def build(srcdir: Path, builder: str, **overrides) -> Path:
    outdir, warnings = build_project(srcdir, builder, **{**OFF, **overrides})
    assert warnings == []
    return outdir


def listed(outdir: Path) -> list[str]:
    return re.findall(r"^  Note (\S+) ", (outdir / "review.txt").read_text(encoding="utf-8"), re.M)


@pytest.mark.parametrize(("max_age", "expected"), [
    # 1.2 reviewed in May (214 days back), 1.3 never, 1.4 current to March (275)
    (90, ["1.2", "1.3", "1.4"]),
    (250, ["1.3", "1.4"]),
    (400, ["1.3"]),
])
def test_review_lists_exactly_the_notes_older_than_the_age(tmp_path, max_age, expected):
    srcdir = shutil.copytree(ROOT, tmp_path / "src")
    outdir = build(srcdir, "review", edition_review_today="2026-12-01", edition_review_max_age=max_age)
    assert listed(outdir) == expected


def test_review_says_why_and_where(tmp_path):
    srcdir = shutil.copytree(ROOT, tmp_path / "src")
    text = (build(srcdir, "review", edition_review_today="2026-12-01", edition_review_max_age=90)
            / "review.txt").read_text(encoding="utf-8")
    assert text.startswith("Notes to check again: 3 (reviewed or current to more than 90 days "
                           "before 2026-12-01)\n")
    assert "Chapter 1: The first chapter" in text
    assert "  Note 1.2 (fact-check), annotations/01-first.md:11\n    on “very cold”\n" \
           "    reviewed 2026-05-01, 214 days ago\n" in text
    assert "as of 2026-03-01, 275 days ago" in text
    assert "never reviewed (no :reviewed:)" in text


def _dates(outdir: Path) -> tuple[dict, dict]:
    export = json.loads((outdir / "annotations.jsonld").read_text(encoding="utf-8"))
    w3c = {item["id"].rsplit(":", 1)[-1]: (item.get("created"), item.get("modified"))
           for item in export["first"]["items"]}
    page = (outdir / "chapters" / "01-first.html").read_text(encoding="utf-8")
    claims = {}
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
        for review in json.loads(block):
            claims[review["url"].rsplit("#", 1)[-1]] = (review["datePublished"], review["dateModified"])
    return w3c, claims, export.get("modified")


def test_export_dates_are_review_dates_not_build_dates(tmp_path, monkeypatch):
    results = []
    for epoch in ("1764979200", "1790000000"):  # two commits, months apart
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        srcdir = shutil.copytree(ROOT, tmp_path / f"src-{epoch}")
        results.append(_dates(build(srcdir, "html")))
    assert results[0] == results[1]
    w3c, claims, modified = results[0]
    assert w3c["fact-check-the-river-is-wide"] == ("2026-11-20T00:00:00Z",) * 2
    assert w3c["fact-check-very-cold"] == ("2026-05-01T00:00:00Z",) * 2
    assert claims == {"fact-check-the-river-is-wide": ("2026-11-20",) * 2,
                      "fact-check-very-cold": ("2026-05-01",) * 2}
    assert w3c["context-the-long-winter"] == (None, None)  # never reviewed: no date at all
    assert modified == "2026-11-30T00:00:00Z"  # the latest review


def test_notes_index_shows_each_review_date(tmp_path):
    srcdir = shutil.copytree(ROOT, tmp_path / "src")
    soup = BeautifulSoup((build(srcdir, "html") / "notes.html").read_text(encoding="utf-8"), "lxml")
    entries = [" ".join(li.get_text(" ").split()) for li in soup.select(".annotation-index-list li")]
    assert len(entries) == 4
    assert [bool(re.search(r"reviewed \d+ \w+ 2026", e)) for e in entries] == [True, True, False, True]
    assert "reviewed 20 November 2026" in entries[0]


def test_summary_says_when_the_notes_were_reviewed_and_follows_an_edit(tmp_path):
    srcdir = shutil.copytree(ROOT, tmp_path / "src")

    def summary() -> str:
        # fresh=False: the second build is an incremental one
        outdir = build_project(srcdir, fresh=False, **OFF)[0]
        soup = BeautifulSoup((outdir / "summary.html").read_text(encoding="utf-8"), "lxml")
        return " ".join(soup.select_one(".annotation-review-summary").get_text().split())

    assert summary() == ("The 3 notes were last reviewed by the editors between 1 May 2026 and "
                         "30 November 2026; each note's date is in the notes index. "
                         "1 note records no review date.")
    notes = srcdir / "annotations" / "01-first.md"
    notes.write_text(notes.read_text(encoding="utf-8").replace(":reviewed: 2026-05-01",
                                                               ":reviewed: 2026-11-01"))
    # an incremental build: the page that summarises is written again
    assert "between 1 November 2026 and 30 November 2026" in summary()


def test_english_dates_are_babels_without_its_locale_data():
    """format_date's English names are what Sphinx and babel give, for every
    month, a day or a month alone; and they need no babel locale data (12 ms
    to load the first time: an eighth of a rebuild after one edited note)."""
    import datetime as dt
    import subprocess
    import sys

    from babel.dates import format_date as babel_format_date
    from sphinx.util.i18n import format_date as sphinx_format_date

    from sphinx_annotated_edition.dates import format_date

    for month in range(1, 13):
        for day in (1, 9, 28):
            iso = f"2026-{month:02d}-{day:02d}"
            want = sphinx_format_date("%-d %B %Y", date=dt.date.fromisoformat(iso), language="en")
            assert format_date(iso, "en") == format_date(iso, None) == want
        want = babel_format_date(dt.date(2026, month, 1), "LLLL y", locale="en")
        assert format_date(f"2026-{month:02d}", "en") == want
    code = ("import babel.localedata as data\n"
            "from sphinx_annotated_edition.dates import format_date\n"
            "print(format_date('2026-02-05', 'en'), format_date('2026-02', 'en'), "
            "sorted(data._cache))")
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout.strip()
    assert printed == "5 February 2026 February 2026 []"
