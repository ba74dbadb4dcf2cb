"""Reproducible builds: two clean builds of the edition are byte-identical
(HTML, EPUB content, the W3C export), and a -j 2 build equals a serial one."""

from __future__ import annotations

import zipfile
from pathlib import Path

from conftest import ROOT, assert_clean_build, run_sphinx

SKIP = {".buildinfo", ".buildinfo.bak"}


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in SKIP and ".doctrees" not in p.parts
    }


def assert_same_tree(a: Path, b: Path) -> None:
    first, second = tree(a), tree(b)
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_two_clean_html_builds_are_identical(built, tmp_path):
    assert_clean_build(run_sphinx(ROOT, tmp_path, "html"))
    assert_same_tree(built("html") / "html", tmp_path / "html")
    assert (tmp_path / "html" / "annotations.jsonld").exists()


def test_parallel_html_build_equals_serial(built, tmp_path):
    assert_clean_build(run_sphinx(ROOT, tmp_path, "html", "-j", "2"))
    assert_same_tree(built("html") / "html", tmp_path / "html")


def epub_entries(folder: Path) -> dict[str, bytes]:
    (epub,) = folder.glob("*.epub")
    with zipfile.ZipFile(epub) as archive:
        return {name: archive.read(name) for name in sorted(archive.namelist())}


def test_two_clean_epub_builds_have_identical_content(built, tmp_path):
    assert_clean_build(run_sphinx(ROOT, tmp_path, "epub"))
    first, second = epub_entries(built("epub") / "epub"), epub_entries(tmp_path / "epub")
    assert first.keys() == second.keys()
    assert [n for n in first if first[n] != second[n]] == []
