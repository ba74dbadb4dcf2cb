"""The reader in front of a class, in headless Chromium: verdicts hidden
while the notes stay ("form your own view first"), kept across pages and in
print; previews that fit a phone and open on a tap; switches reachable at
the bottom of the longest chapter. Same requirements as test_browser.py."""

from __future__ import annotations

import pytest

from browser_support import MOBILE, browser, chromium, site_dir, site_server  # noqa: F401
from conftest import chapter_files

VERDICTS_JS = """
const shown = (el) => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 0;
return {
  verdicts: [...document.querySelectorAll('.annotation-verdict')].map(shown),
  notes: [...document.querySelectorAll('aside.annotation')].map(shown),
  box: (document.querySelector('.annotation-controls input[data-kind="verdicts"]') || {}).checked,
};
"""


def pages_with(site_dir, needle: str) -> list[str]:
    return [p.relative_to(site_dir).as_posix() for p in chapter_files(site_dir, ".html")
            if needle in p.read_text(encoding="utf-8")]


def test_verdict_switch_hides_verdicts_keeps_notes_everywhere(browser, site_dir):
    first, second = pages_with(site_dir, 'class="annotation-verdict')[:2]
    browser.open(first)
    state = browser.js(VERDICTS_JS)
    assert state["box"] is True and state["verdicts"] and all(state["verdicts"])
    box = browser.find('.annotation-controls input[data-kind="verdicts"]')
    box.click()
    state = browser.js(VERDICTS_JS)
    assert not any(state["verdicts"]) and all(state["notes"]), state
    # kept on the next chapter, on the notes index, and on paper
    browser.open(second)
    state = browser.js(VERDICTS_JS)
    assert state["box"] is False and not any(state["verdicts"]) and all(state["notes"])
    browser.media("print")
    assert not any(browser.js(VERDICTS_JS)["verdicts"])
    browser.media("")
    browser.open("notes.html")
    assert browser.js(VERDICTS_JS)["verdicts"] and not any(browser.js(VERDICTS_JS)["verdicts"])
    # and back
    browser.open(first)
    browser.find('.annotation-controls input[data-kind="verdicts"]').click()
    assert all(browser.js(VERDICTS_JS)["verdicts"])


TAP_JS = """
const link = arguments[0];
const rect = link.getBoundingClientRect();
const opts = {bubbles: true, cancelable: true, pointerType: 'touch', isPrimary: true,
              clientX: rect.left + 2, clientY: rect.top + 2};
link.dispatchEvent(new PointerEvent('pointerdown', opts));
const click = new MouseEvent('click', {bubbles: true, cancelable: true});
link.dispatchEvent(click);
const tip = document.getElementById('edition-preview');
const box = tip && !tip.hidden ? tip.getBoundingClientRect() : null;
return {followed: !click.defaultPrevented, shown: Boolean(box),
        left: box && box.left, right: box && box.right, width: document.documentElement.clientWidth};
"""


def test_preview_opens_on_a_tap_and_fits_a_phone(browser, site_dir):
    browser.viewport(*MOBILE, mobile=True)
    browser.open(pages_with(site_dir, 'class="bibtex-citation"')[0])
    link = browser.find(".bibtex-citation a.edition-has-preview")
    browser.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", link)
    first = browser.js(TAP_JS, link)
    assert first["shown"] and not first["followed"], "the first tap opens the preview"
    assert 0 <= first["left"] and first["right"] <= first["width"], first
    second = browser.js(TAP_JS, link)
    assert second["followed"], "a second tap follows the link"


REACH_JS = """
// instant: the theme scrolls smoothly, and the measure must be of the bottom
window.scrollTo({top: document.documentElement.scrollHeight, behavior: 'instant'});
const controls = document.querySelector('.annotation-controls');
const box = controls.getBoundingClientRect();
const x = box.left + box.width / 2, y = box.top + box.height / 2;
const hit = document.elementFromPoint(x, y);
return {top: box.top, bottom: box.bottom, height: window.innerHeight, scrolled: window.scrollY,
        scrollable: document.documentElement.scrollHeight - window.innerHeight,
        reachable: Boolean(hit && controls.contains(hit))};
"""


@pytest.mark.parametrize("phone", [True, False])
def test_switches_reachable_at_the_bottom_of_the_longest_chapter(browser, site_dir, phone):
    if phone:
        browser.viewport(*MOBILE, mobile=True)
    longest = max(chapter_files(site_dir, ".html"), key=lambda p: p.stat().st_size)
    browser.open(longest.relative_to(site_dir).as_posix())
    got = browser.js(REACH_JS)
    assert got["scrolled"] >= got["scrollable"] - 2 and got["scrollable"] > got["height"], \
        "the chapter is longer than the screen and was scrolled to its end"
    assert 0 <= got["top"] and got["bottom"] <= got["height"] and got["reachable"], got


FOCUS_JS = """
const target = arguments[0];
window.scrollTo({top: document.documentElement.scrollHeight, behavior: 'instant'});
// as a link to the paragraph, or a focus moving up, brings it to the top
target.scrollIntoView({block: 'start', behavior: 'instant'});
const box = target.getBoundingClientRect();
const bar = document.querySelector('.annotation-controls').getBoundingClientRect();
return {top: box.top, barBottom: bar.bottom};
"""


@pytest.mark.parametrize("phone", [True, False])
def test_what_the_keyboard_reaches_is_not_under_the_switches(browser, site_dir, phone):
    """A paragraph brought to the top (its link followed, the keyboard moving
    up to it) lands below the sticky switches, never under them (WCAG 2.4.11,
    focus not obscured)."""
    if phone:
        browser.viewport(*MOBILE, mobile=True)
    longest = max(chapter_files(site_dir, ".html"), key=lambda p: p.stat().st_size)
    browser.open(longest.relative_to(site_dir).as_posix())
    labels = browser.find_all("a.edition-plabel")
    got = browser.js(FOCUS_JS, labels[len(labels) // 2])
    assert got["top"] >= got["barBottom"], got
