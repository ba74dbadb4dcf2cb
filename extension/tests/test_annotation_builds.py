"""The annotation layer in incremental, parallel and every builder's builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import new_app, record_activity, warnings_of


def test_editing_an_annotation_file_rewrites_only_what_shows_it(rootdir, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-incremental", srcdir)
    with new_app(srcdir, freshenv=True) as app:
        app.build()
        assert warnings_of(app) == []

    # nothing changed: nothing is read, nothing is written but Sphinx's own pages
    with new_app(srcdir) as app:
        read, written = record_activity(app)
        app.build()
        assert read == set()
        assert written & {"index", "chapters/01-one", "chapters/02-two", "notes", "other"} == set()

    note = srcdir / "annotations" / "01-one.md"
    note.write_text(note.read_text().replace("A note on chapter one.", "An edited note."))
    with new_app(srcdir) as app:
        read, written = record_activity(app)
        app.build()
        assert warnings_of(app) == []
        assert read == {"chapters/01-one"}
        # the notes index shows no note text: only the chapter changes (and,
        # by Sphinx's own rule, the page whose toctree holds the chapter)
        assert written - {"genindex", "search"} == {"chapters/01-one", "index"}
        assert "An edited note." in (app.outdir / "chapters" / "01-one.html").read_text()

    note.write_text(note.read_text().replace(":quote: one sentence", ":quote: has one sentence"))
    with new_app(srcdir) as app:
        read, written = record_activity(app)
        app.build()
        assert warnings_of(app) == []
        assert read == {"chapters/01-one"}
        # a quote the index shows changed: its chapter and the pages listing notes
        assert written - {"genindex", "search"} == {"chapters/01-one", "notes", "index"}
        assert "“has one sentence”" in (app.outdir / "notes.html").read_text()


def test_a_chapter_with_no_annotations_file_is_read_again_only_when_one_is_made(rootdir, tmp_path):
    """A missing file noted as a dependency would make Sphinx re-read its
    chapter in every build, a no-op build too."""
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-incremental", srcdir)
    notes = srcdir / "annotations" / "02-two.md"
    text = notes.read_text(encoding="utf-8")
    notes.unlink()
    with new_app(srcdir, freshenv=True) as app:
        app.build()
        assert warnings_of(app) == []

    def rebuild() -> tuple[set, str]:
        with new_app(srcdir) as app:
            read, _ = record_activity(app)
            app.build()
            assert warnings_of(app) == []
            return read, (app.outdir / "chapters" / "02-two.html").read_text(encoding="utf-8")

    assert rebuild()[0] == set()
    notes.write_text(text, encoding="utf-8")
    read, page = rebuild()
    assert read == {"chapters/02-two"} and "A note on chapter two" in page
    assert rebuild()[0] == set()
    notes.unlink()
    read, page = rebuild()
    assert read == {"chapters/02-two"} and "A note on chapter two" not in page
    assert rebuild()[0] == set()


def test_adding_a_note_updates_the_index_counts(rootdir, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-incremental", srcdir)
    with new_app(srcdir, freshenv=True) as app:
        app.build()
    note = srcdir / "annotations" / "02-two.md"
    note.write_text(note.read_text() + "\n:::{annotation} rhetoric\n:quote: The second chapter\n\nMore.\n:::\n")
    with new_app(srcdir) as app:
        app.build()
        assert warnings_of(app) == []
        index = (app.outdir / "notes.html").read_text()
        assert "entry-rhetoric-the-second-chapter" in index


def _outputs(outdir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(outdir)): p.read_text(encoding="utf-8")
        for p in sorted(outdir.rglob("*.html"))
    }


def _more_chapters(srcdir: Path, count: int) -> None:
    """Sphinx reads in parallel only with more than 5 documents: add chapters."""
    names = []
    for number in range(3, 3 + count):
        name = f"{number:02d}-more"
        names.append(f"chapters/{name}")
        (srcdir / "chapters" / f"{name}.md").write_text(
            f"---\nedition-chapter: {number}\n---\n\n# Chapter {number}\n\n"
            f"(p{number}.1)=\nChapter {number} has words of its own.\n")
        (srcdir / "annotations" / f"{name}.md").write_text(
            f":::{{annotation}} context\n:quote: words of its own\n:id: note-{number}\n\n"
            f"A note on chapter {number}.\n:::\n")
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace("notes\n", "\n".join(names) + "\nnotes\n"))


def test_parallel_build_equals_serial(rootdir, tmp_path):
    results = []
    for jobs in (1, 2):
        srcdir = tmp_path / f"src-{jobs}"
        shutil.copytree(rootdir / "test-incremental", srcdir)
        _more_chapters(srcdir, 6)
        with new_app(srcdir, freshenv=True, parallel=jobs) as app:
            app.build()
            assert warnings_of(app) == []
            results.append(_outputs(app.outdir))
            # every worker's notes were merged into the index
            assert app.env.get_domain("annotation").all_notes().__len__() == 8
    serial, parallel = results
    assert serial.keys() == parallel.keys()
    for name in serial:
        assert serial[name] == parallel[name], name


@pytest.mark.parametrize(
    ("builder", "page", "expected"),
    [
        ("html", "chapters/01-first.html", '<aside class="annotation editorial kind-fact-check verdict-supported"'),
        ("epub", "chapters/01-first.xhtml", '<aside class="annotation editorial kind-fact-check verdict-supported"'),
        ("latex", "python.tex", r"\begin{editionnote}{fact-check}"),
        ("text", "chapters/01-first.txt", "Note 1.1 · Fact-check · Verdict: Supported"),
        ("man", "python.1", "Note 1.1"),
        ("texinfo", "python.texi", "Note 1.1"),
    ],
)
def test_every_builder_renders_the_notes(rootdir, tmp_path, builder, page, expected):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-anchoring", srcdir)
    with new_app(srcdir, builder, freshenv=True, confoverrides={"project": "python"}) as app:
        app.build()
        assert warnings_of(app) == []
        text = (app.outdir / page).read_text(encoding="utf-8")
    assert expected in text
    if builder in ("latex", "text", "man", "texinfo"):
        # the marker is in the text and the author's words are intact around it
        assert "[1.1]" in text
        assert "deep, and" in text
        # a hard line break survives as a break, never as words run together
        assert "verse.Second" not in text
        assert {"latex": "verse.\\\\\nSecond", "man": "verse.\n.br\nSecond",
                "texinfo": "verse.@*\nSecond"}.get(builder, "verse.") in text


def test_incremental_export_equals_a_clean_one(rootdir, tmp_path, monkeypatch):
    """After an edit the export re-reads only rewritten pages; the result must
    be what a clean build of the edited project writes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764979200")
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-incremental", srcdir)
    _more_chapters(srcdir, 3)
    with new_app(srcdir, freshenv=True) as app:
        app.build()
    note = srcdir / "annotations" / "01-one.md"
    note.write_text(note.read_text().replace("A note on chapter one.", "An edited note."))
    with new_app(srcdir) as app:
        app.build()
        incremental = (app.outdir / "annotations.jsonld").read_text()
    assert "An edited note." in incremental
    clean = tmp_path / "clean"
    shutil.copytree(srcdir, clean, ignore=shutil.ignore_patterns("_build"))
    with new_app(clean, freshenv=True) as app:
        app.build()
        assert (app.outdir / "annotations.jsonld").read_text() == incremental


def test_chapter_doctrees_do_not_carry_the_environment(rootdir, tmp_path):
    """Notes parsed from an annotations file must not keep their parse's
    document: through it a pickled doctree held the whole environment."""
    import pickle

    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-incremental", srcdir)
    _more_chapters(srcdir, 6)
    with new_app(srcdir, freshenv=True) as app:
        app.build()
        doctrees = Path(app.doctreedir) / "chapters"
        sizes = {p.stem: p.stat().st_size for p in doctrees.glob("*.doctree")}
        doctree = pickle.loads((doctrees / "08-more.doctree").read_bytes())
    # the last chapter read is no larger than the first of the same shape
    assert sizes["08-more"] < 1.2 * sizes["03-more"]
    for node in doctree.findall():
        assert getattr(node, "document", None) in (None, doctree)


def test_each_exported_note_carries_its_own_text(rootdir, tmp_path):
    """Two notes on one page: each annotation's body is its own note's, in
    the page's order, whichever way the export finds the notes' asides."""
    import json

    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-incremental", srcdir)
    notes = srcdir / "annotations" / "01-one.md"
    notes.write_text(":::{annotation} context\n:quote: first chapter\n\nA note before it.\n:::\n"
                     + notes.read_text())
    with new_app(srcdir, freshenv=True) as app:
        app.build()
        assert warnings_of(app) == []
        items = json.loads((app.outdir / "annotations.jsonld").read_text())["first"]["items"]
    bodies = {item["target"]["selector"]["exact"]: item["body"][0]["value"] for item in items}
    assert bodies["first chapter"] == "<p>A note before it.</p>"
    assert bodies["one sentence"] == "<p>A note on chapter one.</p>"
