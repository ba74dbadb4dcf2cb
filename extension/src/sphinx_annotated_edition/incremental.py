"""What an incremental build must re-write, beyond the documents it re-reads.

Pages that summarise notes (the notes index, chapter cards), the glossary's
back-links and the chapters' term links are filled when pages are written,
from other documents' records. When a document is about to be purged
(``env-purge-doc``) its records are remembered; after reading
(``env-get-updated``) the new records are compared with them, and only the
pages whose content depends on what changed are re-written:

* notes or chapter facts shown in lists changed → the pages that list notes;
* a chapter's paragraphs changed → the glossary pages (back-links);
* glossary entries changed → every chapter (term links);
* the sources a document cites changed → every page with a bibliography or
  a citation: sphinxcontrib-bibtex re-formats the citations but writes only
  the documents that were read, so a ``:cited:`` list kept a removed source
  and other pages kept labels whose letters had moved ("2025c" now "2025b";
  the same staleness as jupyter-book/jupyter-book#1165);
* an entry of a ``.bib`` file changed (its title, its authors) → the pages
  that cite it: sphinxcontrib-bibtex re-reads the bibliography's page, and
  the citing pages kept the old entry in their citations' previews.

So editing a note's text re-writes its chapter and the notes index, and
nothing else.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from .loading import annotations_path

#: env -> {docname: what it contributed before it was purged}: kept for one
#: build, between env-purge-doc and env-get-updated, so never pickled
_BEFORE: WeakKeyDictionary = WeakKeyDictionary()
#: env -> {citation key: how it was formatted}, before this build re-formats it
_CITATIONS_BEFORE: WeakKeyDictionary = WeakKeyDictionary()


def listed(domain, env, docname):
    """What pages listing notes show of a chapter."""
    notes = domain.data["notes"].get(docname)
    chapter = domain.chapters.get(docname)
    if notes is None and chapter is None:
        return None
    title = env.titles[docname].astext() if docname in env.titles else ""
    return (
        title,
        chapter[:3] if chapter else None,  # number, words, minutes
        tuple((r.id, r.number, r.kind, r.verdict, r.quote, r.paragraph, r.whole_paragraph,
               r.reviewed)
              for r in (notes or {}).values()),
    )


def _bibtex(env):
    """sphinxcontrib-bibtex's domain, when the project uses it."""
    return env.domains.get("cite")


def cited(env, docname):
    """The keys *docname* cites, through sphinxcontrib-bibtex."""
    bibtex = _bibtex(env)
    if bibtex is None:
        return None
    keys = sorted({t.key for ref in bibtex.citation_refs if ref.docname == docname for t in ref.targets})
    return tuple(keys) or None


def formatted_citations(env) -> dict[str, tuple] | None:
    """Every citation's label, entry and preview as text, as formatted now."""
    bibtex = _bibtex(env)
    if bibtex is None:
        return None

    def text(entry) -> str | None:
        # str() of pybtex's rich text: its words, with no backend to look up
        return None if entry is None else str(entry.text)

    return {c.key: (c.formatted_entry.label, text(c.formatted_entry), text(c.tooltip_entry))
            for c in bibtex.citations}


def state(domain, env, docname) -> dict:
    chapter = domain.chapters.get(docname)
    return {
        "listed": listed(domain, env, docname),
        "paragraphs": chapter.paragraphs if chapter else None,
        "terms": tuple(domain.data["terms"].get(docname, ())) or None,
        "cites": cited(env, docname),
    }


def remember_before_purge(app, env, docname) -> None:
    """``env-purge-doc``: keep what the document contributed before it goes."""
    if env not in _CITATIONS_BEFORE:
        # the citations restored with the environment, before the re-reading
        _CITATIONS_BEFORE[env] = formatted_citations(env)
    before = _BEFORE.setdefault(env, {})
    if docname not in before:
        before[docname] = state(env.get_domain("annotation"), env, docname)


def pages_to_rewrite(app, env) -> list[str]:
    """``env-get-updated``: the pages whose filled-in content changed."""
    before = _BEFORE.pop(env, None) or {}
    citations_before = _CITATIONS_BEFORE.pop(env, None)
    if not before:
        return []
    domain = env.get_domain("annotation")
    changed = {"listed": False, "paragraphs": False, "terms": False, "cites": False}
    for docname, old in before.items():
        new = state(domain, env, docname)
        for key in changed:
            if old[key] != new[key]:
                changed[key] = True
    rewrite: set[str] = set()
    if changed["listed"]:
        rewrite |= set(domain.listing_docnames)
    if changed["paragraphs"]:
        rewrite |= set(domain.data["terms"])
    if changed["terms"]:
        rewrite |= set(domain.chapters)
    if changed["cites"]:
        bibtex = _bibtex(env)
        rewrite |= {key.docname for key in bibtex.bibliographies}
        rewrite |= {ref.docname for ref in bibtex.citation_refs}
    if citations_before is not None:
        now = formatted_citations(env) or {}
        moved = {key for key in set(now) | set(citations_before) if now.get(key) != citations_before.get(key)}
        if moved:
            bibtex = _bibtex(env)
            rewrite |= {ref.docname for ref in bibtex.citation_refs
                        if any(target.key in moved for target in ref.targets)}
    # documents re-read this build are written anyway
    return sorted(d for d in rewrite if d not in before)


def annotations_files_made(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: the chapters read with no annotations file that
    have one now. (A missing file noted as a dependency would re-read its
    chapter in every build, a no-op build too.)"""
    awaiting = env.get_domain("annotation").data["awaiting_notes"]
    return sorted(docname for docname in awaiting if annotations_path(env, docname).exists())
