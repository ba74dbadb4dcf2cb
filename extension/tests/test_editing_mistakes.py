"""The mistakes a real editor makes: each stops the build naming the file and
line, or the note is published intact. Never a silent loss.

A correct fixture (``tests/roots/test-mistakes``: three notes, each with a
word of its own in its body) is built once per mistake with that mistake
made, and the outcome is checked against what the mistake should give:

* ``stop``: at least one warning, every warning names a file of the edition
  and a line, and a second build with nothing fixed prints the same;
* ``intact``: no warning, and all three notes are on the chapter's page with
  their whole text.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build_project

ROOT = Path(__file__).parent / "roots" / "test-mistakes"
NOTES = "annotations/01-first.md"
CHAPTER = "chapters/01-first.md"
#: a word only each note's body has
BODY_WORDS = ("Alphaword", "Betaword", "Gammaword")
LOCATED = re.compile(r"^(annotations|chapters)/[\w.-]+\.md:\d+: (WARNING|ERROR): ")


def text_edit(old: str, new: str, count: int = 1):
    def edit(src: Path) -> None:
        path = src / NOTES
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return edit


def bytes_edit(transform):
    def edit(src: Path) -> None:
        path = src / NOTES
        path.write_bytes(transform(path.read_text(encoding="utf-8")))
    return edit


def chapter_edit(old: str, new: str):
    def edit(src: Path) -> None:
        path = src / CHAPTER
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return edit


def move_note_into_chapter(src: Path) -> None:
    notes = (src / NOTES).read_text(encoding="utf-8")
    first = notes[notes.index(":::{annotation}"):notes.index(":::\n", notes.index(":quote:")) + 4]
    (src / NOTES).write_text(notes.replace(first, ""), encoding="utf-8")
    with open(src / CHAPTER, "a", encoding="utf-8") as chapter:
        chapter.write("\n" + first)


def rename_notes_file(src: Path) -> None:
    (src / NOTES).rename(src / "annotations" / "01-frist.md")


FIRST = ":::{annotation} fact-check\n"
MISTAKES = {
    # fences
    "two-colon fence": (text_edit(FIRST, "::{annotation} fact-check\n"), "stop"),
    "two-colon close": (text_edit("Alphaword.\n:::\n", "Alphaword.\n::\n"), "stop"),
    "closing fence forgotten": (text_edit("Alphaword.\n:::\n", "Alphaword.\n"), "stop"),
    "last closing fence forgotten": (text_edit("Gammaword.\n:::\n", "Gammaword.\n"), "stop"),
    "backtick code block": (text_edit(FIRST, "```annotation fact-check\n", 1), "stop"),
    "indented four spaces": (text_edit(FIRST, "    :::{annotation} fact-check\n"), "stop"),
    "reStructuredText syntax": (text_edit(FIRST, ".. annotation:: fact-check\n"), "stop"),
    "fence longer at the close": (text_edit("Alphaword.\n:::\n", "Alphaword.\n::::\n"), "intact"),
    "spaces after the fence": (text_edit("Alphaword.\n:::\n", "Alphaword.\n:::   \n"), "intact"),
    # options
    "typo in an option name": (text_edit(":quote: The river is deep", ":qoute: The river is deep"), "stop"),
    "typo in the kind": (text_edit(FIRST, ":::{annotation} fact-chek\n"), "stop"),
    "kind in capitals": (text_edit(FIRST, ":::{annotation} Fact-Check\n"), "intact"),
    "no kind": (text_edit(FIRST, ":::{annotation}\n"), "stop"),
    "typo in the verdict": (text_edit(":verdict: supported", ":verdict: suported"), "stop"),
    "verdict left empty": (text_edit(":verdict: supported", ":verdict:"), "stop"),
    "wrong paragraph": (text_edit(":paragraph: 1.1", ":paragraph: 1.2"), "stop"),
    "paragraph that does not exist": (text_edit(":paragraph: 1.1", ":paragraph: 1.7"), "stop"),
    "typo in the quote": (text_edit(":quote: The river is deep", ":quote: The rivr is deep"), "stop"),
    "quote in other letter case": (text_edit(":quote: The river is deep", ":quote: the river is deep"), "stop"),
    "quote cut inside a word": (text_edit(":quote: The river is deep", ":quote: he river is deep"), "stop"),
    "straight quotes for curly ones": (text_edit(":quote: “the long winter”", ':quote: "the long winter"'), "intact"),
    # MyST reads the indented line as a new option block: the verdict is lost, and said
    "quote broken over two lines": (text_edit(":quote: The river is deep", ":quote: The river\n  is deep"), "stop"),
    "date written the American way": (text_edit(":as-of: 2026-02-01", ":as-of: 02/01/2026"), "stop"),
    "date in the future": (text_edit(":as-of: 2026-02-01", ":as-of: 2099-02-01"), "stop"),
    "date before the text": (text_edit(":as-of: 2026-02-01", ":as-of: 2024-02-01"), "stop"),
    "as-of forgotten on an update": (text_edit(":as-of: 2026-02-01\n", ""), "stop"),
    "id the article uses": (text_edit(":quote: The river is deep", ":quote: The river is deep\n:id: p1-2"), "stop"),
    "no blank line before the body": (text_edit(":verdict: supported\n:paragraph: 1.1\n\n",
                                                ":verdict: supported\n:paragraph: 1.1\n"), "intact"),
    # bodies
    "empty body": (text_edit("The river is deep, as the survey says {cite:p}`known-2025`. Alphaword.\n", ""), "stop"),
    "unknown citation key": (text_edit("{cite:p}`known-2025`. Alphaword", "{cite:p}`knwon-2025`. Alphaword"), "stop"),
    "unknown role": (text_edit("Alphaword.", "{nosuch}`Alphaword`."), "stop"),
    "remote image": (text_edit("Alphaword.", "Alphaword. ![map](https://maps.example/a.png)"), "stop"),
    "mathematics": (text_edit("Alphaword.", "Alphaword {math}`x^2`."), "stop"),
    # the fixture, unlike the edition, leaves MyST's HTML syntax on: refused all the same
    "raw HTML in the body": (text_edit("Alphaword.", "Alphaword <img src='https://t.example/p.gif'>."), "stop"),
    "label the article uses": (text_edit("The river is deep, as", "(p1.3)=\nThe river is deep, as"), "stop"),
    "whole paragraph pasted": (text_edit("Alphaword.", "Alphaword. She called it “the long winter” "
                                         "and said the river is wide."), "stop"),
    "note pasted twice": (lambda src: (src / NOTES).write_text(
        (src / NOTES).read_text(encoding="utf-8") + "\n" + (src / NOTES).read_text(encoding="utf-8")
        .split("# Notes on chapter 1\n", 1)[1].split(":::\n\n", 1)[0] + ":::\n", encoding="utf-8"), "stop"),
    "text outside any note": (text_edit(FIRST, "A reminder to check this.\n\n" + FIRST), "stop"),
    # files
    "saved as Windows-1252": (bytes_edit(lambda t: t.replace("Alphaword.", "Alphaword café.").encode("cp1252")), "stop"),
    "saved as UTF-16": (bytes_edit(lambda t: t.encode("utf-16")), "stop"),
    "saved with a byte-order mark": (bytes_edit(lambda t: t.encode("utf-8-sig")), "intact"),
    "saved with Windows line ends": (bytes_edit(lambda t: t.replace("\n", "\r\n").encode("utf-8")), "intact"),
    "file name misspelt": (rename_notes_file, "stop"),
    "note written in the chapter": (move_note_into_chapter, "stop"),
    "chapter number unreadable": (chapter_edit("edition-chapter: 1", "edition-chapter: one"), "stop"),
}
# a backtick fence is another correct way to write a directive
MISTAKES["backtick fence instead of colons"] = (
    lambda src: (src / NOTES).write_text((src / NOTES).read_text(encoding="utf-8").replace(
        FIRST, "```{annotation} fact-check\n").replace("Alphaword.\n:::\n", "Alphaword.\n```\n"),
        encoding="utf-8"), "intact")


def build(srcdir: Path, fresh: bool) -> tuple[list[str], Path]:
    outdir, warnings = build_project(srcdir, fresh=fresh)
    return warnings, outdir


def published_notes(outdir: Path) -> list[str]:
    soup = BeautifulSoup((outdir / "chapters" / "01-first.html").read_text(encoding="utf-8"), "lxml")
    return [" ".join(aside.get_text(" ").split()) for aside in soup.select("aside.annotation")]


def test_the_fixture_is_correct(tmp_path):
    srcdir = shutil.copytree(ROOT, tmp_path / "src")
    warnings, outdir = build(srcdir, fresh=True)
    assert warnings == []
    notes = published_notes(outdir)
    assert len(notes) == 3 and all(any(w in n for n in notes) for w in BODY_WORDS)


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_a_mistake_stops_or_is_published_intact(mistake, tmp_path):
    edit, outcome = MISTAKES[mistake]
    srcdir = shutil.copytree(ROOT, tmp_path / "src")
    edit(srcdir)
    warnings, outdir = build(srcdir, fresh=True)
    if outcome == "intact":
        assert warnings == [], "expected the note published intact"
        notes = published_notes(outdir)
        assert len(notes) == 3, notes
        for word in BODY_WORDS:
            assert sum(word in n for n in notes) == 1, (word, notes)
        return
    assert warnings, "a mistake built without a word"
    located = [w for w in warnings if LOCATED.match(w)]
    assert located, f"no warning names the file and line: {warnings}"
    unlocated = [w for w in warnings if not LOCATED.match(w) and not w.startswith(" ")
                 and "WARNING" in w]
    assert not unlocated, unlocated
    again, _ = build(srcdir, fresh=False)
    assert again == warnings, "the second build, with nothing fixed, must say the same"
