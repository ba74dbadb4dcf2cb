"""Every setting is checked when the configuration is read.

A careless editor's conf.py (a typo in a name, a value of the wrong shape,
a key misspelt in the vocabulary) gives one warning naming the setting, at
its line of conf.py, and the build carries on with what can be used: never
a TypeError from deep inside a build.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOTS, build_project

# conf.py of the root has 5 lines: what a case appends starts at line 6
CASES = {
    "name-typo": (
        "edition_clasroom = True",
        ["conf.py:6: WARNING: edition_clasroom: not a setting of sphinx-annotated-edition; "
         "did you mean edition_classroom? [annotation.config]"],
    ),
    "wrong-type": (
        'edition_words_per_minute = "fast"',
        ["conf.py:6: WARNING: edition_words_per_minute: takes a value of type int, not 'fast'; using 200 "
         "[annotation.config]"],
    ),
    "enum": (
        'edition_term_links = "some"',
        ["conf.py:6: WARNING: edition_term_links: 'some' is not one of 'first', 'all', 'none'; "
         "using 'first' [annotation.config]"],
    ),
    "kind-key-typo": (
        'edition_annotation_kinds = {\n'
        '    "fact-check": {"label": "Fact-check", "motivation": "assessing", "verdit": True},\n'
        '    "context": {"label": "Context", "motivation": "describing"},\n}',
        ["conf.py:6: WARNING: edition_annotation_kinds['fact-check']: unknown key 'verdit' (known: "
         "label, motivation, verdict, as_of, factual, description); did you mean 'verdict'? "
         "[annotation.config]",
         # the kind is kept without the key, so the note's verdict is refused where it is
         "annotations/01-one.md:1: WARNING: no kind of note carries a verdict (none has \"verdict\": "
         "True in edition_annotation_kinds); remove :verdict: from this fact-check note "
         "[annotation.verdict_not_allowed]"],
    ),
    "kind-bad-motivation": (
        'edition_annotation_kinds = {\n'
        '    "fact-check": {"label": "Fact-check", "motivation": "checking", "verdict": True},\n'
        '    "context": {"label": "Context", "motivation": "describing"},\n}',
        ["conf.py:6: WARNING: edition_annotation_kinds['fact-check']['motivation']: 'checking' is not "
         "a W3C Web Annotation motivation; use one of: assessing, bookmarking, classifying, "
         "commenting, describing, editing, highlighting, identifying, linking, moderating, "
         "questioning, replying, tagging [annotation.config]",
         # left out: the note of that kind says so at its line
         "annotations/01-one.md:1: WARNING: unknown annotation kind 'fact-check'; use one of: "
         "context (or add one in edition_annotation_kinds) [annotation.unknown_kind]"],
    ),
    "kind-no-label": (
        'edition_annotation_kinds = {"fact-check": {"motivation": "assessing", "verdict": True},\n'
        '                            "context": {"label": "Context", "motivation": "describing"}}',
        ["conf.py:6: WARNING: edition_annotation_kinds['fact-check']: needs 'label' [annotation.config]",
         "annotations/01-one.md:1: WARNING: unknown annotation kind 'fact-check'; use one of: "
         "context (or add one in edition_annotation_kinds) [annotation.unknown_kind]"],
    ),
    "kind-not-a-dict": (
        'edition_annotation_kinds = {"fact-check": "Fact-check"}',
        ["conf.py:6: WARNING: edition_annotation_kinds['fact-check']: takes a dict of label, "
         "motivation, verdict, as_of, factual, description, not str [annotation.config]"],
    ),
    "verdict-rating": (
        'edition_verdicts = {"supported": {"label": "Supported", "rating": 10},\n'
        '                    "wrong": {"label": "Wrong", "rating": 1}}',
        ["conf.py:6: WARNING: edition_verdicts['supported']['rating']: takes a whole number from 1 "
         "(worst) to 5 (best), or None, not 10 [annotation.config]",
         "annotations/01-one.md:1: WARNING: unknown verdict 'supported'; use one of: wrong "
         "[annotation.unknown_verdict]"],
    ),
    "empty-vocabulary": (
        "edition_verdicts = {}",
        ["conf.py:6: WARNING: edition_verdicts: is empty; give at least one entry, or leave the "
         "setting out for the default [annotation.config]"],
    ),
    "label-pattern": (
        'edition_paragraph_label = "§{chapter}"',
        ["conf.py:6: WARNING: edition_paragraph_label: '§{chapter}' must hold {chapter} and "
         "{paragraph} once each, as in '¶{chapter}.{paragraph}' [annotation.config]"],
    ),
    "label-pattern-unknown-field": (
        'edition_paragraph_target = "p{chapter}.{para}"',
        ["conf.py:6: WARNING: edition_paragraph_target: 'p{chapter}.{para}' is not a label pattern "
         "('para'); use {chapter} and {paragraph}, as in 'p{chapter}.{paragraph}' [annotation.config]"],
    ),
    "suffix": (
        'edition_annotations_suffix = "md"',
        ["conf.py:6: WARNING: edition_annotations_suffix: 'md' is not a suffix; start it with '.', "
         "as in '.md' [annotation.config]"],
    ),
    "source-key": (
        'edition_source = {"title": "T", "dat": "2025-12-29"}',
        ["conf.py:6: WARNING: edition_source['dat']: unknown key (known: title, publisher, date, url); "
         "did you mean 'date'? [annotation.config]"],
    ),
    "source-date": (
        'edition_source = {"title": "T", "date": "29 December 2025"}',
        ["conf.py:6: WARNING: edition_source['date']: '29 December 2025' is not a day; write "
         "YYYY-MM-DD [annotation.config]"],
    ),
    "downloads-shape": (
        'edition_downloads = [("The book", "book.pdf")]',
        ["conf.py:6: WARNING: edition_downloads: each entry is a tuple of 3 texts, not "
         "('The book', 'book.pdf') [annotation.config]"],
    ),
    "negative": (
        "edition_review_max_age = 0",
        ["conf.py:6: WARNING: edition_review_max_age: takes a number above 0, not 0 "
         "[annotation.config]"],
    ),
}


def _project(tmp_path, addition: str):
    srcdir = shutil.copytree(ROOTS / "test-config", tmp_path / "src")
    conf = srcdir / "conf.py"
    assert len(conf.read_text(encoding="utf-8").splitlines()) == 5
    with conf.open("a", encoding="utf-8") as handle:
        handle.write(addition + "\n")
    return srcdir


def _ours(warnings: list[str]) -> list[str]:
    """Our warnings, without Sphinx's own type check (which only warns)."""
    return [w for w in warnings if "[annotation." in w]


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_mistake_in_conf_py_is_one_warning_at_its_line(case, tmp_path):
    addition, expected = CASES[case]
    srcdir = _project(tmp_path, addition)
    _out, warnings = build_project(srcdir)
    assert _ours(warnings) == expected
    # a second build without fixing says it again
    _out, again = build_project(srcdir, fresh=False)
    assert _ours(again)[:1] == expected[:1]


def test_the_root_builds_cleanly_as_it_is(tmp_path):
    srcdir = _project(tmp_path, "")
    out, warnings = build_project(srcdir)
    assert warnings == []
    assert "Verdict: Supported" in (out / "chapters" / "01-one.html").read_text(encoding="utf-8")


def test_a_project_vocabulary_replaces_the_default(tmp_path):
    srcdir = _project(tmp_path, (
        'edition_annotation_kinds = {"ruling": {"label": "Ruling", "motivation": "assessing", '
        '"verdict": True}, "context": {"label": "Background", "motivation": "describing"}}\n'
        'edition_verdicts = {"upheld": {"label": "Upheld", "rating": 2}, '
        '"supported": {"label": "Stands", "rating": 1}}'))
    (srcdir / "annotations" / "01-one.md").write_text(
        (srcdir / "annotations" / "01-one.md").read_text(encoding="utf-8").replace(
            "{annotation} fact-check", "{annotation} ruling"), encoding="utf-8")
    out, warnings = build_project(srcdir)
    assert warnings == []
    page = (out / "chapters" / "01-one.html").read_text(encoding="utf-8")
    assert "Verdict: Stands" in page and ">Ruling<" in page and ">Background<" in page


def test_paragraph_labels_follow_the_settings(tmp_path):
    srcdir = _project(tmp_path, 'edition_paragraph_label = "§{chapter}-{paragraph}"')
    # an editor may write the label as shown
    note = srcdir / "annotations" / "01-one.md"
    note.write_text(note.read_text(encoding="utf-8").replace(":paragraph: 1.2", ":paragraph: §1-2"),
                    encoding="utf-8")
    out, warnings = build_project(srcdir)
    assert warnings == []
    page = (out / "chapters" / "01-one.html").read_text(encoding="utf-8")
    import re

    shown = re.findall(r'class="edition-plabel[^"]*"[^>]*>([^<]*)</a>', page)
    assert shown == ["§1-1", "§1-2"]


def test_the_switches_are_kept_under_the_projects_own_key(tmp_path):
    """Two editions on one host keep their readers' choices apart: the key of
    the show/hide switches comes from the project's name unless conf.py sets it."""
    out, warnings = build_project(_project(tmp_path / "a", 'project = "Council Minutes, 2026"'))
    assert warnings == []
    page = (out / "chapters" / "01-one.html").read_text(encoding="utf-8")
    assert 'data-controls-key="annotated-edition:hidden:council-minutes-2026"' in page
    out, _ = build_project(_project(tmp_path / "b", 'edition_controls_storage_key = "my-key"'))
    assert 'data-controls-key="my-key"' in (out / "chapters" / "01-one.html").read_text(encoding="utf-8")
