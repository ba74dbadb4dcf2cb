"""The ``annotated-edition`` command: its help, ``import`` with each reader, how
``auto`` picks one, and every refusal, which changes nothing on disk.

``pages/library-wordpress.txt`` is a saved WordPress page (site chrome, ads,
entity-encoded markup, a reference list); ``pages/footbridge.html`` a plain
HTML page as a browser saves it (navigation, sidebar and footer around one
``<article>``, no reference list). ``annotated-edition new`` is in test_new.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cli_support import (HTML_PAGE, WORDPRESS_PAGE, assert_refused, invoke, invoke_import, run_cli,
                         run_import, snapshot)

WORDPRESS_CHAPTERS = ["01-opening.md", "02-how-the-programme-began.md", "03-what-a-meeting-looks-like.md",
                      "04-what-the-readers-say.md", "05-what-comes-next.md"]
HTML_CHAPTERS = ["01-opening.md", "02-why-the-village-did-it-itself.md", "03-building-it.md",
                 "04-what-it-cost.md"]


def chapters_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md")))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def without_markup(markdown: str) -> str:
    """The chapters' Markdown without what the importer adds around the words."""
    markdown = re.sub(r"^---\n.*?\n---\n", "", markdown, flags=re.S | re.M)
    markdown = re.sub(r"^%.*$|\(p\d+\.\d+\)=|\(ch\d+\)=|\{(sup|sub|list-table|container)\}"
                      r"|:header-rows: \d+|edition-caption|^# Opening$", "", markdown, flags=re.M)
    return re.sub(r"\\(?=[^\w\s])", "", markdown)


def variant(tmp_path: Path, page: Path, *replacements: tuple[str, str], name: str | None = None) -> Path:
    """A copy of *page* with each (old, new) replaced once (old must be there once)."""
    text = page.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    target = tmp_path / (name or page.name)
    target.write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def first_import(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("first-import")
    for page, sub in ((WORDPRESS_PAGE, "wp"), (HTML_PAGE, "html")):
        result = invoke_import(page, "--chapters", root / sub / "chapters", "--bib", root / sub / "article.bib")
        assert result.returncode == 0, result.stderr
    (root / "html" / "article.bib").write_text("% an earlier bibliography\n", encoding="utf-8")
    return root


@pytest.fixture
def imported(tmp_path, first_import) -> Path:
    """A folder holding an import of each page, to be left alone by a refusal."""
    root = tmp_path / "edition"
    shutil.copytree(first_import, root)
    return root


# -- help --------------------------------------------------------------------------

def test_help_names_the_commands():
    result = run_cli("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: annotated-edition [-h] COMMAND ...")
    for text in ("import", "new", "import a saved page", "make a new edition",
                 "annotated-edition new my-edition --from page.html"):
        assert text in result.stdout, text


def test_a_command_is_required():
    result = run_cli()
    assert result.returncode == 2
    assert "the following arguments are required: COMMAND" in result.stderr


def test_import_help_describes_the_readers_and_what_a_page_may_hold():
    result = run_cli("import", "--help")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("usage: annotated-edition import [-h] [--chapters CHAPTERS] [--bib BIB]")
    assert "--reader {auto,wordpress,html}" in out
    for text in ("Readers (--reader):", "wordpress  a WordPress (AMP) page saved as text",
                 "single <article> element, else its single <main>", "(the default) wordpress when",
                 "text before the first h2 is the first chapter", "A page\nwith no h2 is refused",
                 "h3-h6", "blockquote", "{list-table}", "refused", "truncated", "no closing </html>"):
        assert text in out, text


def test_new_help_describes_the_edition_it_makes():
    result = run_cli("new", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: annotated-edition new [-h] --from PAGE")
    for text in ("--reader {auto,wordpress,html}", "--title TITLE", "DIR must be new or empty",
                 "one empty annotations file per chapter", "Nothing is left behind"):
        assert text in result.stdout, text


def test_python_m_is_the_same_command():
    for args in (["--help"], ["import", "--help"], ["new", "--help"]):
        module = subprocess.run([sys.executable, "-m", "sphinx_annotated_edition", *args],
                                capture_output=True, text=True, check=False)
        assert module.returncode == 0, module.stderr
        assert module.stdout == run_cli(*args).stdout


def test_the_importer_module_is_an_alias_of_import(tmp_path):
    alias = subprocess.run([sys.executable, "-m", "sphinx_annotated_edition.importer", "--help"],
                           capture_output=True, text=True, check=False)
    assert alias.returncode == 0
    assert alias.stdout.startswith("usage: python -m sphinx_annotated_edition.importer")
    # the same text below the usage line
    assert alias.stdout.split("\n\n", 1)[1] == run_cli("import", "--help").stdout.split("\n\n", 1)[1]
    subprocess.run([sys.executable, "-m", "sphinx_annotated_edition.importer", str(WORDPRESS_PAGE),
                    "--chapters", str(tmp_path / "a" / "chapters"), "--bib", str(tmp_path / "a" / "x.bib")],
                   check=True, capture_output=True)
    run_import(WORDPRESS_PAGE, "--chapters", tmp_path / "b" / "chapters", "--bib", tmp_path / "b" / "x.bib")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


# -- import, with each reader ----------------------------------------------------------

def test_a_saved_wordpress_page_is_read_by_the_wordpress_reader(tmp_path):
    result = run_import(WORDPRESS_PAGE, "--chapters", tmp_path / "chapters", "--bib", tmp_path / "a.bib")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == ("read with the WordPress reader (detected: its tags are written with "
                        "entities ('<&sol;span>'))")
    assert lines[1] == ("imported 5 chapters, 10 paragraphs, 7 list items, 1 quotation and "
                        "2 references from library-wordpress.txt")
    assert sorted(p.name for p in (tmp_path / "chapters").iterdir()) == WORDPRESS_CHAPTERS
    text = chapters_text(tmp_path / "chapters")
    # the lists and the quotation, as lists and a quotation
    assert "- (p2.3)=\n  a novel of under three hundred pages,\n" in text
    assert "1. (p3.2)=\n   Tea is poured at half past six.\n" in text
    assert "> (p4.2)=\n> I thought I had lost the habit." in text
    for chrome in ("Site icon", "Eastbrook Chronicle", "Exit mobile version", "Advertisements",
                   "amp-ad", "Reference links", "Reading Again"):
        assert chrome not in text, chrome
    bib = (tmp_path / "a.bib").read_text(encoding="utf-8")
    assert "author = {{Eastbrook Public Library}}" in bib
    assert "url = {https://example.net/reading-circles}" in bib


def test_a_plain_html_page_is_read_by_the_plain_html_reader(tmp_path):
    result = run_import(HTML_PAGE, "--chapters", tmp_path / "chapters", "--bib", tmp_path / "a.bib")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("read with the plain HTML reader (detected: no saved-WordPress markers, "
                        "so a plain HTML page)")
    assert lines[1] == ("imported 4 chapters, 8 paragraphs, 1 caption, 3 list items, 1 quotation and "
                        "0 references from footbridge.html")
    assert sorted(p.name for p in (tmp_path / "chapters").iterdir()) == HTML_CHAPTERS
    # no reference list: no BibTeX file
    assert not (tmp_path / "a.bib").exists()
    text = chapters_text(tmp_path / "chapters")
    assert "- (p2.3)=\n  timber from the sawmill at Kellet,\n" in text
    assert "> (p3.4)=\n> The joints are as sound as any I inspected in thirty years." in text
    assert ":::{container} edition-caption\n(p3.2)=\nThe new middle span, lifted into place in May.\n:::" in text
    assert "on *Friday* afternoons" in text


def test_the_plain_html_reader_keeps_every_word_of_the_article_and_nothing_around_it(tmp_path):
    invoke_import(HTML_PAGE, "--chapters", tmp_path / "chapters", "--bib", tmp_path / "a.bib")
    written = words(without_markup(chapters_text(tmp_path / "chapters")))
    # read here without the importer: the article element, its title heading out
    article = BeautifulSoup(HTML_PAGE.read_text(encoding="utf-8"), "lxml").article
    article.h1.decompose()
    assert written == words(article.get_text(" "))
    text = chapters_text(tmp_path / "chapters")
    for chrome in ("Hillside Gazette", "News", "Weather", "More from the valley", "Flood defences",
                   "All rights reserved", "siteMetrics", "font-family", "bridge-span.jpg",
                   "The middle span on the crane", "The Footbridge a Village Rebuilt"):
        assert chrome not in text, chrome


def test_text_before_the_first_h2_is_the_opening_chapter(tmp_path):
    invoke_import(HTML_PAGE, "--chapters", tmp_path / "chapters")
    opening = (tmp_path / "chapters" / "01-opening.md").read_text(encoding="utf-8")
    assert "edition-chapter: 1\nedition-title: editorial\n" in opening  # "Opening" is the editors' title
    assert "(p1.1)=\nBy the Gazette staff, 2 June 2025\n" in opening
    # with nothing before the first h2 there is no opening: the h2 is chapter 1
    page = variant(tmp_path, HTML_PAGE, (
        '<p class="byline">By the Gazette staff, <time datetime="2025-06-02">2 June 2025</time></p>', ""), (
        "<p>For forty years the footbridge over the Lyne carried children to school and walkers to the "
        "hills. Last winter a flood took two of its three spans.</p>", ""))
    result = invoke_import(page, "--chapters", tmp_path / "no-opening")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "no-opening").iterdir())[0] == "01-why-the-village-did-it-itself.md"


def test_the_plain_html_reader_takes_the_title_and_facts_from_the_page():
    from sphinx_annotated_edition.importer import plain_html

    info = plain_html.parse_article(HTML_PAGE.read_text(encoding="utf-8"), "page").info
    assert info.title == "The Footbridge a Village Rebuilt"  # the article's h1, not <title>
    assert info.publisher == "Hillside Gazette"
    assert info.date == "2025-06-02"
    assert info.url == "https://example.com/2025/06/02/the-footbridge-a-village-rebuilt/"
    text = HTML_PAGE.read_text(encoding="utf-8")
    h1, og_title = "<h1>The Footbridge a Village Rebuilt</h1>", '<meta property="og:title" content="The Footbridge a Village Rebuilt">'
    renamed = text.replace(h1, "<h1>A Bridge Again</h1>")
    assert plain_html.parse_article(renamed, "page").info.title == "A Bridge Again"
    # no h1: og:title; no og:title either: the page's <title>
    assert plain_html.parse_article(text.replace(h1, "").replace(og_title, og_title.replace(
        'content="The', 'content="Our')), "page").info.title == "Our Footbridge a Village Rebuilt"
    assert plain_html.parse_article(text.replace(h1, "").replace(og_title, ""), "page").info.title == \
        "The Footbridge a Village Rebuilt | Hillside Gazette"


def test_the_wordpress_reader_takes_the_title_and_site_from_the_chrome():
    from sphinx_annotated_edition.importer import wordpress

    info = wordpress.parse_article(WORDPRESS_PAGE.read_text(encoding="utf-8"), "page").info
    assert (info.title, info.publisher, info.date, info.url) == (
        "How a Town Library Got Eastbrook Reading Again", "Eastbrook Chronicle", None, None)


def test_without_an_article_element_the_single_main_is_the_article(tmp_path):
    page = variant(tmp_path, HTML_PAGE, ('<article class="story">', "<div>"), ("</article>", "</div>"),
                   ('<aside class="related">', "<!--"), ("</aside>", "-->"))
    result = invoke_import(page, "--chapters", tmp_path / "chapters")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "chapters").iterdir()) == HTML_CHAPTERS


def test_a_reference_list_is_optional_for_the_plain_html_reader(tmp_path):
    """A last section holding only a list of bold title and link is the reference
    list; an ordered list that is not one is a chapter like any other."""
    references = ('<h2>Sources</h2><ol><li><p><strong>Lyne Parish Council – Minutes</strong><br />'
                  '<a href="https://example.com/minutes">https://example.com/minutes</a></p></li></ol>'
                  "\n  </article>")
    page = variant(tmp_path, HTML_PAGE, ("\n  </article>", references))
    result = invoke_import(page, "--chapters", tmp_path / "a" / "chapters", "--bib", tmp_path / "a" / "x.bib")
    assert result.returncode == 0, result.stderr
    assert "and 1 references from" in result.stdout
    assert "title = {Minutes}" in (tmp_path / "a" / "x.bib").read_text(encoding="utf-8")
    assert "Sources" not in chapters_text(tmp_path / "a" / "chapters")
    steps = "<h2>Next steps</h2><ol><li>Paint the rails.</li><li>Plant the banks.</li></ol>\n  </article>"
    page = variant(tmp_path, HTML_PAGE, ("\n  </article>", steps), name="steps.html")
    result = invoke_import(page, "--chapters", tmp_path / "b" / "chapters", "--bib", tmp_path / "b" / "x.bib")
    assert result.returncode == 0, result.stderr
    assert "05-next-steps.md" in [p.name for p in (tmp_path / "b" / "chapters").iterdir()]
    assert "2. (p5.2)=\n   Plant the banks.\n" in chapters_text(tmp_path / "b" / "chapters")


# -- which reader: auto-detection -----------------------------------------------------------

@pytest.mark.parametrize(("text", "reader", "why"), [
    ("<p>One<&sol;p>", "wordpress", "its tags are written with entities ('<&sol;p>')"),
    ('<p class&equals;"x">One</p>', "wordpress", "its tags are written with entities ('<p class&equals;')"),
    ("Site icon A Site\n\nTitle\n\n<p>One</p>", "wordpress", "it opens with the site chrome line 'Site icon A Site'"),
    ("<p>One</p>\n\nExit mobile version", "wordpress", "it closes with the site chrome line 'Exit mobile version'"),
    ("<!DOCTYPE html><html><body><article><p>One</p></article></body></html>", "html",
     "no saved-WordPress markers, so a plain HTML page"),
    ("<p>Tom &amp; Jerry, 5 &lt; 6 &equals; true</p>", "html", "no saved-WordPress markers, so a plain HTML page"),
])
def test_auto_picks_the_wordpress_reader_only_on_its_markers(text, reader, why):
    from sphinx_annotated_edition.importer.readers import choose_reader

    chosen, reason = choose_reader(text)
    assert (chosen.name, reason) == (reader, f"detected: {why}")
    assert choose_reader(text, "html")[0].name == "html"
    assert choose_reader(text, "wordpress") == (choose_reader(text, "wordpress")[0], "--reader wordpress")


def test_an_explicit_reader_is_said_and_used(tmp_path):
    result = invoke_import(HTML_PAGE, "--reader", "html", "--chapters", tmp_path / "chapters")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "read with the plain HTML reader (--reader html)"
    result = invoke_import(WORDPRESS_PAGE, "--reader", "wordpress", "--chapters", tmp_path / "c2",
                        "--bib", tmp_path / "a.bib")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "read with the WordPress reader (--reader wordpress)"


def test_the_wrong_reader_refuses_the_page(tmp_path, imported):
    before = snapshot(imported)
    wp = imported / "wp"
    assert_refused(invoke_import(WORDPRESS_PAGE, "--reader", "html", "--chapters", wp / "chapters",
                                 "--bib", wp / "article.bib"),
                   "no <article> or <main> element", "use --reader wordpress")
    # the WordPress reader reads the whole page as the article: the site's navigation too
    assert_refused(invoke_import(HTML_PAGE, "--reader", "wordpress", "--chapters", wp / "chapters",
                                 "--bib", wp / "article.bib"), "<nav> in the opening", "cannot be represented")
    assert snapshot(imported) == before


# -- refusals, which change nothing ---------------------------------------------------------

def _article_to_div(text: str) -> str:
    return text.replace('<article class="story">', "<div>").replace("</article>", "</div>")


HTML_REFUSALS = [
    pytest.param(lambda t: _article_to_div(t).replace("<main>", "<div>").replace("</main>", "</div>"),
                 ["no <article> or <main> element: the plain-HTML reader takes the article from a "
                  "page's single <article> (or <main>)"], id="no article or main"),
    pytest.param(lambda t: t.replace('<aside class="related">', "<article>").replace("</aside>", "</article>"),
                 ["the page has 2 <article> elements", "save the article's own page"], id="two articles"),
    pytest.param(lambda t: _article_to_div(t).replace("<footer", "<main><footer").replace(
        "</footer>", "</footer></main>"), ["the page has 2 <main> elements"], id="two mains"),
    pytest.param(lambda t: t[:t.index("Last winter a flood")], ["truncated", "opened and never closed"],
                 id="cut mid-paragraph"),
    pytest.param(lambda t: t[:t.index("</body>")], ["truncated", "does not end with </html>"],
                 id="cut after the article"),
    pytest.param(lambda t: t[:t.index("<h2>What it cost") + len("<h2")],
                 ["truncated: it ends inside a tag"], id="cut inside a tag"),
    pytest.param(lambda t: t.replace("<footer", "<!-- footer ", 1).replace("</html>", ""),
                 ["truncated: '<!--' is never closed"], id="cut inside a comment"),
    pytest.param(lambda t: t.replace("<h2>What it cost</h2>", "<h1>What it cost</h1>"),
                 ["<h1> in section 3 ('Building it') cannot be represented"], id="a second h1"),
    pytest.param(lambda t: t.replace("<p>Volunteers made", "<dl><dt>Timber</dt><dd>oak</dd></dl><p>Volunteers made"),
                 ["<dl> in section 2 ('Why the village did it itself') cannot be represented"], id="dl"),
    pytest.param(lambda t: t.replace("</article>", "<nav><a href='/next'>Next</a></nav></article>"),
                 ["<nav> in section 4 ('What it cost') cannot be represented"], id="nav in the article"),
]


@pytest.mark.parametrize(("change", "words"), HTML_REFUSALS)
def test_a_plain_page_that_cannot_be_kept_whole_is_refused(tmp_path, imported, change, words):
    page = tmp_path / "page.html"
    page.write_text(change(HTML_PAGE.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(imported)
    target = imported / "html"
    assert_refused(invoke_import(page, "--chapters", target / "chapters", "--bib", target / "article.bib"),
                   *words)
    assert snapshot(imported) == before


WORDPRESS_CUTS = [
    pytest.param(lambda t: t[:t.index("eleven people came")], id="cut mid-paragraph"),
    pytest.param(lambda t: t[:t.index("eleven people came")] + "\n\nExit mobile version",
                 id="cut mid-paragraph, chrome kept"),
    pytest.param(lambda t: t[:t.index("\n\nExit mobile version")], id="closing chrome missing"),
    pytest.param(lambda t: t[:t.index("<h2>Reference") + len("<h2>Refer")] + "\n\nExit mobile version",
                 id="cut inside the reference list"),
    pytest.param(lambda t: t[:t.index("<p>Every meeting") + len("<p")] + "\n\nExit mobile version",
                 id="cut inside a tag"),
]


@pytest.mark.parametrize("cut", WORDPRESS_CUTS)
def test_a_truncated_wordpress_page_is_refused(tmp_path, imported, cut):
    page = tmp_path / "cut.txt"
    page.write_text(cut(WORDPRESS_PAGE.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(imported)
    target = imported / "wp"
    assert_refused(invoke_import(page, "--chapters", target / "chapters", "--bib", target / "article.bib"),
                   "truncated")
    assert snapshot(imported) == before


def test_a_page_without_references_empties_a_bibliography_it_replaces(imported):
    """No stale reference outlives a re-import: the old BibTeX is replaced by one
    without entries (a BibTeX file is written only if there is one, or references)."""
    target = imported / "html"
    result = invoke_import(HTML_PAGE, "--chapters", target / "chapters", "--bib", target / "article.bib")
    assert result.returncode == 0, result.stderr
    bib = (target / "article.bib").read_text(encoding="utf-8")
    assert "earlier" not in bib and "@" not in bib


# -- new: refusals (the builds are in test_new.py) ----------------------------------------------

def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    folder = tmp_path / "edition"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = run_cli("new", folder, "--from", WORDPRESS_PAGE)
    assert_refused(result, "exists and is not empty", "give a new (or empty) folder",
                   prefix="new edition failed: ")
    assert snapshot(tmp_path) == before
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert_refused(invoke("new", tmp_path / "a-file", "--from", WORDPRESS_PAGE), "is a file",
                   prefix="new edition failed: ")


@pytest.mark.parametrize("exists", [False, True], ids=["new folder", "empty folder"])
def test_a_failed_new_leaves_no_folder_behind(tmp_path, exists):
    page = tmp_path / "page.html"
    page.write_text(_article_to_div(HTML_PAGE.read_text(encoding="utf-8")).replace("<main>", "<div>")
                    .replace("</main>", "</div>"), encoding="utf-8")
    folder = tmp_path / "deep" / "edition"
    if exists:
        folder.mkdir(parents=True)
    before = snapshot(tmp_path)
    assert_refused(invoke("new", folder, "--from", page), "no <article> or <main>",
                   prefix="new edition failed: ")
    assert snapshot(tmp_path) == before  # no folder, no hidden staging folder


@pytest.mark.parametrize("where", ["edition", "new/edition"], ids=["in a folder", "in a new folder"])
def test_a_new_that_fails_while_writing_leaves_no_folder_behind(tmp_path, monkeypatch, capsys, where):
    """A failure after the import (here: writing the Makefile) removes all of it."""
    from sphinx_annotated_edition import cli, scaffold

    real = scaffold._write

    def failing(path, text):
        if path.name == "Makefile":
            raise OSError(28, "No space left on device")
        real(path, text)

    monkeypatch.setattr(scaffold, "_write", failing)
    assert cli.main(["new", str(tmp_path / where), "--from", str(WORDPRESS_PAGE)]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_new_needs_a_title_when_the_page_has_none(tmp_path):
    text = HTML_PAGE.read_text(encoding="utf-8")
    text = re.sub(r"<title>.*?</title>|<h1>.*?</h1>|<meta property=\"og:title\"[^>]*>", "", text)
    page = tmp_path / "untitled.html"
    page.write_text(text, encoding="utf-8")
    assert_refused(invoke("new", tmp_path / "e", "--from", page), "names no title", "--title",
                   prefix="new edition failed: ")
    assert not (tmp_path / "e").exists()
    result = invoke("new", tmp_path / "e", "--from", page, "--title", "A Bridge, Rebuilt")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "e" / "index.md").read_text(encoding="utf-8").startswith("# A Bridge, Rebuilt\n")


def test_without_pybtex_a_page_with_references_is_refused_and_one_without_imports(imported, monkeypatch):
    """pybtex (the [bibtex] extra) reads the BibTeX back: without it, only a page
    with no reference list can be imported."""
    for name in ("pybtex", "pybtex.database", "pybtex.scanner"):
        monkeypatch.setitem(sys.modules, name, None)  # import fails, as when not installed
    before = snapshot(imported)
    wp = imported / "wp"
    assert_refused(invoke_import(WORDPRESS_PAGE, "--chapters", wp / "chapters", "--bib", wp / "article.bib"),
                   "the page has a reference list", "install sphinx-annotated-edition[bibtex]")
    assert snapshot(imported) == before
    target = imported / "html"  # its old BibTeX is replaced by one without entries
    result = invoke_import(HTML_PAGE, "--chapters", target / "chapters", "--bib", target / "article.bib")
    assert result.returncode == 0, result.stderr
    assert "@" not in (target / "article.bib").read_text(encoding="utf-8")
