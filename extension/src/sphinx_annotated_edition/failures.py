"""A warning keeps failing the build until it is fixed.

Sphinx reports a warning once: when the document is read, resolved or
written. The next build does not read the document again (nothing changed),
so a strict build that failed "succeeds" the second time with the mistake
still there: a note missing from the page and nobody told.

:class:`WarningTracker` watches every warning of a build, works out which
document it belongs to (an annotations file belongs to its chapter) and, at
``build-finished``, records those documents in the doctree folder. At the
next build, ``env-get-outdated`` returns them, so they are read, resolved and
written again, and their warnings are emitted again, at the same file and
line, until they are fixed.

The record is a file, not environment data, because warnings raised after
the environment is pickled (the consistency check, resolving references,
writing pages, in forked workers under ``-j``) could never reach it there.
Warnings from workers are re-emitted in the main process, where the tracker
sees them.
"""

from __future__ import annotations

import json
import logging as logging_
from pathlib import Path

from docutils import nodes
from sphinx.util.logging import WarningSuppressor, get_node_location, is_suppressed_warning

RECORD_NAME = "annotated-edition-warned.json"


class WarningTracker(logging_.Filter):
    """A filter on Sphinx's warning handler that remembers where warnings were."""

    def __init__(self) -> None:
        super().__init__()
        self.app = None
        self.warned: set[str] = set()

    # -- events ---------------------------------------------------------------
    def install(self, app) -> None:
        """``builder-inited``: watch the warning handler.

        First among its filters: with ``-W`` and no ``--keep-going`` the next
        filter raises, and the warning that stopped the build must count too.
        """
        self.app, self.warned = app, set()
        for handler in logging_.getLogger("sphinx").handlers:
            filters = handler.filters
            if any(isinstance(f, WarningSuppressor) for f in filters) and self not in filters:
                filters.insert(0, self)

    def outdated(self, app, env, added, changed, removed) -> list[str]:
        """``env-get-outdated``: the documents whose warnings are not fixed yet."""
        path = Path(app.doctreedir) / RECORD_NAME
        try:
            docnames = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(docnames, list):
            return []
        return sorted(d for d in docnames if isinstance(d, str) and d in env.found_docs
                      and d not in removed)

    def save(self, app, exception) -> None:
        """``build-finished``: write down this build's warned documents."""
        path = Path(app.doctreedir) / RECORD_NAME
        for handler in logging_.getLogger("sphinx").handlers:
            if self in handler.filters:
                handler.removeFilter(self)
        try:
            if self.warned:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(sorted(self.warned)) + "\n", encoding="utf-8")
            elif path.exists():
                path.unlink()
        except OSError:
            pass  # a read-only doctree folder: Sphinx itself fails there first

    # -- the filter -----------------------------------------------------------
    def filter(self, record: logging_.LogRecord) -> bool:
        if record.levelno >= logging_.WARNING and self.app is not None and not is_suppressed_warning(
                getattr(record, "type", None), getattr(record, "subtype", None),
                self.app.config.suppress_warnings):
            # a warning the project suppressed is not a failure
            docname = self.docname_of(getattr(record, "location", None))
            if docname:
                self.warned.add(docname)
        return True

    def docname_of(self, location) -> str | None:
        """The document a warning's location belongs to, if any."""
        env = self.app.env
        if isinstance(location, tuple):
            return location[0] or None
        if isinstance(location, nodes.Node):
            location = get_node_location(location)
        if not isinstance(location, str) or not location:
            return None
        path, _, line = location.rpartition(":")
        if not path or not line.isdigit():
            path = location
        if ":" not in location and not Path(path).suffix:
            return path  # a docname
        return self.docname_of_path(Path(path), env)

    def docname_of_path(self, path: Path, env) -> str | None:
        srcdir = Path(env.srcdir)
        if not path.is_absolute():
            path = srcdir / path
        config = env.config
        annotations = (srcdir / config.edition_annotations_dir).resolve()
        try:
            relative = path.resolve().relative_to(annotations)
        except ValueError:
            return env.path2doc(str(path))
        chapters = config.edition_chapters_dir.strip("/")
        return f"{chapters}/{relative.with_suffix('').as_posix()}"
