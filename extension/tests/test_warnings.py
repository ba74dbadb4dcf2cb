"""Every warning the layer emits, one fixture root each, and a second build
that fails again with the same lines: a mistake is reported until it is fixed.

Each root under ``tests/roots/warnings/<subtype>[-case]/`` holds only what it
changes of ``tests/roots/test-warning-base/`` (files replace the base's;
``conf-extra.py`` is added to the base's ``conf.py``) and ``expected.txt``,
the whole warning lines the build must print, and nothing else. Where the
line is another package's and differs between the versions the package
supports (docutils' echo of a bad table, MyST's line for a bad option),
``expected-docutils<line>.txt`` holds that line's version.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import build_project

ROOTS = Path(__file__).parent / "roots"
CASES = sorted(p.name for p in (ROOTS / "warnings").iterdir() if p.is_dir())


def overlay(name: str, srcdir: Path) -> Path:
    """The base edition with the fixture's files laid over it."""
    shutil.copytree(ROOTS / "test-warning-base", srcdir)
    case = ROOTS / "warnings" / name
    for path in sorted(case.rglob("*")):
        if path.is_dir() or path.name.startswith("expected"):
            continue
        if path.name == "conf-extra.py":
            with open(srcdir / "conf.py", "a", encoding="utf-8") as conf:
                conf.write("\n" + path.read_text(encoding="utf-8"))
            continue
        target = srcdir / path.relative_to(case)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return srcdir


def build(srcdir: Path, *, fresh: bool) -> list[str]:
    return build_project(srcdir, fresh=fresh)[1]


def expected(name: str) -> list[str]:
    import docutils

    line = ".".join(docutils.__version__.split(".")[:2])
    folder = ROOTS / "warnings" / name
    path = folder / f"expected-docutils{line}.txt"
    text = (path if path.exists() else folder / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


#: subtypes an html build cannot show, and the test that shows each
ELSEWHERE = {
    # an error of `-b cartridge` without html_baseurl, raised before any reading
    "cartridge": "test_cartridge.py::test_without_a_base_address_it_stops_and_says_how",
    # conf.py's own mistakes, each at its line of conf.py, and again on a second build
    "config": "test_config.py::test_a_mistake_in_conf_py_is_one_warning_at_its_line",
}


def test_every_subtype_has_a_fixture():
    from sphinx_annotated_edition.warnings_ import AnnotationWarning

    covered = {name.split("-")[0] for name in CASES} | set(ELSEWHERE)
    missing = {w.value for w in AnnotationWarning} - covered
    assert not missing, f"warning subtypes without a fixture root: {sorted(missing)}"


def test_the_base_builds_clean(tmp_path):
    shutil.copytree(ROOTS / "test-warning-base", tmp_path / "src")
    assert build(tmp_path / "src", fresh=True) == []


@pytest.mark.parametrize("name", CASES)
def test_warning_and_again_until_fixed(name, tmp_path):
    srcdir = overlay(name, tmp_path / "src")
    first = build(srcdir, fresh=True)
    assert first == expected(name)
    # nothing fixed: the next build, with the environment kept, says it again
    assert build(srcdir, fresh=False) == first
