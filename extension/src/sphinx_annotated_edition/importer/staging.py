"""Write the outputs all or nothing: staged beside their targets, checked, swapped in."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from .page import ImportError_


def missing_dirs(folder: Path) -> list[Path]:
    """The folders to create for *folder* to exist, outermost first.

    Said before anything is written: a file where a folder must be fails now.
    """
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    if not folder.is_dir():
        raise ImportError_(f"cannot write into {folder}: it is not a folder")
    return missing[::-1]


def _check_targets(chapters_dir: Path, bib_path: Path | None) -> list[Path]:
    """Refuse targets that cannot be replaced; return the folders to create."""
    if chapters_dir.exists() and not chapters_dir.is_dir():
        raise ImportError_(f"--chapters {chapters_dir}: is a file, not a folder")
    missing = missing_dirs(chapters_dir.parent)
    if bib_path is None:
        return missing
    if bib_path.is_dir():
        raise ImportError_(f"--bib {bib_path}: is a folder, not a file")
    return missing + [d for d in missing_dirs(bib_path.parent) if d not in missing]


def remove(path: Path | None) -> None:
    if path is None or not os.path.lexists(path):
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def write_outputs(chapters: dict[str, str], bibtex: str | None, chapters_dir: Path,
                  bib_path: Path | None,
                  check: Callable[[Path, Path | None], None] | None = None) -> None:
    """Stage every output beside its target, *check* it, then swap all or nothing.

    On any failure, before or during the swap, the chapters folder and the
    bibliography are as they were, and nothing of ours is left: the staged
    files, the old chapters and any folder we had to create are removed.
    With *bib_path* None only the chapters are written.
    """
    missing = _check_targets(chapters_dir, bib_path)
    created: list[Path] = []
    staging = bib_tmp = holder = None
    done = False
    try:
        for folder in missing:
            folder.mkdir()
            created.append(folder)
        staging = Path(tempfile.mkdtemp(prefix=f".{chapters_dir.name}-", dir=chapters_dir.parent))
        for name, text in sorted(chapters.items()):
            (staging / name).write_text(text, encoding="utf-8", newline="\n")
        if bib_path is not None:
            fd, name = tempfile.mkstemp(prefix=f".{bib_path.name}-", dir=bib_path.parent)
            bib_tmp = Path(name)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(bibtex or "")
            os.chmod(bib_tmp, 0o644)
        os.chmod(staging, 0o755)
        if check is not None:
            check(staging, bib_tmp)
        # the old chapters wait here until the new ones are in
        holder = Path(tempfile.mkdtemp(prefix=f".{chapters_dir.name}-old-", dir=chapters_dir.parent))
        _swap(staging, bib_tmp, chapters_dir, bib_path, holder)
        staging = bib_tmp = None  # swapped in: theirs now
        done = True
    finally:
        for path in (staging, bib_tmp, holder):
            remove(path)
        if not done:
            for folder in reversed(created):
                shutil.rmtree(folder, ignore_errors=True)


def _swap(staging: Path, bib_tmp: Path | None, chapters_dir: Path, bib_path: Path | None,
          holder: Path) -> None:
    """Chapters, then the bibliography; if the second fails, the first is undone."""
    old = holder / chapters_dir.name
    had_old = chapters_dir.exists()
    if had_old:
        chapters_dir.rename(old)
    try:
        staging.rename(chapters_dir)
    except BaseException:
        if had_old:
            old.rename(chapters_dir)
        raise
    if bib_tmp is None or bib_path is None:
        return
    try:
        os.replace(bib_tmp, bib_path)
    except BaseException:
        chapters_dir.rename(staging)  # the new chapters go back to be removed
        if had_old:
            old.rename(chapters_dir)
        raise
