"""Translatable labels: the layer's labels come from its message catalogs
(German and Ukrainian ship with it), every message is translated and
compiled, and the catalog template holds every message in the code. A
translated build of a fixture (roots/test-mistakes) keeps the author's text
and every note anchored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import sphinx_annotated_edition
from conftest import ROOTS, build_project

#: the package's sources, where they are installed from (editable: extension/src)
PACKAGE = Path(sphinx_annotated_edition.__file__).resolve().parent
LOCALE = PACKAGE / "locale"
CATALOG = "sphinx_annotated_edition"
FIXTURE = ROOTS / "test-mistakes"


def build(tmp_path: Path, language: str) -> Path:
    # the classroom blocks on, for the label of their heading
    outdir, warnings = build_project(shutil.copytree(FIXTURE, tmp_path / language), language=language,
                                     edition_classroom=True)
    assert warnings == []
    return outdir


def chapter(out: Path) -> BeautifulSoup:
    return BeautifulSoup((out / "chapters" / "01-first.html").read_text(encoding="utf-8"), "lxml")


@pytest.mark.parametrize(("language", "labels"), [
    ("uk", ["Примітка 1.1", "Перевірка фактів", "Вердикт: Підтверджено", "Станом на 1 лютого 2026",
            "Повернутися до уривка", "Для уроку"]),
    ("de", ["Anmerkung 1.1", "Faktencheck", "Urteil: Belegt", "Stand: 1. Februar 2026",
            "Zurück zur Textstelle", "Für den Unterricht"]),
])
def test_labels_in_the_project_language_article_unchanged(tmp_path, language, labels):
    english = chapter(build(tmp_path, "en"))
    translated = chapter(build(tmp_path, language))
    text = " ".join(translated.get_text(" ").split())
    for label in labels:
        assert label in text, label
    paragraphs = [p.get_text() for p in english.select("p.edition-paragraph")]
    assert paragraphs and [p.get_text() for p in translated.select("p.edition-paragraph")] == paragraphs
    assert len(translated.select("mark.annotation-highlight")) == len(english.select("mark.annotation-highlight"))


def _messages(path: Path) -> dict:
    from babel.messages import mofile, pofile

    with open(path, "rb") as handle:
        catalog = (mofile.read_mo if path.suffix == ".mo" else pofile.read_po)(handle)
    def key(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return {key(m.id): key(m.string) for m in catalog if m.id}


def test_every_message_is_translated_and_compiled(tmp_path):
    from babel.messages import pofile

    with open(LOCALE / f"{CATALOG}.pot", "rb") as handle:
        wanted = {tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id
                  for m in pofile.read_po(handle) if m.id}
    assert len(wanted) > 50
    for language in ("de", "uk"):
        po = _messages(LOCALE / language / "LC_MESSAGES" / f"{CATALOG}.po")
        assert set(po) == wanted, language
        untranslated = [k for k, v in po.items() if not (all(v) if isinstance(v, tuple) else v)]
        assert not untranslated, (language, untranslated)
        # the compiled catalog is the .po, not an older one
        assert _messages(LOCALE / language / "LC_MESSAGES" / f"{CATALOG}.mo") == po, language


def test_the_catalog_template_holds_every_message_in_the_code(tmp_path):
    from babel.messages import frontend, pofile

    pot = tmp_path / "fresh.pot"
    frontend.CommandLineInterface().run([
        "pybabel", "extract", "--no-location", "--omit-header", "-k", "_", "-k", "N_",
        "-k", "ngettext:1,2", "-o", str(pot), str(PACKAGE)])
    with open(pot, "rb") as fresh, open(LOCALE / f"{CATALOG}.pot", "rb") as kept:
        def ids(handle):
            return {tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id for m in pofile.read_po(handle)}

        assert ids(fresh) == ids(kept), \
            "run `python -m sphinx_annotated_edition.i18n` from extension/src and translate the new messages"

