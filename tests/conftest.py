"""Shared fixtures: real builds of the edition, and the article as received.

The edition is built once per test session for each format, strictly
(-W --keep-going -n), into a temporary folder; tests read what a reader gets.
The extension's own tests, on tiny fixture projects, are in extension/tests/.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source" / "000_02b05e878edbd70f.txt"
STRICT = ["-W", "--keep-going", "-n"]

#: the edition's own modules (conf.py, for its settings) import as top-level modules
sys.path.insert(0, str(ROOT))


def need_tool(command: str, package: str) -> str:
    """The path of *command*; skip (or fail under CI) when it is missing."""
    path = shutil.which(command)
    if path is None:
        message = f"needs `{command}` (Debian package {package})"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must install it in .ci/run")
        pytest.skip(message)
    return path


def run_sphinx(srcdir: Path, outdir: Path, builder: str, *extra: str) -> subprocess.CompletedProcess:
    """Run sphinx-build -M *builder* strictly, as `make` does."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1764979200")}
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", builder, str(srcdir), str(outdir), *STRICT, *extra],
        # pdflatex's log is not always UTF-8
        capture_output=True, text=True, encoding="utf-8", errors="replace", env=env, check=False,
    )


def assert_clean_build(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr
    assert "ERROR" not in result.stderr, result.stderr


def copy_project(dest: Path) -> Path:
    """A copy of the edition's sources, for builds that change them."""
    ignore = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", ".pytest_cache")
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Build a format once per session: ``built("html") -> Path of output``."""
    cache: dict[str, Path] = {}

    def build(builder: str) -> Path:
        if builder not in cache:
            out = tmp_path_factory.mktemp(f"build-{builder}")
            result = run_sphinx(ROOT, out, builder)
            assert_clean_build(result)
            cache[builder] = out
        return cache[builder]

    return build


@pytest.fixture(scope="session")
def site(built) -> Path:
    """The built HTML edition."""
    return built("html") / "html"


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


# -- the article as received, read independently of the importer ------------

def _visible_text(node) -> str:
    for br in node.find_all("br"):
        br.replace_with("\n")
    return node.get_text()


def normalise(text: str) -> str:
    """Collapse whitespace as a browser shows it."""
    return re.sub(r"\s+", " ", text).strip()


def received_blocks() -> list[tuple[str, str]]:
    """The article's headings and paragraphs, in order: ``[("h2"|"p", text)]``.

    Stops at the reference list, which the edition keeps as a bibliography.
    """
    soup = BeautifulSoup(html.unescape(SOURCE.read_text(encoding="utf-8")), "lxml")
    blocks = []
    for node in soup.find_all(["h2", "p"]):
        if node.find_parent("li"):
            continue
        text = normalise(_visible_text(node))
        if node.name == "h2" and text == "Reference links":
            break
        if text:
            blocks.append((node.name, text))
    return blocks


@pytest.fixture(scope="session")
def article_blocks():
    return received_blocks()


def chapter_files(directory: Path, suffix: str) -> list[Path]:
    files = sorted((directory / "chapters").glob(f"*{suffix}"))
    assert len(files) == 10, files
    return files


def author_blocks(page: Path) -> tuple[list[tuple[str, str]], str]:
    """The author's blocks in a built chapter page, and all remaining text.

    Editorial matter is marked with the class ``editorial`` and removed, as is
    the theme's heading permalink; what is left must be the author's alone.
    """
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    section = soup.select_one("section.edition-verbatim")
    assert section is not None, f"{page}: no section.edition-verbatim"
    for node in section.select(".editorial, .headerlink"):
        node.decompose()
    blocks = []
    for node in section.find_all(["h1", "p"]):
        text = normalise(_visible_text(node))
        if text:
            blocks.append(("h2" if node.name == "h1" else "p", text))
    return blocks, section.get_text("")
