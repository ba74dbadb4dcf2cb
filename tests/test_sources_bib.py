"""Every entry of bibliography/sources.bib is a source a student can click through.

These tests read the .bib file with pybtex (no Sphinx build). They check what
the file's header comment promises: a real headline as title, a full date (or
a stated reason why there is none), the original's address as an absolute
https `url`, the full address of every copy read in the note, and when it was
read (`urldate`).

SOURCES_BIB may name another file to check (used to see each test fail on a
broken copy without touching the real one).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pybtex.database import parse_file
from pybtex.richtext import Text

ROOT = Path(__file__).resolve().parent.parent
BIB = Path(os.environ.get("SOURCES_BIB", ROOT / "bibliography" / "sources.bib"))

# Title openings that describe a source instead of naming it: the descriptions
# the December 2026 review replaced with the real headlines.
DESCRIPTION_OPENINGS = (
    "Report on", "Reports on", "Statement on", "Statements on", "Article on",
    "Coverage of", "Analysis of", "Assessment of", "Review of", "Estimate of",
    "Estimates of", "Interview with", "Findings on", "Summary of", "Data on",
    "ISW data on", "ISW and Critical Threats Project data on",
    "Glossary entry", "Diplomacy glossary entry", "Oil Market Report of",
    "Sanctions on", "Civilian casualties in", "BOFIT Weekly 7/2026 on",
    "World Economic Outlook, October 2025: forecasts",
)
# A [bracketed] title is allowed only where the note says why the real
# headline cannot be given.
BRACKET_REASONS = ("the bracketed title is supplied by the editors", "SOURCE NOT FOUND")

FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ADDRESS = re.compile(r"https?://[^\s,;]+")
# a domain followed by a path, as in "saudigazette.com.sa/article/654772"
BARE_PATH = re.compile(r"(?<![/\w.-])(?:[\w-]+\.)+[a-z]{2,}/\S*", re.I)
READ_DAY = "2026-12-01"

# Notes in annotations/ and the glossary cite these keys; none may be renamed
# or dropped (duplicates are merged by the editors, not here).
KEYS = """
ap-2025-mar-a-lago ap-2025-drone-record ap-2025-drone-july efe-2025-nightly-drones
afp-2024-gains-2024 ap-2022-mobilisation ap-2022-unga-annexation reuters-2024-putin-terms
ap-2024-putin-terms ap-2024-security-pact ap-2025-riyadh ap-2026-csis-casualties
reuters-2025-energy-pause reuters-2022-deconfliction reuters-2026-oilgas-revenue
reuters-2026-talks-postponed xinhua-2026-abu-dhabi xinhua-2026-geneva
tass-2025-istanbul-memo tass-2026-milmil rusi-2022-lessons isw-2025-gains-2024
isw-2025-gains-2025 isw-2025-war-aims csis-2026-russia-losses iea-2024-winter
iea-2023-omr-june sipri-2025-trends iiss-2025-military-balance iiss-2026-military-balance
ukmod-2023-casualties ukmod-2025-casualties ukmod-2025-annual-losses ohchr-2026-civilians
kse-2024-dual-use imf-2025-weo-oct ustreasury-2025-rosneft-lukoil whitehouse-2025-black-sea
uae-2026-mediation kyivindependent-2024-austin-belousov kyivindependent-2025-guarantees
rferl-2026-jones babel-2022-annexation unn-2025-population unn-2025-istanbul unn-2026-geneva
rerussia-2024-incomes-2024 moscowtimes-2025-black-sea pravda-2024-navalny bbc-2024-navalny
pravda-2024-austin-belousov lbc-2025-jeddah radiodalsan-2025-alaska
hindustantimes-2025-geneva novinite-2025-berlin diaspora-2026-donetsk stripes-2026-milmil
npr-2025-black-sea turkiyetoday-2025-eu-19th trtworld-2026-talks-postponed
smetana-2019-frozen-conflicts wikipedia-nd-frozen-conflict wikipedia-nd-attrition-warfare
wikipedia-nd-budapest-memorandum usstate-nd-sanctions usstate-nd-annexation
nyt-2016-truce-ceasefire-armistice britannica-nd-ceasefire icrc-nd-armistice
kyivindependent-2025-price-cap liga-nd-shadow-fleet reuters-2026-novak-gdp
komersant-2026-csis-advance moscowtimes-2025-moscow-talks moscowtimes-2024-lost-decade
reuters-2026-kyiv-pause abc-2026-overnight-strike shafaq-2025-riyadh xinhua-2025-jeddah
ap-2025-waltz aa-2026-prisoner-swap reuters-2026-prisoner-swap ap-2023-grain-deal
reuters-2024-house-aid upi-2024-house-aid upi-2025-military-aid-pause
patrika-2025-white-house vestikavkaza-2022-sixty-dollar-cap bloomberg-2026-oilgas-revenue
newsbytes-2026-abu-dhabi turkiyetoday-2026-geneva meduza-2025-istanbul-third-round
sipri-2023-russia-budget smarteconomy-2024-black-sea-corridor ap-2024-g7-preview
tass-2025-guarantees-congress tass-2025-kallas-price-cap lawfare-2023-budapest
europeanpravda-2024-assurances
""".split()


@pytest.fixture(scope="module")
def entries():
    return parse_file(str(BIB)).entries


def plain(value: str) -> str:
    """A field as a reader sees it: LaTeX markup (braces, \\%, -{}-) resolved."""
    return Text.from_latex(value).render_as("text")


def author_of(entry) -> str:
    people = entry.persons.get("author", [])
    if people:
        return " and ".join(str(person) for person in people)
    return plain(entry.fields.get("author", ""))


def fields_each(entries, *names):
    for key, entry in entries.items():
        yield key, entry, {name: entry.fields.get(name, "") for name in names}


def test_every_key_the_notes_cite_is_kept(entries):
    missing = sorted(set(KEYS) - set(entries))
    assert not missing, f"keys dropped or renamed: {missing}"


def test_titles_are_headlines_not_descriptions(entries):
    bad = []
    for key, entry, f in fields_each(entries, "title", "note"):
        title = plain(f["title"]).strip()
        if not title:
            bad.append(f"{key}: no title")
        elif title.startswith(DESCRIPTION_OPENINGS):
            bad.append(f"{key}: {title!r} describes the source")
        elif title.startswith("[") and not any(r in f["note"] for r in BRACKET_REASONS):
            bad.append(f"{key}: bracketed title without a note saying why")
    assert not bad, "\n".join(bad)


def test_every_entry_has_a_full_date_or_says_why_not(entries):
    bad = []
    for key, entry, f in fields_each(entries, "date", "datenote", "year"):
        if f["date"]:
            if not FULL_DATE.match(f["date"]):
                bad.append(f"{key}: date {f['date']!r} is not YYYY-MM-DD")
            elif f["year"] and not f["date"].startswith(f["year"]) and entry.type != "article":
                bad.append(f"{key}: year {f['year']} does not match date {f['date']}")
        elif not f["datenote"].strip():
            bad.append(f"{key}: no full date and no datenote explaining why")
    assert not bad, "\n".join(bad)


def test_url_is_an_absolute_https_address(entries):
    bad = []
    for key, entry, f in fields_each(entries, "url", "note"):
        parts = urlsplit(f["url"])
        if not parts.netloc:
            bad.append(f"{key}: url {f['url']!r} is not absolute")
        elif parts.scheme != "https" and not (parts.scheme == "http" and "plain http only" in f["note"]):
            bad.append(f"{key}: url {f['url']!r} is not https (and the note does not say it is http only)")
    assert not bad, "\n".join(bad)


def test_every_entry_records_when_it_was_read(entries):
    bad = [f"{key}: urldate {f['urldate']!r}" for key, entry, f in fields_each(entries, "urldate")
           if f["urldate"] != READ_DAY]
    assert not bad, "\n".join(bad)


def test_note_gives_the_full_address_of_the_copy_read(entries):
    bad = []
    for key, entry, f in fields_each(entries, "note", "url"):
        note = plain(f["note"])
        not_found = "SOURCE NOT FOUND" in f["note"]
        if not not_found and not re.search(r"[Rr]ead (?:at|in|through)\b[^.]*?https?://", note):
            bad.append(f"{key}: the note does not say at which address it was read")
        if "Original not found" in f["note"]:
            if not re.search(r"[Oo]riginal not found; read at https?://", note):
                bad.append(f"{key}: 'Original not found' without 'read at <address>'")
            elif f["url"] not in note:
                bad.append(f"{key}: original not found, but the url is not the copy read")
        for shortened in BARE_PATH.findall(ADDRESS.sub(" ", note)):
            bad.append(f"{key}: shortened address {shortened!r}")
    assert not bad, "\n".join(bad)


def test_addresses_in_notes_are_printed_as_typed(entries):
    """LaTeX makes -- an en dash (and `` and '' curly quotes): an address
    with -- in a note is written -{}-, or the printed address leads nowhere."""
    bad = []
    for key, entry, f in fields_each(entries, "note"):
        for address in ADDRESS.findall(plain(f["note"])):
            if re.search("[\u2013\u2014\u2018\u2019\u201c\u201d]", address):
                bad.append(f"{key}: the note prints {address!r}; write -- as -{{}}- in an address")
    assert not bad, "\n".join(bad)


def test_entries_not_found_are_marked_for_replacement(entries):
    bad = []
    for key, entry, f in fields_each(entries, "note", "title", "url"):
        if "SOURCE NOT FOUND" in f["note"]:
            if not plain(f["title"]).startswith("[Not found:"):
                bad.append(f"{key}: not found, but the title does not say so")
            if "Replace this citation" not in f["note"]:
                bad.append(f"{key}: not found, but the note does not ask for a replacement")
            if urlsplit(f["url"]).path not in ("", "/", "/en/"):
                bad.append(f"{key}: not found, but the url {f['url']!r} looks like an article")
        elif plain(f["title"]).startswith("[Not found:"):
            bad.append(f"{key}: placeholder title without SOURCE NOT FOUND in the note")
    assert not bad, "\n".join(bad)


def test_no_address_is_shortened_with_an_ellipsis(entries):
    bad = []
    for key, entry, f in fields_each(entries, "url", "note", "howpublished"):
        for name, value in f.items():
            text = plain(value) if name != "url" else value
            if "…" in text or "..." in text:
                bad.append(f"{key}: {name} contains an ellipsis")
    assert not bad, "\n".join(bad)


def test_no_two_entries_share_a_source(entries):
    by_source = Counter((author_of(e), plain(e.fields.get("title", "")).casefold()) for e in entries.values())
    by_url = Counter(e.fields.get("url", "") for e in entries.values())
    twice = [f"{author}: {title}" for (author, title), n in by_source.items() if n > 1]
    twice += [f"url {url}" for url, n in by_url.items() if n > 1]
    assert not twice, "the same source twice:\n" + "\n".join(twice)
