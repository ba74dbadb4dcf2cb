"""The words the package's scripts show, through the same message catalogs.

``static/annotated-edition.js`` and ``static/student-notes.js`` say things
to the reader ("Link to paragraph ¶3.2 copied", "Add my note", "Note
saved", …). Their English is here, marked with ``N_`` so that
``python -m sphinx_annotated_edition.i18n`` extracts it, and translated with
``_`` when a page is written, so ``-D language=uk`` is enough. A chapter,
whose core script has something to say, carries its translated words in
its head::

    <script type="application/json" id="annotated-edition-messages">{"copied": "…"}</script>

The student notes' words (72 of them, 1.4 KB gzipped) are not on every
chapter, most of whose readers take no notes: they are written, translated
when the build starts, to ``_static/student-notes-messages.js``, which
loads before ``student-notes.js`` wherever that loads (on a chapter, only
when the loader fetches it). Each script's ``t(key, values)`` reads them,
filling ``{name}`` placeholders. A script on a page without the block (a theme that drops
``metatags``) falls back to the English built into it, which a test keeps
equal to this module's.

No plural is resolved in a script: where a count is shown there is one
message for one and one for more, and a translation for more uses wording
that needs no agreement with the number ("Нотаток: {count}"), so it is right
for every count in every language (Ukrainian has three forms).
"""

from __future__ import annotations

import json

from .i18n import N_, _
from .nodes import paragraph_label

#: the id of the block the scripts read
ELEMENT_ID = "annotated-edition-messages"
#: where, in a page's context, handlers ask for more than the core script's words
WANTED = "annotated_edition_script_messages"

#: static/annotated-edition.js (its switches and previews show the page's own words)
EDITION_MESSAGES: dict[str, str] = {
    "copied": N_("Link to paragraph {label} copied"),
}

#: static/student-notes.js: a reader's own notes (edition_student_notes)
STUDENT_NOTES_MESSAGES: dict[str, str] = {
    # forms
    "save": N_("Save"),
    "cancel": N_("Cancel"),
    "editMyNote": N_("Edit my note"),
    "myNote": N_("My note"),
    "writeFirstOrCancel": N_("Write your note first, or cancel."),
    "writeFirst": N_("Write your note first."),
    "delete": N_("Delete"),
    "deleteThisNote": N_("Delete this note"),
    "keepIt": N_("Keep it"),
    "deleteQuestion": N_("Delete this note?"),
    # a chapter
    "noteFrom": N_("Note from {name}"),
    "noteNamed": N_("{name} on “{words}”"),
    "noteOn": N_("on “{words}”"),
    "backToPassage": N_("Back to the passage"),
    "edit": N_("Edit"),
    "noteSaved": N_("Note saved"),
    "noteDeleted": N_("Note deleted"),
    "changeNotKept": N_("This browser did not keep the change"),
    "myNotes": N_("My notes"),
    "importedNotes": N_("Imported notes"),
    "notesFrom": N_("Notes from {name}"),
    "switches": N_("Show or hide your notes and the notes you imported"),
    "lostOne": N_("One of the notes kept for this chapter is about words no longer found in it."),
    "lostMany": N_("{count} of the notes kept for this chapter are about words no longer found in it."),
    "lostKept": N_("They are kept."),
    "lostKeptSee": N_("They are kept: see {link}."),
    "myNoteOn": N_("My note on {label}"),
    "wordsOf": N_("The words of {label}"),
    "selectHint": N_("Select the words your note is about here, or type them in the next box."),
    "wordsLabel": N_("The words your note is about"),
    "selectOrType": N_("Select or type the words your note is about."),
    "notInParagraph": N_("These words are not in {label} as typed. Copy them exactly, quote marks "
                         "and dashes too, or select them in the text above."),
    "moreThanOnce": N_("These words are in {label} {count} times: select the one you mean in the "
                       "text above, or type a few more words."),
    "noteNotKept": N_("This browser did not let the page keep your note (its storage is full or "
                      "switched off)."),
    "addMyNote": N_("Add my note"),
    "addMyNoteTo": N_("Add my note to {label}"),
    # the "My notes" page
    "nameKept": N_("Name kept: it goes into the files you export"),
    "noName": N_("No name: files you export carry none"),
    "exportMyNotes": N_("Export my notes"),
    "printMyNotes": N_("Print my notes"),
    "yourName": N_("Your name (optional)"),
    "nameHint": N_("Put in the files you export, so a teacher or classmate knows whose notes they are."),
    "importLabel": N_("Import notes from a file"),
    "importHint": N_("A file of notes a classmate or teacher exported from this edition (W3C Web "
                     "Annotation, .jsonld). Their notes are shown beside yours, with a switch of "
                     "their own."),
    "quoted": N_("“{words}”"),
    "noPassage": N_("(no passage)"),
    "added": N_("Added {date}"),
    "edited": N_("edited {date}"),
    "lostNoPassage": N_("Passage not found: this note names no passage."),
    "lostNotChapter": N_("Passage not found: the note is about a page that is not a chapter of "
                         "this edition."),
    "lostLastOpened": N_("Passage not found when its chapter was last opened: the chapter no "
                         "longer has these words. The note is kept."),
    "lostGone": N_("Passage not found: the chapter no longer has these words. The note is kept, "
                   "and exported with the others."),
    "summaryOne": N_("1 note, kept in this browser."),
    "summaryMany": N_("{count} notes, kept in this browser."),
    "noNotesYet": N_("You have no notes yet. Open a chapter, select some of the author's words, "
                     "and choose “Add my note”."),
    "chapter": N_("Chapter {number}: {title}"),
    "otherPages": N_("Notes on other pages"),
    "importedIntro": N_("Shown on the chapters beside your own, each with a switch of its own."),
    "remove": N_("Remove"),
    "removeNotesFrom": N_("Remove the notes from {name}"),
    "removed": N_("Notes from {name} removed"),
    "layerOne": N_("1 note, imported {date}"),
    "layerMany": N_("{count} notes, imported {date}"),
    "nothingToExport": N_("You have no notes to export yet"),
    "collectionBy": N_("Notes by {name}: {edition}"),
    "collectionMine": N_("My notes: {edition}"),
    "exportedOne": N_("1 note exported to {file}"),
    "exportedMany": N_("{count} notes exported to {file}"),
    "nothingToImport": N_("{file} holds no notes this edition can show"),
    "importNotKept": N_("This browser did not let the page keep the imported notes"),
    "importedOne": N_("Imported 1 note from {name}: shown on the chapters with a switch of their own"),
    "importedMany": N_("Imported {count} notes from {name}: shown on the chapters with a switch "
                       "of their own"),
}

#: student-notes-loader.js's, on a chapter before the notes' own words are fetched
LOADER_MESSAGES: dict[str, str] = {
    "takeNotes": N_("Take my own notes on this chapter"),
}

#: every key the scripts use, with its English
MESSAGES: dict[str, str] = {**EDITION_MESSAGES, **STUDENT_NOTES_MESSAGES, **LOADER_MESSAGES}


def translated(messages: dict[str, str]) -> dict[str, str]:
    """*messages* in the project's language (called when a page is written)."""
    return {key: str(_(english)) for key, english in messages.items()}


def _web_page(app) -> bool:
    # e-books carry no scripts (Sphinx leaves .js out of an EPUB)
    return app.builder.format == "html" and not app.builder.name.startswith("epub")


def _loads(context, script: str) -> bool:
    names = (str(getattr(asset, "filename", asset)) for asset in context.get("script_files", ()))
    return any(name == script or name.endswith("/" + script) for name in names)


def want_loader_messages(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context`` (student notes on): the loader's words on the chapters that load it."""
    from . import page_script

    # the loader is a part of annotated-edition.js, given its settings on a chapter
    if _web_page(app) and page_script.has_setting(context, "data-storage-key"):
        context.setdefault(WANTED, {}).update(LOADER_MESSAGES)


#: the student notes' words, as a script that loads before theirs
STUDENT_NOTES_SCRIPT = "student-notes-messages.js"
#: the global it sets, read by student-notes.js
STUDENT_NOTES_GLOBAL = "annotatedEditionStudentNotesMessages"


def student_notes_script() -> str:
    """The text of ``_static/student-notes-messages.js``, in the build's language."""
    payload = json.dumps(translated(STUDENT_NOTES_MESSAGES), ensure_ascii=False, sort_keys=True,
                         indent=0)
    return ("/* annotated_edition: the words of student-notes.js, in this build's language\n"
            " * (js_messages.py); loaded before it, only where it loads. */\n"
            f"window.{STUDENT_NOTES_GLOBAL} = {payload};\n")


def _has_paragraph_labels(doctree) -> bool:
    return doctree is not None and next(iter(doctree.findall(paragraph_label)), None) is not None


def add_script_messages(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``, after every handler that adds or drops a script:
    the words of the page's scripts, translated, in a JSON block in its head.

    The core script speaks only of paragraph labels ("Link to paragraph ¶3.2
    copied"): a page without them (no chapter) gets no block, and stays as
    Sphinx writes it but for the package's stylesheet and script."""
    if not _web_page(app):
        return
    core = _loads(context, "annotated-edition.js") and _has_paragraph_labels(doctree)
    messages = dict(EDITION_MESSAGES) if core else {}
    messages.update(context.get(WANTED, {}))
    if not messages:
        return
    payload = json.dumps(translated(messages), ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    context["metatags"] = context.get("metatags", "") + (
        f'\n<script type="application/json" id="{ELEMENT_ID}">{payload}</script>')
