"""The edition in a real browser: headless Chromium, driven by Selenium.

The HTML build is served on 127.0.0.1 and read as a reader would: the
switches for the editors' notes, the keyboard alone, the layout on a desktop
and a phone, dark mode, print, previews, the hosts the pages reach, and axe-core
(WCAG 2.1 A and AA) on every page in light and dark mode.

Needs Debian's chromium and chromium-driver, selenium (tests/requirements.txt)
and, for axe, `npm ci --prefix tests`: skipped on a laptop without them,
failed under CI.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest

from browser_support import (  # noqa: F401 - fixtures are used by name
    AXE_JS,
    DESKTOP,
    MOBILE,
    browser,
    chromium,
    contrast_of,
    need_node_module,
    off_host,
    site_dir,
    site_pages,
    site_server,
)
from conftest import chapter_files

HIDDEN_KEY = "annotated-edition:hidden"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def keys():
    from selenium.webdriver.common.keys import Keys

    return Keys


def chapters(site_dir, *needles: str) -> list[str]:
    """The chapter pages, in order; with *needles*, those whose HTML has them all."""
    return [p.relative_to(site_dir).as_posix() for p in chapter_files(site_dir, ".html")
            if all(n in p.read_text(encoding="utf-8") for n in needles)]


def mixed_chapters(site_dir) -> list[str]:
    """Chapters with fact-checks and notes of at least one other kind."""
    pages = []
    for page in chapters(site_dir):
        html = (site_dir / page).read_text(encoding="utf-8")
        kinds = set(re.findall(r'<aside class="annotation [^"]*\bkind-([\w-]+)', html))
        if "fact-check" in kinds and len(kinds) > 1:
            pages.append(page)
    assert len(pages) >= 3, pages
    return pages


# What the page shows of the notes: computed in the page, in one round trip.
NOTES_STATE_JS = """
const shown = (el) => {
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return style.display !== 'none' && style.visibility !== 'hidden' && box.width > 0 && box.height > 0;
};
const kindOf = (el) => ([...el.classList].find((c) => c.startsWith('kind-')) || 'kind-').slice(5);
const boxes = {};
document.querySelectorAll('.annotation-controls input[data-kind]').forEach((b) => {
  boxes[b.dataset.kind] = {checked: b.checked, disabled: b.disabled};
});
return {
  controls: [...document.querySelectorAll('.annotation-controls')].map(shown),
  boxes,
  notes: [...document.querySelectorAll('aside.annotation')].map((el) => ({id: el.id, kind: el.dataset.kind, shown: shown(el)})),
  markers: [...document.querySelectorAll('a.annotation-marker')].map((el) => ({kind: kindOf(el), shown: shown(el)})),
  highlights: [...document.querySelectorAll('mark.annotation-highlight')].map((el) => ({
    kind: kindOf(el), shown: shown(el), background: getComputedStyle(el).backgroundColor})),
};
"""
TRANSPARENT = ("rgba(0, 0, 0, 0)", "transparent")


def notes_state(browser) -> dict:
    return browser.js(NOTES_STATE_JS)


def click_box(browser, kind: str) -> None:
    box = browser.find(f'.annotation-controls input[data-kind="{kind}"]')
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", box)
    box.click()


def assert_kind_hidden(state: dict, hidden: str) -> None:
    """Notes and markers of *hidden* are gone; every other kind is shown;
    highlights all stay, those of *hidden* without their background."""
    kinds = {n["kind"] for n in state["notes"]}
    assert hidden in kinds and len(kinds) > 1, kinds
    for note in state["notes"]:
        assert note["shown"] == (note["kind"] != hidden), note
    for marker in state["markers"]:
        assert marker["shown"] == (marker["kind"] != hidden), marker
    for mark in state["highlights"]:
        assert mark["shown"], mark
        if mark["kind"] == hidden:
            assert mark["background"] in TRANSPARENT, mark
        else:
            assert mark["background"] not in TRANSPARENT, mark
    assert state["boxes"][hidden] == {"checked": False, "disabled": False}
    assert state["boxes"]["all"]["checked"] is True


# -- 1. the switches --------------------------------------------------------------------

def test_notes_toggle_hides_shows_and_persists(browser, site_dir):
    FIRST, SECOND, THIRD = mixed_chapters(site_dir)[:3]
    browser.open(FIRST)
    state = notes_state(browser)
    assert state["controls"] == [True], "the switches are shown once the script runs"
    assert state["notes"] and all(n["shown"] for n in state["notes"])
    assert all(m["background"] not in TRANSPARENT for m in state["highlights"])

    # every note off, and back on
    click_box(browser, "all")
    state = notes_state(browser)
    assert not any(n["shown"] for n in state["notes"]), state["notes"]
    assert not any(m["shown"] for m in state["markers"])
    assert all(b["disabled"] for k, b in state["boxes"].items() if k != "all")
    assert json.loads(browser.storage(HIDDEN_KEY)) == ["all"]

    # the choice holds on the next chapter
    browser.open(SECOND)
    state = notes_state(browser)
    assert state["boxes"]["all"]["checked"] is False
    assert state["notes"] and not any(n["shown"] for n in state["notes"])

    click_box(browser, "all")
    state = notes_state(browser)
    assert all(n["shown"] for n in state["notes"]) and all(m["shown"] for m in state["markers"])
    assert json.loads(browser.storage(HIDDEN_KEY)) == []

    # one kind off: only its notes and markers go, its highlights lose their colour
    click_box(browser, "fact-check")
    assert_kind_hidden(notes_state(browser), "fact-check")
    assert json.loads(browser.storage(HIDDEN_KEY)) == ["fact-check"]

    # ... and on another chapter too, after navigating there
    browser.open(THIRD)
    assert_kind_hidden(notes_state(browser), "fact-check")
    browser.open(FIRST)
    assert_kind_hidden(notes_state(browser), "fact-check")


# -- 2. the keyboard alone -----------------------------------------------------------------

FOCUSED_JS = """
const a = document.activeElement;
if (!a || a === document.body) return null;
return {tag: a.tagName.toLowerCase(), classes: [...a.classList], kind: a.dataset.kind || null,
        note: a.dataset.note || null, checked: a.type === 'checkbox' ? a.checked : null,
        preview: a.dataset.preview || null};
"""
PREVIEW_JS = """
const tip = document.getElementById('edition-preview');
if (!tip) return null;
const box = tip.getBoundingClientRect();
return {hidden: tip.hidden, display: getComputedStyle(tip).display, text: tip.textContent,
        role: tip.getAttribute('role'), width: box.width, height: box.height,
        describes: document.activeElement.getAttribute('aria-describedby')};
"""


def test_keyboard_reaches_switches_markers_and_terms(browser, site_dir):
    from selenium.webdriver.support.ui import WebDriverWait

    Keys = keys()
    browser.open(chapters(site_dir, "edition-term-link", "annotation-marker")[0])
    boxes = {b.get_attribute("data-kind") for b in browser.find_all(".annotation-controls input")}
    seen_boxes: set[str] = set()
    toggled = term_done = marker_done = False
    for _ in range(300):
        browser.press(Keys.TAB)
        now = browser.js(FOCUSED_JS)
        if now is None:
            continue
        if now["tag"] == "input" and now["kind"]:
            seen_boxes.add(now["kind"])
            if not toggled:
                # SPACE toggles the focused switch, and the notes follow
                before = now["checked"]
                browser.press(Keys.SPACE)
                assert browser.js(FOCUSED_JS)["checked"] is (not before)
                state = notes_state(browser)
                if now["kind"] == "all":
                    assert not any(n["shown"] for n in state["notes"])
                else:
                    assert not any(n["shown"] for n in state["notes"] if n["kind"] == now["kind"])
                browser.press(Keys.SPACE)
                assert browser.js(FOCUSED_JS)["checked"] is before
                assert all(n["shown"] for n in notes_state(browser)["notes"])
                toggled = True
        elif "edition-term-link" in now["classes"] and not term_done:
            preview = browser.js(PREVIEW_JS)
            assert preview is not None, "focusing a term shows its preview"
            assert preview["hidden"] is False and preview["display"] != "none"
            assert preview["width"] > 0 and preview["height"] > 0
            assert preview["role"] == "tooltip" and preview["describes"] == "edition-preview"
            assert len(now["preview"]) > 20 and preview["text"] == now["preview"]
            browser.press(Keys.ESCAPE)
            preview = browser.js(PREVIEW_JS)
            assert preview["hidden"] is True and preview["display"] == "none"
            term_done = True
        elif "annotation-marker" in now["classes"] and toggled and term_done:
            browser.press(Keys.ENTER)
            assert browser.js("return location.hash") == "#" + now["note"]
            # the theme scrolls smoothly: wait for the note to arrive in view
            WebDriverWait(browser.driver, 5).until(lambda d: 0 <= browser.js(
                "return document.getElementById(arguments[0]).getBoundingClientRect().top",
                now["note"]) < DESKTOP[1] - 50, "the note is scrolled into view")
            assert browser.js("return document.querySelector(':target')?.id") == now["note"]
            marker_done = True
            break
    assert seen_boxes == boxes, f"TAB reached the switches {seen_boxes}, not all of {boxes}"
    assert toggled and term_done and marker_done, (toggled, term_done, marker_done)


# -- 3. layout ---------------------------------------------------------------------------

NOTE_LAYOUT_JS = """
return [...document.querySelectorAll('aside.annotation')].map((note) => {
  const marker = document.getElementById('mark-' + note.id);
  const para = marker && marker.closest('p');
  // the note follows its paragraph, with only other notes between them
  let between = [];
  let el = note.previousElementSibling;
  while (el && el !== para) { between.push(el.tagName.toLowerCase()); el = el.previousElementSibling; }
  const box = note.getBoundingClientRect();
  return {id: note.id, hasPara: Boolean(para), after: el === para && between.every((t) => t === 'aside'),
          first: between.length === 0,
          display: getComputedStyle(note).display, width: box.width, height: box.height,
          top: box.top + scrollY, paraBottom: para ? para.getBoundingClientRect().bottom + scrollY : null};
});
"""


def test_notes_sit_after_their_paragraph_on_a_desktop(browser, site_dir):
    for page in chapters(site_dir):
        browser.open(page)
        notes = browser.js(NOTE_LAYOUT_JS)
        assert notes, page
        viewport = browser.js("return innerHeight")
        assert viewport == DESKTOP[1]
        for note in notes:
            where = f"{page}#{note['id']}"
            assert note["hasPara"] and note["after"], where
            assert note["display"] != "none" and note["width"] > 0 and note["height"] > 0, where
            gap = note["top"] - note["paraBottom"]
            # right under the paragraph; a stack of notes within one screen of it
            assert 0 <= gap < viewport, f"{where}: {gap}px below its paragraph"
            if note["first"]:
                assert gap < 600, f"{where}: {gap}px below its paragraph"


MOBILE_JS = """
const sizes = [...document.querySelectorAll('aside.annotation')].flatMap((note) =>
  [note, ...note.querySelectorAll('p')].map((el) => parseFloat(getComputedStyle(el).fontSize)));
const small = [...document.querySelectorAll('aside.annotation *')]
  .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
  .map((el) => parseFloat(getComputedStyle(el).fontSize));
return {scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
        innerWidth: innerWidth, prose: sizes, smallest: Math.min(...small)};
"""


def test_phone_has_no_sideways_scroll_and_readable_notes(browser, site_dir):
    browser.viewport(*MOBILE, mobile=True)
    for page in chapters(site_dir):
        browser.open(page)
        got = browser.js(MOBILE_JS)
        assert got["innerWidth"] == MOBILE[0], got
        assert got["scrollWidth"] <= got["clientWidth"], f"{page} scrolls sideways: {got}"
        assert got["prose"] and min(got["prose"]) >= 13, f"{page}: note text {min(got['prose'])}px"
        assert got["smallest"] >= 12, f"{page}: note text as small as {got['smallest']}px"


# -- 4. contrast, computed -------------------------------------------------------------

CONTRAST_TARGETS = ", ".join([
    "p.edition-paragraph", "aside.annotation > p", "mark.annotation-highlight",
    ".annotation-badge", "a.annotation-marker", "a.edition-plabel", ".annotation-verdict",
])


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_text_contrast(browser, site_dir, theme):
    browser.set_storage("theme", theme)
    failures = []
    for page in chapters(site_dir):
        browser.open(page)
        assert browser.js("return document.body.dataset.theme") == theme
        elements = browser.find_all(CONTRAST_TARGETS)
        assert elements
        for what, ratio in contrast_of(browser, elements):
            if ratio < 4.5:
                failures.append(f"{page}: {ratio:.2f} {what}")
    assert failures == []


# -- 5. print --------------------------------------------------------------------------

PRINT_JS = """
const shown = (el) => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 0;
return {controls: [...document.querySelectorAll('.annotation-controls')].map(shown),
        notes: [...document.querySelectorAll('aside.annotation')].map((el) => ({kind: el.dataset.kind, shown: shown(el)})),
        print: matchMedia('print').matches};
"""


def test_print_shows_the_chosen_notes_without_switches(browser, site_dir):
    browser.open(mixed_chapters(site_dir)[0])
    browser.media("print")
    got = browser.js(PRINT_JS)
    assert got["print"] is True
    assert got["controls"] == [False]
    assert got["notes"] and all(n["shown"] for n in got["notes"])

    browser.media("")
    click_box(browser, "fact-check")
    browser.media("print")
    got = browser.js(PRINT_JS)
    assert got["print"] is True and got["controls"] == [False]
    kinds = {n["kind"] for n in got["notes"]}
    assert "fact-check" in kinds and len(kinds) > 1
    for note in got["notes"]:
        assert note["shown"] == (note["kind"] != "fact-check"), note


# -- 6. no other hosts ------------------------------------------------------------------

def test_pages_request_nothing_from_other_hosts(browser, site_server, site_dir):
    port = int(site_server.url.rsplit(":", 1)[1].strip("/"))
    browser.cdp("Network.enable")
    browser.cdp("Network.setCacheDisabled", {"cacheDisabled": True})
    try:
        browser.requested_urls()
        for page in ["index.html", chapters(site_dir)[0], "glossary.html", "notes.html"]:
            browser.open(page)
            urls = browser.requested_urls()
            assert site_server.url + page in urls, urls
            paths = [urlparse(u).path for u in urls]
            assert any(p.endswith(".css") for p in paths) and any(p.endswith(".js") for p in paths), urls
            assert off_host(urls, port) == [], page
    finally:
        browser.cdp("Network.setCacheDisabled", {"cacheDisabled": False})


def test_search_words_are_highlighted_on_the_page_a_result_opens(browser, site_server, site_dir):
    """Sphinx's highlighting script is fetched only by a page opened from a
    search (edition_defer_search_highlight), and highlights as it did."""
    from selenium.webdriver.support.ui import WebDriverWait

    page = chapters(site_dir)[0]
    word = "sanctions"
    browser.open(page)
    assert not [u for u in browser.requested_urls() if "sphinx_highlight.js" in u], \
        "a page opened directly does not fetch the highlighting"
    assert browser.find_all("span.highlighted") == []
    # the search page: its results, highlighted by the script it keeps
    browser.open(f"search.html?q={word}")
    WebDriverWait(browser.driver, 20).until(
        lambda d: browser.find_all("#search-results ul.search li a"), "the search found nothing")
    results = [a.get_attribute("href") for a in browser.find_all("#search-results ul.search li a")]
    assert any(href.split("#")[0].endswith(".html") for href in results), results
    assert browser.storage("sphinx_highlight_terms") == word
    browser.requested_urls()
    # a result opened: the loader fetches the script, which marks the word
    browser.driver.get(results[0])
    browser.wait_loaded()
    WebDriverWait(browser.driver, 10).until(lambda d: browser.find_all("span.highlighted"),
                                            "the page a result opened highlights nothing")
    marked = {el.text.lower() for el in browser.find_all("span.highlighted")}
    assert marked == {word}, marked
    fetched = [u for u in browser.requested_urls() if "sphinx_highlight.js" in u]
    assert fetched and all(u.startswith(site_server.url) for u in fetched), fetched
    assert browser.storage("sphinx_highlight_terms") is None, "used once, as Sphinx's script does"


# -- 6b. what a chapter does not fetch ----------------------------------------------------

# The computed values of *properties* for every element, before and after the
# stylesheet at *href* is added to the page: the elements that differ, if any.
WITH_SHEET_JS = """
const [href, properties, done] = arguments;
const elements = () => [...document.querySelectorAll('html, body, body *')];
const snapshot = () => elements().map((el) => {
  const style = getComputedStyle(el);
  return properties.map((name) => style.getPropertyValue(name)).join(';');
});
const path = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + [...el.classList].map((c) => '.' + c).join('');
const before = snapshot();
const link = Object.assign(document.createElement('link'), {rel: 'stylesheet', href});
link.onload = () => requestAnimationFrame(() => {
  const after = snapshot();
  const all = elements();
  done(after.length !== before.length ? ['the page changed'] :
       after.flatMap((s, i) => s === before[i] ? [] : [path(all[i])]).slice(0, 5));
});
link.onerror = () => done(['the stylesheet did not load']);
document.head.appendChild(link);
"""


@pytest.mark.parametrize("size", [DESKTOP, MOBILE], ids=["desktop", "phone"])
def test_furos_styles_for_other_extensions_would_change_no_chapter(browser, site_dir, size):
    """A chapter does not fetch furo-extensions.css (conf.py); with it added,
    no element of any chapter would look different. A stylesheet can change
    only the properties it sets, so those are compared (its variables are
    read by nothing a chapter loads: test_editorial_layer.py)."""
    from test_editorial_layer import css_rules

    sheet = site_dir / "_static" / "styles" / "furo-extensions.css"
    properties = sorted({name.strip() for _, decls in css_rules(sheet)
                         for name in re.findall(r"(?:^|;)\s*([a-z][a-z-]*)\s*:", decls)})
    assert {"padding-left", "max-width", "box-shadow"} <= set(properties), properties
    browser.viewport(*size)
    for page in chapters(site_dir):
        browser.open(page)
        assert not browser.find_all('link[href*="furo-extensions.css"]'), page
        changed = browser.driver.execute_async_script(
            WITH_SHEET_JS, "../_static/styles/furo-extensions.css", properties)
        assert changed == [], page


# -- 7. previews, from the page alone -------------------------------------------------------

def test_citation_preview_on_hover_needs_no_other_host(browser, site_server, site_dir):
    from selenium.webdriver.support.ui import WebDriverWait

    port = int(site_server.url.rsplit(":", 1)[1].strip("/"))
    browser.open(chapters(site_dir, 'class="bibtex-citation"')[0])
    browser.requested_urls()
    link = browser.find(".bibtex-citation a.edition-has-preview")
    expected = link.get_attribute("data-preview")
    assert expected and len(expected) > 20
    assert link.get_dom_attribute("title") is None, "no native tooltip doubles the preview"
    browser.hover(link)
    WebDriverWait(browser.driver, 5).until(lambda d: browser.find("#edition-preview").is_displayed())
    tip = browser.find("#edition-preview")
    assert tip.text == expected
    assert link.get_attribute("aria-describedby") == "edition-preview"
    tip_top = tip.rect["y"]
    assert link.rect["y"] + link.rect["height"] <= tip_top <= link.rect["y"] + link.rect["height"] + 40
    browser.hover(browser.find("h1"))
    WebDriverWait(browser.driver, 5).until(lambda d: not browser.find("#edition-preview").is_displayed())
    assert off_host(browser.requested_urls(), port) == []


# -- axe-core: WCAG 2.1 A and AA on every page, light and dark ------------------------------

AXE_RUN_JS = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then((r) => done(r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' ')),
    count: v.nodes.length}))))
  .catch((e) => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: [], count: 1}]));
"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_wcag_violation(browser, site_dir, theme):
    axe_source = need_node_module(AXE_JS, "axe-core").read_text(encoding="utf-8")
    browser.set_storage("theme", theme)
    report = []
    pages = site_pages(site_dir)
    assert len(pages) >= 20, pages
    for page in pages:
        browser.open(page)
        assert browser.js("return document.body.dataset.theme") == theme, page
        browser.js(axe_source)
        for v in browser.driver.execute_async_script(AXE_RUN_JS, WCAG):
            report.append(f"{page} [{theme}] {v['id']} ({v['impact']}, {v['count']} nodes): {v['help']}\n    "
                          + "\n    ".join(v["nodes"]))
    assert report == [], "\n".join(report)
