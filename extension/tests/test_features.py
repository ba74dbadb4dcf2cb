"""The core is the note; every other feature is off until conf.py switches it on.

Off, a feature's code does not run and its directives say which setting
they need; on, it does what it says. And installing the package changes
nothing about how a page that is no chapter renders.
"""

from __future__ import annotations

import re
import shutil

from bs4 import BeautifulSoup

from conftest import ROOTS, build_project

ALL_ON = {"edition_classroom": True, "edition_chapter_cards": True, "edition_glossary_links": True,
          "edition_w3c_export": True, "edition_claim_review": True}


def _copy(tmp_path, root: str):
    return shutil.copytree(ROOTS / root, tmp_path / root)


def test_off_a_feature_directive_says_which_setting_it_needs(tmp_path):
    _out, warnings = build_project(_copy(tmp_path, "test-features"))
    assert warnings == [
        "annotations/01-one.md:8: WARNING: the learning-objectives directive needs edition_classroom "
        "= True in conf.py (the feature is off); switch it on, or remove the directive "
        "[annotation.feature_off]",
        "annotations/01-one.md:12: WARNING: the discussion-questions directive needs edition_classroom "
        "= True in conf.py (the feature is off); switch it on, or remove the directive "
        "[annotation.feature_off]",
        "index.md:3: WARNING: the chapter-cards directive needs edition_chapter_cards = True in "
        "conf.py (the feature is off); switch it on, or remove the directive [annotation.feature_off]",
    ]


def test_off_no_feature_reaches_the_pages(tmp_path):
    out, warnings = build_project(_copy(tmp_path, "test-config"))
    assert warnings == []
    page = (out / "chapters" / "01-one.html").read_text(encoding="utf-8")
    assert "edition-classroom" not in page  # no reading time, no classroom block
    assert "ClaimReview" not in page
    assert "annotations.jsonld" not in (out / "index.html").read_text(encoding="utf-8")
    assert not (out / "annotations.jsonld").exists()


def test_on_every_feature_does_what_it_says(tmp_path):
    out, warnings = build_project(_copy(tmp_path, "test-features"), **ALL_ON)
    assert warnings == []
    chapter = BeautifulSoup((out / "chapters" / "01-one.html").read_text(encoding="utf-8"), "lxml")
    classroom = chapter.select_one(".edition-classroom")
    assert classroom is not None and "Reading time" in classroom.get_text()
    assert chapter.select_one(".edition-objectives") and chapter.select_one(".edition-questions")
    assert [a.get_text() for a in chapter.select("a.edition-term-link")] == ["budget"]
    assert any("ClaimReview" in s.get_text() for s in chapter.select('script[type="application/ld+json"]'))
    glossary = BeautifulSoup((out / "glossary.html").read_text(encoding="utf-8"), "lxml")
    assert "Used in the article at ¶1.1." in glossary.select_one(".edition-term-uses").get_text(" ", strip=True).replace(" .", ".")
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "lxml")
    assert index.select_one(".edition-chapter-cards") is not None
    assert (out / "annotations.jsonld").exists()


def test_each_feature_alone(tmp_path):
    """Switching one on brings that one only."""
    out, warnings = build_project(_copy(tmp_path / "a", "test-config"), edition_w3c_export=True)
    assert warnings == [] and (out / "annotations.jsonld").exists()
    assert "ClaimReview" not in (out / "chapters" / "01-one.html").read_text(encoding="utf-8")
    out, warnings = build_project(_copy(tmp_path / "b", "test-config"), edition_claim_review=True)
    assert warnings == [] and not (out / "annotations.jsonld").exists()
    assert "ClaimReview" in (out / "chapters" / "01-one.html").read_text(encoding="utf-8")


def _body(path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    return soup.select_one("div.body").decode()


def test_installing_the_package_changes_nothing_on_a_page_that_is_no_chapter(tmp_path):
    plain = _copy(tmp_path / "plain", "test-core-only")
    with_layer = _copy(tmp_path / "layer", "test-core-only")
    conf = with_layer / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        'extensions = ["myst_parser"]', 'extensions = ["myst_parser", "sphinx_annotated_edition"]'),
        encoding="utf-8")
    out_plain, warnings_plain = build_project(plain)
    out_layer, warnings_layer = build_project(with_layer)
    assert warnings_plain == warnings_layer == []
    for page in ("index.html", "other.html"):
        assert _body(out_layer / page) == _body(out_plain / page), page
    # the theme's markup around the body too (sidebar, captions, footnotes)
    # (but for the package's own stylesheet and script in the head)
    ours = re.compile(r'<(link|script)[^>]*annotated-edition[^>]*>(</script>)?')

    def page(out) -> str:
        return re.sub(r"\s+", " ", ours.sub("", (out / "index.html").read_text(encoding="utf-8")))

    assert page(out_layer) == page(out_plain)


def test_term_links_wrap_the_words_each_term_matches(tmp_path):
    """Longest term first, several terms in one paragraph, each link on its
    own words: a link made earlier in a paragraph moves no later one."""
    def links(**overrides):
        out, warnings = build_project(_copy(tmp_path / str(len(overrides)), "test-term-links"),
                                      **overrides)
        assert warnings == []
        chapter = BeautifulSoup((out / "chapters" / "01-one.html").read_text(encoding="utf-8"), "lxml")
        return [(a.find_parent("p")["id"], a.get_text(), a["href"].split("#")[1])
                for a in chapter.select("a.edition-term-link")]

    assert links() == [("p1-1", "council", "term-council"),
                       ("p1-1", "security guarantee", "term-security-guarantee"),
                       ("p1-1", "security", "term-security")]
    assert links(edition_term_links="all") == [
        ("p1-1", "council", "term-council"),
        ("p1-1", "security guarantee", "term-security-guarantee"),
        ("p1-1", "security", "term-security"),
        ("p1-1", "councils", "term-council"),
        ("p1-2", "council", "term-council")]
