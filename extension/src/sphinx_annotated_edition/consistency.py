"""Checks across the whole edition.

* a note id used in two chapters (after every read, ``env-check-consistency``);
* an annotations file with no chapter of the same name (every build).
"""

from __future__ import annotations

from pathlib import Path

from .warnings_ import AnnotationWarning, warn


def check_edition(app, env) -> None:
    domain = env.get_domain("annotation")
    first: dict[str, object] = {}
    for record in domain.all_notes():
        if record.id in first:
            other = first[record.id]
            warn(f"duplicate annotation id {record.id!r}, also used at {other.source}:{other.line}; "
                 "give one of them another :id:",
                 AnnotationWarning.DUPLICATE_ID, f"{record.source}:{record.line}")
        else:
            first[record.id] = record



def check_annotations_files(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``, so on every build, not only when a document is read:
    an annotations file with no chapter is reported until it is renamed or removed."""
    folder = Path(app.srcdir) / app.config.edition_annotations_dir
    if not folder.is_dir():
        return []
    chapters = app.config.edition_chapters_dir.strip("/")
    suffix = app.config.edition_annotations_suffix
    for path in sorted(folder.glob(f"*{suffix}")):
        name = path.name[:-len(suffix)]
        docname = f"{chapters}/{name}"
        if docname not in env.found_docs:
            warn(f"annotations file with no matching chapter: expected a chapter {chapters}/{name}; "
                 "rename the file after its chapter, or remove it",
                 AnnotationWarning.ORPHAN_FILE, f"{path}:1")
    return []
