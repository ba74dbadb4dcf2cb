"""Open exports: the notes as W3C Web Annotations (JSON-LD) and every
fact-check as schema.org ClaimReview, checked against the standards."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import html as lxml_html

from conftest import ROOT, assert_clean_build, chapter_files, run_sphinx

W3C = ROOT.parent / "shared" / "w3c"
BASE = "https://edition.example/en/latest/"


def need_w3c() -> Path:
    if not (W3C / "context" / "anno.jsonld").exists():
        message = "needs the W3C reference data in ../shared/w3c (context and model tests)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return W3C


@pytest.fixture(scope="module")
def export(site):
    return json.loads((site / "annotations.jsonld").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site_with_base(tmp_path_factory):
    """The edition as Read the Docs builds it: html_baseurl set."""
    out = tmp_path_factory.mktemp("build-baseurl")
    assert_clean_build(run_sphinx(ROOT, out, "html", "-D", f"html_baseurl={BASE}"))
    return out / "html"


def offline_loader(url, options=None):
    """pyld document loader that serves the W3C context from the local copy."""
    if url.rstrip("/") in ("http://www.w3.org/ns/anno.jsonld", "https://www.w3.org/ns/anno.jsonld"):
        document = json.loads((need_w3c() / "context" / "anno.jsonld").read_text())
        return {"contextUrl": None, "documentUrl": url, "document": document}
    raise AssertionError(f"the export must need no other document: {url}")


def test_export_is_linked_from_the_notes_index(site):
    soup = BeautifulSoup((site / "notes.html").read_text(encoding="utf-8"), "lxml")
    assert soup.select_one('a[href="annotations.jsonld"]') is not None


def test_export_holds_every_note(site, export):
    notes = []
    for page in chapter_files(site, ".html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        notes += [a["id"] for a in soup.select("aside.annotation")]
    items = export["first"]["items"]
    assert export["type"] == "AnnotationCollection"
    assert export["total"] == len(items) == len(notes)
    assert [i["id"].rsplit(":", 1)[-1] for i in items] == notes


def test_export_expands_as_json_ld(export):
    from pyld import jsonld

    need_w3c()
    expanded = jsonld.expand(export, {"documentLoader": offline_loader, "base": BASE})
    (collection,) = expanded
    assert collection["@type"] == ["http://www.w3.org/ns/activitystreams#OrderedCollection"] or \
        "http://www.w3.org/ns/oa#AnnotationCollection" in str(collection["@type"])
    first = collection["http://www.w3.org/ns/activitystreams#first"][0]
    items = first["http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    assert len(items) == export["total"]
    annotation = items[0]
    assert annotation["@type"] == ["http://www.w3.org/ns/oa#Annotation"]
    selector = annotation["http://www.w3.org/ns/oa#hasTarget"][0]["http://www.w3.org/ns/oa#hasSelector"][0]
    assert selector["@type"] == ["http://www.w3.org/ns/oa#TextQuoteSelector"]
    assert selector["http://www.w3.org/ns/oa#exact"][0]["@value"] == export["first"]["items"][0]["target"]["selector"]["exact"]


def _validator_for(schema_path: Path):
    """A Draft 4 validator for one of the W3C assertions, with its definitions."""
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    resources = []
    for path in sorted((need_w3c() / "annotation-model-tests").rglob("*.json")):
        schema = json.loads(path.read_text())
        if isinstance(schema, dict) and "id" in schema:
            resources.append((schema["id"], Resource(contents=schema, specification=DRAFT4)))
    registry = Registry().with_resources(resources)
    # with the format checker, "date-time" and "uri" formats are checked too
    return Draft4Validator(json.loads(schema_path.read_text()), registry=registry,
                           format_checker=Draft4Validator.FORMAT_CHECKER)


def _musts(test_file: str) -> list[tuple[Path, dict]]:
    tests = need_w3c() / "annotation-model-tests"
    listed = json.loads((tests / test_file).read_text())["assertions"]
    return [(tests / name, json.loads((tests / name).read_text())) for name in listed]


@pytest.fixture(scope="module")
def published_export(site_with_base):
    """The export as published (absolute addresses), which the W3C tests expect:
    their schemas check that ids and sources are absolute URIs."""
    return json.loads((site_with_base / "annotations.jsonld").read_text(encoding="utf-8"))


def test_every_annotation_meets_the_w3c_musts(published_export):
    export = published_export
    checks = [(meta, _validator_for(path)) for path, meta in _musts("annotations/annotationMusts.test")]
    assert len(checks) > 40
    for item in export["first"]["items"]:
        document = {"@context": export["@context"], **item}
        for meta, validator in checks:
            valid = validator.is_valid(document)
            assert valid == (meta["expectedResult"] == "valid"), (item["id"], meta["errorMessage"])


def test_the_collection_meets_the_w3c_musts(published_export):
    export = published_export
    for path, meta in _musts("collections/collectionMusts.test"):
        valid = _validator_for(path).is_valid(export)
        assert valid == (meta["expectedResult"] == "valid"), meta["errorMessage"]


def body_text(page: Path) -> str:
    """document.body.textContent, computed with lxml (not the extension's walker)."""
    return lxml_html.parse(str(page)).getroot().find("body").text_content()


def test_every_quote_anchors_once_in_its_page(site, export):
    texts = {}
    for item in export["first"]["items"]:
        target = item["target"]
        page = target["source"]
        if page not in texts:
            texts[page] = body_text(site / page)
        selector = target["selector"]
        whole = selector["prefix"] + selector["exact"] + selector["suffix"]
        assert texts[page].count(whole) == 1, selector
        assert len(selector["prefix"]) == 32 and len(selector["suffix"]) == 32


def test_motivations_follow_the_kinds(export):
    motivations = {i["motivation"] for i in export["first"]["items"]}
    assert motivations <= {"assessing", "describing", "commenting"}
    for item in export["first"]["items"]:
        verdicts = [b for b in item["body"] if b["value"].startswith("Verdict: ")]
        assert (item["motivation"] == "assessing") == bool(verdicts), item["id"]


def test_addresses_are_absolute_with_a_base_url(site_with_base):
    data = json.loads((site_with_base / "annotations.jsonld").read_text(encoding="utf-8"))
    assert data["id"] == BASE + "annotations.jsonld"
    for item in data["first"]["items"]:
        assert item["id"].startswith(BASE + "chapters/")
        assert item["target"]["source"].startswith(BASE + "chapters/")
        assert item["id"].split("#")[0] == item["target"]["source"]


def test_ids_are_the_same_across_two_clean_builds(export, tmp_path):
    result = run_sphinx(ROOT, tmp_path, "html")
    assert_clean_build(result)
    again = json.loads((tmp_path / "html" / "annotations.jsonld").read_text(encoding="utf-8"))
    assert [i["id"] for i in again["first"]["items"]] == [i["id"] for i in export["first"]["items"]]
    assert again == export


# -- ClaimReview ----------------------------------------------------------------

def claim_reviews(page: Path) -> list[dict]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    found = []
    for script in soup.select('head script[type="application/ld+json"]'):
        data = json.loads(script.string)
        found += data if isinstance(data, list) else [data]
    return [d for d in found if d.get("@type") == "ClaimReview"]


def check_claim_review(review: dict) -> None:
    # Google's fact-check markup: required claimReviewed, reviewRating (with
    # alternateName) and url; recommended author, datePublished, itemReviewed
    # (a Claim with author, datePublished and appearance).
    assert review["@context"] == "https://schema.org"
    assert review["claimReviewed"].strip()
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"].strip()
    if "ratingValue" in rating:
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
    assert review["url"]
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    assert len(review["datePublished"]) == 10
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"]["name"] == "The Word 360"
    assert claim["datePublished"] == "2025-12-29"
    assert claim["appearance"]["url"].startswith("https://theword360.com/2025/12/29/")


def test_every_fact_check_has_a_claim_review(site):
    total = 0
    for page in chapter_files(site, ".html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        fact_checks = {a["id"]: a for a in soup.select("aside.annotation.kind-fact-check")}
        reviews = claim_reviews(page)
        assert len(reviews) == len(fact_checks), page.name
        for review in reviews:
            check_claim_review(review)
            note_id = review["url"].split("#")[1]
            aside = fact_checks[note_id]
            label = aside.select_one(".annotation-verdict").get_text().removeprefix("Verdict: ")
            assert review["reviewRating"]["alternateName"] == label
            marks = soup.select(f'mark[data-note="{note_id}"]')
            assert review["claimReviewed"] == "".join(m.get_text() for m in marks)
        total += len(reviews)
    assert total >= 29


def test_claim_review_urls_are_absolute_with_a_base_url(site_with_base):
    for page in chapter_files(site_with_base, ".html"):
        for review in claim_reviews(page):
            assert review["url"].startswith(BASE + "chapters/" + page.name + "#")
            assert review["author"]["url"] == BASE


def test_export_and_claim_review_dates_are_the_notes_review_dates(site, export):
    """Each W3C annotation and ClaimReview is dated by its note's :reviewed:
    day, as the notes index shows it, never by the build."""
    import datetime as dt
    import re

    index = BeautifulSoup((site / "notes.html").read_text(encoding="utf-8"), "lxml")
    reviewed = {}
    for target in index.select('span[id^="entry-"], a[id^="entry-"], [id^="entry-"]'):
        item = target.find_parent("li")
        found = re.search(r"reviewed (\d{1,2} \w+ \d{4})", item.get_text(" ") if item else "")
        assert found, target["id"]
        reviewed[target["id"][len("entry-"):]] = dt.datetime.strptime(found[1], "%d %B %Y").date()
    items = export["first"]["items"]
    assert len(reviewed) == len(items)
    for item in items:
        note = re.split(r"[#:]", item["id"])[-1]
        assert item["created"] == item["modified"] == f"{reviewed[note].isoformat()}T00:00:00Z", note
    for page in chapter_files(site, ".html"):
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                                page.read_text(encoding="utf-8"), re.S):
            for review in json.loads(block):
                note = review["url"].rsplit("#", 1)[-1]
                assert review["datePublished"] == review["dateModified"] == reviewed[note].isoformat()
