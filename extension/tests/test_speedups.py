"""The build speed-ups (edition_speedups) change how fast, never what: the
same output with them on and off; each stands for a fix that belongs
upstream, and a test here fails once upstream has it, so it can go."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_project, new_app, record_activity, warnings_of

SPEED = True
FIXTURE = Path(__file__).parent / "roots" / "test-citation-labels"


def build(srcdir: Path, speedups: bool, fresh: bool = True) -> Path:
    outdir, warnings = build_project(srcdir, fresh=fresh, edition_speedups=speedups)
    assert warnings == []
    return outdir


def _search_terms_in_use(data: bytes) -> bytes:
    """Sphinx's incremental search index keeps a removed word with no page
    ("middl": []); a clean build leaves it out. Both find the same pages."""
    import json

    text = data.decode("utf-8")
    index = json.loads(text[len("Search.setIndex("):-1])
    for key in ("terms", "titleterms"):
        index[key] = {term: docs for term, docs in index[key].items() if docs != []}
    return json.dumps(index, sort_keys=True).encode("utf-8")


def pages(outdir: Path) -> dict[str, bytes]:
    found = {p.relative_to(outdir).as_posix(): p.read_bytes() for p in sorted(outdir.rglob("*"))
             if p.is_file() and p.suffix in {".html", ".js", ".jsonld"}}
    if "searchindex.js" in found:
        found["searchindex.js"] = _search_terms_in_use(found["searchindex.js"])
    return found


def test_same_output_with_and_without(tmp_path):
    threshold = gc.get_threshold()
    off = pages(build(shutil.copytree(FIXTURE, tmp_path / "off"), False))
    on_dir = shutil.copytree(FIXTURE, tmp_path / "on")
    on = pages(build(on_dir, True))
    assert off and on == off
    # the process collects garbage as before once the build is over
    assert gc.get_threshold() == threshold and gc.get_freeze_count() == 0


def test_the_build_leaves_the_young_generations_empty(tmp_path):
    """With CPython's thresholds back, the first allocation after a build must
    not collect what the build's high threshold let pile up (restore)."""
    build(shutil.copytree(FIXTURE, tmp_path / "on"), True)
    young = gc.get_count()
    assert young[1] == 0 and young[0] < 700, young
    # what the build left as garbage is still collected, by a full collection
    assert gc.get_freeze_count() == 0 and gc.collect() > 0


def _fresh(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_pybtex_still_scans_entry_points_on_every_look_up():
    """Fails when pybtex caches its entry points: then drop cache_pybtex_entry_points."""
    assert _fresh("import importlib.metadata as m, pybtex.plugin as p; "
                  "print(p.entry_points is m.entry_points)") == "True"


def test_pybtex_still_decodes_latex_on_every_call():
    """Fails when pybtex (or latexcodec) stops decoding a string twice: then
    drop cache_pybtex_latex_decoding."""
    code = """
import codecs
calls = []
real = codecs.decode
codecs.decode = lambda s, name="utf-8", *a: (calls.append(name), real(s, name, *a))[1]
from pybtex.richtext import Text
for _ in range(2):
    Text.from_latex("Caf{\\\\'e} au lait")
print(calls.count("ulatex"))
"""
    assert _fresh(code) == "2"


def test_citations_kept_through_a_no_op_build_are_right(tmp_path):
    """After a no-op build (citations restored, not re-formatted), an edit
    writes the same pages a clean build without the speed-ups writes."""
    srcdir = shutil.copytree(FIXTURE, tmp_path / "src")
    build(srcdir, SPEED)  # cold
    build(srcdir, SPEED, fresh=False)  # no-op
    notes = srcdir / "annotations" / "01-one.md"
    # one source fewer: the letters of the others change ("2025c" becomes "2025b")
    notes.write_text(notes.read_text(encoding="utf-8").replace("middle {cite:p}`wire-middle`,", ""))
    incremental = pages(build(srcdir, SPEED, fresh=False))
    clean = pages(build(shutil.copytree(srcdir, tmp_path / "clean", ignore=shutil.ignore_patterns("_build")),
                        False))
    assert incremental == clean


def test_sphinxcontrib_bibtex_still_reformats_in_a_build_that_reads_nothing(tmp_path):
    """Fails when sphinxcontrib-bibtex keeps its citations in a no-op build:
    then drop keep_bibtex_citations_when_nothing_is_read."""
    from sphinxcontrib.bibtex.domain import BibtexDomain

    srcdir = shutil.copytree(FIXTURE, tmp_path / "src")
    calls = []
    original = BibtexDomain.get_formatted_entries
    try:
        BibtexDomain.get_formatted_entries = lambda self, *a: (calls.append(1), original(self, *a))[1]
        for fresh in (True, False):
            build(srcdir, False, fresh=fresh)
            calls.append("build")
    finally:
        BibtexDomain.get_formatted_entries = original
    second = calls[calls.index("build") + 1:-1]
    assert second, "upstream no longer re-formats in a no-op: the workaround can go"


def test_text_the_fast_path_skips_is_text_latexcodec_leaves_alone():
    """decode_latex returns text unchanged when it has nothing latexcodec
    acts on; on random text of the kind a bibliography holds, latexcodec
    agrees (a seeded sample, so a failure can be replayed)."""
    import codecs
    import random

    import latexcodec  # noqa: F401

    from sphinx_annotated_edition.speedups import _LATEX_ACTIVE, decode_latex

    alphabet = ("abcXYZ019 .,;:!?'\"-–—_/#&@=+*()[]<>|$^{}%~\\`\n“”‘’«»é²ієї" + "https://a.b/c?d=e")
    rng = random.Random(20261201)
    skipped = 0
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        if _LATEX_ACTIVE.search(text):
            continue
        skipped += 1
        assert decode_latex(text) == text == codecs.decode(text, "ulatex"), repr(text)
    assert skipped > 2000


def test_decoded_latex_is_kept_for_the_next_build(tmp_path):
    from types import SimpleNamespace

    from sphinx_annotated_edition import speedups

    app = SimpleNamespace(doctreedir=tmp_path, config=SimpleNamespace(edition_speedups=True))
    speedups.decode_latex("A {\\'e}t{\\'e} report -- 2025")
    speedups.save_decoded(app, None)
    speedups._decoded.clear()
    speedups.load_decoded(app)
    assert speedups._decoded == {"A {\\'e}t{\\'e} report -- 2025": "A {é}t{é} report – 2025"}


def _count_formatting(monkeypatch) -> list[int]:
    """Entries pybtex formats (each makes a FormattedEntry), whoever asks."""
    from pybtex.style import FormattedEntry

    calls: list[int] = []
    original = FormattedEntry.__init__

    def counting(self, *args, **kwargs):
        calls.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(FormattedEntry, "__init__", counting)
    return calls


def test_an_edit_to_a_note_formats_no_entry_anew(tmp_path, monkeypatch):
    """With the speed-ups, entries formatted by the last build are kept:
    an edit that changes no citation formats nothing, and writes what a
    clean build without the speed-ups writes."""
    from sphinx_annotated_edition import speedups

    srcdir = shutil.copytree(FIXTURE, tmp_path / "src")
    build(srcdir, SPEED)
    assert (srcdir / "_build" / "doctrees" / speedups.FORMATTED_NAME).exists()
    speedups._formatted.clear()  # as a new process would start: from the file
    notes = srcdir / "annotations" / "01-one.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    calls = _count_formatting(monkeypatch)
    incremental = pages(build(srcdir, SPEED, fresh=False))
    assert calls == []
    monkeypatch.undo()
    clean = pages(build(shutil.copytree(srcdir, tmp_path / "clean", ignore=shutil.ignore_patterns("_build")),
                        False))
    assert incremental == clean


def test_the_formatted_entries_file_is_written_only_when_it_changes(tmp_path):
    """An edit that changes no citation leaves the doctree folder's file as
    it was; a changed entry writes it anew, with that entry."""
    import os

    from sphinx_annotated_edition import speedups

    srcdir = shutil.copytree(FIXTURE, tmp_path / "src")
    build(srcdir, SPEED)
    stored = srcdir / "_build" / "doctrees" / speedups.FORMATTED_NAME
    os.utime(stored, ns=(0, 0))  # as written long ago
    notes = srcdir / "annotations" / "01-one.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build(srcdir, SPEED, fresh=False)
    assert stored.stat().st_mtime_ns == 0
    bib = next(srcdir.glob("*.bib"))
    bib.write_text(bib.read_text(encoding="utf-8").replace("title = {", "title = {Revised: ", 1),
                   encoding="utf-8")
    build(srcdir, SPEED, fresh=False)
    assert stored.stat().st_mtime_ns != 0
    assert b"Revised: " in stored.read_bytes()


def test_a_changed_entry_is_formatted_anew(tmp_path):
    srcdir = shutil.copytree(FIXTURE, tmp_path / "src")
    build(srcdir, SPEED)
    bib = next(srcdir.glob("*.bib"))
    text = bib.read_text(encoding="utf-8")
    changed = text.replace("title = {", "title = {Revised: ", 1)
    assert changed != text
    bib.write_text(changed, encoding="utf-8")
    incremental = pages(build(srcdir, SPEED, fresh=False))
    assert any(b"Revised: " in page for page in incremental.values())
    clean = pages(build(shutil.copytree(srcdir, tmp_path / "clean", ignore=shutil.ignore_patterns("_build")),
                        False))
    assert incremental == clean


def test_sphinxcontrib_bibtex_still_formats_every_entry_when_one_document_is_read(tmp_path, monkeypatch):
    """Fails when sphinxcontrib-bibtex keeps formatted entries between builds:
    then drop cache_pybtex_formatting."""
    srcdir = shutil.copytree(FIXTURE, tmp_path / "src")
    build(srcdir, False)
    notes = srcdir / "annotations" / "01-one.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    calls = _count_formatting(monkeypatch)
    build(srcdir, False, fresh=False)
    entries = sum(text.count("@") for text in (p.read_text(encoding="utf-8") for p in srcdir.glob("*.bib")))
    assert len(calls) >= entries > 0, "upstream no longer re-formats every entry: the workaround can go"


def test_formatted_entries_are_kept_only_for_the_same_pybtex(tmp_path, monkeypatch):
    import pickle
    from types import SimpleNamespace

    from sphinx_annotated_edition import speedups

    app = SimpleNamespace(doctreedir=tmp_path, config=SimpleNamespace(edition_speedups=True))
    speedups._formatted.clear()
    speedups._formatted[("key",)] = "formatted"
    speedups._formatted_used.add(("key",))
    speedups.save_formatted(app, None)
    speedups._formatted.clear()
    speedups.load_formatted(app)
    assert speedups._formatted == {("key",): "formatted"}
    # written by another pybtex: not used
    stored = pickle.loads((tmp_path / speedups.FORMATTED_NAME).read_bytes())
    stored["made_by"] = ("0.1", stored["made_by"][1])
    (tmp_path / speedups.FORMATTED_NAME).write_bytes(pickle.dumps(stored))
    speedups._formatted.clear()
    speedups.load_formatted(app)
    assert speedups._formatted == {}
    # damaged: not used, no error
    (tmp_path / speedups.FORMATTED_NAME).write_bytes(b"\x80\x05 not a pickle")
    speedups.load_formatted(app)
    assert speedups._formatted == {}


def _templates_compiled(monkeypatch) -> list[str]:
    """The names of the templates a build compiles and keeps from now on."""
    from jinja2 import FileSystemBytecodeCache

    kept: list[str] = []
    dump = FileSystemBytecodeCache.dump_bytecode

    def counting(self, bucket):
        kept.append(bucket.key)
        dump(self, bucket)

    monkeypatch.setattr(FileSystemBytecodeCache, "dump_bytecode", counting)
    return kept


def test_compiled_templates_are_kept_for_the_machine(tmp_path, monkeypatch):
    """Another project's first build finds the theme compiled; an edited
    build's pages are the same."""
    import tempfile

    from sphinx_annotated_edition import speedups

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    kept = _templates_compiled(monkeypatch)
    first = pages(build(shutil.copytree(FIXTURE, tmp_path / "one"), SPEED))
    assert kept, "no compiled template kept"
    folder = next((tmp_path / "tmp").glob("_jinja2-cache-*"))
    assert len(list(folder.glob("annotated-edition-sphinx*-jinja*-*.cache"))) == len(set(kept))
    assert not (tmp_path / "one" / "_build" / "doctrees" / speedups.JINJA_CACHE).exists()
    kept.clear()
    srcdir = shutil.copytree(FIXTURE, tmp_path / "two")
    assert pages(build(srcdir, SPEED)) == first
    assert kept == [], "a second project compiled the theme again"
    notes = srcdir / "annotations" / "01-one.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert pages(build(srcdir, SPEED, fresh=False)) == first
    assert kept == []


@pytest.mark.parametrize("package", ["jinja2", "sphinx"])
def test_templates_compiled_by_another_version_are_not_used(tmp_path, monkeypatch, package):
    import importlib
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    kept = _templates_compiled(monkeypatch)
    first = pages(build(shutil.copytree(FIXTURE, tmp_path / "one"), SPEED))
    compiled = len(kept)
    monkeypatch.setattr(importlib.import_module(package), "__version__", "0.0.1")
    assert pages(build(shutil.copytree(FIXTURE, tmp_path / "two"), SPEED)) == first
    assert len(kept) == 2 * compiled


def test_compiled_templates_fall_back_to_the_doctree_folder(tmp_path, monkeypatch):
    """Where Jinja cannot make or trust its folder, the doctree folder keeps them."""
    from jinja2 import FileSystemBytecodeCache

    from sphinx_annotated_edition import speedups

    def refuse(self):
        raise RuntimeError("no usable temporary directory")

    monkeypatch.setattr(FileSystemBytecodeCache, "_get_default_cache_dir", refuse)
    kept = _templates_compiled(monkeypatch)
    srcdir = shutil.copytree(FIXTURE, tmp_path / "src")
    first = pages(build(srcdir, SPEED))
    cache = srcdir / "_build" / "doctrees" / speedups.JINJA_CACHE
    assert kept and len(list(cache.iterdir())) == len(set(kept))
    kept.clear()
    notes = srcdir / "annotations" / "01-one.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert pages(build(srcdir, SPEED, fresh=False)) == first
    assert kept == []


def test_sphinx_still_compiles_its_templates_without_a_bytecode_cache(tmp_path):
    """Fails when Sphinx keeps compiled templates itself: then drop
    cache_compiled_templates."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=shutil.copytree(FIXTURE, tmp_path / "src"), status=StringIO(),
                        warning=StringIO(), confoverrides={"edition_speedups": False})
    try:
        assert app.builder.templates.environment.bytecode_cache is None
    finally:
        app.cleanup()


def _pickles_kept(srcdir: Path, speedups: bool) -> set[str]:
    """The documents whose pickle Sphinx still holds in memory after a build
    that wrote a page it did not read (its doctree comes from the pickle)."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    build(srcdir, speedups)
    (srcdir / "_build" / "html" / "chapters" / "01-one.html").unlink()
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO(),
                        freshenv=False, confoverrides={"edition_speedups": speedups})
    try:
        app.build()
        assert (srcdir / "_build" / "html" / "chapters" / "01-one.html").is_file()
        return set(app.env._pickled_doctree_cache)
    finally:
        app.cleanup()


def test_sphinx_still_keeps_every_doctree_pickle_in_memory(tmp_path):
    """Fails when Sphinx lets a pickle go once the page is written (upstream:
    sphinx-doc/sphinx#12431): then drop forget_pickled_doctree."""
    kept = _pickles_kept(shutil.copytree(FIXTURE, tmp_path / "src"), False)
    assert "chapters/01-one" in kept, "Sphinx no longer keeps the pickles: the workaround can go"


def test_with_the_speed_ups_no_pickle_is_kept_once_its_page_is_resolved(tmp_path):
    off = shutil.copytree(FIXTURE, tmp_path / "off")
    on = shutil.copytree(FIXTURE, tmp_path / "on")
    assert _pickles_kept(off, False)
    assert _pickles_kept(on, True) == set()
    # and the page written from the pickle is the same
    assert pages(on / "_build" / "html") == pages(off / "_build" / "html")


#: builds the project in this process, leaves a cycle with a finalizer as
#: garbage, and exits as sphinx-build does: the finalizer writes to *probe*
#: if Python's collection at exit reaches it
EXIT_PROBE = r"""
import sys
from sphinx.cmd.build import main

srcdir, outdir, speedups, probe = sys.argv[1:5]
status = main(["-b", "html", "-q", "-D", f"edition_speedups={speedups}", srcdir, outdir])


class Cycle:
    def __del__(self):
        with open(probe, "w", encoding="utf-8") as handle:
            handle.write("collected at exit")


garbage = Cycle()
garbage.itself = garbage
del garbage
sys.exit(status)
"""


def _collected_at_exit(tmp_path: Path, speedups: bool) -> bool:
    name = "on" if speedups else "off"
    srcdir = shutil.copytree(FIXTURE, tmp_path / name)
    probe = tmp_path / f"probe-{name}"
    subprocess.run([sys.executable, "-c", EXIT_PROBE, str(srcdir), str(tmp_path / f"out-{name}"),
                    str(int(speedups)), str(probe)], check=True, capture_output=True, text=True)
    assert (tmp_path / f"out-{name}" / "index.html").exists()
    return probe.exists()


def test_python_still_collects_the_heap_at_exit(tmp_path):
    """What skip_collection_at_exit saves: once Python no longer collects
    at exit, this fails, and the workaround can go."""
    assert _collected_at_exit(tmp_path, speedups=False)


def test_with_the_speed_ups_the_heap_is_left_to_the_system_at_exit(tmp_path):
    assert not _collected_at_exit(tmp_path, speedups=True)


def test_the_exit_handler_is_registered_once_however_many_builds(tmp_path):
    import atexit

    from sphinx_annotated_edition import speedups

    before = atexit._ncallbacks()
    for name in ("first", "second"):
        build(shutil.copytree(FIXTURE, tmp_path / name), True)
    assert speedups._exit_registered
    assert atexit._ncallbacks() - before <= 1


DESIGN_FIXTURE = Path(__file__).parent / "roots" / "test-design-passes"


def _design_walks(tmp_path: Path, name: str, monkeypatch, **overrides) -> tuple[Path, dict[str, int]]:
    """Build roots/test-design-passes; how often sphinx-design's passes asked
    is_component, by page."""
    import sphinx_design.dropdown
    import sphinx_design.shared
    import sphinx_design.tabs

    asked: dict[str, int] = {}
    original = sphinx_design.shared.is_component

    def counted(node, component):
        source = node.document["source"] if node.document is not None else ""
        asked[Path(source).stem] = asked.get(Path(source).stem, 0) + 1
        return original(node, component)

    for module in (sphinx_design.dropdown, sphinx_design.tabs):
        monkeypatch.setattr(module, "is_component", counted)
    outdir, warnings = build_project(shutil.copytree(DESIGN_FIXTURE, tmp_path / name), **overrides)
    assert warnings == []
    return outdir, asked


def test_sphinx_design_still_walks_a_page_without_components(tmp_path, monkeypatch):
    """The reason for the workaround: once sphinx-design skips such a page
    itself, this fails, and the workaround can go."""
    _out, asked = _design_walks(tmp_path, "off", monkeypatch, edition_speedups=False)
    assert asked.get("plain", 0) > 0 and asked.get("index", 0) > 0


def test_with_the_speed_ups_sphinx_design_walks_only_pages_with_components(tmp_path, monkeypatch):
    off, _ = _design_walks(tmp_path, "off", monkeypatch, edition_speedups=False)
    on, asked = _design_walks(tmp_path, "on", monkeypatch, edition_speedups=True)
    assert asked.get("plain", 0) == 0 and asked.get("index", 0) > 0
    # the components are rendered as before, and every page is the same
    assert b"sd-dropdown" in (on / "index.html").read_bytes()
    assert b"sd-tab-set" in (on / "index.html").read_bytes()
    assert pages(on) == pages(off)


TOCTREE_FIXTURE = Path(__file__).parent / "roots" / "test-page-toctrees"
#: the arguments furo's sidebar passes, and others a template might
TOCTREE_CALLS = (
    {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True},
    {"collapse": False, "titles_only": False, "maxdepth": 2, "includehidden": False},
    {"collapse": False, "maxdepth": -1},
)


def _toctree_app(srcdir: Path, speedups: bool):
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True, status=StringIO(), warning=StringIO(),
                        confoverrides={"edition_speedups": speedups})
    app.build()
    return app


def test_each_page_has_the_toctree_sphinx_gives_it(tmp_path):
    from sphinx.builders.html import StandaloneHTMLBuilder

    from sphinx_annotated_edition import page_toctree

    app = _toctree_app(shutil.copytree(TOCTREE_FIXTURE, tmp_path / "src"), True)
    try:
        builder = app.builder
        sphinx_own = StandaloneHTMLBuilder._get_local_toctree.__wrapped__
        made_from_folder = 0
        # every page, and the pages Sphinx adds that are no document
        pagenames = sorted(app.env.all_docs) + ["genindex", "search"]
        for docname in pagenames:
            for kwargs in TOCTREE_CALLS:
                fast = builder._get_local_toctree(docname, **kwargs)
                assert fast == sphinx_own(builder, docname, **kwargs), (docname, kwargs)
            folder = sphinx_own(builder, page_toctree.neutral_name(docname), **TOCTREE_CALLS[0])
            href = builder.get_relative_uri(page_toctree.neutral_name(docname), docname)
            made_from_folder += page_toctree.mark_current(folder, href) is not None
        # every page is made from its folder's (the root, the orphan and the
        # search page as it is) but the page listed twice, which is Sphinx's own
        assert made_from_folder == len(pagenames) - 1
    finally:
        app.cleanup()


def _toctree_resolutions(tmp_path: Path, name: str, speedups: bool, monkeypatch) -> tuple[Path, int]:
    import sphinx.builders.html

    calls = []
    original = sphinx.builders.html.global_toctree_for_doc

    def counted(env, docname, *args, **kwargs):
        calls.append(docname)
        return original(env, docname, *args, **kwargs)

    monkeypatch.setattr(sphinx.builders.html, "global_toctree_for_doc", counted)
    outdir, warnings = build_project(shutil.copytree(TOCTREE_FIXTURE, tmp_path / name),
                                     edition_speedups=speedups)
    assert warnings == []
    return outdir, len(calls)


def test_sphinx_still_resolves_the_whole_toctree_for_every_page(tmp_path, monkeypatch):
    """The reason for page_toctree.py: once Sphinx (or furo) resolves it once
    for all, this fails, and the workaround can go."""
    outdir, resolved = _toctree_resolutions(tmp_path, "off", False, monkeypatch)
    assert resolved >= len(list(outdir.rglob("*.html"))) - 2  # (search and genindex too)


def test_with_the_speed_ups_the_toctree_is_resolved_once_a_folder(tmp_path, monkeypatch):
    off, _ = _toctree_resolutions(tmp_path, "off", False, monkeypatch)
    on, resolved = _toctree_resolutions(tmp_path, "on", True, monkeypatch)
    pages_written = len(list(on.rglob("*.html")))
    # two folders, and Sphinx's own for the root, the orphan, the page listed
    # twice, search and genindex
    assert resolved <= 2 + 5 < pages_written
    assert pages(on) == pages(off)


def _default_settings_made(tmp_path: Path, name: str, speedups: bool, monkeypatch) -> tuple[Path, int]:
    import docutils.frontend

    made = []
    original = docutils.frontend.OptionParser.get_default_values

    def counted(self):
        made.append(1)
        return original(self)

    monkeypatch.setattr(docutils.frontend.OptionParser, "get_default_values", counted)
    outdir = build(shutil.copytree(FIXTURE, tmp_path / name), speedups)
    return outdir, len(made)


def test_myst_still_makes_a_throwaway_document_for_every_text(monkeypatch):
    """The reason for cache_myst_default_settings: once MyST makes its
    default document only when it is given none, this fails, and it can go."""
    from docutils.frontend import get_default_settings
    from docutils.utils import new_document
    from markdown_it import MarkdownIt
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils import base

    made = []

    def counted(*components):
        made.append(components)
        return get_default_settings(*components)

    monkeypatch.setattr(base, "get_default_settings", counted)
    # MyST's own make_document, whether or not an earlier build wrapped it
    monkeypatch.setattr(base, "make_document", getattr(base.make_document, "__wrapped__", base.make_document))
    given = new_document("given", settings=get_default_settings(base.RSTParser))
    renderer = base.DocutilsRenderer(MarkdownIt())
    renderer.setup_render({"document": given, "myst_config": MdParserConfig()}, {})
    assert renderer.document is given
    assert made, "a document with default settings was made, and dropped"


def test_with_the_speed_ups_default_settings_are_made_once(tmp_path, monkeypatch):
    off, made_off = _default_settings_made(tmp_path, "off", False, monkeypatch)
    on, made_on = _default_settings_made(tmp_path, "on", True, monkeypatch)
    documents = len(list(on.rglob("*.html")))
    # Sphinx's own settings for each document remain; MyST's are made once
    assert made_on < made_off and made_off - made_on >= documents - 3
    assert pages(on) == pages(off)


def test_each_document_myst_makes_has_settings_of_its_own(tmp_path):
    """As MyST's own: a document that changes its settings changes no other's."""
    from myst_parser.mdit_to_docutils import base

    build(shutil.copytree(FIXTURE, tmp_path / "on"), True)  # the speed-ups on in this process
    assert getattr(base.make_document, "_edition_speedup", False)
    first, second = base.make_document("first"), base.make_document("second")
    first.settings.tab_width = 99
    assert second.settings.tab_width != 99
    assert first["source"] == "first" and second["source"] == "second"


def test_furo_sidebars_are_made_from_the_folders(tmp_path, monkeypatch):
    """furo's sidebar of a page whose toctree was made from its folder's is
    made from the folder's sidebar, and every page is furo's own."""
    from sphinx_annotated_edition import furo_navigation

    made = []
    original = furo_navigation.mark_current_page

    def counted(navigation_html, href):
        result = original(navigation_html, href)
        made.append(result is not None)
        return result

    monkeypatch.setattr(furo_navigation, "mark_current_page", counted)
    off, _ = _toctree_resolutions(tmp_path, "off", False, monkeypatch)
    assert made == []
    on, _ = _toctree_resolutions(tmp_path, "on", True, monkeypatch)
    # every page whose toctree came from its folder's: all but the root, the
    # orphan and the page listed twice
    assert made.count(True) == len(list(TOCTREE_FIXTURE.rglob("*.md"))) - 3
    assert pages(on) == pages(off)


# -- iterative_findall: docutils' findall walked with a stack -------------------------

FINDALL_TEXT = """\
Title
=====

A paragraph with *emphasis*, **strong *nested* text**, a `link <https://a.b/>`_
and a footnote [#f]_.

* one item

  * a nested item with ``code``

    1. deeper, *still*

  * a second nested item

* two items

+-----+---------+
| a   | *b*     |
+-----+---------+

.. [#f] The note, with *its own* emphasis.

Section
-------

.. note:: An admonition with a paragraph.

   And a second one, with a `reference`_.

.. _reference: https://c.d/
"""


def _doctree():
    from docutils.core import publish_doctree

    return publish_doctree(FINDALL_TEXT, settings_overrides={"report_level": 5})


def _docutils_findall(monkeypatch):
    """docutils' own findall, with the speed-up (if a build put it in place)
    passing every call through, the nested ones too."""
    from docutils import nodes

    from sphinx_annotated_edition import speedups

    monkeypatch.setattr(speedups, "_active", False)
    return getattr(nodes.Node.findall, "__wrapped__", nodes.Node.findall)


def _conditions():
    from docutils import nodes
    from sphinx.util.nodes import NodeMatcher

    return [None, nodes.Element, nodes.Text, nodes.paragraph, nodes.emphasis, nodes.Inline,
            lambda node: isinstance(node, nodes.reference),
            NodeMatcher(nodes.list_item), NodeMatcher(nodes.Element, refuri="https://c.d/")]


def test_docutils_findall_still_walks_with_a_generator_a_level():
    """What iterative_findall saves (every node handed up through a generator
    for each level above it): once docutils walks with a stack, a tree deeper
    than the recursion limit can be walked, this fails, and it can go."""
    code = """
from docutils import nodes
node = nodes.container()
for _ in range(1500):
    node = nodes.container("", node)
try:
    print(len(list(node.findall(nodes.container))))
except RecursionError:
    print("recursion")
"""
    assert _fresh(code) == "recursion"


def test_the_stack_walk_finds_what_docutils_finds(monkeypatch):
    """For every node of a tree as the root, every kind of condition, and
    every combination of findall's arguments: the same nodes, in the same
    order, as docutils' own findall."""
    import itertools

    from docutils import nodes

    from sphinx_annotated_edition import speedups

    original = _docutils_findall(monkeypatch)
    speedups.iterative_findall()
    tree = _doctree()
    roots = list(original(tree))
    assert len(roots) > 60
    for root in roots:
        for condition in _conditions():
            for flags in itertools.product((True, False), repeat=4):
                monkeypatch.setattr(speedups, "_active", False)
                want = [id(node) for node in root.findall(condition, *flags)]
                monkeypatch.setattr(speedups, "_active", True)
                got = [id(node) for node in root.findall(condition, *flags)]
                assert got == want, (root, condition, flags)
    assert getattr(nodes.Node.findall, "_edition_speedup", False)


def _mutating_walks():
    """Transforms that change the tree as they walk it, as docutils' and
    Sphinx's do: what each visits, and the tree they leave, must not change."""
    from docutils import nodes

    def replace_text(walk, tree):
        for node in walk(tree, nodes.Text, True):
            node.parent.replace(node, nodes.Text(node.upper()))
            yield node

    def unwrap_emphasis(walk, tree):
        for node in walk(tree, nodes.emphasis, True):
            node.replace_self(node.children)
            yield node

    def drop_following_sibling(walk, tree, condition):
        for node in walk(tree, condition, True):
            index = node.parent.index(node)
            if index + 1 < len(node.parent):
                node.parent.remove(node.parent[index + 1])
            yield node

    def drop_following_paragraph(walk, tree):
        return drop_following_sibling(walk, tree, nodes.paragraph)

    def drop_following_paragraph_by_function(walk, tree):
        return drop_following_sibling(walk, tree, lambda n: isinstance(n, nodes.paragraph))

    def reassign_parents_children(walk, tree, condition, include_self):
        for node in walk(tree, condition, include_self):
            if isinstance(node, nodes.list_item) and not node.parent.get("flipped"):
                node.parent["flipped"] = True
                node.parent.children = list(reversed(node.parent.children))
            yield node

    def reassign_parents_children_by_function(walk, tree):
        return reassign_parents_children(walk, tree, lambda n: isinstance(n, nodes.list_item), True)

    def reassign_parents_children_by_class(walk, tree):
        return reassign_parents_children(walk, tree, nodes.list_item, True)

    def reassign_parents_children_below_the_root(walk, tree):
        return reassign_parents_children(walk, tree, None, False)

    def replace_children_list(walk, tree):
        for node in walk(tree, None, False):
            if isinstance(node, nodes.bullet_list):
                node.children = list(reversed(node.children))
            yield node

    def insert_before_self(walk, tree):
        for node in walk(tree, lambda n: isinstance(n, nodes.list_item), False):
            # the walk, by index, comes to this item again: once
            if not node.get("seen"):
                node["seen"] = True
                node.parent.insert(node.parent.index(node), nodes.list_item(seen=True))
            yield node

    return [replace_text, unwrap_emphasis, drop_following_paragraph,
            drop_following_paragraph_by_function, reassign_parents_children_by_function,
            reassign_parents_children_by_class, reassign_parents_children_below_the_root,
            replace_children_list, insert_before_self]


def test_a_tree_changed_during_the_walk_is_walked_as_docutils_walks_it(monkeypatch):
    from sphinx_annotated_edition.traversal import find

    original = _docutils_findall(monkeypatch)

    def docutils_walk(root, condition, include_self):
        return original(root, condition, include_self)

    for mutate in _mutating_walks():
        before, after = _doctree(), _doctree()
        want = [n.astext() if hasattr(n, "astext") else n for n in mutate(docutils_walk, before)]
        got = [n.astext() if hasattr(n, "astext") else n for n in mutate(find, after)]
        assert got == want, mutate.__name__
        assert after.pformat() == before.pformat(), mutate.__name__


def test_with_the_speed_ups_a_tree_deeper_than_the_recursion_limit_is_walked(tmp_path):
    from docutils import nodes

    from sphinx_annotated_edition import speedups

    build(shutil.copytree(FIXTURE, tmp_path / "on"), True)
    assert speedups._active and getattr(nodes.Node.findall, "_edition_speedup", False)
    node = nodes.container()
    for _ in range(sys.getrecursionlimit() + 500):
        node = nodes.container("", node)
    assert len(list(node.findall(nodes.container))) == sys.getrecursionlimit() + 501
    assert len(list(node.findall(lambda n: True, include_self=False))) == sys.getrecursionlimit() + 500
    # the arguments it leaves to docutils still reach docutils: no siblings, nothing
    assert next(node.children[0].findall(nodes.container, include_self=False, siblings=True,
                                         descend=False), None) is None


# -- _decode_in_pieces: latexcodec on the words it changes --------------------------

LATEX_TOKENS = (list("abcxyzAB019 .,;:()/?!é’«") + [
    " ", " ", "  ", "\n", "\n\n", "\t", "\r", "\\", "{", "}", "%", "\\%", "$", "\\$", "~", "-", "--",
    "---", "-{}-", "'", "''", "`", "``", ",,", "\\'", '\\"', "\\c ", "\\c", "\\textbf", "\\LaTeX",
    "\\\\", "\\&", "\\ ", "\\é", "\\1", "\\v{s}", "\\'{e}", "\\i", "\\ss", "\\o", "\\emph{",
    "\\url{", "\\par", "\\relax", "\\-", "\\,", "\\#", "\\_", "^", "_", "&", "#", "\\^", "\\~",
    "\\=", "\\.", "\\H", "\\k", "\\r", "\\u", "\\d", "\\b", "\\t", "\\dots", "\\textendash"])


def test_latex_decoded_in_pieces_is_latex_decoded_whole():
    """On random LaTeX (seeded, so a failure can be replayed) and on every
    field of the fixtures' bibliographies: what latexcodec gives the whole."""
    import codecs
    import random

    import latexcodec  # noqa: F401
    from pybtex.database import parse_file

    from sphinx_annotated_edition.speedups import _decode_in_pieces

    def same(text):
        try:
            whole = codecs.decode(text, "ulatex")
        except Exception as error:  # latexcodec's own error, for its own input
            whole = type(error)
        try:
            pieces = _decode_in_pieces(text)
        except Exception as error:
            pieces = type(error)
        assert pieces == whole, repr(text)

    rng = random.Random(20261202)
    for _ in range(30000):
        same("".join(rng.choice(LATEX_TOKENS) for _ in range(rng.randint(1, 30))))
    fields = [value for bib in sorted((Path(__file__).parent / "roots").rglob("*.bib"))
              for entry in parse_file(str(bib)).entries.values() for value in entry.fields.values()]
    assert len(fields) > 20
    for value in fields:
        same(value)


def test_a_long_field_is_decoded_only_around_its_escapes(monkeypatch):
    import codecs

    import latexcodec  # noqa: F401

    from sphinx_annotated_edition import speedups

    decoded = []
    real = codecs.decode
    monkeypatch.setattr(codecs, "decode", lambda text, name="utf-8", *a: (
        decoded.append(text) if name == "ulatex" else None, real(text, name, *a))[1])
    note = ("Read on 3 May 2026 at https://example.org/a-b-c: spending up " * 20
            + "to \\$146 billion, 6.7\\% of GDP, and" + " more plain words" * 20)
    assert speedups._decode_in_pieces(note) == real(note, "ulatex")
    # a control sequence keeps the words either side of it
    assert decoded == ["to \\$146", "6.7\\% of"]


# -- fast_html_encode: docutils' HTML escaping by str.replace -----------------------

def test_docutils_still_escapes_html_a_character_at_a_time():
    """What fast_html_encode saves: docutils' encode looks its table up for
    the characters of every text (str.translate with a dictionary); once it
    stops, this fails, and the workaround can go."""
    code = """
from docutils.writers._html_base import HTMLTranslator

class Counted(dict):
    looked_up = 0
    def __getitem__(self, key):
        Counted.looked_up += 1
        return dict.__getitem__(self, key)

translator = object.__new__(HTMLTranslator)
translator.special_characters = Counted(HTMLTranslator.special_characters)
text = "plain words, and one & sign"
assert translator.encode(text) == "plain words, and one &amp; sign"
print(Counted.looked_up >= len(set(text)))
"""
    assert _fresh(code) == "True"


def _translator(special_characters=None):
    from docutils.writers._html_base import HTMLTranslator

    translator = object.__new__(HTMLTranslator)
    if special_characters is not None:
        translator.special_characters = special_characters
    return translator


def test_html_escaped_by_replace_is_html_escaped_by_docutils(monkeypatch):
    import random

    from docutils import nodes

    from sphinx_annotated_edition import speedups

    original = getattr(speedups, "_unpatched")("docutils.writers._html_base", "HTMLTranslator",
                                                 "encode")[1]
    speedups.fast_html_encode()
    from docutils.writers._html_base import HTMLTranslator

    docutils_encode = getattr(HTMLTranslator.encode, "__wrapped__", original)
    monkeypatch.setattr(speedups, "_active", True)
    translator = _translator()
    rng = random.Random(20261202)
    alphabet = "ab &<>\"'@#;amp&lt;é—\n\t\u00a0"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert translator.encode(text) == docutils_encode(translator, text), repr(text)
    # what docutils gives for a Text node, or anything else with a str()
    assert translator.encode(nodes.Text("a & b")) == "a &amp; b"
    assert translator.encode(42) == "42"
    assert getattr(HTMLTranslator.encode, "_edition_speedup", False)


def test_a_translator_with_a_table_of_its_own_keeps_it(monkeypatch):
    from sphinx_annotated_edition import speedups

    speedups.fast_html_encode()
    monkeypatch.setattr(speedups, "_active", True)
    own = {ord("&"): "&amp;", ord("<"): "&lt;", ord("'"): "&#39;"}
    assert _translator(own).encode("it's <b> & \"@\"") == "it&#39;s &lt;b> &amp; \"@\""
    assert _translator().encode("it's <b> & \"@\"") == "it's &lt;b&gt; &amp; &quot;&#64;&quot;"


# -- write_with_every_process: -j N writes with N processes ------------------------

PARALLEL_FIXTURE = Path(__file__).parent / "roots" / "test-parallel-export"


def _processes_asked(tmp_path: Path, name: str, monkeypatch, speedups: bool) -> tuple[list, list, Path]:
    """Build roots/test-parallel-export with -j 2: the processes Sphinx's
    ParallelTasks were made for (reading, then writing), the pages each
    writing task got, and the output."""
    from io import StringIO

    import sphinx.builders
    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.parallel import ParallelTasks

    asked = []

    class Recorded(ParallelTasks):
        def __init__(self, nproc):
            asked.append(nproc)
            super().__init__(nproc)

        def add_task(self, task_func, arg=None, result_func=None):
            if arg and isinstance(arg[0], tuple):  # writing: (docname, doctree) pairs
                written.append([docname for docname, _doctree in arg])
            return super().add_task(task_func, arg, result_func)

    written: list[list[str]] = []

    monkeypatch.setattr(sphinx.builders, "ParallelTasks", Recorded)
    app = SphinxTestApp("html", srcdir=shutil.copytree(PARALLEL_FIXTURE, tmp_path / name),
                        parallel=2, confoverrides={"edition_speedups": speedups},
                        status=StringIO(), warning=StringIO())
    try:
        app.build()
        assert not app._warning.getvalue()
        return asked, written, Path(app.outdir)
    finally:
        app.cleanup()


def test_sphinx_still_writes_with_one_process_fewer_than_asked(tmp_path, monkeypatch):
    """What write_with_every_process changes: once Sphinx writes with as many
    processes as -j asks (or schedules its writing otherwise), this fails.
    (The workaround is in place, as after a build with the speed-ups: a
    build without them keeps Sphinx's choice.)"""
    from sphinx_annotated_edition import speedups

    speedups.write_with_every_process()
    asked, written, _out = _processes_asked(tmp_path, "off", monkeypatch, speedups=False)
    assert asked == [2, 1]
    # in name order: the notes index, the longest page to write, comes last
    assert written[-1][-1] == "notes"


def test_with_the_speed_ups_j2_writes_with_two_processes_and_the_same_pages(tmp_path, monkeypatch):
    asked, written, parallel = _processes_asked(tmp_path, "on", monkeypatch, speedups=True)
    assert asked == [2, 2]
    # the notes index first, after the page Sphinx writes itself
    assert written[0][0] == "notes" and sorted(sum(written, [])) == sorted(set(sum(written, [])))
    serial = pages(build(shutil.copytree(PARALLEL_FIXTURE, tmp_path / "serial"), True))
    assert serial and pages(parallel) == serial


def test_notes_indexes_are_moved_up_but_never_before_the_first_page():
    from types import SimpleNamespace

    from sphinx.errors import ExtensionError

    from sphinx_annotated_edition.speedups import _notes_indexes_early

    def env(indexes):
        return SimpleNamespace(get_domain=lambda name: SimpleNamespace(index_docnames=indexes))

    assert _notes_indexes_early(env(["notes", "z"]), ["a", "b", "notes", "z"]) == ["a", "notes", "z", "b"]
    # the first page Sphinx writes itself, once
    assert _notes_indexes_early(env(["a", "z"]), ["a", "b", "z"]) == ["a", "z", "b"]
    assert _notes_indexes_early(env([]), ["a", "b"]) == ["a", "b"]

    def no_domain(name):
        raise ExtensionError("no annotation domain")

    assert _notes_indexes_early(SimpleNamespace(get_domain=no_domain), ["b", "a"]) == ["b", "a"]


# -- toctree parents (toctree_parents.py) -------------------------------------------

PARENTS = Path(__file__).parent / "roots" / "test-toctree-parents"


def _build_recording(srcdir: Path, speedups: bool = SPEED, fresh: bool = False):
    """Build *srcdir*: (the pages written, Sphinx's files_to_rebuild after the
    build, the warnings)."""
    with new_app(srcdir, freshenv=fresh, confoverrides={"edition_speedups": speedups}) as app:
        _, written = record_activity(app)
        app.build()
        # Sphinx before 9 writes the root document in every build that writes
        return written - {"genindex", "search", "index"}, app.env.files_to_rebuild, warnings_of(app)


def _clean_pages(srcdir: Path, tmp_path: Path) -> dict[str, bytes]:
    return pages(build(shutil.copytree(srcdir, tmp_path / "clean", ignore=shutil.ignore_patterns("_build")),
                       False))


def test_sphinx_still_writes_every_parent_of_a_document_read_again(tmp_path):
    """Fails when Sphinx writes a toctree's page only when what it shows of a
    document changed: then drop toctree_parents.py."""
    srcdir = shutil.copytree(PARENTS, tmp_path / "src")
    _build_recording(srcdir, speedups=False, fresh=True)
    notes = srcdir / "annotations" / "01-one.md"
    notes.write_text(notes.read_text(encoding="utf-8").replace("A note", "An edited note"), encoding="utf-8")
    written, _, _ = _build_recording(srcdir, speedups=False)
    assert written == {"chapters/01-one", "part"}, "upstream writes fewer parents: the workaround can go"


def test_with_the_speed_ups_an_edit_that_changes_no_title_writes_no_parent(tmp_path):
    srcdir = shutil.copytree(PARENTS, tmp_path / "src")
    _, before, _ = _build_recording(srcdir, fresh=True)
    notes = srcdir / "annotations" / "01-one.md"
    notes.write_text(notes.read_text(encoding="utf-8").replace("A note", "An edited note"), encoding="utf-8")
    chapter = srcdir / "chapters" / "01-one.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    written, after, warnings = _build_recording(srcdir)
    assert warnings == []
    assert written == {"chapters/01-one"}
    # Sphinx's own record is back as it was, for the next build to rely on
    assert after == before and after["chapters/01-one"] == {"part"}
    incremental = pages(srcdir / "_build" / "html")
    assert b"An edited note" in incremental["chapters/01-one.html"]
    assert incremental == _clean_pages(srcdir, tmp_path)


@pytest.mark.parametrize("edit, shown", [
    (("# One\n", "# One, retitled\n"), b"One, retitled"),
    (("## A section of one\n", "## A section renamed\n"), b"A section renamed"),
    (("And a second paragraph.\n", "And a second paragraph.\n\n## A new section\n"), b"A new section"),
], ids=["title", "section", "new-section"])
def test_what_a_parent_shows_of_a_document_changed_writes_the_parent(tmp_path, edit, shown):
    """Against Sphinx's own incremental build: the same pages (a retitled
    chapter's neighbours keep its old title in their "previous" and "next"
    links either way, as Sphinx writes only the parents), and the parent as a
    clean build writes it."""
    incremental = {}
    for speedups in (True, False):
        srcdir = shutil.copytree(PARENTS, tmp_path / f"src-{speedups}")
        _build_recording(srcdir, speedups=speedups, fresh=True)
        chapter = srcdir / "chapters" / "01-one.md"
        text = chapter.read_text(encoding="utf-8")
        assert edit[0] in text
        chapter.write_text(text.replace(*edit), encoding="utf-8")
        written, _, warnings = _build_recording(srcdir, speedups=speedups)
        assert warnings == []
        assert written == {"chapters/01-one", "part"}
        incremental[speedups] = pages(srcdir / "_build" / "html")
    assert shown in incremental[True]["part.html"]
    assert incremental[True] == incremental[False]
    assert incremental[True]["part.html"] == _clean_pages(srcdir, tmp_path)["part.html"]


def test_a_document_s_new_metadata_writes_its_parents(tmp_path):
    """``tocdepth`` changes how a parent lists the document. (Sphinx's own
    incremental build leaves the root page, which lists the parent, as it
    was: the same pages with and without the speed-ups.)"""
    incremental = {}
    for speedups in (True, False):
        srcdir = shutil.copytree(PARENTS, tmp_path / f"src-{speedups}")
        _build_recording(srcdir, speedups=speedups, fresh=True)
        chapter = srcdir / "chapters" / "01-one.md"
        chapter.write_text(chapter.read_text(encoding="utf-8").replace(
            "edition-chapter: 1\n", "edition-chapter: 1\ntocdepth: 1\n"), encoding="utf-8")
        written, _, warnings = _build_recording(srcdir, speedups=speedups)
        assert warnings == []
        assert written == {"chapters/01-one", "part"}
        incremental[speedups] = pages(srcdir / "_build" / "html")
    assert b"A section of one" not in incremental[True]["part.html"]
    assert incremental[True] == incremental[False]
    assert incremental[True]["part.html"] == _clean_pages(srcdir, tmp_path)["part.html"]
