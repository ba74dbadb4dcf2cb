"""The edition's editorial layer and classroom apparatus, read from the built
HTML: every chapter annotated and taught, every factual note sourced."""

from __future__ import annotations

import re

import pytest

from conftest import chapter_files, soup_of

KINDS_NEEDING_CITATIONS = {"fact-check", "context", "counterpoint", "update"}


@pytest.fixture(scope="module")
def chapters(site):
    return [(page, soup_of(page)) for page in chapter_files(site, ".html")]


def notes(soup):
    return soup.select("aside.annotation")


def test_every_chapter_has_notes_objectives_questions_and_reading_time(chapters):
    for page, soup in chapters:
        assert notes(soup), f"{page.name}: no note"
        block = soup.select_one(".edition-classroom:not(.edition-objectives):not(.edition-questions)")
        assert block is not None, page.name
        objectives = block.select(".edition-objectives li")
        questions = block.select(".edition-questions li")
        assert 2 <= len(objectives) <= 3, page.name
        assert len(questions) >= 3, page.name
        assert re.search(r"Reading time: about \d+ min", block.get_text()), page.name
        # the block comes after the last paragraph of the article
        last = soup.select("p.edition-paragraph")[-1]
        assert block in last.find_all_next(class_="edition-classroom")


def test_every_question_links_to_a_passage(chapters):
    for page, soup in chapters:
        for question in soup.select(".edition-questions li"):
            targets = [a["href"] for a in question.select("a[href]")]
            assert any(re.search(r"#(p\d+-\d+|[a-z-]+)$", t) for t in targets), question.get_text()[:80]
            for target in targets:
                if "#p" in target and target.startswith("#"):
                    assert soup.find(id=target[1:]) is not None, target


def test_every_fact_check_has_a_verdict_and_a_citation(chapters):
    count = 0
    for page, soup in chapters:
        for note in soup.select("aside.annotation.kind-fact-check"):
            count += 1
            verdict = note.select_one(".annotation-verdict")
            assert verdict is not None and verdict.get_text().startswith("Verdict: "), note["id"]
            assert note.select(".bibtex-citation a"), f"{note['id']}: no citation"
    assert count >= 29


def test_every_update_has_a_date(chapters):
    for page, soup in chapters:
        for note in soup.select("aside.annotation.kind-update"):
            date = note.select_one(".annotation-asof")
            assert date is not None and re.match(r"As of (\d{1,2} )?[A-Z][a-z]+ 20\d\d$", date.get_text()), note["id"]


def test_no_factual_note_lacks_a_citation(chapters):
    for page, soup in chapters:
        for note in notes(soup):
            if note["data-kind"] in KINDS_NEEDING_CITATIONS:
                assert note.select(".bibtex-citation a"), f"{page.name}: {note['id']} cites nothing"


def test_notes_stay_brief(chapters):
    for page, soup in chapters:
        for note in notes(soup):
            body = [p for p in note.find_all("p", recursive=False)
                    if not set(p.get("class", [])) & {"annotation-header", "annotation-footer"}]
            words = sum(len(p.get_text().split()) for p in body)
            assert words <= 130, f"{note['id']}: {words} words"


def test_notes_index_counts_by_kind_and_chapter(site, chapters):
    soup = soup_of(site / "notes.html")
    table = soup.select_one("table.annotation-counts")
    header = [th.get_text(strip=True) for th in table.select("thead th, thead td")]
    assert header[0] == "Chapter" and header[-1] == "All"
    kinds = header[1:-1]
    assert {"Fact-check", "Context", "Counterpoint", "Update"} <= set(kinds)
    rows = table.select("tbody tr")
    assert len(rows) == 11  # ten chapters and the total
    total = 0
    for row, (page, chapter) in zip(rows, chapters):
        cells = [c.get_text(strip=True) for c in row.select("td")]
        assert int(cells[-1]) == len(notes(chapter)), page.name
        by_kind = dict(zip(kinds, map(int, cells[1:-1])))
        for label, count in by_kind.items():
            shown = [n for n in notes(chapter) if n.select_one(".annotation-badge").get_text() == label]
            assert len(shown) == count, (page.name, label)
        total += int(cells[-1])
    assert [c.get_text(strip=True) for c in rows[-1].select("td")][-1] == str(total)
    # and every note is listed, linked to its place
    for page, chapter in chapters:
        for note in notes(chapter):
            assert soup.select_one(f'a[href$="{page.name}#{note["id"]}"]'), note["id"]


def test_landing_page_cards_show_reading_time_and_notes(site, chapters):
    soup = soup_of(site / "index.html")
    cards = soup.select(".edition-chapter-cards .edition-card")
    assert len(cards) == len(chapters)
    for card, (page, chapter) in zip(cards, chapters):
        assert card.select_one("a.sd-stretched-link")["href"] == f"chapters/{page.name}"
        meta = card.select_one(".edition-card-meta").get_text()
        assert re.match(rf"About \d+ min · {len(notes(chapter))} notes?: ", meta), meta


def test_timeline_links_every_event_to_notes(site):
    soup = soup_of(site / "timeline.html")
    rows = soup.select("article table tbody tr")
    assert len(rows) >= 20
    for row in rows:
        assert row.select('a[href*="chapters/"]'), row.get_text(" ", strip=True)[:80]


def test_about_page_dates_the_article_and_explains_the_method(site):
    text = soup_of(site / "about.html").get_text(" ")
    assert "29 December 2025" in text
    assert re.search(r"late 2024 to early 2025", text)
    for word in ("fact-check", "Supported but dated", "Cannot be checked", "orrection", "cite"):
        assert word in text, word


def test_chapters_have_previous_and_next_links(chapters):
    for index, (page, soup) in enumerate(chapters):
        nav = soup.select_one(".related-pages")
        assert nav is not None, page.name
        if index + 1 < len(chapters):
            assert nav.select_one("a.next-page")["href"] == chapters[index + 1][0].name
        if index:
            assert nav.select_one("a.prev-page")["href"] == chapters[index - 1][0].name


def test_paragraph_labels_are_links_to_their_paragraphs(chapters):
    for page, soup in chapters:
        labels = soup.select("a.edition-plabel")
        assert len(labels) == len(soup.select("p.edition-paragraph"))
        for label in labels:
            target = soup.find(id=label["href"][1:])
            assert target is not None and target.name == "p"
            assert label.get_text() == "¶" + label["href"][2:].replace("-", ".")


def test_design_assets_load_only_where_cards_are(site, chapters):
    landing = (site / "index.html").read_text(encoding="utf-8")
    assert "sphinx-design.min.css" in landing and "sd-card" in landing
    for page, soup in chapters:
        assert not soup.select('link[href*="sphinx-design"], script[src*="design-tabs"]'), page.name


def test_code_colours_load_only_where_code_is(site, chapters):
    """pygments.css styles only ``.highlight``: a page with a code block has it."""
    for page, soup in chapters:
        assert not soup.select(".highlight"), page.name
        assert not soup.select('link[href*="pygments"]'), page.name
    guide = soup_of(site / "editors-guide.html")
    assert guide.select(".highlight")
    stylesheet = guide.select_one('link[rel="stylesheet"][href*="pygments.css"]')
    assert stylesheet is not None and (site / stylesheet["href"].split("?")[0]).is_file()


def css_rules(path):
    """(selector, declarations) of a minified stylesheet without at-rules,
    as furo's furo-extensions.css is."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    assert "@" not in text, "an at-rule: read it with a real CSS parser"
    return re.findall(r"([^{}]+)\{([^{}]*)\}", text)


def test_furos_styles_for_other_extensions_load_only_where_they_apply(site, chapters):
    """No rule of furo-extensions.css applies to a chapter, so a chapter
    does not fetch it; every page a rule applies to does. The rules are read
    from furo's file, so a new rule of furo's is checked too."""
    rules = css_rules(site / "_static" / "styles" / "furo-extensions.css")
    # what matches, effect aside: a docutils container is matched by the
    # ``.container`` rule, to no effect (seen in the browser, test_browser.py)
    selectors = [re.sub(r"::?[a-z-]+", "", sel) for sel, _ in rules
                 if sel.strip() not in ("body", "[role=main] .container")]
    # rules on body only set variables, for the extensions' own rules to read
    variables = {name for sel, decls in rules if sel.strip() == "body"
                 for name in re.findall(r"(--[\w-]+):", decls)}
    assert variables and all(decls.startswith("--") for sel, decls in rules if sel.strip() == "body")
    linked = 'link[rel="stylesheet"][href*="furo-extensions.css"]'
    for page in sorted(site.rglob("*.html")):
        soup = soup_of(page)
        applies = [sel for sel in selectors if soup.select(sel)]
        if applies:
            assert soup.select_one(linked), f"{page.name} needs furo-extensions.css: {applies[0]}"
    for page, soup in chapters:
        assert not soup.select_one(linked), page.name
        for sheet in soup.select('link[rel="stylesheet"]'):
            text = (page.parent / sheet["href"].split("?")[0]).read_text(encoding="utf-8")
            used = set(re.findall(r"var\((--[\w-]+)", text)) & variables
            assert not used, f"{page.name}: {sheet['href']} reads {sorted(used)}"
    # the pages the rules are for keep it: the cards and the code
    for name in ("index.html", "editors-guide.html"):
        assert soup_of(site / name).select_one(linked), name


def test_furos_styles_for_other_extensions_stay_on_read_the_docs():
    """On Read the Docs furo's sidebar writes the version menu that
    furo-extensions.css styles, on every page: the sheet stays."""
    import conf  # the edition's conf.py, on sys.path in conftest

    sheet = "_static/styles/furo-extensions.css"
    for context, kept in (({}, []), ({"READTHEDOCS": True}, [sheet])):
        context.update(body='<p class="edition-paragraph">text</p>', css_files=[sheet])
        conf._drop_unused_assets(None, "chapters/x", "page.html", context, None)
        assert context["css_files"] == kept, context
