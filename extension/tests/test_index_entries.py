"""The notes index's entries are made when they are written (one chapter's
at a time, then let go) rather than held as nodes from doctree-resolved to
the end: the same output as made at once, in every builder, the search
index included."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOTS, build_project

FIXTURE = ROOTS / "test-rendering"
#: what each builder writes that holds the index (and, for html, the search index)
WRITTEN = {"html": (".html", ".js"), "dirhtml": (".html",), "singlehtml": (".html",),
           "epub": (".xhtml",), "latex": (".tex",), "text": (".txt",), "man": (".1",),
           "texinfo": (".texi",)}


def written(outdir: Path, suffixes: tuple[str, ...]) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in sorted(outdir.rglob("*"))
            if p.is_file() and p.suffix in suffixes}


def build(tmp_path: Path, builder: str, name: str) -> dict[str, bytes]:
    outdir, warnings = build_project(shutil.copytree(FIXTURE, tmp_path / name), builder)
    assert warnings == []
    return written(outdir, WRITTEN[builder])


@pytest.mark.parametrize("builder", sorted(WRITTEN))
def test_entries_made_when_written_are_the_entries_made_at_once(tmp_path, monkeypatch, builder):
    from sphinx_annotated_edition import index

    deferred = build(tmp_path, builder, "deferred")
    # the entries as they were made before: nodes in the doctree from doctree-resolved on
    monkeypatch.setattr(index, "_deferred_entries", lambda builder, fromdocname, docname, records:
                        index.chapter_entries(builder, index.annotation_index_entries(
                            fromdocname=fromdocname, docname=docname, records=list(records))))
    at_once = build(tmp_path, builder, "at-once")
    assert deferred and deferred == at_once
    if builder == "singlehtml":  # one page: no link to "#document-…#…", which goes nowhere
        assert not any(re.search(rb'href="#document-[^"#]*#', content) for content in deferred.values())
    # and the index is there: its entries' words
    assert any(b"Note 1.1" in content or b"Note\xc2\xa01.1" in content for content in deferred.values())


def test_the_entries_are_let_go_once_written(tmp_path):
    """After a page is written its index holds no entry node: one chapter's
    entries at a time, not every chapter's, are ever nodes."""
    from io import StringIO

    from docutils import nodes
    from sphinx.testing.util import SphinxTestApp

    from sphinx_annotated_edition.nodes import annotation_index_entries

    app = SphinxTestApp("html", srcdir=shutil.copytree(FIXTURE, tmp_path / "src"),
                        status=StringIO(), warning=StringIO())
    seen = []
    app.connect("html-page-context", lambda app, pagename, templatename, context, doctree:
                seen.extend(list(doctree.findall(annotation_index_entries))) if doctree else None)
    try:
        app.build()
    finally:
        app.cleanup()
    assert seen, "the notes page has deferred entries"
    for node in seen:
        assert not any(isinstance(child, nodes.Element) for child in node.children)


def test_the_entries_words_are_the_words_of_the_entries(tmp_path):
    """What the search index gets at doctree-resolved (entry_words) is the
    text of the entries the writer makes (chapter_entries), node by node,
    for every kind of entry: a verdict or none, a quote or the whole
    paragraph, a review date or none."""
    from io import StringIO

    from docutils import nodes
    from sphinx.testing.util import SphinxTestApp

    from sphinx_annotated_edition import index

    app = SphinxTestApp("html", srcdir=shutil.copytree(FIXTURE, tmp_path / "src"),
                        status=StringIO(), warning=StringIO())
    try:
        app.build()
        records = app.env.get_domain("annotation").all_notes()
        assert records
        first = records[0]
        varied = [first._replace(verdict=verdict, whole_paragraph=whole, reviewed=reviewed)
                  for verdict in ("", "supported") for whole in (False, True)
                  for reviewed in ("", "2026-02-05", "2026-03")]
        for chosen in (records, varied):
            node = index.annotation_index_entries(fromdocname="notes", docname=first.docname,
                                                  records=list(chosen))
            made = index.chapter_entries(app.builder, node)
            texts = [str(text) for text in made.findall(nodes.Text)]
            assert index.entry_words(app.config, chosen) == texts
            assert len(texts) > 6 * len(chosen)
        # and what a reader sees of one: "Note 1.1 · Fact-check · Supported · ¶1.1 (the whole …"
        one = index.entry_words(app.config, [varied[-1]])
        assert one[:2] == [f"Note {first.number}", " · "] and one[3:5] == [" · ", "Supported"]
    finally:
        app.cleanup()
