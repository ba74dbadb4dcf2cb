"""Copy-text fidelity: every heading and paragraph of the article as received
appears exactly once, unchanged and in order, in the HTML, EPUB and PDF."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile


from conftest import author_blocks, chapter_files, need_tool, normalise


def test_received_article_shape(article_blocks):
    headings = [t for kind, t in article_blocks if kind == "h2"]
    paragraphs = [t for kind, t in article_blocks if kind == "p"]
    assert len(headings) == 9
    assert len(paragraphs) == 51
    assert article_blocks[0][0] == "p", "the article opens with untitled paragraphs"


def _assert_pages_hold_article(pages, article_blocks):
    seen = []
    for page in pages:
        blocks, remaining = author_blocks(page)
        seen.extend(blocks)
        # nothing but the author's words is left once editorial matter is out
        # (compared without whitespace: blocks are joined without separators)
        assert re.sub(r"\s+", "", remaining) == re.sub(r"\s+", "", "".join(t for _, t in blocks)), page
    assert seen == article_blocks


def test_html_chapters_hold_the_article_exactly(built, article_blocks):
    _assert_pages_hold_article(chapter_files(built("html") / "html", ".html"), article_blocks)


def test_html_paragraphs_appear_once_in_the_whole_site(built, article_blocks):
    from bs4 import BeautifulSoup

    site = built("html") / "html"
    texts = []
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        main = soup.select_one("article[role=main]")
        if main is not None:
            for node in main.select(".editorial, .headerlink"):
                node.decompose()
            texts.append(normalise(main.get_text("")))
    corpus = "\n".join(texts)
    for kind, text in article_blocks:
        if kind == "p":
            assert corpus.count(text) == 1, text


def test_line_breaks_of_the_last_section_are_kept(built):
    page = chapter_files(built("html") / "html", ".html")[-1]
    html = page.read_text(encoding="utf-8")
    tags = r"(?:<[^>]+>)*"  # highlights and markers may open or close here
    assert re.search(rf"locks in loss\.{tags}<br\s*/?>\s*{tags}Ukraine resists", html)
    assert re.search(rf"erasure\.{tags}<br\s*/?>\s*{tags}The West hesitates", html)


def test_epub_chapters_hold_the_article_exactly(built, article_blocks, tmp_path):
    out = built("epub") / "epub"
    (epub,) = out.glob("*.epub")
    with zipfile.ZipFile(epub) as archive:
        archive.extractall(tmp_path)
    _assert_pages_hold_article(chapter_files(tmp_path, ".xhtml"), article_blocks)


def _pdf_key(text: str) -> str:
    """Compare PDF text as LaTeX sets it: hyphenated, ligatured, headings uppercased."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"¶\d+\.\d+", "", text)  # paragraph labels are editorial
    text = re.sub(r"\[\d+\.\d+\]", "", text)  # so are note markers
    text = re.sub(r"[\s\-\u00ad\u2010]+", "", text)
    return text.casefold()


def test_pdf_holds_the_article_in_order(built, article_blocks):
    need_tool("pdflatex", "texlive-latex-recommended")
    need_tool("latexmk", "latexmk")
    pdftotext = need_tool("pdftotext", "poppler-utils")
    pdf = built("latexpdf") / "latex" / "annotated-edition.pdf"
    # -raw keeps LaTeX's reading order; the crop leaves out the running
    # header (y 34-48 pt) and footer (y 789-804 pt) of every A4 page
    text = subprocess.run([pdftotext, "-raw", "-enc", "UTF-8", "-x", "0", "-y", "60",
                           "-W", "595", "-H", "722", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    key = _pdf_key(text)
    position = 0
    for kind, block in article_blocks:
        needle = _pdf_key(block)
        found = key.find(needle, position)
        assert found >= 0, f"not found in order in the PDF: {block[:70]}"
        if kind == "p":
            # headings repeat in the contents and page headers; paragraphs never
            assert key.count(needle) == 1, f"more than once in the PDF: {block[:70]}"
        position = found + len(needle)
