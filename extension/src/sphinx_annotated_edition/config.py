"""The package's settings: registered, described and checked in one place.

Every setting is a row of :data:`SETTINGS` (name, default, what a change
rebuilds, types, description). :func:`check_config` runs at
``config-inited``, before anything reads them, as myst-parser and
sphinx-design check theirs: a value of the wrong shape is a warning that
names the setting and says what it takes, and the setting falls back to its
default, so a typo never becomes a ``TypeError`` deep in a build. A
``conf.py`` name that looks like one of ours but is not (``edition_clasroom``)
is a warning too: Sphinx itself ignores names it does not know.
"""

from __future__ import annotations

import difflib
import re
import string
from typing import Any, Callable, NamedTuple

from sphinx.config import ENUM, Config

from .kinds import DEFAULT_KINDS_CONFIG, DEFAULT_VERDICTS_CONFIG, KIND_KEYS, MOTIVATIONS, VERDICT_KEYS
from .warnings_ import AnnotationWarning, warn

PREFIX = "edition_"


class Setting(NamedTuple):
    name: str
    default: Any
    #: what a change rebuilds: "env" (re-read every page), "html", or "" (nothing)
    rebuild: str
    types: Any
    description: str


_LIST = (list, tuple)
TERM_LINKS = ("first", "all", "none")

SETTINGS: tuple[Setting, ...] = (
    # -- where the text and the notes are
    Setting("edition_chapters_dir", "chapters", "env", (str,),
            "Folder of the chapter documents (each says `edition-chapter: N` in its front matter)."),
    Setting("edition_annotations_dir", "annotations", "env", (str,),
            "Folder of the annotations files, one per chapter, never read as pages."),
    Setting("edition_annotations_suffix", ".md", "env", (str,),
            "File suffix of an annotations file (`annotations/<chapter name><suffix>`)."),
    Setting("edition_paragraph_target", "p{chapter}.{paragraph}", "env", (str,),
            "The name of each paragraph's MyST target, from {chapter} and {paragraph}."),
    Setting("edition_paragraph_label", "¶{chapter}.{paragraph}", "env", (str,),
            "How a paragraph's label is shown, from {chapter} and {paragraph}."),
    # -- the editorial vocabulary
    Setting("edition_annotation_kinds", DEFAULT_KINDS_CONFIG, "env", (dict,),
            "The kinds of note: name -> {label, motivation, verdict, as_of, factual, description}."),
    Setting("edition_verdicts", DEFAULT_VERDICTS_CONFIG, "env", (dict,),
            "The verdict scale, best first: name -> {label, rating (1-5 or None), description}."),
    # -- what a note must carry
    Setting("edition_factual_notes_cite", False, "env", (bool,),
            "Refuse factual notes that cite no source (needs sphinxcontrib-bibtex)."),
    Setting("edition_review_dates", False, "env", (bool,),
            "Every note must say when the editors last reviewed it (`:reviewed:`)."),
    Setting("edition_words_per_minute", 200, "env", (int,),
            "Reading speed for the chapters' reading times."),
    # -- who and what, for the exports
    Setting("edition_editors", "The editors", "html", (str,),
            "Who the notes are by (the exports' creator)."),
    Setting("edition_source", {}, "html", (dict,),
            "The text the notes are about: title, publisher, date (YYYY-MM-DD), url."),
    # -- features, each off until switched on
    Setting("edition_classroom", False, "env", (bool,),
            "The classroom blocks: `learning-objectives`, `discussion-questions`, reading times."),
    Setting("edition_chapter_cards", False, "env", (bool,),
            "The `chapter-cards` directive (needs sphinx-design)."),
    Setting("edition_glossary_links", False, "env", (bool,),
            "Link glossary terms in the chapters, and each glossary entry back to its paragraphs."),
    Setting("edition_term_links", "first", "html", ENUM(*TERM_LINKS),
            "With edition_glossary_links: link the first mention of a term per chapter, all, or none."),
    Setting("edition_w3c_export", False, "html", (bool,),
            "Write every note as W3C Web Annotation JSON-LD (`annotations.jsonld`, one per chapter)."),
    Setting("edition_claim_review", False, "html", (bool,),
            "Put schema.org ClaimReview data for every note with a verdict in its page."),
    Setting("edition_claim_review_item_type", "OpinionNewsArticle", "html", (str,),
            "The schema.org type of the reviewed text in ClaimReview (`NewsArticle`, `Article`, …)."),
    Setting("edition_controls_storage_key", "", "html", (str,),
            "The localStorage key of the reader's show/hide switches; empty: from the project name."),
    Setting("edition_student_notes", False, "html", (bool,),
            "Readers' own notes on the text, kept in their browser, and the `student-notes` page."),
    Setting("edition_student_notes_key", "", "html", (str,),
            "The localStorage key the readers' notes are kept under; empty: from the project name."),
    Setting("edition_reading_copy", False, "env", (bool,),
            "Read the chapters without their notes and classroom blocks (a reading copy)."),
    Setting("edition_citations_in_place", False, "env", (bool,),
            "LaTeX: keep each bibliography under its own heading, not gathered at the end."),
    Setting("edition_downloads", [], "html", _LIST,
            "`edition-downloads`: (label, file name, description) of the other formats."),
    Setting("edition_downloads_dir", "downloads", "html", (str,),
            "`edition-downloads`: the folder beside the pages that holds them."),
    # -- builders and tools
    Setting("edition_review_max_age", 180, "", (int,),
            "`-b review`: list notes reviewed, or current to, more than this many days ago."),
    Setting("edition_review_today", "", "", (str,),
            "`-b review`: the day to count from (YYYY-MM-DD); empty: today."),
    Setting("edition_cartridge_links", [], "", _LIST,
            "`-b cartridge`: (label, docname or path) of the teacher's module."),
    Setting("edition_defer_search_highlight", False, "html", (bool,),
            "Every page but search fetches Sphinx's sphinx_highlight.js only when it has "
            "searched words to highlight."),
    Setting("edition_minify_sphinx_scripts", False, "html", (bool,),
            "Sphinx's doctools.js, sphinx_highlight.js and searchtools.js written minified."),
    Setting("edition_speedups", False, "", (bool,),
            "Workarounds for slow parts of pybtex, sphinxcontrib-bibtex, Sphinx, furo, sphinx-design "
            "and garbage collection, during a build and at its exit; no output changes."),
)

DEFAULTS = {setting.name: setting.default for setting in SETTINGS}


def register(app) -> None:
    for setting in SETTINGS:
        app.add_config_value(setting.name, setting.default, setting.rebuild,
                             types=setting.types, description=setting.description)


# -- checking -----------------------------------------------------------------------

#: conf.py's path and text, for the line a warning points at (set by check_config)
_CONF: dict[str, str] = {}


def _problem(name: str, message: str) -> None:
    """A warning at the line of conf.py that sets *name* (its first line if none does)."""
    setting = name.split("[", 1)[0]
    line = 1
    found = re.search(rf"^{re.escape(setting)}\s*[:=]", _CONF.get("text", ""), re.M)
    if found:
        line = _CONF["text"].count("\n", 0, found.start()) + 1
    # a location with a line: one without is read as a document's name
    location = f"{_CONF['path']}:{line}" if _CONF.get("path") else None
    warn(f"{name}: {message}", AnnotationWarning.CONFIG, location)


def _check_label_format(config: Config, name: str) -> bool:
    value = getattr(config, name)
    try:
        value.format(chapter=1, paragraph=1)
    except (KeyError, IndexError, ValueError) as error:
        _problem(name, f"{value!r} is not a label pattern ({error}); use {{chapter}} and {{paragraph}}, "
                       f"as in {DEFAULTS[name]!r}")
        return False
    fields = {f for _t, f, _s, _c in string.Formatter().parse(value) if f is not None}
    if fields != {"chapter", "paragraph"}:
        _problem(name, f"{value!r} must hold {{chapter}} and {{paragraph}} once each, as in {DEFAULTS[name]!r}")
        return False
    if name == "edition_paragraph_target" and not re.fullmatch(r"[a-z][a-z0-9._-]*", value.format(chapter=1, paragraph=1)):
        _problem(name, f"{value!r} gives {value.format(chapter=1, paragraph=1)!r}, which is not a target "
                       "name: start with a letter; use lower-case letters, digits, '.', '-' and '_'")
        return False
    return True


def _check_entries(config: Config, name: str, keys: dict[str, Callable[[Any], str | None]],
                   required: tuple[str, ...]) -> dict:
    """Check a ``name -> {key: value}`` setting: the entries that can be used.

    An unknown key is warned and ignored (the entry stays); an entry missing
    a required key or holding a wrong value is warned and left out.
    """
    kept = {}
    for entry, spec in getattr(config, name).items():
        where = f"{name}[{entry!r}]"
        if not isinstance(entry, str) or not re.fullmatch(r"[a-z][a-z0-9-]*", entry):
            _problem(name, f"{entry!r} is not a name: use lower-case letters, digits and '-'")
            continue
        if not isinstance(spec, dict):
            _problem(where, f"takes a dict of {', '.join(keys)}, not {type(spec).__name__}")
            continue
        for key in spec:
            if key not in keys:
                near = difflib.get_close_matches(str(key), keys, n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                _problem(where, f"unknown key {key!r} (known: {', '.join(keys)}){hint}")
        usable = True
        for key in required:
            if key not in spec:
                _problem(where, f"needs {key!r}")
                usable = False
        for key, check in keys.items():
            message = check(spec[key]) if key in spec else None
            if message:
                _problem(f"{where}[{key!r}]", message)
                usable = False
        if usable:
            kept[entry] = {key: value for key, value in spec.items() if key in keys}
    return kept


def _text(value) -> str | None:
    return None if isinstance(value, str) and value.strip() else "takes a non-empty text"


def _flag(value) -> str | None:
    return None if isinstance(value, bool) else f"takes True or False, not {value!r}"


def _motivation(value) -> str | None:
    if value in MOTIVATIONS:
        return None
    return f"{value!r} is not a W3C Web Annotation motivation; use one of: {', '.join(MOTIVATIONS)}"


def _rating(value) -> str | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5):
        return None
    return f"takes a whole number from 1 (worst) to 5 (best), or None, not {value!r}"


_KIND_CHECKS = {"label": _text, "motivation": _motivation, "verdict": _flag, "as_of": _flag,
                "factual": _flag, "description": _text}
_VERDICT_CHECKS = {"label": _text, "rating": _rating, "description": _text}
assert set(_KIND_CHECKS) == set(KIND_KEYS) and set(_VERDICT_CHECKS) == set(VERDICT_KEYS)


def _check_vocabulary(config: Config) -> None:
    for name, checks, required in (("edition_annotation_kinds", _KIND_CHECKS, ("label", "motivation")),
                                   ("edition_verdicts", _VERDICT_CHECKS, ("label",))):
        if not isinstance(getattr(config, name), dict):
            continue  # _check_types has put the default back
        if not getattr(config, name):
            _problem(name, "is empty; give at least one entry, or leave the setting out for the default")
            config[name] = DEFAULTS[name]
            continue
        kept = _check_entries(config, name, checks, required)
        config[name] = kept or DEFAULTS[name]
    kinds = config.edition_annotation_kinds
    if any(spec.get("verdict") for spec in kinds.values()) and not any(
            spec.get("rating") is not None for spec in config.edition_verdicts.values()):
        _problem("edition_verdicts", "no verdict has a rating, so ClaimReview has no scale; rate at least one")


def _check_pairs(config: Config, name: str, size: tuple[int, ...]) -> None:
    value = getattr(config, name)
    if not isinstance(value, (list, tuple)):
        return  # Sphinx's own type check says so
    for item in value:
        if not (isinstance(item, (list, tuple)) and len(item) in size and all(isinstance(x, str) for x in item)):
            _problem(name, f"each entry is a tuple of {' or '.join(map(str, size))} texts, not {item!r}")
            config[name] = DEFAULTS[name]
            return


def _check_source(config: Config) -> None:
    import datetime as dt

    value = config.edition_source
    if not isinstance(value, dict):
        return
    known = ("title", "publisher", "date", "url")
    for key in value:
        if key not in known:
            near = difflib.get_close_matches(str(key), known, n=1)
            _problem(f"edition_source[{key!r}]", f"unknown key (known: {', '.join(known)})"
                     + (f"; did you mean {near[0]!r}?" if near else ""))
    if value.get("date"):
        try:
            dt.date.fromisoformat(str(value["date"]))
        except ValueError:
            _problem("edition_source['date']", f"{value['date']!r} is not a day; write YYYY-MM-DD")
            config["edition_source"] = {k: v for k, v in value.items() if k != "date"}


def _check_types(config: Config) -> None:
    """A value of the wrong type falls back to the default (Sphinx's own check only warns)."""
    for setting in SETTINGS:
        value = getattr(config, setting.name)
        if isinstance(setting.types, ENUM):
            if not setting.types.match(value):
                choices = ", ".join(map(repr, TERM_LINKS))
                _problem(setting.name, f"{value!r} is not one of {choices}; using {setting.default!r}")
                config[setting.name] = setting.default
            continue
        wanted = setting.types
        if isinstance(value, bool) and bool not in wanted:
            ok = False
        else:
            ok = isinstance(value, wanted)
        if not ok:
            kinds = " or ".join(t.__name__ for t in wanted)
            _problem(setting.name, f"takes a value of type {kinds}, not {value!r}; using {setting.default!r}")
            config[setting.name] = setting.default


def _check_names(config: Config) -> None:
    """Names in conf.py that look like ours and are not: Sphinx ignores them silently."""
    # Config keeps conf.py's namespace only in a private attribute; there is
    # no public way to list the names a conf.py set but no one registered.
    raw = getattr(config, "_raw_config", None) or {}
    known = [setting.name for setting in SETTINGS]
    for name in sorted(raw):
        if name.startswith(PREFIX) and name not in known and name in raw and name not in config:
            near = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
            _problem(name, "not a setting of sphinx-annotated-edition"
                     + (f"; did you mean {near[0]}?" if near else "; see its configuration reference"))


def _check_review_today(config: Config) -> None:
    import datetime as dt

    value = config.edition_review_today
    if value:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            _problem("edition_review_today", f"{value!r} is not a day (YYYY-MM-DD); counting from today")
            config["edition_review_today"] = ""


def check_config(app, config: Config) -> None:
    """At config-inited: every setting of ours has a shape the code can use."""
    from pathlib import Path

    conf_py = Path(app.confdir, "conf.py") if app.confdir else None
    _CONF.clear()
    if conf_py is not None and conf_py.is_file():
        _CONF.update(path=str(conf_py), text=conf_py.read_text(encoding="utf-8", errors="replace"))
    _check_names(config)
    _check_types(config)
    for name in ("edition_paragraph_target", "edition_paragraph_label"):
        if not _check_label_format(config, name):
            config[name] = DEFAULTS[name]
    _check_vocabulary(config)
    _check_source(config)
    _check_pairs(config, "edition_downloads", (3,))
    _check_pairs(config, "edition_cartridge_links", (2,))
    for name in ("edition_words_per_minute", "edition_review_max_age"):
        if getattr(config, name) <= 0:
            _problem(name, f"takes a number above 0, not {getattr(config, name)!r}")
            config[name] = DEFAULTS[name]
    _check_review_today(config)
    if config.edition_annotations_suffix and not config.edition_annotations_suffix.startswith("."):
        _problem("edition_annotations_suffix", f"{config.edition_annotations_suffix!r} is not a suffix; "
                 "start it with '.', as in '.md'")
        config["edition_annotations_suffix"] = DEFAULTS["edition_annotations_suffix"]
