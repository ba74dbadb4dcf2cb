"""The printed edition: the book, the reading copy, the worksheet and the
answer key, as a reader gets them (text read back with pdftotext).

All five PDFs come from the one session build (``built("latexpdf")`` writes
every entry of ``latex_documents``).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT, need_tool, normalise, received_blocks

PAGE = r"\(p\.\s?\d+\)"  # "(p. 41)", as \editionpageref prints it


@pytest.fixture(scope="module")
def latex_out(built) -> Path:
    need_tool("pdflatex", "texlive-latex-recommended")
    need_tool("latexmk", "latexmk")
    need_tool("pdftotext", "poppler-utils")
    return built("latexpdf") / "latex"


def pdf_text(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *options, str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


@pytest.fixture(scope="module")
def book(latex_out) -> str:
    """The book's text in reading order, one space for every run of white space."""
    return normalise(pdf_text(latex_out / "annotated-edition.pdf", "-raw"))


@pytest.fixture(scope="module")
def book_tex(latex_out) -> str:
    return (latex_out / "annotated-edition.tex").read_text(encoding="utf-8")


def chapter_titles() -> list[str]:
    """The article's chapters' titles, from their first heading, in order."""
    titles = []
    for path in sorted((ROOT / "chapters").glob("*.md")):
        heading = re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), re.M)
        titles.append(heading.group(1).strip())
    assert len(titles) == 10
    return titles


# -- the book -----------------------------------------------------------------

def test_chapters_are_numbered_as_their_paragraph_labels(latex_out):
    """Chapter 6 holds ¶6.1, ¶6.2 …; About, the glossary and the guides are
    unnumbered (the handout is not "Chapter Seventeen")."""
    text = pdf_text(latex_out / "annotated-edition.pdf", "-raw")
    # the book's text begins where the contents end, with "About this edition"
    start = re.compile(r"^\f?About this edition$", re.M).search(text, text.index("Contents")).start()
    contents, body = text[text.index("Contents"):start].splitlines(), text[start:]
    headings = list(re.finditer(r"^\f?Chapter (\d+)\n(.+)$", body, re.M))
    titles = chapter_titles()
    assert [int(h.group(1)) for h in headings] == list(range(1, 11))
    for heading, title in zip(headings, titles):
        assert normalise(heading.group(2)) == normalise(title)[:len(normalise(heading.group(2)))]
        label = re.compile(r"¶(\d+)\.1\b").search(body, heading.end())
        assert label is not None and int(label.group(1)) == int(heading.group(1)), heading.group(0)
    # front and back matter carry no number, in the text or in the contents
    for page in ("About this edition", "Glossary", "Index of notes", "Timeline", "Teacher's guide",
                 "Student worksheet", "Editor's guide"):
        assert any(re.fullmatch(rf"{re.escape(page)} \d+", line) for line in contents), page
    assert "Chapter 11" not in text and "Chapter 0" not in text


def test_the_book_is_no_software_release(latex_out, book):
    """No "Release 1.0" anywhere: the title page names the article, its
    publisher and date, the editors and the edition's date."""
    for pdf in sorted(latex_out.glob("*.pdf")):
        assert "Release" not in pdf_text(pdf), pdf.name
    title_page = normalise(pdf_text(latex_out / "annotated-edition.pdf", "-l", "1"))
    for words in ("Why Russia Is Still Attacking Ukraine", "An annotated teaching edition",
                  "published by The Word 360 on 29 December 2025",
                  "The editors of the annotated teaching edition", "Version 1.0"):
        assert words in title_page, words
    assert re.search(r"\d{1,2} [A-Z][a-z]+ 20\d\d$", title_page), title_page[-60:]


def test_editor_navigation_is_left_out_of_print(book):
    assert "Back to the passage" not in book
    assert "All notes" not in book


def test_every_note_reference_carries_its_page(book, book_tex):
    """"Note 6.2 (p. 17)" wherever a note is referred to (the text, the notes
    index, the timeline); only a note's own header, "Note 6.2 · Fact-check",
    has none."""
    notes = book_tex.count(r"\begin{editionnote}")
    assert notes > 40
    mentions = list(re.finditer(r"Note (\d+\.\d+)(?!\d)", book))
    headers = [m for m in mentions if book.startswith(" · ", m.end())]
    references = [m for m in mentions if m not in headers]
    assert len(headers) == notes
    assert references
    bare = [book[m.start():m.end() + 12] for m in references if not re.match(r"\s?" + PAGE, book[m.end():])]
    assert not bare, bare[:10]


def test_every_paragraph_reference_carries_its_page(book, book_tex):
    """A link to a paragraph (¶10.2) prints its page: as many "¶N.M (p. K)" in
    the PDF as there are links to paragraphs in the LaTeX."""
    links = re.findall(r"\\hyperref\[\\detokenize\{chapters/[^:}]+:p\d+-\d+\}\]", book_tex)
    assert len(links) > 50
    assert len(re.findall(r"¶\d+\.\d+\s?" + PAGE, book)) == len(links)


def test_every_notes_index_entry_carries_its_pages(book, book_tex):
    start = book.index("Index of notes Every note the editors added")
    index = book[start:book.index("Timeline", start)]
    entries = re.findall(r"Note \d+\.\d+\s?(" + PAGE + r")?\s?· ", index)
    assert len(entries) == book_tex.count(r"\begin{editionnote}")
    assert all(entries), "an entry of the notes index has no page"
    assert len(re.findall(r"· ¶\d+\.\d+\s?" + PAGE, index)) == len(entries)


def test_no_line_runs_past_the_margin(latex_out):
    """Long addresses break and every table cell keeps its text: no line is
    more than 3 pt too wide. The one exception is an address written as plain
    text in a source's note (a bibliography entry's words, with nothing to break
    at; it belongs in the entry's url field)."""
    log = (latex_out / "annotated-edition.log").read_text(encoding="latin-1")
    too_wide = []
    for match in re.finditer(r"^Overfull \\hbox \(([\d.]+)pt too wide\)[^\n]*\n(.*?)\n\s*\n", log, re.M | re.S):
        text = match.group(2).replace("\n", "")
        if float(match.group(1)) > 3 and not re.search(r"\b(?:Read at|through) https?://", text) \
                and not re.match(r"^\S*qtm\S*\s+https?://", text):
            too_wide.append(f"{match.group(1)}pt: {text[:100]}")
    assert not too_wide, "\n".join(too_wide)
    # the article's address on the About page, in full, broken across lines
    import tomllib

    with open(ROOT / "source" / "provenance.toml", "rb") as f:
        address = tomllib.load(f)["article"]["address"]
    about = pdf_text(latex_out / "annotated-edition.pdf", "-raw", "-f", "3", "-l", "4")
    assert address in re.sub(r"\s+", "", about)


# -- the reading copy --------------------------------------------------------------

def _key(text: str) -> str:
    """Text as LaTeX sets it: hyphenated, ligatured; labels and spaces dropped."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"¶\d+\.\d+", "", text)
    text = re.sub(r"[\s\-\u00ad\u2010]+", "", text)
    return text.casefold()


def test_reading_copy_is_the_article_alone(latex_out):
    """Every paragraph of the article exactly once, in order, and nothing else
    but headings and labels: no note, no marker, no classroom block."""
    pdf = latex_out / "reading-copy.pdf"
    # from the first chapter, without the running heads and feet (A4)
    text = pdf_text(pdf, "-raw", "-f", "3", "-x", "0", "-y", "60", "-W", "595", "-H", "722")
    assert text.startswith("Chapter 1\nOpening\n"), text[:80]
    rest = _key(text)
    position = 0
    for kind, block in received_blocks():
        needle = _key(block)
        found = rest.find(needle, position)
        assert found >= 0, f"not in the reading copy, in order: {block[:70]}"
        if kind == "p":
            assert rest.count(needle) == 1, f"more than once: {block[:70]}"
        rest = rest[:found] + rest[found + len(needle):]
        position = found
    opening = _key("This part has no heading in the article; “Opening” is the editors’ title.")
    rest = rest.replace(opening, "", 1)
    rest = re.sub(r"chapter\d+", "", rest).replace(_key("Opening"), "", 1)
    assert rest == "", f"not the article's: {rest[:300]}"


def test_reading_copy_has_no_notes_or_classroom(latex_out):
    text = pdf_text(latex_out / "reading-copy.pdf")
    for editorial in ("Note 1.1", "Fact-check", "Verdict", "[1.1]", "For the classroom",
                      "Discussion questions", "Learning objectives", "Index of notes", "Glossary"):
        assert editorial not in text, editorial


# -- the worksheet -------------------------------------------------------------------

@pytest.mark.parametrize(("name", "size"), [("worksheet-a4.pdf", "595.276 x 841.89"),
                                            ("worksheet-letter.pdf", "612 x 792")])
def test_worksheet_is_one_page(latex_out, name, size):
    info = pdf_info(latex_out / name)
    assert info["Pages"] == "1", name
    assert info["Page size"].startswith(size), info["Page size"]
    text = normalise(pdf_text(latex_out / name))
    # a title line with room for a name and a date; no title block, no contents
    assert text.startswith("Checking claims:"), text[:80]
    assert "Name:" in text and "Date:" in text
    assert "Contents" not in text and "The editors" not in text
    # every question has its answer lines
    assert text.count("Answer:") == len(re.findall(r"^\d+\. ", _handout_section("Questions"), re.M)) == 4


def _handout_section(title: str) -> str:
    source = (ROOT / "handout.md").read_text(encoding="utf-8")
    return source.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def test_worksheet_rows_are_tall_enough_to_write_in(latex_out):
    """The claim table's rows are at least 12 mm (34 pt) apart."""
    html = subprocess.run(["pdftotext", "-bbox", str(latex_out / "worksheet-letter.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    tops = {word: float(y) for y, word in re.findall(r'yMin="([\d.]+)"[^>]*>(2\.8|4\.2)</word>', html)}
    assert set(tops) == {"2.8", "4.2"}
    assert tops["4.2"] - tops["2.8"] >= 34, tops


# -- the answer key ------------------------------------------------------------------

def _questions_per_chapter() -> list[int]:
    counts = []
    for path in sorted((ROOT / "annotations").glob("*.md")):
        block = path.read_text(encoding="utf-8").split(":::{discussion-questions}", 1)[1].split("\n:::", 1)[0]
        counts.append(len(re.findall(r"^\d+\. ", block, re.M)))
    return counts


def test_answer_key_answers_every_question(latex_out):
    source = (ROOT / "answer-key.md").read_text(encoding="utf-8")
    chapters = re.split(r"^## Chapter \d+", source, flags=re.M)[1:]
    assert [len(re.findall(r"^\d+\. ", c, re.M)) for c in chapters] == _questions_per_chapter()
    assert "suggest" in source.split("## ", 1)[0]  # marked as the editors' suggestions
    for chapter in chapters:
        for answer in re.split(r"^\d+\. ", chapter, flags=re.M)[1:]:
            assert "{ref}`¶" in answer, answer[:80]  # tied to its passage
    text = normalise(pdf_text(latex_out / "answer-key.pdf"))
    assert text.startswith("Answer key") and "suggested answers" in text
    assert "fact-check-" not in text  # notes are named by number, never by id


def test_answer_key_names_notes_by_their_numbers(book_tex):
    """A note's number can change when notes are added; the key's "Note 3.2"
    must be the number the edition gives that note."""
    numbers = dict(re.findall(
        r"\\hyperref\[\\detokenize\{chapters/[^:}]+:([a-z0-9-]+)\}\]\{\\sphinxcrossref\{"
        r"\\DUrole\{annotation-number\}\{Note (\d+\.\d+)\}", book_tex))
    assert len(numbers) == book_tex.count(r"\begin{editionnote}")
    used = re.findall(r"\{note\}`Note (\d+\.\d+) <([a-z0-9-]+)>`", (ROOT / "answer-key.md").read_text(encoding="utf-8"))
    assert len(used) > 40
    wrong = [(number, note) for number, note in used if numbers.get(note) != number]
    assert not wrong, wrong


# -- the bibliography on paper ----------------------------------------------------

def test_bibliography_lists_are_apart_and_every_label_names_one_entry(book):
    """One Bibliography chapter, the article's list then the editors', each
    under its heading; every [label] in the text is the label of exactly one
    entry of the editors' list."""
    article_at = book.rindex("The article’s reference links")
    sources_at = book.rindex("Sources the editors cite")
    assert article_at < sources_at
    article_list = book[article_at:sources_at]
    sources_list = book[sources_at:]
    assert re.findall(r"\[A\d\]", article_list) == [f"[A{i}]" for i in range(1, 7)]
    assert not re.search(r"\[A\d\]", sources_list)
    def unbroken(text: str) -> str:  # "Bri- tannica": a word hyphenated at a line's end
        return re.sub(r"(?<=[a-z])- (?=[a-z])", "", text)

    year = r"(?:\d{4}|n\.d\.)[a-z]*"
    entries = [unbroken(m) for m in re.findall(rf"\[([A-Z][^\[\]]{{2,80}}? {year})\]", sources_list)]
    assert len(entries) > 100 and len(set(entries)) == len(entries), "a label stands for two entries"
    cited = set()
    for group in re.findall(rf"\[([A-Z][^\[\]]{{2,300}}? {year})\]", book[:article_at]):
        # one bracket may cite several: "[Reuters 2024c, Associated Press 2024c]"
        cited |= {unbroken(part) for part in re.findall(rf"(?:^|, )(.+?\ {year})(?=, |$)", group)
                  # a label a page break cut, the running head between its halves
                  if "Why Russia Is Still Attacking Ukraine" not in part}
    assert cited and cited <= set(entries), sorted(cited - set(entries))[:5]
