"""The files a page fetches itself: which builders' pages do, and what they call them."""

from __future__ import annotations

import zlib
from pathlib import Path


def web_builder(builder) -> bool:
    """A builder whose pages a browser fetches from a server: the HTML ones,
    not EPUB (a reading system runs no such fetch, and it has no search page)."""
    return builder.format == "html" and not builder.name.startswith("epub")


def versioned(static: Path, name: str) -> str:
    """*name* with the ``?v=`` Sphinx gives the files it links itself (the
    same checksum: CRC-32 of the file without carriage returns), so that a
    script's fetches are refreshed when a file changes, as its own tag is."""
    try:
        content = (static / name).read_bytes().translate(None, b"\r")
    except FileNotFoundError:
        return name
    return f"{name}?v={zlib.crc32(content):08x}" if content else name
