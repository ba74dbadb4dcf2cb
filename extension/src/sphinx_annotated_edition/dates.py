"""Dates in notes: "as of" and "reviewed", read, checked and shown.

``:as-of:`` is ``YYYY-MM-DD``, or ``YYYY-MM`` when a source gives only the
month; ``:reviewed:`` is always a day. Both lie between the text's
publication and today.
"""

from __future__ import annotations

import datetime as dt
import re

from sphinx.util.i18n import format_date as sphinx_format_date


def parse_as_of(value: str) -> dt.date:
    """``2026-02-05``, or ``2026-02`` when a source gives only the month."""
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return dt.date.fromisoformat(value + "-01")
    return dt.date.fromisoformat(value)


def date_out_of_range(day: dt.date, written: str, config) -> str | None:
    """Why an "as of" date cannot be right, or None.

    It lies between the text's publication (``edition_source["date"]``, when
    set) and today: information cannot be current to a day before the text it
    updates, nor to one that has not come yet.
    """
    today = dt.datetime.now(dt.timezone.utc).date()
    if day > today:
        return f"{written!r} is in the future; give a day that has come"
    published = (config.edition_source or {}).get("date")
    if published:
        try:
            start = parse_as_of(str(published)[:10])
        except ValueError:
            return None
        # a month-only date stands for the whole month
        before = (day.year, day.month) < (start.year, start.month) if len(written) == 7 else day < start
        if before:
            return (f"{written!r} is before the text was published ({start.isoformat()}); "
                    "notes are about the text, so their dates come after it")
    return None


def format_date(iso: str, language: str | None = "en") -> str:
    """``2026-02-05`` → ``5 February 2026``; ``2026-02`` → ``February 2026``,
    in the edition's language ("5. Februar 2026", "5 лютого 2026").

    A day goes through Sphinx's ``format_date`` with a pattern from the
    catalog; a month alone through babel's stand-alone month name, which
    languages such as Ukrainian inflect differently ("лютий 2026", not the
    "лютого" of a day), and which Sphinx's patterns cannot ask for.
    """
    from .i18n import _

    day = parse_as_of(iso)
    language = language or "en"
    # TRANSLATORS: a day, in Sphinx's strftime-like codes (%-d: day without a leading zero)
    pattern = str(_("%-d %B %Y"))
    if language == "en" and pattern == "%-d %B %Y":
        return _english(day, month_only=len(iso) == 7)
    if len(iso) == 7:
        from babel.core import Locale, UnknownLocaleError
        from babel.dates import format_date as babel_format_date

        try:
            return babel_format_date(day, "LLLL y", locale=Locale.parse(language.replace("-", "_")))
        except (UnknownLocaleError, ValueError):
            return f"{day:%B %Y}"
    return sphinx_format_date(pattern, date=day, language=language)


#: babel's English month names (tests/test_review_dates.py holds them to babel's)
_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December")


def _english(day: dt.date, month_only: bool) -> str:
    """What babel gives for English, without loading its locale data: 12 ms
    the first time a process formats a date, an eighth of what a rebuild
    after one edited note adds to a build that reads nothing."""
    month = _ENGLISH_MONTHS[day.month - 1]
    return f"{month} {day.year}" if month_only else f"{day.day} {month} {day.year}"
