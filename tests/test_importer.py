"""The edition's importer: `make import` (`annotated-edition import`) on the
page as received is deterministic, faithful to the committed chapters, closed
to active content, and safe on bad input or a page cut short.

The importer's own tests, on small pages of its own, are the package's
(extension/tests/test_importer_structures.py and test_cli.py); these are the
ones that need this edition's page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SOURCE, assert_clean_build, copy_project, run_sphinx, author_blocks, chapter_files

#: the console script pip installed beside this Python
CLI = Path(sys.executable).parent / "annotated-edition"


def run_importer(*args: str | Path) -> subprocess.CompletedProcess:
    """``annotated-edition import ARGS``, as ``make import`` runs it."""
    return subprocess.run([str(CLI), "import", *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, check=False)


def import_into(tmp: Path, page: Path = SOURCE) -> tuple[Path, Path]:
    chapters, bib = tmp / "chapters", tmp / "article.bib"
    result = run_importer(page, "--chapters", chapters, "--bib", bib)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("read with the WordPress reader ("), result.stdout
    return chapters, bib


def tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_help_describes_the_command():
    result = run_importer("--help")
    assert result.returncode == 0
    assert "usage: annotated-edition import" in result.stdout
    assert "--chapters" in result.stdout and "--bib" in result.stdout


def test_make_import_runs_the_command_on_the_page_as_received():
    """`make import` is `annotated-edition import` on source/, into chapters/ and
    bibliography/ (read from the Makefile: running it would replace them)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^import:.*\n\t(.+)$", makefile, re.M).group(1)
    assert recipe == ('$(VENV_PYTHON) -m sphinx_annotated_edition import "$(SOURCE)" '
                      "--chapters chapters --bib bibliography/article.bib")
    assert re.search(r"^SOURCE\s+\?= source/000_02b05e878edbd70f.txt$", makefile, re.M)


def test_two_runs_are_byte_identical(tmp_path):
    a = import_into(tmp_path / "a")
    b = import_into(tmp_path / "b")
    assert tree(a[0]) == tree(b[0])
    assert a[1].read_bytes() == b[1].read_bytes()


def test_committed_chapters_equal_a_fresh_import(tmp_path):
    chapters, bib = import_into(tmp_path)
    assert tree(chapters) == tree(ROOT / "chapters"), "run `make import` and commit the result"
    assert bib.read_bytes() == (ROOT / "bibliography" / "article.bib").read_bytes()


def test_chapter_names_and_labels(tmp_path):
    chapters, _ = import_into(tmp_path)
    names = sorted(p.name for p in chapters.iterdir())
    assert names[0] == "01-opening.md"
    assert names[-1] == "10-the-question-you-should-actually-be-asking.md"
    text = (chapters / "03-ukraines-success-changed-the-wars-shape-not-its.md").read_text()
    assert "(p3.4)=\n" in text
    assert "edition-chapter: 3" in text


def test_references_keep_addresses_given_as_text(tmp_path):
    from pybtex.database import parse_file

    _, bib = import_into(tmp_path)
    entries = parse_file(str(bib)).entries
    assert len(entries) == 6
    urls = [e.fields["url"] for e in entries.values()]
    assert "https://www.iea.org/topics/ukraine" in urls  # no href, address as text
    assert "https://www.state.gov/ukraine" in urls  # no href, address as text
    assert urls[0] == "https://www.sipri.org/databases/milex"


HOSTILE = [
    '<script>document.cookie="x"</script>',
    '<iframe src="https://evil.example/frame"></iframe>',
    '<a href="javascript:alert(1)">click me</a>',
    '<img src="https://tracker.example/pixel.gif" width="1" height="1">',
    '<div onclick="track()" onmouseover="track()"></div>',
    '<object data="https://evil.example/x.swf"></object>',
    '<style>body{background:url(https://tracker.example/bg)}</style>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
]
MARKERS = ["<script", "<iframe", "javascript:", "tracker.example", "evil.example",
           "onclick", "onmouseover", "onload", "onerror", "<object", "<svg", "document.cookie", "click me"]


def hostile_page(tmp_path: Path) -> Path:
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    body = next(i for i, line in enumerate(lines) if "<p " in line)
    parts = lines[body].split("</p>")
    # one active element between each pair of paragraphs, cycling through the list
    mixed = [part + "</p>" + HOSTILE[i % len(HOSTILE)] for i, part in enumerate(parts[:-1])]
    lines[body] = "".join(mixed) + parts[-1]
    # and an event handler and an inline tracker inside an article paragraph
    lines[body] = lines[body].replace(
        "<p data-start", '<p onmouseover="track()" data-start', 1).replace(
        "This one has not", '<img src="https://tracker.example/t.gif">This one has not', 1)
    page = tmp_path / "hostile.txt"
    page.write_text("\n".join(lines), encoding="utf-8")
    return page


def test_hostile_page_yields_no_active_content_and_the_whole_article(tmp_path, article_blocks):
    project = copy_project(tmp_path / "project")
    page = hostile_page(tmp_path)
    result = run_importer(page, "--chapters", project / "chapters", "--bib", project / "bibliography" / "article.bib")
    assert result.returncode == 0, result.stderr
    for chapter in (project / "chapters").iterdir():
        text = chapter.read_text(encoding="utf-8")
        for marker in MARKERS:
            assert marker not in text, (chapter.name, marker)
    out = tmp_path / "out"
    assert_clean_build(run_sphinx(project, out, "html"))
    for page_html in (out / "html").rglob("*.html"):
        text = page_html.read_text(encoding="utf-8")
        # the theme has its own scripts; what the page brought must be nowhere
        for marker in ("javascript:", "tracker.example", "evil.example", "document.cookie", "click me"):
            assert marker not in text, (page_html.name, marker)
        main = BeautifulSoup(text, "lxml").select_one("article[role=main]")
        if main is not None:
            for marker in MARKERS:
                assert marker not in str(main), (page_html.name, marker)
    seen = []
    for chapter in chapter_files(out / "html", ".html"):
        seen.extend(author_blocks(chapter)[0])
    assert seen == article_blocks


def _guarded_output(tmp_path):
    chapters, bib = import_into(tmp_path)
    before = (tree(chapters), bib.read_bytes())
    return chapters, bib, before


@pytest.mark.parametrize(
    ("name", "content", "reader", "message"),
    [
        ("missing", None, "auto", "no such file"),
        ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "auto", "not a text file"),
        ("latin1", "caf\xe9 <p>x</p>".encode("latin-1"), "auto", "not UTF-8 text"),
        ("nobody", "Site icon The Word 360\n\nExit mobile version\n".encode(), "auto", "no article body"),
        ("nosections", "<p>One paragraph.</p><p>Two.</p>".encode(), "wordpress", "no sections"),
        # no WordPress markers: read as a plain HTML page, which has no <article>
        ("noarticle", "<p>One paragraph.</p><p>Two.</p>".encode(), "auto", "no <article> or <main>"),
    ],
)
def test_bad_input_fails_in_one_line_and_leaves_files(tmp_path, name, content, reader, message):
    chapters, bib, before = _guarded_output(tmp_path)
    page = tmp_path / f"{name}.txt"
    if content is not None:
        page.write_bytes(content)
    result = run_importer(page, "--chapters", chapters, "--bib", bib, "--reader", reader)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert (tree(chapters), bib.read_bytes()) == before
    assert sorted(p.name for p in chapters.parent.iterdir() if p.name.startswith(".")) == []


def test_site_chrome_and_ads_are_left_out_of_the_chapters():
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "chapters").glob("*.md")))
    for chrome in ("Site icon", "Exit mobile version", "Advertisements", "amp-ad", "wpcnt",
                   "data-start", "Reference links"):
        assert chrome not in text, chrome
    # the title lines repeated above the article are not a chapter either
    assert "The Truth About the Trump Peace Talks" not in text


# -- a page cut short (moved from the importer's structure tests: they cut this page) --

def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under *folder*, hidden ones too, with a file's bytes."""
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def seed_import(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("seed-import")
    result = run_importer(SOURCE, "--chapters", root / "chapters", "--bib", root / "article.bib")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def outputs(tmp_path, seed_import) -> tuple[Path, Path, Path]:
    """A folder holding an import of the seed page: (folder, chapters, bib)."""
    root = tmp_path / "out"
    shutil.copytree(seed_import, root)
    return root, root / "chapters", root / "article.bib"


def _seed() -> str:
    return SOURCE.read_text(encoding="utf-8")


def _markup_end(text: str) -> int:
    return text.index("\n\nExit mobile version")


def cut_mid_paragraph(text: str) -> str:
    at = text.index("Moscow has absorbed heavy casualties")
    return text[:at + len("Moscow has")]


def cut_mid_paragraph_chrome_kept(text: str) -> str:
    return cut_mid_paragraph(text) + "\n\nExit mobile version"


def closing_chrome_missing(text: str) -> str:
    return text[:_markup_end(text)]


def references_cut_short(text: str) -> str:
    end = text.index("<&sol;li>", text.index("Reference links"))
    return text[:end + len("<&sol;li>")] + "\n\nExit mobile version"


def reference_cut_mid_item(text: str) -> str:
    return text[:text.index("International Monetary Fund")]


def cut_inside_a_tag(text: str) -> str:
    at = text.index("<p data-start", text.index("Reference links") - 3000)
    return text[:at + len("<p data-sta")] + "\n\nExit mobile version"


@pytest.mark.parametrize("cut", [cut_mid_paragraph, cut_mid_paragraph_chrome_kept, closing_chrome_missing,
                                 references_cut_short, reference_cut_mid_item, cut_inside_a_tag])
def test_a_truncated_page_is_refused_and_changes_nothing(tmp_path, outputs, cut):
    root, chapters, bib = outputs
    before = snapshot(root)
    page = tmp_path / "cut.txt"
    page.write_text(cut(_seed()), encoding="utf-8")
    result = run_importer(page, "--chapters", chapters, "--bib", bib)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("import failed: "), result.stderr
    assert "truncated" in lines[0].replace(str(page), "PAGE")
    assert snapshot(root) == before
