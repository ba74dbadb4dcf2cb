"""The importer keeps every word of a page or refuses it, and fails whole.

``pages/`` holds small fake blog posts in the saved WordPress format (plain
chrome lines around one entity-encoded line of HTML): ``structures.txt``
carries every structure the importer keeps, ``minimal.txt`` is the smallest
page of the kind, for the refusals. Both readers share what is tested here
(the plain-HTML reader's own rules are in test_cli.py). Nothing here reads an
edition.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cli_support import (MINIMAL, STRUCTURES, assert_clean_build, assert_refused, encode,
                         invoke_import as run_importer, run_sphinx, snapshot)


def chapters_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md")))


def page_body(page: Path) -> BeautifulSoup:
    """The page's markup line as a browser would parse it, ads and images out.

    Read here without the importer: lines holding tags are the markup.
    """
    lines = [line for line in page.read_text(encoding="utf-8").split("\n") if "<" in line]
    soup = BeautifulSoup(html.unescape("\n".join(lines)), "lxml")
    for node in soup.select("div.wpcnt, img"):
        node.decompose()
    return soup


def page_words(page: Path) -> list[str]:
    """The article's words, in order, up to the reference list."""
    soup = page_body(page)
    heading = next(h for h in soup.find_all("h2") if h.get_text() == "Reference links")
    for node in [heading, *heading.find_next_siblings()]:
        node.decompose()
    return re.findall(r"\w+", soup.get_text(" "))


def without_markup(markdown: str) -> str:
    """The chapters' Markdown without what the importer adds around the words."""
    markdown = re.sub(r"^---\n.*?\n---\n", "", markdown, flags=re.S | re.M)
    markdown = re.sub(r"^%.*$|\(p\d+\.\d+\)=|\(ch\d+\)=|\{(sup|sub|list-table|container)\}"
                      r"|:header-rows: \d+|edition-caption|^# Opening$", "", markdown, flags=re.M)
    return re.sub(r"\\(?=[^\w\s])", "", markdown)  # backslash escapes


def in_order(words: list[str], text: str) -> list[str]:
    """The words of *words* not found in *text* in that order (empty: all are)."""
    found = re.findall(r"\w+", text)
    position = 0
    for index, word in enumerate(words):
        try:
            position = found.index(word, position) + 1
        except ValueError:
            return words[index:]
    return []


@pytest.fixture(scope="module")
def structures(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("structures")
    result = run_importer(STRUCTURES, "--chapters", out / "chapters", "--bib", out / "article.bib")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return out


# -- what is kept ------------------------------------------------------------------

def test_every_word_of_a_page_with_every_structure_is_kept_in_order(structures):
    words = page_words(STRUCTURES)
    assert {"spring", "veil", "cartons", "inspection", "queen", "calendar", "Marta",
            "Month", "July", "H", "O", "hives", "Maybe"} <= set(words)
    assert in_order(words, without_markup(chapters_text(structures / "chapters"))) == []


def test_sub_headings_are_headings_inside_the_chapter(structures):
    text = (structures / "chapters" / "02-the-first-spring-on-the-roof.md").read_text(encoding="utf-8")
    # h2 is the chapter's "#"; h3 and h4 nest below it
    assert "\n## What I bought\n" in text
    assert "\n### The order of an inspection\n" in text
    assert text.count("\n# ") == 1


def test_lists_keep_their_nesting_order_and_numbers(structures):
    text = (structures / "chapters" / "02-the-first-spring-on-the-roof.md").read_text(encoding="utf-8")
    assert ("- (p2.3)=\n  A smoker, fed with\n\n  - (p2.4)=\n    pine needles\n"
            "  - (p2.5)=\n    old egg cartons\n") in text
    assert "3. (p2.8)=\n   Light the smoker.\n4. (p2.9)=\n   Open the lid slowly:\n" in text
    assert "   1. (p2.10)=\n      look for eggs,\n   2. (p2.11)=\n      then look for the queen.\n" in text
    # a list item with two paragraphs keeps both, each labelled
    assert "- (p2.6)=\n  A hive tool.\n\n  (p2.7)=\n  Then a second one" in text


def test_labels_run_in_one_sequence_per_chapter(structures):
    for chapter in sorted((structures / "chapters").glob("*.md")):
        number = int(chapter.name[:2])
        labels = re.findall(r"\(p(\d+)\.(\d+)\)=", chapter.read_text(encoding="utf-8"))
        assert labels, chapter.name
        assert [int(n) for n, _ in labels] == [number] * len(labels)
        assert [int(m) for _, m in labels] == list(range(1, len(labels) + 1)), chapter.name


def test_a_blockquote_is_a_quotation_not_an_authors_paragraph(structures):
    text = (structures / "chapters" / "02-the-first-spring-on-the-roof.md").read_text(encoding="utf-8")
    assert ("> (p2.13)=\n> Bees do not read your calendar. They read the sky.\n>\n"
            "> (p2.14)=\n> Marta, two doors down\n") in text
    # the author's own paragraphs are never inside a ">" block
    assert "(p2.12)=\nMy neighbour, who kept bees" in text


def test_superscripts_and_code_stay_apart_from_the_words_around_them(structures):
    text = (structures / "chapters" / "01-opening.md").read_text(encoding="utf-8")
    assert "they told me to ask.{sup}`1` My notes live in `hive_log.txt`," in text
    assert "*read the weather*" in text and "**queen**" in text
    assert "[city club](<https://example.org/club>)" in text
    assert "box\u00a0two" in text  # a no-break space is a character of the page
    later = (structures / "chapters" / "03-what-the-year-weighed.md").read_text(encoding="utf-8")
    assert "3\\.25{sup}`*`" in later and "H{sub}`2`O" in later
    # "**Lesson:**weigh" would not be bold in CommonMark: the role form is
    assert "{strong}`Lesson:`weigh it yourself." in later


def test_tables_and_captions_keep_their_words_but_never_the_image(structures):
    text = (structures / "chapters" / "03-what-the-year-weighed.md").read_text(encoding="utf-8")
    assert ":::{list-table}\n:header-rows: 1\n\n* - (p3.2)=\n    Month\n  - (p3.3)=\n    Honey (kg)\n" in text
    assert ":::{container} edition-caption\n(p3.9)=\nThe two hives in **May**, before the heat.\n:::" in text
    for image in ("roof.jpg", "Two white hives", "img"):
        assert image not in text


def test_the_reference_list_of_such_a_page(structures):
    bib = (structures / "article.bib").read_text(encoding="utf-8")
    assert "author = {{City Beekeepers Club}}" in bib
    assert "url = {https://example.org/roofs}" in bib  # an address given as text


# -- the edition renders what was kept --------------------------------------------

FIXTURE_CONF = """\
extensions = ["myst_parser", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
nitpicky = True
smartquotes = False
myst_enable_extensions = ["colon_fence", "deflist"]
myst_disable_syntax = ["html_block", "html_inline"]
project = "Fixture"
copyright = "2026, the editors"
version = "1.0"
"""


@pytest.fixture(scope="module")
def structures_site(structures, tmp_path_factory) -> Path:
    """The imported page built by Sphinx with the edition's extension, strictly."""
    project = tmp_path_factory.mktemp("structures-project")
    (project / "chapters").mkdir()
    for chapter in (structures / "chapters").glob("*.md"):
        (project / "chapters" / chapter.name).write_bytes(chapter.read_bytes())
    (project / "conf.py").write_text(FIXTURE_CONF, encoding="utf-8")
    (project / "index.md").write_text("# Fixture\n\n```{toctree}\n:glob:\n\nchapters/*\n```\n",
                                      encoding="utf-8")
    out = tmp_path_factory.mktemp("structures-html")
    assert_clean_build(run_sphinx(project, out, "html"))
    return out / "html"


def _verbatim(page: Path) -> BeautifulSoup:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    return soup.select_one("section.edition-verbatim")


def test_the_html_holds_every_character_of_the_page_and_nothing_else(structures_site):
    shown = []
    for page in sorted((structures_site / "chapters").glob("*.html")):
        section = _verbatim(page)
        for node in section.select(".editorial, .headerlink"):
            node.decompose()
        shown.append(section.get_text(""))
    soup = page_body(STRUCTURES)
    heading = next(h for h in soup.find_all("h2") if h.get_text() == "Reference links")
    for node in [heading, *heading.find_next_siblings()]:
        node.decompose()
    assert re.sub(r"\s+", "", "".join(shown)) == re.sub(r"\s+", "", soup.body.get_text(""))


def test_the_html_marks_quotations_lists_and_captions(structures_site):
    section = _verbatim(structures_site / "chapters" / "02-the-first-spring-on-the-roof.html")
    quote = section.select_one("blockquote.edition-quotation")
    assert quote is not None
    quoted = quote.select("p.edition-paragraph.edition-quoted")
    assert [p["id"] for p in quoted] == ["p2-13", "p2-14"]
    assert all("edition-quoted" not in p["class"] for p in section.select("p.edition-paragraph")
               if p.find_parent("blockquote") is None)
    # list items are labelled paragraphs, visibly, like the others
    item = section.select_one("ul ul li p.edition-paragraph")
    assert item["id"] == "p2-4" and item.select_one("a.edition-plabel").get_text() == "¶2.4"
    ordered = section.select_one("ol")
    assert ordered.get("start") == "3"
    assert [li.p["id"] for li in ordered.find_all("li", recursive=False)] == ["p2-8", "p2-9"]
    later = _verbatim(structures_site / "chapters" / "03-what-the-year-weighed.html")
    assert [th.get_text(" ", strip=True) for th in later.select("table thead th")] == ["¶3.2 Month", "¶3.3 Honey (kg)"]
    captions = later.select("div.edition-caption p.edition-paragraph")
    assert [p["id"] for p in captions] == ["p3-8", "p3-9"]
    assert "ask.<sup>1</sup>" in str(_verbatim(structures_site / "chapters" / "01-opening.html"))
    assert later.find("img") is None


# -- what is refused ---------------------------------------------------------------

REFUSED = [
    ("<dl><dt>Rye</dt><dd>dark and sour</dd></dl>", "<dl>"),
    ("<pre>oven at 250 degrees</pre>", "<pre>"),
    ("<p>Bread was <del>cheap</del> dear.</p>", "<del>"),
    ("<p>She said <q>never</q> twice.</p>", "<q>"),
    ("<h1>A second title</h1>", "<h1>"),
    ("<aside>A side note</aside>", "<aside>"),
    ("<ul><li><h3>A heading in a list</h3></li></ul>", "<h3>"),
    ("<blockquote><h2>A section in a quotation</h2></blockquote>", "<h2>"),
    ("<h3>Two<br />lines</h3>", "<h3>"),
    ("<ol reversed><li>three</li><li>two</li></ol>", "<ol>"),
    ('<ol type="a"><li>first</li></ol>', "<ol>"),
    ('<ol><li value="7">seventh</li></ol>', "<li>"),
    ("<ul>loose words<li>an item</li></ul>", "<ul>"),
    ('<table><tr><td colspan="2">a wide cell</td></tr></table>', "<td>"),
    ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "<table>"),
    ("<table><tr><td><table><tr><td>inner</td></tr></table></td></tr></table>", "<td>"),
    ("<table><tr><td>a cell</td></tr><caption>shown above, written below</caption></table>", "<caption>"),
    ("<p>Hot <sup><code>x</code></sup> loaves.</p>", "<code>"),
]


def minimal_with(snippet: str, tmp_path: Path) -> Path:
    """The minimal page with *snippet* after the first paragraph of its section 2."""
    text = MINIMAL.read_text(encoding="utf-8")
    anchor = encode("small.</p>")
    assert text.count(anchor) == 1
    page = tmp_path / "page.txt"
    page.write_text(text.replace(anchor, anchor + encode(snippet)), encoding="utf-8")
    return page


@pytest.fixture
def outputs(tmp_path, structures) -> tuple[Path, Path, Path]:
    """A folder holding an import of a page, to be left alone: (folder, chapters, bib)."""
    root = tmp_path / "out"
    shutil.copytree(structures, root)
    return root, root / "chapters", root / "article.bib"


def test_the_minimal_page_imports(tmp_path):
    result = run_importer(MINIMAL, "--chapters", tmp_path / "c", "--bib", tmp_path / "a.bib")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == [
        "01-opening.md", "02-why-the-bread-sells-out.md", "03-what-the-regulars-say.md"]


@pytest.mark.parametrize(("snippet", "element"), REFUSED, ids=[e + " " + s[:30] for s, e in REFUSED])
def test_what_cannot_be_represented_is_refused_in_one_line(tmp_path, outputs, snippet, element):
    root, chapters, bib = outputs
    before = snapshot(root)
    result = run_importer(minimal_with(snippet, tmp_path), "--chapters", chapters, "--bib", bib)
    assert_refused(result, element, "in section 2 ('Why the bread sells out')", "cannot be represented")
    assert snapshot(root) == before


@pytest.mark.parametrize(("old", "new", "message"), [
    ("https://example.org/hours</a>", "https://example.org/hours</a> (in Dutch)",
     "reference 1 holds more than a title and an address"),
    (">https://example.org/hours</a>", ">the opening hours</a>", "reference 1's link text"),
])
def test_a_reference_the_bibliography_cannot_hold_is_refused(tmp_path, outputs, old, new, message):
    """The bibliography keeps a title and an address: other words would be lost."""
    root, chapters, bib = outputs
    before = snapshot(root)
    text = MINIMAL.read_text(encoding="utf-8")
    assert text.count(encode(old)) == 1
    page = tmp_path / "page.txt"
    page.write_text(text.replace(encode(old), encode(new)), encoding="utf-8")
    assert_refused(run_importer(page, "--chapters", chapters, "--bib", bib), message)
    assert snapshot(root) == before


# -- failing whole -----------------------------------------------------------------------

def test_a_folder_where_the_bibliography_goes_fails_before_writing(outputs):
    root, chapters, _ = outputs
    (root / "taken.bib").mkdir()
    before = snapshot(root)
    result = run_importer(MINIMAL, "--chapters", chapters, "--bib", root / "taken.bib")
    assert_refused(result, "--bib PATH: is a folder")
    assert snapshot(root) == before


def test_a_file_where_the_bibliography_folder_goes_fails_before_writing(outputs):
    root, _, _ = outputs
    (root / "plain-file").write_text("not a folder\n", encoding="utf-8")
    before = snapshot(root)
    # the chapters' folder would have to be created: it must not be left behind
    result = run_importer(MINIMAL, "--chapters", root / "new" / "chapters",
                          "--bib", root / "plain-file" / "sub" / "a.bib")
    assert_refused(result, "plain-file: it is not a folder")
    assert snapshot(root) == before


def test_when_the_bibliography_cannot_be_replaced_the_chapters_are_put_back(outputs, monkeypatch, capsys):
    """The last step of the swap fails: the chapters already swapped in go back."""
    from sphinx_annotated_edition import cli
    from sphinx_annotated_edition.importer import staging

    root, chapters, bib = outputs
    before = snapshot(root)
    real_replace = os.replace

    def failing_replace(source, target):
        if Path(target) == bib:
            raise PermissionError(13, "Permission denied", str(target))
        return real_replace(source, target)

    monkeypatch.setattr(staging.os, "replace", failing_replace)
    assert cli.main(["import", str(MINIMAL), "--chapters", str(chapters), "--bib", str(bib)]) == 1
    assert "Permission denied" in capsys.readouterr().err
    assert snapshot(root) == before


def test_a_failure_removes_the_folders_it_created(tmp_path, monkeypatch, capsys):
    from sphinx_annotated_edition import cli
    from sphinx_annotated_edition.importer import staging

    monkeypatch.setattr(staging.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(5, "I/O error")))
    result = cli.main(["import", str(MINIMAL), "--chapters", str(tmp_path / "new" / "chapters"),
                       "--bib", str(tmp_path / "other" / "deep" / "a.bib")])
    assert result == 1 and "I/O error" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def _loses_a_word(writer, monkeypatch):
    real = writer.paragraph_markdown
    monkeypatch.setattr(writer, "paragraph_markdown", lambda para: real(para).replace("veil", "", 1))


def _skips_a_heading_level(writer, monkeypatch):
    real = writer._Chapter.block

    def block(self, block):
        lines = real(self, block)
        return ["#" + lines[0]] if isinstance(block, writer.Heading) else lines

    monkeypatch.setattr(writer._Chapter, "block", block)


def _loses_a_reference(writer, monkeypatch):
    real = writer.references_bibtex
    monkeypatch.setattr(writer, "references_bibtex",
                        lambda refs, name: real(refs[:-1], name))


@pytest.mark.parametrize(("bug", "message"), [
    (_loses_a_word, "the chapters do not hold the page's text: after"),
    (_skips_a_heading_level, "does not render cleanly"),
    (_loses_a_reference, "the bibliography holds 1 entries, the page's reference list 2"),
])
def test_the_written_outputs_are_checked_before_they_replace_anything(outputs, monkeypatch, capsys,
                                                                      bug, message):
    """A writer that loses words, or writes what MyST reads otherwise, is caught
    after writing and before anything is swapped in."""
    import sphinx_annotated_edition.importer.writer as writer
    from sphinx_annotated_edition import cli

    root, chapters, bib = outputs
    before = snapshot(root)
    bug(writer, monkeypatch)
    assert cli.main(["import", str(STRUCTURES), "--chapters", str(chapters), "--bib", str(bib)]) == 1
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and message in error, error
    assert snapshot(root) == before


def test_help_lists_what_is_kept_and_refused():
    result = run_importer("--help")
    assert result.returncode == 0
    for word in ("h3-h6", "blockquote", "{list-table}", "figcaption", "sup/sub", "code",
                 "refused", "truncated", "dl", "pre"):
        assert word in result.stdout, word
