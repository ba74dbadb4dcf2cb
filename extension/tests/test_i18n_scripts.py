"""The scripts' words through the message catalogs: every page that loads
``annotated-edition.js`` or ``student-notes.js`` carries what they say, in the
project's language, as a JSON block (js_messages.py); the scripts ask for
every word by its key and keep no English of their own beyond the fallback,
which equals the catalog's. The controls' labels, written by Python, are
translated too. Fixture: roots/test-i18n-scripts (one chapter with a
fact-check, a "My notes" page, student notes on)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import sphinx_annotated_edition
from sphinx_annotated_edition import js_messages
from conftest import ROOTS, build_project

PACKAGE = Path(sphinx_annotated_edition.__file__).resolve().parent
STATIC = PACKAGE / "static"
LOCALE = PACKAGE / "locale"
CATALOG = "sphinx_annotated_edition"
FIXTURE = ROOTS / "test-i18n-scripts"
#: each script and the messages it shows
SCRIPTS = {
    "annotated-edition.js": js_messages.EDITION_MESSAGES,
    "student-notes.js": js_messages.STUDENT_NOTES_MESSAGES,
    "student-notes-loader.js": js_messages.LOADER_MESSAGES,
}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """language -> the built site (uk and en)."""
    sites = {}
    for language in ("uk", "en"):
        srcdir = shutil.copytree(FIXTURE, tmp_path_factory.mktemp("i18n-scripts") / language)
        outdir, warnings = build_project(srcdir, language=language)
        assert warnings == []
        sites[language] = outdir
    return sites


def page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / name).read_text(encoding="utf-8"), "lxml")


def messages_of(soup: BeautifulSoup) -> dict | None:
    blocks = soup.select(f"script#{js_messages.ELEMENT_ID}")
    if not blocks:
        return None
    assert len(blocks) == 1 and blocks[0]["type"] == "application/json"
    return json.loads(blocks[0].string)


def catalog(language: str) -> dict[str, str]:
    from babel.messages import pofile

    with open(LOCALE / language / "LC_MESSAGES" / f"{CATALOG}.po", "rb") as handle:
        return {m.id: m.string for m in pofile.read_po(handle) if isinstance(m.id, str) and m.id}


def source(script: str) -> str:
    return (STATIC / script).read_text(encoding="utf-8")


def english_block(text: str) -> str:
    match = re.search(r"const ENGLISH = \{\n(.*?)\n\s*\};", text, re.S)
    assert match, "the script has no `const ENGLISH = {…};`"
    return match.group(1)


def without_english(text: str) -> str:
    """The script without its fallback English and its comments."""
    text = text.replace(english_block(text), "")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"(?m)^\s*//.*$|\s//[^\"'`\n]*$", "", text)


# -- the pages ------------------------------------------------------------------------

def student_notes_words(out: Path) -> dict:
    """What ``_static/student-notes-messages.js`` gives student-notes.js."""
    text = (out / "_static" / "student-notes-messages.js").read_text(encoding="utf-8")
    prefix = f"window.{js_messages.STUDENT_NOTES_GLOBAL} = "
    body = text[text.index(prefix) + len(prefix):].strip()
    assert body.endswith(";")
    return json.loads(body[:-1])


def test_the_scripts_read_the_global_the_words_are_written_to():
    assert f"window.{js_messages.STUDENT_NOTES_GLOBAL} ||" in source("student-notes.js")


def test_a_ukrainian_build_carries_every_message_in_ukrainian(built):
    uk = catalog("uk")
    # the chapter: its core script's words; the student notes' come with their script
    shown = messages_of(page(built["uk"], "chapters/01-one.html"))
    assert shown is not None and set(shown) == {*js_messages.EDITION_MESSAGES, *js_messages.LOADER_MESSAGES}
    shown.update(student_notes_words(built["uk"]))
    assert set(shown) == set(js_messages.MESSAGES)
    for key, english in js_messages.MESSAGES.items():
        assert shown[key] == uk[english] and shown[key] != english, key
        assert set(PLACEHOLDER.findall(shown[key])) == set(PLACEHOLDER.findall(english)), key


def test_each_page_carries_the_words_of_the_scripts_it_loads(built):
    out = built["uk"]
    # the notes page loads the student notes' words before their script, and
    # no block: it has no paragraph labels, the core script's words are the chapter's
    notes = page(out, "my-notes.html")
    sources = [s["src"].split("?")[0] for s in notes.select("script[src]")]
    assert sources.index("_static/student-notes-messages.js") < sources.index("_static/student-notes.js")
    assert messages_of(notes) is None
    assert student_notes_words(out)["myNotes"] == "Мої нотатки"
    # a chapter's loader (a part of the layer's script) fetches them first among its scripts
    loader = page(out, "chapters/01-one.html").select_one('script[src*="annotated-edition.js"]')
    fetched = [name.split("?")[0] for name in loader["data-load"].split()]
    assert fetched.index("student-notes-messages.js") < fetched.index("student-notes.js")
    # the landing page only the core one, with nothing to say there: no block,
    # so a page that is no chapter is as Sphinx writes it
    landing = page(out, "index.html")
    assert landing.select('script[src*="annotated-edition.js"]')
    assert not landing.select('script[src*="student-notes"]')
    assert messages_of(landing) is None
    # "</" never closes the block early
    raw = (out / "chapters" / "01-one.html").read_text(encoding="utf-8")
    block = raw.split(f'id="{js_messages.ELEMENT_ID}">', 1)[1].split("</script>", 1)[0]
    assert "</" not in block


def test_the_controls_and_the_notes_page_are_in_ukrainian(built):
    soup = page(built["uk"], "chapters/01-one.html")
    controls = soup.select_one(".annotation-controls")
    assert controls["aria-label"] == "Показати або приховати примітки редакторів"
    assert " ".join(controls.select_one(".annotation-toggle-all").get_text().split()) == "Примітки редакторів"
    assert " ".join(controls.select_one(".annotation-toggle-verdicts").get_text().split()) == "Вердикти"
    waiting = page(built["uk"], "my-notes.html").select_one(".student-notes-noscript").get_text()
    assert waiting.startswith("Ваші нотатки зберігає цей браузер")


def test_an_english_build_gives_the_english(built):
    soup = page(built["en"], "chapters/01-one.html")
    assert messages_of(soup) == {**js_messages.EDITION_MESSAGES, **js_messages.LOADER_MESSAGES}
    assert student_notes_words(built["en"]) == js_messages.STUDENT_NOTES_MESSAGES
    controls = soup.select_one(".annotation-controls")
    assert controls["aria-label"] == "Show or hide the editors’ notes"
    assert " ".join(controls.select_one(".annotation-toggle-all").get_text().split()) == "Editors’ notes"
    assert " ".join(controls.select_one(".annotation-toggle-verdicts").get_text().split()) == "Verdicts"


def test_no_block_without_the_student_notes_nor_in_an_ebook(tmp_path):
    srcdir = shutil.copytree(FIXTURE, tmp_path / "off")
    outdir, warnings = build_project(srcdir, edition_student_notes=False)
    assert warnings == []
    # the core script's words only
    assert messages_of(page(outdir, "chapters/01-one.html")) == js_messages.EDITION_MESSAGES
    outdir, warnings = build_project(shutil.copytree(FIXTURE, tmp_path / "epub"), "epub")
    assert warnings == []
    assert messages_of(page(outdir, "chapters/01-one.xhtml")) is None


# -- the catalogs ---------------------------------------------------------------------

@pytest.mark.parametrize("language", ["de", "uk"])
def test_every_script_message_is_translated_with_its_placeholders(language):
    translations = catalog(language)
    for key, english in js_messages.MESSAGES.items():
        translated = translations.get(english)
        assert translated, (language, key)
        assert set(PLACEHOLDER.findall(translated)) == set(PLACEHOLDER.findall(english)), (language, key)


# -- the scripts ----------------------------------------------------------------------

@pytest.mark.parametrize("script", SCRIPTS)
def test_every_key_a_script_uses_is_a_message_and_every_message_is_used(script):
    used = set(re.findall(r"\bt(?:Nodes)?\(\s*\"([^\"]+)\"", source(script)))
    assert used == set(SCRIPTS[script]), (sorted(used - set(SCRIPTS[script])),
                                          sorted(set(SCRIPTS[script]) - used))


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_english_built_into_a_script_is_the_catalogs(script):
    entries = english_block(source(script)).splitlines()
    built_in = {}
    for line in entries:
        match = re.fullmatch(r'\s*(\w+): ("(?:[^"\\]|\\.)*"),', line)
        assert match, line
        built_in[match.group(1)] = json.loads(match.group(2))
    assert built_in == SCRIPTS[script]


#: a string literal of JavaScript: "…", '…' or `…`
STRING = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`""")


def _end_of(text: str, i: int) -> int:
    """Where the expression from *i* ends: a top-level , ; or closing bracket."""
    depth = 0
    while i < len(text):
        literal = STRING.match(text, i)
        if literal:
            i = literal.end()
            continue
        c = text[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                return i
            depth -= 1
        elif c in ",;" and depth == 0:
            return i
        i += 1
    return i


def _arguments(text: str, paren: int) -> tuple[list[str], int]:
    """The arguments of the call whose "(" is at *paren*, and where it ends."""
    args, i = [], paren + 1
    while True:
        end = _end_of(text, i)
        if text[i:end].strip():
            args.append(text[i:end])
        if end >= len(text) or text[end] != ",":
            return args, end + 1
        i = end + 1


def _without_calls(text: str) -> str:
    """*text* without its calls of t() and tNodes() (translated) and el() (checked on their own)."""
    while match := re.search(r"\b(?:t|tNodes|el)\(", text):
        _, end = _arguments(text, match.end() - 1)
        text = text[:match.start()] + text[end:]
    return text


def _words(expression: str) -> list[str]:
    """The literals with words in them (two letters or more) that *expression* shows as they are."""
    return [m.group(0) for m in STRING.finditer(_without_calls(expression))
            if re.search(r"[A-Za-z]{2,}", m.group(0))]


def english_left(text: str) -> list[str]:
    """Literals a reader would see: text set on an element, an element's text
    children, its aria-label, title or placeholder, and what is said or shown
    as a status or an error."""
    code = without_english(text)
    found = []
    for pattern in (r"\.(?:textContent|innerText|innerHTML|title|placeholder)\s*=",
                    r"""["']?\b(?:aria-label|title|placeholder|alt)["']?\s*:"""):
        for match in re.finditer(pattern, code):
            found += _words(code[match.end():_end_of(code, match.end())])
    for call in re.finditer(r"\b(el|announce|fail|done|lost|field|buttons|setAttribute)\(", code):
        args, _ = _arguments(code, call.end() - 1)
        name = call.group(1)
        # el(tag, attrs, ...children); field(form, id, label, control, hint);
        # fail(form, control, message); setAttribute(name, value)
        if name == "setAttribute":
            texts = args[1:] if re.fullmatch(r"""\s*["'](?:aria-label|title|placeholder|alt)["']\s*""",
                                             args[0]) else []
        else:
            texts = {"el": args[2:], "field": args[2:3] + args[4:], "fail": args[2:]}.get(name, args[:1])
        for arg in texts:
            found += _words(arg)
    return found


@pytest.mark.parametrize("script", SCRIPTS)
def test_no_english_a_reader_sees_is_left_in_a_script(script):
    assert english_left(source(script)) == []


def test_the_check_finds_english_put_back():
    # the check itself: a literal of each shape is found
    for line in ('status.textContent = "Link copied";',
                 'el("button", { type: "button" }, "Delete");',
                 'el("span", { "aria-label": "Delete this note?" }, t("delete"));',
                 'remove.setAttribute("aria-label", `Remove the notes from ${name}`);',
                 'announce(`Imported ${n} notes`);',
                 'fail(form, words, "Select the words.");',
                 'el("p", {}, total ? t("summaryOne") : "You have no notes yet.");'):
        assert english_left("const ENGLISH = {\n  a: \"b\",\n};\n" + line), line
    assert english_left('const ENGLISH = {\n  a: "b",\n};\nel("p", { class: "sn-x" }, t("a", { n: 1 }), " · ");') == []
