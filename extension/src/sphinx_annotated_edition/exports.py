"""Open exports of the editorial layer, written by the HTML builder.

* ``annotations.jsonld``: every note as a W3C Web Annotation in one
  ``AnnotationCollection`` (context ``http://www.w3.org/ns/anno.jsonld``).
  Each target is the chapter page with a ``TextQuoteSelector`` whose
  ``exact``, ``prefix`` and ``suffix`` are read from the page *as built*, so
  that the paragraph labels and note markers the page adds between the words
  are where an annotation client will find them.
* schema.org ``ClaimReview`` JSON-LD in the head of every chapter page with
  fact-checks, one per fact-check, rated on the verdict scale's 1–5 ratings.

Addresses are absolute when ``html_baseurl`` is set (Read the Docs sets it);
otherwise they are relative to the file that holds them. Ids come from the
notes' stable ids. Dates are the notes' review dates (``:reviewed:``), so a
review's date moves only when the editors review the note again, never with
a build or an unrelated commit; a note without one carries no date (both
formats make dates optional) rather than a date that means nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import urljoin

from lxml import html as lxml_html

from .kinds import kinds_from_config, rating_scale, verdicts_from_config

EXPORT_NAME = "annotations.jsonld"
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AFFIX = 32  # characters of prefix and suffix


def iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def reviewed_on(record) -> dt.datetime | None:
    """When the editors last reviewed a note: its ``:reviewed:`` day, at midnight UTC."""
    if not record.reviewed:
        return None
    day = dt.date.fromisoformat(record.reviewed)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _dated(data: dict, moment: dt.datetime | None, created: str, modified: str, fmt) -> dict:
    """*data* with its two dates, when the date is known."""
    if moment is not None:
        data[created] = data[modified] = fmt(moment)
    return data


def _exporting(app) -> bool:
    return app.builder.format == "html" and not app.builder.name.startswith("epub")


def address(app, path: str) -> str:
    """*path* (relative to the site root) as published: absolute with a base URL."""
    base = app.config.html_baseurl
    return urljoin(base if base.endswith("/") else base + "/", path) if base else path


def id_base(app) -> str:
    """Where ids live: the site's address, or a URN naming the edition."""
    if app.config.html_baseurl:
        return address(app, "")
    slug = re.sub(r"[^a-z0-9]+", "-", app.config.project.lower()).strip("-")
    return f"urn:annotated-edition:{slug}:"


# -- reading the built page ------------------------------------------------------

def page_text(root, wanted: set[str]) -> tuple[str, dict[str, tuple[int, int]]]:
    """The page's text as ``document.body.textContent`` gives it, and for each
    wanted note the span from the start of its first highlight to the end of
    its last."""
    parts: list[str] = []
    length = 0
    spans: dict[str, list[int]] = {}

    def add(text: str | None) -> None:
        nonlocal length
        if text:
            parts.append(text)
            length += len(text)

    def walk(element) -> None:
        note = element.get("data-note") if element.tag == "mark" else None
        if note in wanted:
            spans.setdefault(note, [length, length])
        if isinstance(element.tag, str):  # comments and PIs have no text content
            add(element.text)
            for child in element:
                walk(child)
                add(child.tail)
        if note in wanted:
            spans[note][1] = length

    walk(root)
    return "".join(parts), {k: (v[0], v[1]) for k, v in spans.items()}


def _root_relative(page: str, href: str) -> str:
    """An href written in *page* as a path from the site root."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", href) or href.startswith("//"):
        return href
    if href.startswith("#"):
        return page + href
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))


def note_html(app, aside, page: str) -> str:
    """The note's text as HTML: its body, without the header and the way back."""
    pieces = []
    for child in aside:
        classes = set((child.get("class") or "").split())
        if classes & {"annotation-header", "annotation-footer"}:
            continue
        for link in child.iter("a"):
            if link.get("href"):
                link.set("href", address(app, _root_relative(page, link.get("href"))))
        pieces.append(lxml_html.tostring(child, encoding="unicode", with_tail=False).strip())
    return "\n".join(pieces)


# -- W3C Web Annotation --------------------------------------------------------

def annotation_id(app, page_uri: str, note_id: str) -> str:
    """The note's address when the site's is known, else a URN in the edition's name."""
    if app.config.html_baseurl:
        return address(app, f"{page_uri}#{note_id}")
    return f"{id_base(app)}note:{note_id}"


def annotation(app, record, page_uri: str, exact: str, prefix: str, suffix: str, body: str,
               kinds) -> dict:
    kind = kinds[record.kind]
    bodies = [{
        "type": "TextualBody",
        "value": body,
        "format": "text/html",
        "language": app.config.language or "en",
        "purpose": kind.motivation,
    }, {
        "type": "TextualBody",
        "value": kind.label,
        "purpose": "classifying",
    }]
    if record.verdict:
        bodies.append({
            "type": "TextualBody",
            "value": f"Verdict: {verdicts_from_config(app.config)[record.verdict].label}",
            "purpose": "assessing",
        })
    return _dated({
        "id": annotation_id(app, page_uri, record.id),
        "type": "Annotation",
        "motivation": kind.motivation,
        "creator": {"type": "Organization", "name": app.config.edition_editors},
        "body": bodies,
        "target": {
            "source": address(app, page_uri),
            "selector": {
                "type": "TextQuoteSelector",
                "exact": exact,
                "prefix": prefix,
                "suffix": suffix,
            },
        },
    }, reviewed_on(record), "created", "modified", iso)


def collect(app, reuse: dict[str, dict] | None = None, since: int | None = None) -> list[dict]:
    """Every note as a W3C annotation, in reading order.

    A page not re-written since the previous export (its file is older than
    *since*, that export's time in ns) is not read again: its annotations are
    taken from *reuse* (the previous export, by id) when it has them all.
    Judging by the files, not by which pages this process saw written, holds
    under ``-j``, where pages are written in forked workers.
    """
    domain = app.env.get_domain("annotation")
    kinds = kinds_from_config(app.config)
    by_page: dict[str, list] = {}
    for record in domain.all_notes():
        by_page.setdefault(record.docname, []).append(record)
    annotations = []
    outdir = Path(app.outdir)
    for docname, records in by_page.items():
        page_uri = app.builder.get_target_uri(docname)
        path = outdir / page_uri
        if not path.exists():
            continue
        # equal times count as changed: a coarse clock must not hide a write
        if reuse is not None and since is not None and path.stat().st_mtime_ns < since:
            previous = [reuse.get(annotation_id(app, page_uri, r.id)) for r in records]
            if all(previous):
                annotations.extend(previous)
                continue
        tree = lxml_html.parse(str(path))
        body = tree.getroot().find("body")
        wanted = {r.id for r in records}
        text, spans = page_text(body, wanted)
        # one pass over the page's asides, not one scan of the tree per note
        asides = {a.get("id"): a for a in body.iter("aside") if a.get("id") in wanted}
        for record in records:
            if record.id not in spans:
                continue
            start, end = spans[record.id]
            aside = asides[record.id]
            annotations.append(annotation(
                app, record, page_uri, text[start:end], text[max(0, start - AFFIX):start],
                text[end:end + AFFIX], note_html(app, aside, page_uri), kinds))
    return annotations


def collection(app, annotations: list[dict]) -> dict:
    collection_id = address(app, EXPORT_NAME) if app.config.html_baseurl else f"{id_base(app)}collection"
    # the collection changed when its latest note did
    when = max((item["modified"] for item in annotations if "modified" in item), default=None)
    return _dated({
        "@context": ANNO_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"Editors' notes: {app.config.project}",
        "creator": {"type": "Organization", "name": app.config.edition_editors},
        "total": len(annotations),
        "first": {
            "id": f"{collection_id}#page-1" if app.config.html_baseurl else f"{id_base(app)}page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": annotations,
        },
        "last": f"{collection_id}#page-1" if app.config.html_baseurl else f"{id_base(app)}page-1",
    }, when, "created", "modified", str)


def write_exports(app, exception) -> None:
    """``build-finished``: write annotations.jsonld beside the pages.

    Its file time marks what it was read from: pages written after it are
    read again next time (:func:`collect`).
    """
    if exception is not None or not _exporting(app):
        return
    target = Path(app.outdir) / EXPORT_NAME
    reuse, since, old_text = None, None, None
    if target.exists():
        try:
            old_text = target.read_text(encoding="utf-8")
            previous = json.loads(old_text)
            reuse = {item["id"]: item for item in previous["first"]["items"]}
            since = target.stat().st_mtime_ns
        except (OSError, ValueError, KeyError, TypeError):
            reuse = None  # unreadable: read every page again
    annotations = collect(app, reuse, since)
    text = json.dumps(collection(app, annotations), ensure_ascii=False, indent=1,
                      sort_keys=True) + "\n"
    if text != old_text:
        target.write_text(text, encoding="utf-8")
    else:
        os.utime(target)  # the same content, now read from newer pages


# -- schema.org ClaimReview -----------------------------------------------------------

def claim_review(app, record, exact: str, page_uri: str) -> dict:
    verdict = verdicts_from_config(app.config)[record.verdict]
    best, worst = rating_scale(app.config)
    rating = {"@type": "Rating", "alternateName": verdict.label, "name": verdict.label}
    if verdict.rating is not None:
        rating.update(ratingValue=verdict.rating, bestRating=best, worstRating=worst)
    source = app.config.edition_source
    appearance = {
        "@type": app.config.edition_claim_review_item_type,
        "url": source.get("url", ""),
        "headline": source.get("title", ""),
        "datePublished": source.get("date", ""),
        "publisher": {"@type": "Organization", "name": source.get("publisher", "")},
    }
    url = address(app, f"{page_uri}#{record.id}") if app.config.html_baseurl else f"#{record.id}"
    return _dated({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": exact,
        "author": {"@type": "Organization", "name": app.config.edition_editors,
                   **({"url": address(app, "")} if app.config.html_baseurl else {})},
        "reviewRating": rating,
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": source.get("publisher", "")},
            "datePublished": source.get("date", ""),
            "appearance": appearance,
            "firstAppearance": appearance,
        },
    }, reviewed_on(record), "datePublished", "dateModified", lambda m: m.date().isoformat())


def add_claim_reviews(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: ClaimReview JSON-LD in the head of chapter pages."""
    if not _exporting(app) or doctree is None:
        return
    domain = app.env.get_domain("annotation")
    records = [r for r in domain.all_notes() if r.docname == pagename and r.verdict]
    if not records:
        return
    page_uri = app.builder.get_target_uri(pagename)
    reviews = [claim_review(app, r, r.quote, page_uri) for r in records]
    payload = json.dumps(reviews, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    context["metatags"] = context.get("metatags", "") + (
        f'\n<script type="application/ld+json">{payload}</script>')
