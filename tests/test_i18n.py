"""An article that is never translated: `make gettext` offers the editors'
matter and not one sentence of the article; a Ukrainian build keeps the
article verbatim and every note anchored.

The layer's labels and catalogs are tested in the package's own tests
(extension/tests/test_i18n.py)."""

from __future__ import annotations

import re

from conftest import ROOT, assert_clean_build, author_blocks, chapter_files, received_blocks, run_sphinx


def test_gettext_offers_no_sentence_of_the_article(tmp_path):
    result = run_sphinx(ROOT, tmp_path / "out", "gettext")
    assert_clean_build(result)
    pots = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "gettext").glob("*.pot"))
    strings = re.findall(r'^msgid "(.*)"\n((?:".*"\n)*)', pots, re.M)
    offered = " ".join("".join([first] + re.findall(r'"(.*)"', rest)) for first, rest in strings)
    offered = " ".join(offered.replace('\\"', '"').split())
    sentences = [s for kind, text in received_blocks() if kind == "p"
                 for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 6]
    assert len(sentences) > 50
    assert [s for s in sentences if s in offered] == []
    assert "Mar-a-Lago" in offered  # the editors' notes are offered


def test_a_ukrainian_edition_keeps_the_article_and_its_anchors(tmp_path, article_blocks):
    result = run_sphinx(ROOT, tmp_path / "out", "html", "-D", "language=uk")
    assert_clean_build(result)  # every quote still anchored: no warning
    site = tmp_path / "out" / "html"
    seen = []
    for page in chapter_files(site, ".html"):
        seen.extend(author_blocks(page)[0])
    assert seen == article_blocks
    assert "Примітка 1.1" in (site / "chapters" / "01-opening.html").read_text(encoding="utf-8")
