"""Toctree parents re-written only when what they show of a document changed.

When a document is re-read, Sphinx writes again every page whose toctree
lists it (``Builder.write`` adds ``env.files_to_rebuild[docname]``), since the
document's title or sections may have changed. Mostly they have not: an
edited note re-wrote its chapter and, with it, the edition's index and
reading copy, a quarter of that build's time beyond a no-op.

What a parent's toctree shows of a document is its title, its sections
(``env.tocs``), the documents its own toctrees list, and how deep its
``tocdepth`` lets them go (the one piece of its metadata Sphinx's toctree
reads); numbering is Sphinx's own concern (its toctree collector reports
renumbered pages as updated). These are remembered when
the document is purged (``env-purge-doc``, before Sphinx's collectors drop
them) and compared with what was read at ``write-started``, just before
that one loop; for the documents where all are the same,
``env.files_to_rebuild`` is swapped for a copy without them, and the
build's own is put back at ``build-finished``. The
environment has been pickled by then, so nothing of this is kept.

Sphinx before 9 also writes the root document in every build that writes
anything; that is left as it is.

A parent that shows more of a document than its toctree does (a list of
its notes, a card) is written again through ``env-get-updated`` by
whatever fills that part (``incremental.py`` for the edition's own).

Part of ``edition_speedups``. Upstream: sphinx-doc/sphinx#11556
("Consider using content hashes for change detection instead of
modification time"), where the index rewritten with every change is
explained by this loop.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

#: env -> {docname: what toctrees show of it}, from env-purge-doc to write-started
_SHOWN_BEFORE: WeakKeyDictionary = WeakKeyDictionary()
#: env -> Sphinx's own files_to_rebuild, while the copy stands in for it
_SAVED: WeakKeyDictionary = WeakKeyDictionary()


def shown(env, docname: str) -> tuple | None:
    """What a toctree listing *docname* can show of it, as comparable values."""
    if docname not in env.titles:
        return None
    toc = env.tocs.get(docname)
    longtitle = env.longtitles.get(docname)
    return (
        env.titles[docname].astext(),
        longtitle.astext() if longtitle is not None else None,
        toc.pformat() if toc is not None else None,
        tuple(env.toctree_includes.get(docname, ())),
        env.metadata.get(docname, {}).get("tocdepth"),
    )


def remember(app, env, docname: str) -> None:
    """``env-purge-doc`` (before the collectors'): what toctrees showed of it."""
    if app.config.edition_speedups:
        _SHOWN_BEFORE.setdefault(env, {}).setdefault(docname, shown(env, docname))


def leave_out_parents(app, builder) -> None:
    """``write-started``: Sphinx's parent pages, less those of the documents
    read again that toctrees show as before."""
    env = builder.env
    before = _SHOWN_BEFORE.pop(env, None) or {}
    unchanged = {docname for docname, old in before.items()
                 if old is not None and docname in env.all_docs and shown(env, docname) == old}
    if not unchanged or env in _SAVED:
        return
    _SAVED[env] = env.files_to_rebuild
    env.files_to_rebuild = {docname: parents for docname, parents in env.files_to_rebuild.items()
                            if docname not in unchanged}


def put_back(app, exception) -> None:
    """``build-finished``: the build's own ``files_to_rebuild`` again."""
    env = app.builder.env
    saved = _SAVED.pop(env, None)
    if saved is not None:
        env.files_to_rebuild = saved
