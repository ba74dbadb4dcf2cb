"""Student notes in a real browser (headless Chromium, as test_browser.py):
a note on a selection of the author's words, kept across reloads and pages
and listed on My notes; exported as W3C Web Annotations that pass the W3C
MUST tests, and imported back as a layer of its own; a note whose passage is
gone listed as such, never dropped; the keyboard alone; axe on My notes and
on a chapter with notes, light and dark; a phone; print; and no request to
any host but the site's, throughout.

Needs what test_browser.py needs, and the W3C tests in ../shared/w3c for the
export."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser_support import (  # noqa: F401 - fixtures are used by name
    AXE_JS,
    MOBILE,
    browser,
    chromium,
    contrast_of,
    need_node_module,
    off_host,
    site_dir,
    site_server,
)
from conftest import chapter_files
from test_browser import AXE_RUN_JS, WCAG, chapters, keys
from test_exports import _musts, _validator_for, need_w3c, offline_loader

ANNO = "http://www.w3.org/ns/anno.jsonld"
PARAS = "section.edition-verbatim p.edition-paragraph"
#: figures for the report, filled as the tests run (printed with -s)
FIGURES: dict[str, float] = {}


def storage_key(site_dir: Path) -> str:
    soup = BeautifulSoup(chapter_files(site_dir, ".html")[0].read_text(encoding="utf-8"), "lxml")
    # the loader is a part of the layer's script; it passes the key on to student-notes.js
    script = soup.select_one('script[src*="annotated-edition.js"][data-storage-key]')
    assert script is not None, "the student notes' loader is given its settings on the chapter"
    return script["data-storage-key"]


def wait(browser, condition, message: str, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser.driver, timeout, poll_frequency=0.05).until(lambda d: condition(), message)


def status_says(browser, text: str) -> None:
    wait(browser, lambda: browser.js(
        "const s = document.querySelector('.sn-status'); return s && s.textContent") == text,
        f"the live region says {text!r}")


@pytest.fixture(autouse=True)
def only_this_host(browser, site_server):
    """Every request of every test goes to the test server, and nowhere else."""
    port = int(site_server.url.rsplit(":", 1)[1].strip("/"))
    browser.cdp("Network.enable")
    browser.requested_urls()
    yield
    urls = browser.requested_urls()
    assert off_host(urls, port) == [], urls


# -- selecting the author's words, as a reader does ----------------------------------------

# A phrase that crosses one of the editors' markers: from the last words of a
# highlighted passage to the first words after its marker. Selected with a
# Range, as a mouse would; returns what the author wrote there.
SELECT_ACROSS_MARKER_JS = """
const paras = [...document.querySelectorAll(arguments[0])];
const lastText = (node) => {
  if (node.nodeType === 3) return node;
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  let last = null; for (let n = walker.nextNode(); n; n = walker.nextNode()) last = n; return last;
};
for (const p of paras) {
  for (const marker of p.querySelectorAll('a.annotation-marker')) {
    const before = marker.previousSibling && lastText(marker.previousSibling);
    const after = marker.nextSibling;
    if (!before || !after || after.nodeType !== 3) continue;
    const tail = after.data.match(/^[^\\s]*\\s+\\S+\\s+\\S+/);
    const cut = before.data.lastIndexOf(' ', before.data.length - 2);
    if (!tail || cut < 0) continue;
    const range = document.createRange();
    range.setStart(before, cut + 1);
    range.setEnd(after, tail[0].length);
    const copy = range.cloneContents();
    copy.querySelectorAll('.editorial').forEach((e) => e.remove());
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    range.startContainer.parentElement.scrollIntoView({block: 'center'});
    return {paragraph: p.id, phrase: copy.textContent.trim(), raw: range.toString(), marker: marker.textContent};
  }
}
return null;
"""

# Words inside one text node of a paragraph with no markers: the first words
# after its label.
SELECT_PLAIN_JS = """
const p = document.getElementById(arguments[0]);
const text = [...p.childNodes].find((n) => n.nodeType === 3 && n.data.trim().split(/\\s+/).length > 4);
const words = text.data.match(/^\\s*(\\S+\\s+\\S+\\s+\\S+)/);
const range = document.createRange();
range.setStart(text, words[0].length - words[1].length);
range.setEnd(text, words[0].length);
getSelection().removeAllRanges();
getSelection().addRange(range);
p.scrollIntoView({block: 'center'});
return words[1];
"""

SHOWN_JS = """
const shown = (el) => { const s = getComputedStyle(el); const b = el.getBoundingClientRect();
  return s.display !== 'none' && s.visibility !== 'hidden' && b.width > 1 && b.height > 1; };
return arguments[0] ? shown(arguments[0]) : false;
"""

# What the page shows of the reader's notes, computed in the page.
NOTES_JS = """
const shown = (el) => { const s = getComputedStyle(el); const b = el.getBoundingClientRect();
  return s.display !== 'none' && s.visibility !== 'hidden' && b.width > 1 && b.height > 1; };
const groups = {};
for (const mark of document.querySelectorAll('mark.sn-highlight')) {
  (groups[mark.dataset.sn] = groups[mark.dataset.sn] || []).push(mark);
}
return Object.entries(groups).map(([key, marks]) => {
  const box = document.getElementById('sn-note-' + key);
  const marker = document.querySelector('a.sn-marker[href="#sn-note-' + key + '"]');
  const para = marks[0].closest('p');
  let after = para.nextElementSibling;
  while (after && after !== box && after.matches('aside.sn-note')) after = after.nextElementSibling;
  return {
    key, layer: marks[0].dataset.snLayer, text: marks.map((m) => m.textContent).join(''),
    paragraphs: [...new Set(marks.map((m) => m.closest('p').id))],
    inEditorial: marks.some((m) => m.closest('.editorial')),
    background: getComputedStyle(marks[0]).backgroundColor,
    label: marker ? getComputedStyle(marker, '::after').content : null,
    markerName: marker ? marker.getAttribute('aria-label') : null,
    box: box ? {shown: shown(box), text: box.querySelector('.sn-note-text').textContent,
                badge: box.querySelector('.sn-badge').textContent, afterItsParagraph: after === box,
                buttons: [...box.querySelectorAll('button')].map((b) => b.textContent)} : null,
  };
});
"""


def notes_shown(browser) -> list[dict]:
    return browser.js(NOTES_JS)


#: what a chapter fetches only for a reader who takes notes (student-notes-loader.js fetches them)
NOTES_FILES = ("student-notes.js", "student-notes.css", "apache-annotator.js")


def notes_files_in(urls: list[str]) -> list[str]:
    """Those of NOTES_FILES among *urls*."""
    return sorted({name for url in urls for name in NOTES_FILES if url.split("?")[0].endswith("/" + name)})


def notes_files_loaded(browser) -> list[str]:
    """Those of NOTES_FILES the page has fetched (its resource timing entries)."""
    return notes_files_in(browser.js("return performance.getEntriesByType('resource').map((e) => e.name)"))


def adder_shown(browser) -> bool:
    """“Add my note” is beside a selection (on a chapter, it comes with the
    notes' scripts, which the first selection of the author's words fetches)."""
    return any(browser.js(SHOWN_JS, adder) for adder in browser.find_all(".sn-add"))


def click_add_my_note(browser):
    wait(browser, lambda: adder_shown(browser), "“Add my note” appears beside the selection")
    adder = browser.find(".sn-add")
    # to the middle of the screen first: scrolled to the top edge, the sticky
    # note switches would be over it (a reader sees it where they selected)
    click(browser, adder)


def click(browser, element) -> None:
    """Click as a reader does: the element scrolled into the middle of the screen first."""
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def save_form(browser) -> None:
    click(browser, browser.find(".sn-form button[type=submit]"))


def chapter_with_markers(site_dir) -> str:
    return chapters(site_dir, "annotation-marker")[0]


def add_note_on_selection(browser, page: str, note: str) -> dict:
    browser.open(page)
    chosen = browser.js(SELECT_ACROSS_MARKER_JS, PARAS)
    assert chosen, "a paragraph with an editors' marker between words"
    click_add_my_note(browser)
    assert browser.focused().get_attribute("class").split()[0] == "sn-textarea"
    browser.press(note)
    save_form(browser)
    status_says(browser, "Note saved")
    return chosen


# -- 1. a note, kept -------------------------------------------------------------------------

def test_a_note_on_selected_words_is_kept_and_listed(browser, site_dir, site_server):
    key = storage_key(site_dir)
    page = chapter_with_markers(site_dir)
    note = "Who made these assessments? The article does not say."
    editors_marks = (site_dir / page).read_text(encoding="utf-8").count('<mark class="annotation-highlight')

    started = time.perf_counter()
    chosen = add_note_on_selection(browser, page, note)
    phrase = chosen["phrase"]
    assert chosen["marker"] in chosen["raw"] and chosen["marker"] not in phrase, chosen
    # the focus is on the new note, which says whose it is
    assert browser.focused().get_attribute("id").startswith("sn-note-")
    (stored,) = json.loads(browser.storage(key))["notes"]
    selector = stored["target"]["selector"]
    assert stored["target"]["source"] == site_server.url + page
    assert selector["type"] == "FragmentSelector" and selector["value"] == chosen["paragraph"]
    quote = selector["refinedBy"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == phrase
    assert 0 < len(quote["prefix"]) <= 32 and 0 < len(quote["suffix"]) <= 32
    assert stored["body"]["value"] == note

    saved = time.perf_counter()
    browser.reload()
    wait(browser, lambda: notes_shown(browser), "the note is drawn again after a reload")
    (shown,) = notes_shown(browser)
    FIGURES["select, add and save a note (s)"] = saved - started
    FIGURES["reload until it is drawn again (s)"] = time.perf_counter() - saved
    FIGURES["add, reload and find a note (s)"] = time.perf_counter() - started
    assert shown["text"] == phrase, "the highlight is exactly the words selected"
    assert shown["paragraphs"] == [chosen["paragraph"]] and not shown["inEditorial"]
    assert shown["label"] == '"My note"' and shown["markerName"].startswith("My note on ")
    assert shown["box"] == {"shown": True, "text": note, "badge": "My note", "afterItsParagraph": True,
                            "buttons": ["Edit", "Delete"]}
    # the editors' highlights are all still there, and look like theirs, not ours
    assert browser.js("return document.querySelectorAll('mark.annotation-highlight').length") == editors_marks
    ours, theirs = browser.js("""return [getComputedStyle(document.querySelector('mark.sn-highlight')).backgroundColor,
        getComputedStyle(document.querySelector('mark.annotation-highlight:not(:has(.sn-highlight))')).backgroundColor]""")
    assert ours != theirs

    # on another page and back: still there
    browser.open(chapters(site_dir)[-1] if chapters(site_dir)[-1] != page else chapters(site_dir)[0])
    assert notes_shown(browser) == []
    browser.open(page)
    wait(browser, lambda: len(notes_shown(browser)) == 1, "the note is on its chapter again")

    # listed on My notes, with a link to its passage
    browser.open("my-notes.html")
    wait(browser, lambda: browser.find_all(".sn-entry"), "My notes lists the note")
    (entry,) = browser.find_all(".sn-entry")
    assert phrase in entry.text and note in entry.text
    assert "Passage not found" not in entry.text
    heading = browser.find(".sn-list h2").text
    assert heading.startswith("Chapter ")
    link = entry.find_element("css selector", ".sn-entry-quote a")
    assert link.get_attribute("href") == site_server.url + page + "#sn-passage-" + shown["key"]
    click(browser, link)
    browser.wait_loaded()
    wait(browser, lambda: browser.js(
        "const m = document.getElementById(location.hash.slice(1)); if (!m) return false;"
        "const b = m.getBoundingClientRect(); return m.classList.contains('sn-target') && b.top >= 0 && b.bottom <= innerHeight;"),
        "the link leads to the passage, in view")


def test_edit_and_delete_on_my_notes(browser, site_dir):
    key = storage_key(site_dir)
    add_note_on_selection(browser, chapter_with_markers(site_dir), "First thought.")
    browser.open("my-notes.html")
    wait(browser, lambda: browser.find_all(".sn-entry"), "My notes lists the note")
    click(browser, browser.find(".sn-entry-actions button"))  # Edit
    area = browser.focused()
    assert area.tag_name == "textarea" and area.get_attribute("value") == "First thought."
    area.clear()
    area.send_keys("Second thought.")
    click(browser, browser.find(".sn-entry form button[type=submit]"))
    status_says(browser, "Note saved")
    (stored,) = json.loads(browser.storage(key))["notes"]
    assert stored["body"]["value"] == "Second thought." and stored["modified"] >= stored["created"]
    assert "Second thought." in browser.find(".sn-entry").text
    # delete asks once, then deletes
    click(browser, next(b for b in browser.find_all(".sn-entry-actions button") if b.text == "Delete"))
    assert browser.focused().text == "Keep it"
    click(browser, next(b for b in browser.find_all(".sn-entry-actions button") if b.text == "Delete this note"))
    status_says(browser, "Note deleted")
    assert json.loads(browser.storage(key))["notes"] == []
    assert browser.find_all(".sn-entry") == []


# -- 2. export, and import as a layer -----------------------------------------------------------

def test_export_meets_the_w3c_musts_and_imports_as_a_layer(browser, site_dir, site_server, tmp_path):
    from pyld import jsonld

    need_w3c()
    key = storage_key(site_dir)
    page = chapter_with_markers(site_dir)
    chosen = add_note_on_selection(browser, page, "A claim to check.")
    browser.open("my-notes.html")
    wait(browser, lambda: browser.find_all(".sn-entry"), "My notes lists the note")
    name = browser.find("#sn-name")
    name.send_keys("Ana Student")
    browser.press(keys().TAB)  # a change: kept
    wait(browser, lambda: json.loads(browser.storage(key)).get("name") == "Ana Student", "the name is kept")

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.cdp("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    click(browser, next(b for b in browser.find_all(".sn-tools button") if b.text == "Export my notes"))
    wait(browser, lambda: [p for p in downloads.iterdir() if p.suffix == ".jsonld"], "the export is downloaded")
    (exported,) = [p for p in downloads.iterdir() if p.suffix == ".jsonld"]
    assert exported.name.startswith("ana-student-notes-")
    data = json.loads(exported.read_text(encoding="utf-8"))

    # the W3C MUST tests, as for the editors' export
    assert data["type"] == "AnnotationCollection" and data["total"] == 1
    for path, meta in _musts("collections/collectionMusts.test"):
        assert _validator_for(path).is_valid(data) == (meta["expectedResult"] == "valid"), meta["errorMessage"]
    checks = [(meta, _validator_for(path)) for path, meta in _musts("annotations/annotationMusts.test")]
    assert len(checks) > 40
    (item,) = data["first"]["items"]
    for meta, validator in checks:
        assert validator.is_valid(item) == (meta["expectedResult"] == "valid"), meta["errorMessage"]
    assert item["@context"] == ANNO and item["type"] == "Annotation" and item["motivation"] == "commenting"
    assert re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", item["id"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", item["created"]) and item["modified"] >= item["created"]
    assert item["creator"] == {"type": "Person", "name": "Ana Student"}
    assert item["body"]["type"] == "TextualBody" and item["body"]["value"] == "A claim to check."
    assert item["target"]["source"] == site_server.url + page
    assert item["target"]["selector"]["value"] == chosen["paragraph"]
    assert item["target"]["selector"]["refinedBy"]["exact"] == chosen["phrase"]
    # and it reads as the standard's terms
    (expanded,) = jsonld.expand(data, {"documentLoader": offline_loader})
    first = expanded["http://www.w3.org/ns/activitystreams#first"][0]
    annotation = first["http://www.w3.org/ns/activitystreams#items"][0]["@list"][0]
    selector = annotation["http://www.w3.org/ns/oa#hasTarget"][0]["http://www.w3.org/ns/oa#hasSelector"][0]
    assert selector["@type"] == ["http://www.w3.org/ns/oa#FragmentSelector"]
    refined = selector["http://www.w3.org/ns/oa#refinedBy"][0]
    assert refined["@type"] == ["http://www.w3.org/ns/oa#TextQuoteSelector"]
    assert refined["http://www.w3.org/ns/oa#exact"][0]["@value"] == chosen["phrase"]

    # a new reader (storage cleared) imports the file: a layer of its own
    browser.js("localStorage.clear()")
    browser.open("my-notes.html")
    wait(browser, lambda: "no notes yet" in browser.find(".sn-summary").text, "nothing is left")
    browser.find("#sn-import").send_keys(str(exported))
    status_says(browser, "Imported 1 note from Ana Student: shown on the chapters with a switch of their own")
    assert "Notes from Ana Student" in browser.find(".sn-layers").text
    assert json.loads(browser.storage(key))["notes"] == []

    browser.open(page)
    wait(browser, lambda: notes_shown(browser), "the imported note is drawn")
    (shown,) = notes_shown(browser)
    assert shown["layer"] != "mine" and shown["text"] == chosen["phrase"]
    assert shown["label"] == '"Ana Student"'
    assert shown["box"]["badge"] == "Note from Ana Student" and shown["box"]["buttons"] == []
    switch = browser.find('.annotation-controls .sn-switches input[data-sn-layer="%s"]' % shown["layer"])
    assert switch.find_element("xpath", "..").text == "Notes from Ana Student" and switch.is_selected()
    click(browser, switch)
    (hidden,) = notes_shown(browser)
    assert hidden["box"]["shown"] is False and hidden["background"] in ("rgba(0, 0, 0, 0)", "transparent")
    browser.reload()
    wait(browser, lambda: notes_shown(browser), "drawn again")
    assert notes_shown(browser)[0]["box"]["shown"] is False, "the switch is remembered"
    click(browser, browser.find(".sn-switches input"))
    assert notes_shown(browser)[0]["box"]["shown"] is True


# -- 3. a passage that is gone ---------------------------------------------------------------------

def test_a_note_whose_passage_is_gone_is_listed_not_dropped(browser, site_dir, site_server):
    key = storage_key(site_dir)
    page = chapters(site_dir)[0]
    source = site_server.url + page

    def anno(uid: str, paragraph: str, exact: str, text: str) -> dict:
        return {"@context": ANNO, "id": f"urn:uuid:{uid}", "type": "Annotation", "motivation": "commenting",
                "created": "2026-01-05T10:00:00Z", "modified": "2026-01-05T10:00:00Z",
                "body": {"type": "TextualBody", "value": text, "format": "text/plain"},
                "target": {"source": source, "selector": {"type": "FragmentSelector", "value": paragraph,
                           "refinedBy": {"type": "TextQuoteSelector", "exact": exact, "prefix": "", "suffix": ""}}}}

    good = anno("00000000-0000-4000-8000-000000000001", "p1-1", "too many actors", "Which actors?")
    gone = anno("00000000-0000-4000-8000-000000000002", "p1-1", "words the author never wrote here",
                "A note on an older edition.")
    browser.set_storage(key, json.dumps({"version": 1, "notes": [good, gone]}))

    browser.open("my-notes.html")
    wait(browser, lambda: len(browser.find_all(".sn-entry[data-checked]")) == 2, "both notes are checked")
    entries = {e.get_attribute("id"): e for e in browser.find_all(".sn-entry")}
    lost = entries["sn-entry-00000000-0000-4000-8000-000000000002"]
    kept = entries["sn-entry-00000000-0000-4000-8000-000000000001"]
    assert lost.get_attribute("data-checked") == "lost" and "Passage not found" in lost.text
    assert "words the author never wrote here" in lost.text and "A note on an older edition." in lost.text
    assert kept.get_attribute("data-checked") == "found" and "Passage not found" not in kept.text

    # on the chapter: the other note drawn, this one said to be missing, both kept
    browser.open(page)
    wait(browser, lambda: browser.find_all(".sn-lost"), "the chapter says a note's passage is gone")
    assert "My notes" in browser.find(".sn-lost").text
    assert [n["text"] for n in notes_shown(browser)] == ["too many actors"]
    assert len(json.loads(browser.storage(key))["notes"]) == 2


# -- 4. the keyboard alone ------------------------------------------------------------------------

FOCUS_JS = """
const a = document.activeElement;
const b = a.getBoundingClientRect();
return {tag: a.tagName.toLowerCase(), cls: a.className, id: a.id, text: (a.textContent || '').trim(),
        visible: b.width > 20 && b.height > 10, value: a.value === undefined ? null : a.value,
        start: a.selectionStart === undefined ? null : a.selectionStart,
        end: a.selectionEnd === undefined ? null : a.selectionEnd, invalid: a.getAttribute('aria-invalid')};
"""


def chord(browser, modifiers, *pressed) -> None:
    """Keys pressed while *modifiers* are held down."""
    from selenium.webdriver.common.action_chains import ActionChains

    chain = ActionChains(browser.driver)
    for key in modifiers:
        chain.key_down(key)
    chain.send_keys(*pressed)
    for key in reversed(modifiers):
        chain.key_up(key)
    chain.perform()


def tab_to(browser, predicate, limit: int = 200) -> dict:
    Keys = keys()
    for _ in range(limit):
        browser.press(Keys.TAB)
        now = browser.js(FOCUS_JS)
        if predicate(now):
            return now
    raise AssertionError("TAB never reached it")


def test_keyboard_alone_adds_notes(browser, site_dir):
    Keys = keys()
    key = storage_key(site_dir)
    page = chapters(site_dir)[0]
    browser.open(page)

    # a button before each paragraph, shown when TAB reaches it
    button = tab_to(browser, lambda f: "sn-para-add" in f["cls"])
    assert button["tag"] == "button" and button["visible"] and button["text"].startswith("Add my note to ¶")
    label = button["text"].removeprefix("Add my note to ")
    browser.press(Keys.ENTER)
    para = browser.js(FOCUS_JS)
    assert para["tag"] == "textarea" and "sn-paragraph-text" in para["cls"]
    # the paragraph's words, without its label: select the first two from the keyboard
    assert not para["value"].startswith("¶")
    chord(browser, [Keys.CONTROL], Keys.HOME)
    chord(browser, [Keys.SHIFT, Keys.CONTROL], Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
    para = browser.js(FOCUS_JS)
    words = para["value"][para["start"]:para["end"]].strip()
    assert len(words.split()) == 2, words
    browser.press(Keys.TAB)
    assert browser.js(FOCUS_JS)["value"].strip() == words, "the selected words fill the box"
    browser.press(Keys.TAB)
    assert browser.js(FOCUS_JS)["id"].endswith("-text")
    browser.press("My first note, from the keyboard.")
    browser.press(Keys.TAB)
    assert browser.js(FOCUS_JS)["text"] == "Save"
    browser.press(Keys.ENTER)
    status_says(browser, "Note saved")
    assert browser.js(FOCUS_JS)["id"].startswith("sn-note-")
    (shown,) = notes_shown(browser)
    assert shown["text"] == words and shown["box"]["text"] == "My first note, from the keyboard."

    # typing the words instead; words not in the paragraph are refused, and said so
    button = tab_to(browser, lambda f: "sn-para-add" in f["cls"] and f["text"] != f"Add my note to {label}")
    browser.press(Keys.ENTER)
    paragraph_text = browser.js(FOCUS_JS)["value"]
    browser.press(Keys.TAB)
    browser.press("words that are not in it")
    browser.press(Keys.TAB, "A note.", Keys.TAB, Keys.ENTER)
    refused = browser.js(FOCUS_JS)
    assert refused["tag"] == "input" and refused["invalid"] == "true"
    alert = browser.find(".sn-form .sn-error")
    assert alert.is_displayed() and "not in" in alert.text and alert.get_attribute("role") == "alert"
    typed = " ".join(paragraph_text.split()[2:5])
    chord(browser, [Keys.CONTROL], "a")
    browser.press(Keys.BACKSPACE, typed, Keys.TAB, Keys.TAB, Keys.ENTER)
    status_says(browser, "Note saved")
    assert sorted(n["text"] for n in notes_shown(browser)) == sorted([words, typed])
    assert len(json.loads(browser.storage(key))["notes"]) == 2

    # Escape closes a form and gives the focus back to its button
    tab_to(browser, lambda f: "sn-para-add" in f["cls"])
    browser.press(Keys.ENTER)
    assert browser.find_all(".sn-form")
    browser.press(Keys.ESCAPE)
    assert browser.find_all(".sn-form") == [] and "sn-para-add" in browser.js(FOCUS_JS)["cls"]


SELECT_EDITORS_JS = """const p = document.querySelector('aside.annotation > p:not(.annotation-header)');
const r = document.createRange(); r.selectNodeContents(p); getSelection().removeAllRanges(); getSelection().addRange(r);"""


def test_only_the_authors_words_offer_a_note(browser, site_dir):
    browser.open(chapter_with_markers(site_dir))
    # words of an editors' note: no sign of note-taking, the notes' files stay where they are
    browser.js(SELECT_EDITORS_JS)
    time.sleep(0.4)
    assert notes_files_loaded(browser) == []
    # and with them in (the keyboard fetches them), still no note offered there
    browser.press(keys().TAB)
    wait(browser, lambda: browser.find_all(".sn-add"), "the notes' scripts are in")
    browser.js(SELECT_EDITORS_JS)
    time.sleep(0.4)
    assert not adder_shown(browser)
    # words of two paragraphs
    browser.js("""const [a, b] = document.querySelectorAll(arguments[0]);
        const ta = [...a.childNodes].filter((n) => n.nodeType === 3).pop();
        const tb = [...b.childNodes].find((n) => n.nodeType === 3 && n.data.length > 3);
        const r = document.createRange(); r.setStart(ta, 0); r.setEnd(tb, 3);
        getSelection().removeAllRanges(); getSelection().addRange(r);""", PARAS)
    time.sleep(0.4)
    assert not adder_shown(browser)
    # a paragraph's label alone
    browser.js("""const r = document.createRange(); r.selectNodeContents(document.querySelector('a.edition-plabel'));
        getSelection().removeAllRanges(); getSelection().addRange(r);""")
    time.sleep(0.4)
    assert not adder_shown(browser)
    # the author's words: yes
    first = browser.js(f"return document.querySelector('{PARAS}').id")
    browser.js(SELECT_PLAIN_JS, first)
    wait(browser, lambda: adder_shown(browser), "the author's words offer a note")


# -- 5. axe, light and dark --------------------------------------------------------------------------

def seed(browser, site_dir, site_server) -> str:
    """Notes of every state on the first chapter: one of the reader's, one
    gone, and an imported layer."""
    page = chapters(site_dir)[0]
    source = site_server.url + page

    def anno(uid, exact, text, para="p1-1"):
        return {"@context": ANNO, "id": f"urn:uuid:{uid}", "type": "Annotation", "motivation": "commenting",
                "created": "2026-01-05T10:00:00Z", "modified": "2026-01-06T10:00:00Z",
                "body": {"type": "TextualBody", "value": text},
                "target": {"source": source, "selector": {"type": "FragmentSelector", "value": para,
                           "refinedBy": {"type": "TextQuoteSelector", "exact": exact}}}}

    data = {"version": 1, "name": "Sam", "notes": [
        anno("00000000-0000-4000-8000-00000000000a", "too many actors", "Which actors?"),
        anno("00000000-0000-4000-8000-00000000000b", "not the author's words", "Lost."),
        anno("00000000-0000-4000-8000-00000000000c", "Three years into the invasion", "Crosses the editors' highlight.", "p1-2"),
    ], "layers": [{"id": "layer-class", "name": "Ms Rivera's class", "source": "urn:uuid:x",
                   "imported": "2026-01-07T10:00:00Z",
                   "annotations": [anno("00000000-0000-4000-8000-00000000000d", "one side runs out of options",
                                        "From the teacher.")]}]}
    browser.set_storage(storage_key(site_dir), json.dumps(data))
    return page


def axe(browser, where: str) -> list[str]:
    browser.js(need_node_module(AXE_JS, "axe-core").read_text(encoding="utf-8"))
    return [f"{where} {v['id']} ({v['impact']}, {v['count']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
            for v in browser.driver.execute_async_script(AXE_RUN_JS, WCAG)]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_violation_with_notes(browser, site_dir, site_server, theme):
    browser.set_storage("theme", theme)
    page = seed(browser, site_dir, site_server)
    report = []
    browser.open(page)
    wait(browser, lambda: len(notes_shown(browser)) == 3 and browser.find_all(".sn-lost"), "notes drawn")
    assert browser.js("return document.body.dataset.theme") == theme
    report += axe(browser, f"{page} [{theme}]")
    browser.js("arguments[0].focus()", browser.find(".sn-para-add"))  # the keyboard's form
    browser.press(keys().ENTER)
    report += axe(browser, f"{page} form [{theme}]")
    browser.press(keys().ESCAPE)
    browser.js(SELECT_PLAIN_JS, "p1-3" if browser.find_all("#p1-3") else "p1-1")
    click_add_my_note(browser)  # the form on a selection
    report += axe(browser, f"{page} selection form [{theme}]")

    browser.open("my-notes.html")
    wait(browser, lambda: len(browser.find_all(".sn-entry[data-checked]")) == 3, "My notes checked")
    report += axe(browser, f"my-notes [{theme}]")
    click(browser, browser.find(".sn-entry-actions button"))  # an edit form open
    report += axe(browser, f"my-notes edit [{theme}]")
    assert report == [], "\n".join(report)


# -- 6. a phone, dark mode, contrast, print ---------------------------------------------------------

WIDTH_JS = "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
CONTRAST = "mark.sn-highlight, .sn-badge, aside.sn-note p, .sn-entry-text, .sn-entry-meta, .sn-lost, .sn-button, .sn-hint"


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_phone_no_sideways_scroll_and_contrast(browser, site_dir, site_server, theme):
    browser.set_storage("theme", theme)
    page = seed(browser, site_dir, site_server)
    browser.viewport(*MOBILE, mobile=True)
    browser.open(page)
    wait(browser, lambda: len(notes_shown(browser)) == 3, "notes drawn")
    scroll, client = browser.js(WIDTH_JS)
    assert client == MOBILE[0] and scroll <= client, (scroll, client)
    failures = [f"{page}: {r:.2f} {what}" for what, r in contrast_of(browser, browser.find_all(CONTRAST)) if r < 4.5]
    browser.js(SELECT_PLAIN_JS, "p1-1")
    click_add_my_note(browser)
    assert browser.js("return document.querySelector('.sn-add').getBoundingClientRect().right") <= MOBILE[0]
    scroll, client = browser.js(WIDTH_JS)
    assert scroll <= client, ("with the form open", scroll, client)
    browser.open("my-notes.html")
    wait(browser, lambda: browser.find_all(".sn-entry[data-checked]"), "listed")
    scroll, client = browser.js(WIDTH_JS)
    assert scroll <= client, ("My notes", scroll, client)
    failures += [f"my-notes: {r:.2f} {what}" for what, r in contrast_of(browser, browser.find_all(CONTRAST)) if r < 4.5]
    assert failures == []


PRINT_JS = """
const shown = (el) => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 0;
return {tools: [...document.querySelectorAll('.sn-tools, .sn-entry-actions button')].map(shown),
        entries: [...document.querySelectorAll('.sn-entry')].map((e) => {
          const q = e.querySelector('.sn-entry-quote'), t = e.querySelector('.sn-entry-text');
          return {shown: shown(e), quoteFirst: shown(q) && shown(t)
            && q.getBoundingClientRect().bottom <= t.getBoundingClientRect().top};
        }), print: matchMedia('print').matches};
"""


def test_my_notes_prints_passage_then_note(browser, site_dir, site_server):
    seed(browser, site_dir, site_server)
    browser.open("my-notes.html")
    wait(browser, lambda: browser.find_all(".sn-entry"), "listed")
    browser.media("print")
    got = browser.js(PRINT_JS)
    assert got["print"] and not any(got["tools"])
    assert len(got["entries"]) == 3 and all(e["shown"] and e["quoteFirst"] for e in got["entries"]), got
    # on the chapter, the notes print; their buttons do not
    browser.media("")
    browser.open(chapters(site_dir)[0])
    wait(browser, lambda: notes_shown(browser), "drawn")
    browser.media("print")
    assert all(n["box"]["shown"] for n in notes_shown(browser))
    assert not any(browser.js(SHOWN_JS, b) for b in browser.find_all(".sn-note-actions button, .sn-para-add, .sn-switches"))


# -- 7. fetched only for a reader who takes notes --------------------------------------------------

def fetched(browser, site_server) -> list[str]:
    """What the page asked for since the last look, checked for other hosts
    as only_this_host checks the rest."""
    urls = browser.requested_urls()
    port = int(site_server.url.rsplit(":", 1)[1].strip("/"))
    assert off_host(urls, port) == [], urls
    return urls


def note_on(source: str, paragraph: str, exact: str, text: str, uid: str) -> dict:
    return {"@context": ANNO, "id": f"urn:uuid:{uid}", "type": "Annotation", "motivation": "commenting",
            "created": "2026-01-05T10:00:00Z", "modified": "2026-01-05T10:00:00Z",
            "body": {"type": "TextualBody", "value": text, "format": "text/plain"},
            "target": {"source": source, "selector": {"type": "FragmentSelector", "value": paragraph,
                       "refinedBy": {"type": "TextQuoteSelector", "exact": exact}}}}


def test_a_chapter_read_without_notes_fetches_none_of_their_files(browser, site_dir, site_server):
    first, second = chapters(site_dir)[:2]
    # notes kept, but for another chapter
    browser.set_storage(storage_key(site_dir), json.dumps({"version": 1, "notes": [
        note_on(site_server.url + first, "p1-1", "too many actors", "Which actors?",
                "00000000-0000-4000-8000-0000000000e1")]}))
    fetched(browser, site_server)
    browser.open(second)
    # a reader reads: scrolls, clicks in the text (no words selected)
    browser.js("window.scrollTo(0, document.body.scrollHeight / 2)")
    paragraph = browser.find(f"{PARAS}:not(:has(a.annotation-marker, a.reference))")
    click(browser, paragraph)
    time.sleep(0.5)
    urls = fetched(browser, site_server)
    assert any(url.split("?")[0].endswith("/_static/annotated-edition.js") for url in urls), urls
    assert notes_files_in(urls) == [], urls
    assert browser.find_all(".sn-add, .sn-para-add, .sn-status") == []


def test_selected_words_fetch_the_files_and_offer_a_note_on_them(browser, site_dir, site_server):
    key = storage_key(site_dir)
    page = chapters(site_dir)[0]
    browser.open(page)
    fetched(browser, site_server)
    first = browser.js(f"return document.querySelector('{PARAS}').id")
    # selected before the scripts are there: the selection they find is this one
    words = browser.js(SELECT_PLAIN_JS, first)
    wait(browser, lambda: adder_shown(browser), "“Add my note” appears for the words already selected")
    assert notes_files_in(fetched(browser, site_server)) == sorted(NOTES_FILES)
    assert browser.js("return getSelection().toString()") == words, "the reader did not select again"
    # the stylesheet came too: the keyboard's buttons are not shown to the eye
    assert not any(browser.js(SHOWN_JS, b) for b in browser.find_all(".sn-para-add"))
    click_add_my_note(browser)
    assert browser.find(".sn-form .sn-form-quote").text == f"“{words}”"
    browser.press("Noted after the scripts came.")
    save_form(browser)
    status_says(browser, "Note saved")
    (stored,) = json.loads(browser.storage(key))["notes"]
    assert stored["target"]["selector"]["value"] == first
    assert stored["target"]["selector"]["refinedBy"]["exact"] == words
    assert [n["text"] for n in notes_shown(browser)] == [words]


def test_kept_notes_fetch_the_files_at_once(browser, site_dir, site_server):
    first, second, third = chapters(site_dir)[:3]
    good = note_on(site_server.url + first, "p1-1", "too many actors", "Which actors?",
                   "00000000-0000-4000-8000-0000000000e2")
    imported = note_on(site_server.url + second, "p2-1", "objectives were expansive and blunt",
                       "From the teacher.", "00000000-0000-4000-8000-0000000000e3")
    browser.set_storage(storage_key(site_dir), json.dumps({"version": 1, "notes": [good], "layers": [
        {"id": "layer-t", "name": "Teacher", "source": "urn:uuid:t", "imported": "2026-01-07T10:00:00Z",
         "annotations": [imported]}]}))
    fetched(browser, site_server)
    # the reader's own note: fetched and drawn with no sign from the reader
    browser.open(first)
    wait(browser, lambda: notes_shown(browser), "the note is drawn")
    assert notes_files_in(fetched(browser, site_server)) == sorted(NOTES_FILES)
    (shown,) = notes_shown(browser)
    assert shown["text"] == "too many actors" and shown["box"]["text"] == "Which actors?"
    # only an imported note on the page: fetched and drawn too
    browser.open(second)
    wait(browser, lambda: notes_shown(browser), "the imported note is drawn")
    assert notes_files_in(fetched(browser, site_server)) == sorted(NOTES_FILES)
    assert [(n["layer"], n["text"]) for n in notes_shown(browser)] == [("layer-t", "objectives were expansive and blunt")]
    # an address naming a note (from My notes): fetched, with nothing kept
    browser.js("localStorage.clear()")
    browser.open(third + "#sn-passage-0")
    wait(browser, lambda: browser.find_all(".sn-para-add"), "the notes' scripts ran")
    assert notes_files_in(fetched(browser, site_server)) == sorted(NOTES_FILES)


def test_tab_from_the_top_reaches_the_first_add_my_note_button(browser, site_dir, site_server):
    browser.open(chapters(site_dir)[0])
    assert notes_files_in(fetched(browser, site_server)) == []
    label = browser.js(f"return document.querySelector('{PARAS} a.edition-plabel').textContent.trim()")
    # the first one TAB reaches is the first paragraph's: none was missed while the files came
    button = tab_to(browser, lambda f: "sn-para-add" in f["cls"])
    assert button["tag"] == "button" and button["visible"], button
    assert button["text"] == f"Add my note to {label}", button
    assert notes_files_in(fetched(browser, site_server)) == sorted(NOTES_FILES)


def test_a_screen_reader_finds_a_button_that_fetches_the_notes(browser, site_dir, site_server):
    """Read in browse mode, with neither Tab nor a selection: before the text,
    a button in the accessibility tree but seen only with the focus, which
    fetches the notes' files and hands the focus to the first paragraph's
    "Add my note to ¶…"."""
    browser.open(chapters(site_dir)[0])
    assert notes_files_in(fetched(browser, site_server)) == []
    offer = browser.find(".sn-take-notes")
    assert browser.js("return arguments[0].textContent", offer) == "Take my own notes on this chapter"
    assert browser.js(f"return arguments[0].nextElementSibling === document.querySelector('{PARAS}')", offer)
    # in the page for a screen reader, a pixel on the screen
    assert browser.js("const r = arguments[0].getBoundingClientRect(); return r.width * r.height", offer) <= 1
    assert browser.js("return getComputedStyle(arguments[0]).visibility", offer) == "visible"
    label = browser.js(f"return document.querySelector('{PARAS} a.edition-plabel').textContent.trim()")
    browser.js("arguments[0].click()", offer)  # what a screen reader does to press it
    wait(browser, lambda: browser.js("return document.activeElement.classList.contains('sn-para-add')"),
         "the focus goes to the first Add my note button")
    assert browser.js("return document.activeElement.textContent") == f"Add my note to {label}"
    assert browser.find_all(".sn-take-notes") == []
    assert notes_files_in(fetched(browser, site_server)) == sorted(NOTES_FILES)


def test_zz_figures(site_dir):
    """The feature's weight on a chapter page, and the timing measured above
    (printed with -s, for the report)."""
    import gzip

    static = site_dir / "_static"
    sizes = {name: len(gzip.compress((static / name).read_bytes(), 9))
             for name in ("student-notes.js", "student-notes.css", "vendor/apache-annotator.js")}
    FIGURES.update({f"gzip {k} (bytes)": v for k, v in sizes.items()})
    FIGURES["gzip total, fetched for a reader who takes notes (bytes)"] = sum(sizes.values())
    # the loader, a part of the layer's script: what it adds to that file, gzipped
    from sphinx_annotated_edition import minify, page_script

    script = (static / page_script.CORE).read_bytes()
    part = minify.minified(page_script.STATIC / "student-notes-loader.js").encode()
    assert part in script
    loader = len(gzip.compress(script, 9)) - len(gzip.compress(script.replace(part, b""), 9))
    FIGURES["gzip student-notes loader, in annotated-edition.js: all a chapter loads of them otherwise "
            "(bytes)"] = loader
    print("\nstudent notes:", json.dumps(FIGURES, indent=1))
    assert sum(sizes.values()) < 40_000
    assert 0 < loader < 2_000
