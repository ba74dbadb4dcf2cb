"""Glossary and bibliography: terms linked from the text without editing it,
back-links to the right paragraphs, offline previews, two separate lists of
references. (Unknown citation keys reported where they are written: the
package's own tests, extension/tests/test_citations.py.)"""

from __future__ import annotations

import re
import zipfile

import pytest
from bs4 import BeautifulSoup

from conftest import chapter_files, received_blocks, soup_of

ARTICLE_ADDRESSES = [
    "https://www.sipri.org/databases/milex",
    "https://www.iiss.org/publications/the-military-balance",
    "https://www.iea.org/topics/ukraine",
    "https://www.imf.org/en/Countries/RUS",
    "https://www.state.gov/ukraine",
    "https://www.nato.int/cps/en/natohq/topics_192648.htm",
]


@pytest.fixture(scope="module")
def glossary_terms(site):
    """{term text: term id} from the built glossary page."""
    soup = soup_of(site / "glossary.html")
    return {dt.get_text(" ", strip=True).rstrip("¶").strip(): dt["id"] for dt in soup.select("dl.glossary dt[id]")}


def article_text() -> str:
    return "\n".join(text for kind, text in received_blocks() if kind == "p")


def test_glossary_has_enough_sourced_terms(site, glossary_terms):
    assert len(glossary_terms) >= 15
    soup = soup_of(site / "glossary.html")
    for dd in soup.select("dl.glossary dd"):
        assert dd.select(".bibtex-citation a"), dd.get_text()[:80]


def test_every_term_in_the_article_is_linked(site, glossary_terms):
    text = article_text()
    linked = set()
    for page in chapter_files(site, ".html"):
        for link in soup_of(page).select("a.edition-term-link"):
            linked.add(link["href"].split("#")[1])
    occurring = {
        term: term_id for term, term_id in glossary_terms.items()
        if re.search(r"(?<!\w)" + r"\s+".join(map(re.escape, term.split())) + r"(?:e?s)?(?!\w)", text, re.I)
    }
    assert len(occurring) >= 8
    # an entry with several terms ("de facto", "de jure") has the first term's id
    soup = soup_of(site / "glossary.html")
    for term, term_id in occurring.items():
        entry_ids = {dt["id"] for dt in soup.find(id=term_id).find_parent("dl").select("dt[id]")}
        assert linked & entry_ids, f"{term!r} occurs in the article but is never linked"


def test_term_links_never_sit_in_headings_and_keep_the_words(site):
    for page in chapter_files(site, ".html"):
        soup = soup_of(page)
        assert not soup.select("h1 a.edition-term-link, h2 a.edition-term-link")
        for link in soup.select("a.edition-term-link"):
            assert link.find_parent("p", class_="edition-paragraph") is not None


def test_back_links_point_to_paragraphs_that_use_the_term(site):
    soup = soup_of(site / "glossary.html")
    checked = 0
    for dd in soup.select("dl.glossary dd"):
        terms = [dt.get_text(" ", strip=True).rstrip("¶").strip() for dt in dd.find_previous_siblings("dt")]
        uses = dd.select_one(".edition-term-uses")
        assert uses is not None and "editorial" in uses["class"]
        for link in uses.select("a"):
            page, anchor = link["href"].split("#")
            paragraph = soup_of(site / page).find(id=anchor)
            assert paragraph is not None and "edition-paragraph" in paragraph["class"]
            assert link.get_text() == "¶" + anchor[1:].replace("-", ".")
            words = paragraph.get_text().lower()
            assert any(t.lower() in words for t in terms), (terms, anchor)
            checked += 1
    assert checked >= 8


def test_previews_are_in_the_page_and_need_no_network(site):
    page = chapter_files(site, ".html")[1]
    html = page.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    link = soup.select_one("a.edition-term-link")
    assert link["title"].startswith("Latin for") or len(link["title"]) > 30
    citations = soup.select(".bibtex-citation a[title]")
    assert citations and all(len(a["title"]) > 20 for a in citations)
    scripts = [s["src"] for s in soup.select("script[src]")]
    assert any("annotated-edition.js" in s for s in scripts)
    assert not any(s.startswith(("http:", "https:", "//")) for s in scripts)
    js = (site / "_static" / "annotated-edition.js").read_text()
    assert "fetch(" not in js and "XMLHttpRequest" not in js and "http" not in js


def test_bibliography_keeps_the_two_lists_apart(site):
    soup = soup_of(site / "bibliography.html")
    sections = soup.select("article section section")
    titles = [s.find(["h2"]).get_text(strip=True).rstrip("¶") for s in sections]
    assert titles == ["The article’s reference links", "Sources the editors cite"]
    article_list, editors_list = sections
    article_links = [a["href"] for a in article_list.select("a.reference.external")]
    assert article_links == ARTICLE_ADDRESSES
    assert len(article_list.select("div.citation, dl.citation > dt, .citation")) >= 6
    editors_text = editors_list.get_text(" ")
    assert "Associated Press" in editors_text
    # none of the article's own entries is repeated among the editors' sources
    assert "Listed in the article" not in editors_text
    assert len(editors_list.select(".citation")) >= 40


def test_epub_has_glossary_and_bibliography_linked(built, tmp_path):
    (epub,) = (built("epub") / "epub").glob("*.epub")
    with zipfile.ZipFile(epub) as archive:
        names = archive.namelist()
        assert "glossary.xhtml" in names and "bibliography.xhtml" in names
        chapter = next(n for n in names if n.startswith("chapters/02-"))
        text = archive.read(chapter).decode()
    assert 'href="../glossary.xhtml#term-' in text
    assert 'href="../bibliography.xhtml#' in text or "bibliography.xhtml" in text


def test_latex_links_terms_and_citations_to_their_pages(built):
    tex = (built("latexpdf") / "latex" / "annotated-edition.tex").read_text(encoding="utf-8")
    assert r"\chapter{Glossary}" in tex and r"\chapter{Bibliography}" in tex
    assert r"\hyperref[\detokenize{glossary:term-" in tex
    assert r"\sphinxcite{" in tex or r"\hyperref[\detokenize{bibliography:" in tex


def test_every_citation_label_names_exactly_one_source(site):
    """A label in the text is the label of the one entry it links to, and no
    two sources share a label: "Associated Press 2025" four times over could
    not be traced on paper."""
    bibliography = soup_of(site / "bibliography.html")
    label_of = {c["id"]: c.select_one(".label").get_text().strip("[]")
                for c in bibliography.select(".citation[id]")}
    assert len(set(label_of.values())) == len(label_of), "two entries share a label"
    targets_of: dict[str, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        for link in soup_of(page).select('a[href*="bibliography.html#"]'):
            target = link["href"].split("#", 1)[1]
            if target not in label_of:
                continue  # a link to the page's headings, not to an entry
            assert link.get_text() == label_of[target], (page.name, link.get_text())
            targets_of.setdefault(link.get_text(), set()).add(target)
    assert targets_of and all(len(t) == 1 for t in targets_of.values())
