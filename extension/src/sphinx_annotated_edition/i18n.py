"""The layer's own words, through Sphinx's message catalogs.

Every label the layer prints ("Note 3.2", "Verdict", "As of", "Back to the
passage", "For the classroom", …) goes through ``_`` and is looked up, when
it is used, in the catalog for the project's ``language``: German and
Ukrainian ship in ``locale/``. ``N_`` marks a string for the catalog where
it is defined (the kinds and verdicts) and ``_`` translates it where it is
shown. The article's own words are never in a catalog (see verbatim.py).

Rebuild the catalogs after changing a message::

    python -m sphinx_annotated_edition.i18n    # extract .pot, update .po, compile .mo
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

MESSAGE_CATALOG = "sphinx_annotated_edition"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("de", "uk")

_ = get_translation(MESSAGE_CATALOG)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for *count* ("1 note", "3 notes"; Ukrainian has three)."""
    from sphinx.locale import get_translator

    return get_translator(MESSAGE_CATALOG).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark *message* for the catalog; translated later, where it is shown."""
    return message


def setup_catalog(app) -> None:
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))


def rebuild_catalogs() -> None:
    """Extract the messages, merge them into each language's .po, compile the .mo."""
    from babel.messages import frontend

    package = Path(__file__).parent
    pot = LOCALE_DIR / f"{MESSAGE_CATALOG}.pot"
    pot.parent.mkdir(parents=True, exist_ok=True)
    cli = frontend.CommandLineInterface()
    cli.run(["pybabel", "extract", "--no-location", "--sort-output", "--omit-header",
             "-k", "_", "-k", "N_", "-k", "ngettext:1,2", "-o", str(pot), str(package)])
    for language in LANGUAGES:
        po = LOCALE_DIR / language / "LC_MESSAGES" / f"{MESSAGE_CATALOG}.po"
        if po.exists():
            cli.run(["pybabel", "update", "--no-fuzzy-matching", "-i", str(pot),
                     "-o", str(po), "-l", language])
        else:
            cli.run(["pybabel", "init", "-i", str(pot), "-o", str(po), "-l", language])
        # --use-fuzzy: "pybabel update" marks a whole catalog fuzzy when only its date moved
        cli.run(["pybabel", "compile", "--use-fuzzy", "-i", str(po), "-o", str(po.with_suffix(".mo")),
                 "-l", language])


if __name__ == "__main__":
    rebuild_catalogs()
