"""``annotated-edition new``: a new edition from each kind of page builds at once,
strictly (``-W --keep-going -n``), as HTML, LaTeX, PDF and EPUB.

One edition is made per page for the module (through the console script,
as a user makes it); tests that change an edition change a copy.
"""

from __future__ import annotations

import importlib.util
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cli_support import (HTML_PAGE, WORDPRESS_PAGE, assert_clean_build, invoke, require_latexmk,
                         need_tool, run_cli, run_sphinx)

PAGES = {"wordpress": WORDPRESS_PAGE, "html": HTML_PAGE}
FURO = importlib.util.find_spec("furo") is not None
#: every file of a new edition, but the chapters and their annotations files
FILES = [".gitignore", ".readthedocs.yaml", "Makefile", "conf.py", "docutils.conf", "index.md",
         "requirements.txt", "tests/test_build.py"]
CHAPTERS = {
    "wordpress": ["01-opening.md", "02-how-the-programme-began.md", "03-what-a-meeting-looks-like.md",
                  "04-what-the-readers-say.md", "05-what-comes-next.md"],
    "html": ["01-opening.md", "02-why-the-village-did-it-itself.md", "03-building-it.md",
             "04-what-it-cost.md"],
}
#: two notes of different kinds, for chapter 3 of the WordPress page's edition
NOTES = """
:::{annotation} fact-check
:quote: Tea is poured at half past six.
:paragraph: 3.2
:verdict: supported

The programme's own page gives the same time for the first meeting.
:::

:::{annotation} context
:quote: nobody has to speak
:paragraph: 3.4

Reading circles often let members listen without taking part.
:::
"""


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, tuple[Path, subprocess.CompletedProcess]]:
    """A new edition of each page: {reader: (folder, what `new` printed)}."""
    made = {}
    for name, page in PAGES.items():
        folder = tmp_path_factory.mktemp(f"new-{name}") / "edition"
        result = run_cli("new", folder, "--from", page)
        assert result.returncode == 0, result.stderr
        made[name] = (folder, result)
    return made


def copy_of(editions, name: str, tmp_path: Path) -> Path:
    folder = tmp_path / "edition"
    shutil.copytree(editions[name][0], folder)
    return folder


def files_of(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def conf_of(folder: Path) -> dict:
    return runpy.run_path(str(folder / "conf.py"))


# -- what `new` makes -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", PAGES)
def test_new_says_what_it_made_and_what_to_do_next(editions, name):
    folder, result = editions[name]
    lines = result.stdout.splitlines()
    label = {"wordpress": "WordPress", "html": "plain HTML"}[name]
    assert lines[0].startswith(f"read with the {label} reader (detected: ")
    references = {"wordpress": "2 references", "html": "0 references (no bibliography)"}[name]
    assert lines[1].startswith(f"created {folder}: {len(CHAPTERS[name])} chapters and as many empty "
                               f"annotations files, {references}, theme ")
    steps = lines[lines.index("Next steps:") + 1:]
    assert steps[0] == f"  cd {folder}"
    assert steps[1].startswith("  make html ")
    assert result.stderr == ""


@pytest.mark.parametrize("name", PAGES)
def test_a_new_edition_has_every_file_it_needs(editions, name):
    folder, _ = editions[name]
    chapters = CHAPTERS[name]
    expected = FILES + [f"chapters/{c}" for c in chapters] + [f"annotations/{c}" for c in chapters]
    expected += [f"source/{PAGES[name].name}"]
    if name == "wordpress":
        expected.append("bibliography/article.bib")
    assert files_of(folder) == sorted(expected)
    # the page as received, byte for byte
    assert (folder / "source" / PAGES[name].name).read_bytes() == PAGES[name].read_bytes()


@pytest.mark.parametrize("name", PAGES)
def test_the_annotations_files_are_empty_and_named_like_their_chapters(editions, name):
    folder, _ = editions[name]
    for number, chapter in enumerate(CHAPTERS[name], start=1):
        text = (folder / "annotations" / chapter).read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if line.strip()]
        # a heading and comments: no note, nothing that is published
        assert lines[0] == f"# Notes on chapter {number}"
        assert all(line.startswith("%") for line in lines[1:]), chapter
        assert f"chapters/{chapter}" in text


def test_conf_py_of_a_page_with_references(editions):
    folder, _ = editions["wordpress"]
    conf = conf_of(folder)
    assert conf["extensions"] == ["myst_parser", "sphinx_annotated_edition", "sphinxcontrib.bibtex"]
    assert conf["bibtex_bibfiles"] == ["bibliography/article.bib"]
    assert conf["nitpicky"] is True and conf["smartquotes"] is False
    assert conf["myst_enable_extensions"] == ["colon_fence", "deflist"]
    assert {"_build", ".venv", "tests", "README.md", "source"} <= set(conf["exclude_patterns"])
    assert conf["edition_source"] == {"title": "How a Town Library Got Eastbrook Reading Again",
                                      "publisher": "Eastbrook Chronicle"}
    assert conf["project"] == "How a Town Library Got Eastbrook Reading Again: an annotated edition"
    theme = "furo" if FURO else "alabaster"  # as installed where `new` ran
    assert conf["html_theme"] == theme
    requirements = (folder / "requirements.txt").read_text(encoding="utf-8")
    assert [line for line in requirements.splitlines() if not line.startswith("#")] == [
        "sphinx-annotated-edition[bibtex]", "myst-parser", "sphinxcontrib-bibtex", *(["furo"] if FURO else [])]
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert "```{bibliography} bibliography/article.bib\n:all:" in index


def test_conf_py_of_a_page_without_references(editions):
    folder, _ = editions["html"]
    conf = conf_of(folder)
    assert conf["extensions"] == ["myst_parser", "sphinx_annotated_edition"]
    assert "bibtex_bibfiles" not in conf
    assert conf["edition_source"] == {
        "title": "The Footbridge a Village Rebuilt", "publisher": "Hillside Gazette",
        "date": "2025-06-02", "url": "https://example.com/2025/06/02/the-footbridge-a-village-rebuilt/"}
    requirements = (folder / "requirements.txt").read_text(encoding="utf-8")
    assert [line for line in requirements.splitlines() if not line.startswith("#")] == [
        "sphinx-annotated-edition", "myst-parser", *(["furo"] if FURO else [])]
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert "bibliography" not in index
    assert "published by\nHillside Gazette on 2 June 2025." in index
    assert "<https://example.com/2025/06/02/the-footbridge-a-village-rebuilt/>" in index


@pytest.mark.parametrize("name", PAGES)
def test_index_md_is_the_editors_with_the_chapters_and_the_notes_index(editions, name):
    folder, _ = editions[name]
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert index.startswith(f"# {conf_of(folder)['project']}\n")
    assert "## From the editors" in index and "placeholder" in index
    assert "```{toctree}\n:maxdepth: 1\n:glob:\n\nchapters/*\n```" in index
    assert "## Index of notes" in index and "```{annotation-index}\n```" in index


def test_alabaster_when_furo_is_not_installed(tmp_path, monkeypatch):
    from sphinx_annotated_edition import scaffold

    real = scaffold.importlib.util.find_spec
    monkeypatch.setattr(scaffold.importlib.util, "find_spec",
                        lambda name, *a: None if name == "furo" else real(name, *a))
    title = 'A “Bridge”, "Rebuilt" \\n 2'
    result = invoke("new", tmp_path / "e", "--from", HTML_PAGE, "--title", title)
    assert result.returncode == 0, result.stderr
    assert "theme alabaster" in result.stdout
    conf = conf_of(tmp_path / "e")
    assert conf["html_theme"] == "alabaster"
    assert conf["project"] == title  # any title is a Python string there
    assert "furo" not in (tmp_path / "e" / "requirements.txt").read_text(encoding="utf-8")
    assert (tmp_path / "e" / "index.md").read_text(encoding="utf-8").startswith(
        '# A “Bridge”, "Rebuilt" \\\\n 2\n')


def test_a_new_edition_in_an_empty_folder(tmp_path):
    (tmp_path / "e").mkdir()
    result = invoke("new", tmp_path / "e", "--from", HTML_PAGE, "--reader", "html")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "read with the plain HTML reader (--reader html)"
    assert (tmp_path / "e" / "conf.py").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["e"]  # no staging folder left


def test_the_readthedocs_configuration(editions):
    import yaml

    folder, _ = editions["wordpress"]
    config = yaml.safe_load((folder / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert config["sphinx"] == {"configuration": "conf.py", "builder": "html", "fail_on_warning": True}
    assert config["formats"] == ["pdf", "epub"]
    assert config["python"]["install"] == [{"requirements": "requirements.txt"}]


def _dry_run(folder: Path, *targets: str, venv: str | None) -> str:
    """What `make TARGETS` would run (make -n runs nothing)."""
    need_tool("make", "make")
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    if venv:
        env["VIRTUAL_ENV"] = venv
    result = subprocess.run(["make", "-n", "--no-print-directory", *targets], cwd=folder, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_makefile_builds_with_the_active_virtual_environment_or_makes_one(editions):
    folder, _ = editions["wordpress"]
    commands = _dry_run(folder, "html", "latexpdf", "epub", "test", "import", venv="/opt/venv")
    assert commands.splitlines() == [
        '/opt/venv/bin/python -m sphinx -M html "." "_build" -W --keep-going -n',
        '/opt/venv/bin/python -m sphinx -M latexpdf "." "_build" -W --keep-going -n',
        '/opt/venv/bin/python -m sphinx -M epub "." "_build" -W --keep-going -n',
        "/opt/venv/bin/python -m pytest tests",
        '/opt/venv/bin/python -m sphinx_annotated_edition import "source/library-wordpress.txt" '
        "--reader wordpress --chapters chapters --bib bibliography/article.bib",
    ]
    commands = _dry_run(folder, "html", venv=None).splitlines()
    assert commands[:2] == ["python3 -m venv .venv",
                            ".venv/bin/python -m pip install --quiet -r requirements.txt pytest"]
    assert commands[-1] == '.venv/bin/python -m sphinx -M html "." "_build" -W --keep-going -n'
    # without references there is no BibTeX to re-import
    folder, _ = editions["html"]
    assert _dry_run(folder, "import", venv="/opt/venv").strip().endswith("--reader html --chapters chapters")


# -- it builds, strictly ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", PAGES)
def test_a_new_edition_builds_html_strictly(editions, name, tmp_path):
    folder, _ = editions[name]
    assert_clean_build(run_sphinx(folder, tmp_path, "html"))
    html = tmp_path / "html"
    assert sorted(p.name for p in (html / "chapters").glob("*.html")) == [
        c.replace(".md", ".html") for c in CHAPTERS[name]]
    index = BeautifulSoup((html / "index.html").read_text(encoding="utf-8"), "lxml")
    assert index.find(id="index-of-notes") is not None
    assert len(index.select(".toctree-wrapper li")) == len(CHAPTERS[name])
    chapter = BeautifulSoup((html / "chapters" / CHAPTERS[name][1].replace(".md", ".html"))
                            .read_text(encoding="utf-8"), "lxml")
    assert chapter.select_one("section.edition-verbatim") is not None
    assert chapter.select_one("p.edition-paragraph#p2-1") is not None


def test_a_note_added_to_an_annotations_file_builds(editions, tmp_path):
    folder = copy_of(editions, "wordpress", tmp_path)
    notes = folder / "annotations" / "03-what-a-meeting-looks-like.md"
    notes.write_text(notes.read_text(encoding="utf-8") + NOTES, encoding="utf-8")
    assert_clean_build(run_sphinx(folder, tmp_path / "out", "html"))
    page = (tmp_path / "out" / "html" / "chapters" / "03-what-a-meeting-looks-like.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "lxml")
    assert len(soup.select("aside.annotation, div.annotation, .annotation-header")) >= 2, page[:2000]
    assert "Verdict: Supported" in soup.get_text()
    index = BeautifulSoup((tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8"), "lxml")
    listed = index.select_one("#index-of-notes").get_text(" ", strip=True)
    assert "Note 3.1 · Fact-check · Supported · ¶3.2" in listed
    assert "Note 3.2 · Context · ¶3.4 on “nobody has to speak”" in listed


def test_a_wrong_note_stops_the_strict_build(editions, tmp_path):
    """The annotations files are read and checked: a quote that is not in the chapter fails."""
    folder = copy_of(editions, "html", tmp_path)
    notes = folder / "annotations" / "02-why-the-village-did-it-itself.md"
    notes.write_text(notes.read_text(encoding="utf-8") + NOTES.replace("3.2", "2.1").replace("3.4", "2.2"),
                     encoding="utf-8")
    result = run_sphinx(folder, tmp_path / "out", "html")
    assert result.returncode != 0
    assert "quote 'Tea is poured at half past six.' matches no passage in ¶2.1" in result.stderr


@pytest.mark.parametrize("name", PAGES)
def test_a_new_edition_builds_latex_and_epub_strictly(editions, name, tmp_path):
    folder, _ = editions[name]
    assert_clean_build(run_sphinx(folder, tmp_path, "latex"))
    tex = (tmp_path / "latex" / "edition.tex").read_text(encoding="utf-8")
    assert "Index of notes" in tex
    assert_clean_build(run_sphinx(folder, tmp_path, "epub"))
    assert (tmp_path / "epub" / "edition.epub").stat().st_size > 0


def test_without_latexmk_the_pdf_tests_skip_on_a_laptop_and_fail_under_ci(monkeypatch):
    import cli_support

    monkeypatch.setattr(cli_support.shutil, "which", lambda command: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"needs `latexmk` \(Debian package latexmk\)"):
        require_latexmk()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"needs `latexmk` \(Debian package latexmk\); CI must"):
        require_latexmk()


@pytest.mark.parametrize("name", PAGES)
def test_a_new_edition_builds_its_pdf_strictly_through_latexmk(editions, name, tmp_path):
    """Slow (pdflatex, several passes): needs latexmk, which CI installs."""
    require_latexmk()
    folder = copy_of(editions, name, tmp_path)
    if name == "wordpress":  # with notes, which print as boxes of their own
        notes = folder / "annotations" / "03-what-a-meeting-looks-like.md"
        notes.write_text(notes.read_text(encoding="utf-8") + NOTES, encoding="utf-8")
    result = run_sphinx(folder, tmp_path / "out", "latexpdf")
    assert_clean_build(result)
    pdf = tmp_path / "out" / "latex" / "edition.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    log = (tmp_path / "out" / "latex" / "edition.log").read_text(encoding="utf-8", errors="replace")
    assert "LaTeX Warning: There were undefined references" not in log
    assert not re.search(r"^! ", log, re.M)


@pytest.mark.parametrize("name", PAGES)
def test_the_new_editions_own_tests_pass(editions, name, tmp_path):
    """`make test` in the new edition: its strict builds, and its chapters equal
    a fresh import of its page."""
    folder = copy_of(editions, name, tmp_path)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                            cwd=folder, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"^5 passed", result.stdout.splitlines()[-1]), result.stdout[-500:]
