"""What the pages call the static files they fetch themselves."""

from __future__ import annotations

import zlib
from pathlib import Path


def versioned(static: Path, name: str) -> str:
    """*name* with the ``?v=`` Sphinx gives the files it links itself (the
    same checksum: CRC-32 of the file without carriage returns), so that a
    script's fetches are refreshed when a file changes, as its own tag is."""
    try:
        content = (static / name).read_bytes().translate(None, b"\r")
    except FileNotFoundError:
        return name
    return f"{name}?v={zlib.crc32(content):08x}" if content else name
