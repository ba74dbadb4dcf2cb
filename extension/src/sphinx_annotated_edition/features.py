"""The features beyond the core, each off until ``conf.py`` switches it on.

The core is the note: its anchoring, its checks, its rendering in every
builder and the notes index. Everything else is a feature with its own
setting; its event handlers are connected at ``config-inited`` only when it
is on, so a project that leaves it off runs none of its code. Its directives
stay registered, and say, where they are used, which setting they need
(rather than MyST's "unknown directive").
"""

from __future__ import annotations

from typing import Callable

from docutils import nodes

from .warnings_ import AnnotationWarning, warn


def refuse_unless_on(directive, setting: str) -> list[nodes.Node] | None:
    """In a directive's ``run``: a warning and no output when *setting* is off."""
    if getattr(directive.config, setting):
        return None
    source, line = directive.get_source_info()
    warn(f"the {directive.name} directive needs {setting} = True in conf.py (the feature is off); "
         "switch it on, or remove the directive", AnnotationWarning.FEATURE_OFF, f"{source}:{line}")
    return []


def _setup_glossary_links(app) -> None:
    from . import glossary

    app.add_transform(glossary.RecordGlossary)
    app.connect("doctree-resolved", glossary.link_terms)
    app.connect("doctree-resolved", glossary.add_term_uses)


def _setup_w3c_export(app) -> None:
    from . import exports

    app.connect("build-finished", exports.write_exports)


def _setup_claim_review(app) -> None:
    from . import exports

    app.connect("html-page-context", exports.add_claim_reviews)


def _setup_chapter_cards(app) -> None:
    from . import cards

    app.connect("doctree-resolved", cards.fill_cards)


def _setup_student_notes(app) -> None:
    from . import js_messages, student_notes

    app.connect("builder-inited", student_notes.copy_assets)
    # before conf.py's handlers, which may copy the page's list of assets
    app.connect("html-page-context", student_notes.add_page_assets, priority=400)
    app.connect("html-page-context", js_messages.want_loader_messages, priority=850)


def _setup_deferred_search_highlight(app) -> None:
    from . import search_highlight

    # before conf.py's handlers, which may copy the page's list of assets
    app.connect("html-page-context", search_highlight.defer_highlighting, priority=400)


def _setup_minified_sphinx_scripts(app) -> None:
    from . import sphinx_scripts

    app.connect("builder-inited", sphinx_scripts.minify_sphinx_scripts)


#: setting -> what switching it on connects (the classroom blocks and the
#: reading copy are read with the chapter: loading.py asks their settings)
FEATURES: dict[str, Callable] = {
    "edition_glossary_links": _setup_glossary_links,
    "edition_w3c_export": _setup_w3c_export,
    "edition_claim_review": _setup_claim_review,
    "edition_chapter_cards": _setup_chapter_cards,
    "edition_student_notes": _setup_student_notes,
    "edition_defer_search_highlight": _setup_deferred_search_highlight,
    "edition_minify_sphinx_scripts": _setup_minified_sphinx_scripts,
}


def setup_features(app, config) -> None:
    """``config-inited`` (after :func:`.config.check_config`): connect the features that are on."""
    for setting, setup in FEATURES.items():
        if getattr(config, setting):
            setup(app)
