"""``-b review``: the notes an editor should check again.

A note goes stale in two ways: the editors have not looked at it for a long
time (its ``:reviewed:`` date), or the information it gives is current to a
day long past (its ``:as-of:`` date). This builder lists every note for which
either is older than ``edition_review_max_age`` days, by chapter, with the
claim it covers and where it is written, into ``<outdir>/review.txt`` and on
the console. Like ``linkcheck``, it reports and writes no pages; it never
fails the build, since time passing is not an editor's mistake.

``make review [AGE=days]`` runs it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from sphinx.builders import Builder
from sphinx.util import logging

from .dates import parse_as_of

logger = logging.getLogger(__name__)
REPORT_NAME = "review.txt"


class Stale(NamedTuple):
    record: object  # NoteRecord
    reasons: tuple[str, ...]


def stale_notes(records, today: dt.date, max_age: int) -> list[Stale]:
    """The notes reviewed, or current to, more than *max_age* days before *today*."""
    found = []
    for record in records:
        reasons = []
        if not record.reviewed:
            reasons.append("never reviewed (no :reviewed:)")
        else:
            age = (today - dt.date.fromisoformat(record.reviewed)).days
            if age > max_age:
                reasons.append(f"reviewed {record.reviewed}, {age} days ago")
        if record.as_of:
            age = (today - parse_as_of(record.as_of)).days
            if age > max_age:
                reasons.append(f"as of {record.as_of}, {age} days ago")
        if reasons:
            found.append(Stale(record, tuple(reasons)))
    return found


def report(stale: list[Stale], titles: dict[str, str], today: dt.date, max_age: int,
           srcdir: Path) -> str:
    lines = [f"Notes to check again: {len(stale)} "
             f"(reviewed or current to more than {max_age} days before {today.isoformat()})"]
    chapter = None
    for item in stale:
        record = item.record
        if record.docname != chapter:
            chapter = record.docname
            lines += ["", f"Chapter {record.chapter}: {titles.get(chapter, chapter)}"]
        try:
            where = Path(record.source).relative_to(srcdir).as_posix()
        except ValueError:
            where = record.source
        quote = record.quote if len(record.quote) <= 70 else record.quote[:67] + "…"
        lines.append(f"  Note {record.number} ({record.kind}), {where}:{record.line}")
        lines.append(f"    on “{quote}”")
        lines.append(f"    {'; '.join(item.reasons)}")
    return "\n".join(lines) + "\n"


class ReviewBuilder(Builder):
    """Lists stale notes; writes no pages."""

    name = "review"
    epilog = "The notes to check again are listed in %(outdir)s/" + REPORT_NAME + "."
    allow_parallel = True

    def get_outdated_docs(self):
        return []  # reads what changed, writes nothing per page

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames) -> None:
        pass

    def write_doc(self, docname, doctree) -> None:
        pass

    def finish(self) -> None:
        config = self.config
        today = (dt.date.fromisoformat(config.edition_review_today) if config.edition_review_today
                 else dt.datetime.now(dt.timezone.utc).date())
        records = self.env.get_domain("annotation").all_notes()
        stale = stale_notes(records, today, config.edition_review_max_age)
        titles = {d: t.astext() for d, t in self.env.titles.items()}
        text = report(stale, titles, today, config.edition_review_max_age, Path(self.srcdir))
        Path(self.outdir).mkdir(parents=True, exist_ok=True)
        (Path(self.outdir) / REPORT_NAME).write_text(text, encoding="utf-8")
        logger.info(text.rstrip())
