"""Opt-in workarounds for where a build's time goes in other packages.

Switched on by ``edition_speedups = True``. Each changes how fast a build
runs, never what it writes; each stands for a fix that belongs upstream and
has a test (``tests/test_speedups.py``) that fails once upstream has it, so
that the workaround can go.

* **pybtex scans every installed package's entry points on each plugin
  look-up** (``pybtex.plugin._load_entry_point`` calls
  ``importlib.metadata.entry_points(group=…, name=…)``, which reads every
  distribution's metadata anew). sphinxcontrib-bibtex looks up a plugin for
  every citation it resolves, so a build with 150 citations scans the
  installed packages 150 times. The set of installed packages does not change
  during a build: the scan is done once. Pygments fixed the same pattern in
  its own plugin look-up (pygments/pygments#2979, "speedup: cache entry
  points"); no pybtex issue was found in the stored tracker copies.
* **pybtex decodes every field's LaTeX anew each time it formats an entry**
  (``Text.from_latex`` calls latexcodec, a pure-Python tokenizer), and
  sphinxcontrib-bibtex formats each entry twice (its label and its preview)
  on every build, a no-op build too: in this edition three quarters of the
  bibliography's time. The decoding of a string never changes, so it is
  kept, for the build and, in the doctree folder, for the next build; and a
  long field (a note) is split at the spaces latexcodec leaves alone, so
  that only the words around an escape go through its tokenizer (28 notes
  in 4 ms instead of 50, in a cold build of this edition). No
  upstream issue was found; latexcodec's own documentation points to
  pylatexenc for speed (acl-org/acl-anthology#4279 quotes it).
* **sphinxcontrib-bibtex formats every entry again in a build that read
  nothing** (its ``env-updated`` handler clears the citations restored from
  the pickled environment and rebuilds them), which is most of a no-op
  build's time. When no document is read, no ``.bib`` file changed either
  (a changed one makes the documents citing it re-read), so the restored
  citations stand. No upstream issue was found.
* **sphinxcontrib-bibtex formats every entry again in every build that
  reads a document** (and twice, for the label and for the preview): an
  edit to one note re-formats the whole bibliography, 40% of that build in
  this edition. An entry's formatting depends only on the style, the label
  and the entry's own fields, so it is kept, keyed by exactly those, for
  the build and, in the doctree folder, for the next one: an entry whose
  fields, label or style change is formatted anew. No upstream issue was
  found.
* **Sphinx compiles the theme's Jinja templates anew in every build that
  writes a page** (its template environment has no bytecode cache): 18% of
  a build after one edit here, and 3% of a cold one (131 ms of compiling
  against 17 ms with them kept, in-process). Jinja's own
  ``FileSystemBytecodeCache``, in the folder Jinja chooses by default (the
  user's own, in the temporary directory), keeps them compiled for every
  later build on the machine, of this project or another; it is keyed by
  each template's file and source and by the versions of Sphinx, Jinja and
  Python, so an edited template is compiled again. No upstream issue was
  found.
* **furo parses the whole toctree again for every page it writes**
  (``furo.navigation.get_navigation_tree`` re-reads Sphinx's toctree HTML
  with BeautifulSoup to add its checkboxes): the toctree lists every page,
  so the cost grows with the square of the pages, a seventh of a build of
  200 chapters. ``furo_navigation.py`` makes the same markup from the tags
  directly, for the HTML Sphinx writes, and leaves anything else to furo.
  Upstream: pradyunsg/furo#939 ("Create a shadow DOM tree for faster (10x)
  navtree generation"), open.
* **Sphinx keeps every doctree's pickle in memory for the rest of the
  build** once it has loaded it (``BuildEnvironment._pickled_doctree_cache``),
  though a page is resolved once for writing: 11 MB at 200 chapters, in the
  main process and in every writer it forks. The pickle is dropped once the
  doctree is resolved; a later reader loads it from the doctree folder, as
  the first did. Upstream: sphinx-doc/sphinx#12431 ("Remove doctree cache
  from pickled BuildEnvironment") names the cache's unbounded memory and
  kept it; sphinx-doc/sphinx#11124 ("Memory hog for Linux documentation
  with ``-j1``") is where it began.
* **Sphinx writes again every page whose toctree lists a document it read
  again** (``Builder.write`` adds ``env.files_to_rebuild``), in case its
  title or sections changed: an edited note re-wrote the edition's index
  and reading copy with its chapter, a quarter of that build beyond a
  no-op. ``toctree_parents.py`` leaves those pages out when what a toctree
  shows of the document is unchanged. Upstream: sphinx-doc/sphinx#11556,
  where the index written with every change is explained by this rule.
* **Cyclic garbage collection** runs thousands of times over the doctrees a
  build keeps alive until the end. Objects that exist once the project is
  set up are frozen out of collection (``gc.freeze``), and the first
  generation's threshold is raised, so collections are fewer; nothing that
  becomes garbage is kept, it is collected a little later.
* **Sphinx resolves and renders the whole toctree again for every page**
  that asks for it, and furo asks on every page (its sidebar lists them
  all): the cost grows with the square of the pages, a third of a build of
  200 chapters. ``page_toctree.py`` renders it once per folder and marks
  each page's own entry as Sphinx does; where that might differ, Sphinx
  makes it. Upstream: sphinx-doc/sphinx#14277 ("sphinx-build is too slow in
  large projects", open); readthedocs/sphinx_rtd_theme#604.
* **MyST makes a throwaway document for every text it renders**: its
  renderer's ``setup_render`` reads ``options.get("document",
  make_document())``, and Python evaluates the default before looking, so
  every page and every annotations file builds docutils' default settings
  anew (an ``OptionParser``, 0.54 ms) for a document it then drops. The
  default settings of a parser never change in a process: they are made
  once and each document gets its own copy (0.04 ms). No upstream issue
  was found.
* **sphinx-design walks every page's doctree for its components**, in
  three post-transforms (dropdowns, tab sets, asides), on every page it
  writes, whether the page has any or not: 33 ms of this edition's build,
  most of its pages having none. One walk per page says whether it has any
  (a node with ``design_component``); a page with none skips the three.
  sphinx-needs fixed the same in its own transforms (useblocks/sphinx-needs#751,
  "docutils.findall() optimization"); no sphinx-design issue was found.
* **docutils walks a tree with one generator a level**
  (``Node._fast_findall`` yields each node up through ``yield from
  child._fast_findall(cls)`` at every level above it, and its general path
  indexes every child through ``Element.__getitem__``), and every transform,
  collector and writer of a build walks each doctree so: 8% of this
  edition's cold build was ``findall``. ``traversal.py`` walks the same
  nodes, in the same order and reading the tree when docutils does, with
  one generator and a stack, for the arguments nearly every caller passes;
  60 ms of the edition's 1.66 s (medians of 6 alternating runs). It also
  walks a tree deeper than Python's recursion limit, which docutils' cannot.
  Precedent: sphinx-needs measured ``findall`` at 12% of a build
  (useblocks/sphinx-needs#751); docutils made it lazy for the same reason
  (docutils patches #160, mirrored as chrisjsewell/docutils#642). No
  docutils ticket for the recursion was found in the stored copies.
* **docutils' HTML writer escapes every text with ``str.translate``** and
  a dictionary, which Python looks up for each character of it: 2% of the
  edition's cold build. ``str.replace``, once a character, gives the same
  text eleven times as fast (as ``html.escape`` does it); a translator
  with a table of its own keeps docutils' ``encode``. No docutils ticket
  was found in the stored copies.
* **Sphinx writes with one process fewer than ``-j`` asks** (``-j 2``: one
  writer), keeping one back for the main process, which resolves each
  chunk of pages before a writer gets it. But the main process resolves
  every chunk long before the writers are done and then only waits: at 200
  chapters with ``-j 2``, 1.7 s of a 3.4 s writing phase. With as many
  writers as ``-j`` asks, the writing phase took 3.0 s; a writer does
  nothing while the main process has no chunk for it, so the extra process
  costs nothing where resolving is the slower part. The pages holding a
  notes index, which lists every note and is by far the longest page to
  write, are handed out first instead of last in name order, where one
  writer wrote it alone while the other waited. Upstream:
  sphinx-doc/sphinx#5953 ("Parallel workers only for read, not for
  write", closed) reported the single writer; sphinx-doc/sphinx#12433
  ("Add experimental full parallel write mode") and #11448
  ("Restructuring multiprocessing") are open.
* **Python collects the whole heap once more as the process exits**, and
  frees every cycle it finds, after ``sphinx-build`` has written everything
  and closed its files: 0.18 s of this edition's 1.74 s cold build (medians
  of 7 alternating runs), left to the operating system instead. The process freezes its
  objects at exit (``gc.freeze`` from an ``atexit`` handler): ``atexit``
  handlers, ``weakref.finalize`` callbacks and the flushing of stdout and
  stderr still happen; what is skipped are finalizers of objects in cycles
  still uncollected, which Python does not promise to run at exit anyway.
  The same workaround, for the same cost: spack/spack#53020 ("bin/spack:
  skip garbage collection at exit"); the cost is python/cpython#75739's
  ("Python shutdown process calls full GC"). A process that builds and goes
  on (tests, a server) is as before until it exits.
"""

from __future__ import annotations

import atexit
import codecs
import functools
import gc
import importlib
import importlib.metadata
import json
import pickle
import re
import string
from pathlib import Path

#: generation-0 threshold during a build (CPython's default is 700)
GC_THRESHOLD = 50_000


@functools.cache
def _installed_entry_points() -> importlib.metadata.EntryPoints:
    return importlib.metadata.entry_points()


@functools.cache
def _selected(params: tuple[tuple[str, str], ...]) -> importlib.metadata.EntryPoints:
    return _installed_entry_points().select(**dict(params))


def cached_entry_points(**params) -> importlib.metadata.EntryPoints:
    """``importlib.metadata.entry_points(**params)``, scanning the packages once
    (and each group and name once: selecting from them all is a scan too)."""
    return _selected(tuple(sorted(params.items())))


def cache_pybtex_entry_points() -> None:
    import pybtex.plugin

    pybtex.plugin.entry_points = cached_entry_points


#: LaTeX source -> decoded text, and the sources this build used
_decoded: dict[str, str] = {}
_used: set[str] = set()
DECODED_NAME = "annotated-edition-latex.json"


#: what latexcodec changes: a comment, a tie, a control sequence, maths, ligatures
#: of dashes and quotes, runs of whitespace and space at either end; text
#: with none of them is decoded to itself (tests/test_speedups.py checks
#: that on random text)
_LATEX_ACTIVE = re.compile(r"[%~\\`$\n\r\t]|--|''|,,|  |^\s|\s$")


def decode_latex(latex: str) -> str:
    """``codecs.decode(latex, "ulatex")``, once per string, and not at all
    for text in which latexcodec would change nothing."""
    if not _LATEX_ACTIVE.search(latex):
        return latex
    _used.add(latex)
    decoded = _decoded.get(latex)
    if decoded is None:
        decoded = _decoded[latex] = _decode_in_pieces(latex)
    return decoded


#: a space latexcodec leaves as it is, between two words it decodes on their
#: own: one space, with neither whitespace nor a backslash either side, and
#: not ending a control sequence (``\LaTeX x``, ``\c c``, ``\% x``), whose
#: space latexcodec may eat or keep (_decode_in_pieces looks behind)
_PIECE_BOUNDARY = re.compile(r"(?<=[^\s\\]) (?=[^\s\\])")
#: what makes one piece depend on another: a comment (``%`` to the end of
#: the line) and a forced line break (``\\``, which makes ``\\%`` a comment)
_LATEX_ACROSS_PIECES = re.compile(r"(?<!\\)%|\\\\")


def _decode_in_pieces(latex: str) -> str:
    """``codecs.decode(latex, "ulatex")``, decoding only the words latexcodec
    changes: a long field (a note, an abstract) is mostly plain words, and
    latexcodec's pure-Python tokenizer takes as long over those as over the
    few with an escape (``\\%``, ``\\$``). Split at spaces it leaves alone,
    each piece is decoded as it would be in the whole (tests/test_speedups.py
    compares the two on the bibliographies and on random LaTeX)."""
    if _LATEX_ACROSS_PIECES.search(latex):
        return codecs.decode(latex, "ulatex")
    pieces, start = [], 0
    for boundary in _PIECE_BOUNDARY.finditer(latex):
        at = boundary.start()
        if _ends_a_control_sequence(latex, start, at):
            continue
        pieces.append(latex[start:at])
        start = at + 1
    pieces.append(latex[start:])
    return " ".join(codecs.decode(piece, "ulatex") if _LATEX_ACTIVE.search(piece) else piece
                    for piece in pieces)


def _ends_a_control_sequence(latex: str, start: int, at: int) -> bool:
    """Whether ``latex[start:at]`` ends with ``\\`` and a word or one sign."""
    if at - start >= 2 and latex[at - 2] == "\\" and latex[at - 1] not in _ASCII_LETTERS:
        return True
    word = at
    while word > start and latex[word - 1] in _ASCII_LETTERS:
        word -= 1
    return word < at and word > start and latex[word - 1] == "\\"


_ASCII_LETTERS = frozenset(string.ascii_letters)


def cache_pybtex_latex_decoding() -> None:
    import latexcodec  # noqa: F401 - registers the codec
    from pybtex.markup import LaTeXParser
    from pybtex.richtext import Text

    def from_latex(cls, latex):
        return LaTeXParser(decode_latex(latex)).parse()

    Text.from_latex = classmethod(from_latex)


def load_decoded(app) -> None:
    """``builder-inited``: what the last build decoded."""
    if not app.config.edition_speedups:
        return
    try:
        stored = json.loads((Path(app.doctreedir) / DECODED_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(stored, dict):
        _decoded.update({k: v for k, v in stored.items() if isinstance(k, str) and isinstance(v, str)})


def save_decoded(app, exception) -> None:
    """``build-finished``: keep what this build used, for the next."""
    if not app.config.edition_speedups or not _used:
        return
    path = Path(app.doctreedir) / DECODED_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({k: _decoded[k] for k in sorted(_used) if k in _decoded},
                                   ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass
    _used.clear()


#: formatted bibliography entries, by (style, label, entry), kept between builds
FORMATTED_NAME = "annotated-edition-bibtex.pickle"
_formatted: dict[tuple, object] = {}
_formatted_used: set[tuple] = set()
#: the keys the doctree folder's file holds, as this build found it
_formatted_stored: set[tuple] = set()
_pybtex_format_entry = None


def _format_key(style, label: str, entry) -> tuple:
    """Everything a formatted entry depends on: the style (its class and the
    classes of its name, label and sorting styles), the label, the entry."""
    # (format_name, format_labels and sort are these styles' methods)
    parts = tuple(type(getattr(style, name, None)).__qualname__
                  for name in ("name_style", "label_style", "sorting_style"))
    persons = tuple((role, tuple(str(person) for person in people))
                    for role, people in entry.persons.items())
    return (f"{type(style).__module__}.{type(style).__qualname__}", parts,
            getattr(style, "abbreviate_names", None), label, entry.key, entry.type,
            tuple(entry.fields.items()), persons)


def cache_pybtex_formatting() -> None:
    from pybtex.style.formatting import BaseStyle

    global _pybtex_format_entry
    if getattr(BaseStyle.format_entry, "_edition_speedup", False):
        return
    _pybtex_format_entry = original = BaseStyle.format_entry

    @functools.wraps(original)
    def format_entry(self, label, entry, bib_data=None):
        # pybtex's own, looked up at each call (the tests count its calls)
        if not _active or bib_data is not None:
            return _pybtex_format_entry(self, label, entry, bib_data)
        key = _format_key(self, label, entry)
        _formatted_used.add(key)
        formatted = _formatted.get(key)
        if formatted is None:
            formatted = _formatted[key] = _pybtex_format_entry(self, label, entry, bib_data)
        return formatted

    format_entry._edition_speedup = True
    BaseStyle.format_entry = format_entry


JINJA_CACHE = "annotated-edition-jinja"


def _template_cache_pattern() -> str:
    """Names for compiled templates that only the same Sphinx and Jinja read
    (a cached template is checked against its source and Python's version,
    not against the code that compiled it)."""
    import jinja2
    import sphinx

    return f"annotated-edition-sphinx{sphinx.__version__}-jinja{jinja2.__version__}-%s.cache"


def cache_compiled_templates(app) -> None:
    """``builder-inited``: the theme's templates, compiled once for the machine.

    How a template compiles depends on its source and the versions of
    Sphinx, Jinja and Python, never on the project; so they are kept where
    Jinja keeps them by default, a folder of the user's own (private to
    them, which Jinja checks) in the temporary directory, and a project's
    first build finds the theme compiled by any earlier build, as Python
    finds its modules compiled. Where that folder cannot be had, the
    doctree folder holds them.
    """
    from jinja2 import FileSystemBytecodeCache

    if not app.config.edition_speedups:
        return
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or environment.bytecode_cache is not None:
        return
    pattern = _template_cache_pattern()
    try:
        environment.bytecode_cache = FileSystemBytecodeCache(pattern=pattern)
        return
    except (RuntimeError, OSError):  # Jinja could not make or trust its folder
        pass
    folder = Path(app.doctreedir) / JINJA_CACHE
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder), pattern)


def load_formatted(app) -> None:
    """``builder-inited``: the entries the last build formatted."""
    _formatted_stored.clear()
    if not app.config.edition_speedups:
        return
    try:
        with open(Path(app.doctreedir) / FORMATTED_NAME, "rb") as handle:
            stored = pickle.load(handle)  # our own file, beside Sphinx's environment.pickle
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
            ValueError, IndexError, KeyError):
        return
    # kept only by the same code: a new pybtex (or style) may format otherwise
    if isinstance(stored, dict) and stored.get("made_by") == _formatting_code():
        entries = stored.get("entries", {})
        _formatted.update(entries)
        _formatted_stored.update(entries)


def _formatting_code() -> tuple[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    def of(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return ""

    return of("pybtex"), of("sphinx-annotated-edition")


def save_formatted(app, exception) -> None:
    """``build-finished``: keep the entries this build used, for the next."""
    if not app.config.edition_speedups or exception is not None:
        return
    used = {key: _formatted[key] for key in _formatted_used if key in _formatted}
    # the same keys are the same entries (a key is all an entry's formatting
    # depends on): an edit that changes no citation leaves the file as it is
    if used and used.keys() != _formatted_stored:
        try:
            with open(Path(app.doctreedir) / FORMATTED_NAME, "wb") as handle:
                pickle.dump({"made_by": _formatting_code(), "entries": used}, handle,
                            protocol=pickle.HIGHEST_PROTOCOL)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass
    _formatted_used.clear()


#: whether this build reads no document (``env-before-read-docs``); the
#: patched class outlives the build in this process, so only a build that
#: asked for the speed-ups sets it
_reads_nothing = False
_active = False


def note_documents_to_read(app, env, docnames) -> None:
    global _reads_nothing
    _reads_nothing = _active and not docnames


def keep_bibtex_citations_when_nothing_is_read() -> None:
    from sphinxcontrib.bibtex.domain import BibtexDomain

    if getattr(BibtexDomain.env_updated, "_edition_speedup", False):
        return
    original = BibtexDomain.env_updated

    @functools.wraps(original)
    def env_updated(self):
        if _reads_nothing and self.citations:
            return []
        return original(self)

    env_updated._edition_speedup = True
    BibtexDomain.env_updated = env_updated


def _unpatched(module_name: str, *names: str):
    """The object at ``module_name.names[:-1]`` and its attribute ``names[-1]``,
    to be wrapped; (None, None) if the package or the attribute is missing
    (another version: it runs as it is), or the attribute is ours already."""
    try:
        owner = importlib.import_module(module_name)
        for name in names[:-1]:
            owner = getattr(owner, name)
    except (ImportError, AttributeError):
        return None, None
    original = getattr(owner, names[-1], None)
    if original is None or getattr(original, "_edition_speedup", False):
        return None, None
    return owner, original


def fast_furo_navigation() -> None:
    """furo's module-level ``get_navigation_tree`` (what its page-context
    handler calls), made without re-parsing the toctree (furo_navigation.py);
    furo's own function stays the fallback, and is used outside the speed-ups."""
    furo, original = _unpatched("furo", "get_navigation_tree")
    if original is None:
        return
    from . import furo_navigation

    # a few, not all as furo keeps them: each page's toctree is its own (its
    # current entry), so keeping every one only holds two copies of it a page
    @functools.lru_cache(maxsize=8)
    def fast(toctree_html: str) -> str:
        return furo_navigation.navigation_tree(toctree_html, original)

    @functools.wraps(original)
    def get_navigation_tree(toctree_html: str) -> str:
        if not _active:
            return original(toctree_html)
        # a toctree page_toctree.py made from its folder's: the sidebar too,
        # from the folder's sidebar, made once
        if _last_toctree is not None and _last_toctree[0] == toctree_html:
            made = furo_navigation.mark_current_page(fast(_last_toctree[1]), _last_toctree[2])
            if made is not None:
                return made
        return fast(toctree_html)

    get_navigation_tree._edition_speedup = True
    furo.get_navigation_tree = get_navigation_tree


def forget_pickled_doctree(app, doctree, docname) -> None:
    """``doctree-resolved``: let go of the document's pickle, which Sphinx
    keeps in memory for the rest of the build once it has read it."""
    if not _active:
        return
    cache = getattr(app.env, "_pickled_doctree_cache", None)
    if isinstance(cache, dict):
        cache.pop(docname, None)


_saved_threshold: tuple[int, ...] | None = None


def tune_garbage_collection() -> None:
    """Freeze what set-up made, and collect the young generation less often."""
    global _saved_threshold
    if _saved_threshold is None:
        _saved_threshold = gc.get_threshold()
    # no gc.collect() first (a tenth of a second, every build): what garbage
    # is frozen with the rest is collected after the build, once unfrozen
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *_saved_threshold[1:])


def _tocs_have_only(env) -> bool:
    """Whether a table of contents holds an ``only`` directive: Sphinx copies
    the current page's entries otherwise than the others' (page_toctree.py)."""
    from sphinx import addnodes

    return any(toc.next_node(addnodes.only) is not None for toc in env.tocs.values())


#: the last toctree made from its folder's: (the page's, the folder's, the page's address)
_last_toctree: tuple[str, str, str] | None = None


def fast_page_toctrees() -> None:
    """``StandaloneHTMLBuilder._get_local_toctree`` (what a template's
    ``toctree()`` calls) made from the folder's toctree, for the html builder."""
    builder_class, original = _unpatched("sphinx.builders.html", "StandaloneHTMLBuilder",
                                         "_get_local_toctree")
    if original is None:
        return
    from .page_toctree import folder_toctree, mark_current, neutral_name

    @functools.wraps(original)
    def _get_local_toctree(self, docname, collapse=True, **kwargs):
        # collapsed, a page's toctree leaves out the branches it is not in
        if not _active or collapse or self.name != "html":
            return original(self, docname, collapse, **kwargs)
        state = self.__dict__.setdefault("_edition_toctrees", {})
        if "only" not in state:
            state["only"] = _tocs_have_only(self.env)
        if state["only"]:
            return original(self, docname, collapse, **kwargs)
        folder = folder_toctree(state, docname, kwargs,
                                lambda neutral: original(self, neutral, collapse, **kwargs))
        href = self.get_relative_uri(neutral_name(docname), docname)
        marked = mark_current(folder, href)
        if marked is None:
            return original(self, docname, collapse, **kwargs)
        global _last_toctree
        _last_toctree = (marked, folder, href)  # for furo's sidebar, asked for next
        return marked

    _get_local_toctree._edition_speedup = True
    builder_class._get_local_toctree = _get_local_toctree


def cache_myst_default_settings() -> None:
    """myst-parser's ``make_document``, with the parser's default settings made once."""
    base, original = _unpatched("myst_parser.mdit_to_docutils.base", "make_document")
    if original is None:
        return
    import copy

    from docutils.frontend import get_default_settings
    from docutils.utils import new_document

    defaults = functools.cache(get_default_settings)

    @functools.wraps(original)
    def make_document(source_path="notset", parser_cls=base.RSTParser):
        if not _active:
            return original(source_path, parser_cls)
        # a copy: a document may change its settings, the next must not see it
        return new_document(source_path, settings=copy.deepcopy(defaults(parser_cls)))

    make_document._edition_speedup = True
    base.make_document = make_document


#: sphinx-design's post-transforms that look for its components: (module, class)
DESIGN_PASSES = (("sphinx_design.dropdown", "DropdownHtmlTransform"),
                 ("sphinx_design.tabs", "TabSetHtmlTransform"),
                 ("sphinx_design.aside", "AsideHtmlTransform"))


def has_design_components(document) -> bool:
    """Whether any node of *document* is a sphinx-design component; walked once per doctree."""
    found = getattr(document, "_edition_design_components", None)
    if found is None:
        from docutils import nodes

        found = any("design_component" in node.attributes for node in document.findall(nodes.Element))
        document._edition_design_components = found
    return found


def skip_design_passes_without_components() -> None:
    for module_name, class_name in DESIGN_PASSES:
        cls, original = _unpatched(module_name, class_name, "run")
        if original is None:
            continue

        @functools.wraps(original)
        def run(self, *args, _original=original, **kwargs):
            if _active and not has_design_components(self.document):
                return None
            return _original(self, *args, **kwargs)

        run._edition_speedup = True
        cls.run = run


def iterative_findall() -> None:
    """docutils' ``Node.findall``, for the arguments nearly every caller
    passes (descending, no siblings), walked by ``traversal.find``; other
    arguments, and builds without the speed-ups, keep docutils' own."""
    node_class, original = _unpatched("docutils.nodes", "Node", "findall")
    if original is None:
        return
    from .traversal import find

    @functools.wraps(original)
    def findall(self, condition=None, include_self=True, descend=True, siblings=False,
                ascend=False):
        if not _active or not descend or siblings or ascend:
            return original(self, condition, include_self, descend, siblings, ascend)
        return find(self, condition, include_self)

    findall._edition_speedup = True
    node_class.findall = findall


#: docutils' HTML writer's own table (``HTMLTranslator.special_characters``),
#: written out: a table changed in place must not pass for it
_HTML_SPECIAL_CHARACTERS = {ord("&"): "&amp;", ord("<"): "&lt;", ord('"'): "&quot;",
                            ord(">"): "&gt;", ord("@"): "&#64;"}
#: the same, as replacements: "&" first, so that no entity is escaped again
_HTML_REPLACEMENTS = tuple((chr(code), entity) for code, entity in _HTML_SPECIAL_CHARACTERS.items())


def fast_html_encode() -> None:
    """docutils' HTML ``encode``, which ``str.translate`` does with a Python
    dictionary looked up for every character of every text, made by
    ``str.replace`` (``&`` first, as ``html.escape`` does) when the
    translator's table is docutils' own; any other table keeps docutils'."""
    translator, original = _unpatched("docutils.writers._html_base", "HTMLTranslator", "encode")
    if original is None:
        return

    @functools.wraps(original)
    def encode(self, text):
        if not _active or self.special_characters != _HTML_SPECIAL_CHARACTERS:
            return original(self, text)
        text = str(text)
        for character, entity in _HTML_REPLACEMENTS:
            text = text.replace(character, entity)
        return text

    encode._edition_speedup = True
    translator.encode = encode


def write_with_every_process() -> None:
    """Sphinx's parallel writing (``-j N``) with N writer processes instead of
    N − 1: the main process, for which Sphinx keeps one back, resolves every
    chunk long before the writers are done, and then only waits."""
    builder, original = _unpatched("sphinx.builders", "Builder", "_write_parallel")
    if original is None:
        return

    @functools.wraps(original)
    def _write_parallel(self, docnames, nproc):
        app = getattr(self, "_app", None) or self.app
        # only Sphinx's own choice (parallel - 1): a builder's own stands
        if _active and nproc == app.parallel - 1:
            nproc = app.parallel
            docnames = _notes_indexes_early(self.env, docnames)
        return original(self, docnames, nproc)

    _write_parallel._edition_speedup = True
    builder._write_parallel = _write_parallel


def _notes_indexes_early(env, docnames):
    """*docnames* with the pages holding a notes index moved up, after the
    first (which Sphinx writes itself, to warm its caches): such a page lists
    every note, by far the longest page to write (0.65 s at 200 chapters),
    and in name order it comes last, written alone while the others wait."""
    from sphinx.errors import ExtensionError

    try:
        indexes = set(env.get_domain("annotation").index_docnames)
    except ExtensionError:  # a project without the layer's domain: as it is
        return docnames
    early = [name for name in docnames[1:] if name in indexes]
    if not early:
        return docnames
    return [docnames[0], *early, *(name for name in docnames[1:] if name not in indexes)]


_exit_registered = False


def skip_collection_at_exit() -> None:
    """Freeze the heap when the process exits, so that Python's final
    collection skips it (once per process, however many builds it runs)."""
    global _exit_registered
    if not _exit_registered:
        atexit.register(gc.freeze)
        _exit_registered = True


def apply(app, config) -> None:
    """``config-inited``: switch the workarounds on when the project asks."""
    global _active, _reads_nothing
    _active, _reads_nothing = bool(config.edition_speedups), False
    if config.edition_speedups:
        cache_pybtex_entry_points()
        cache_pybtex_latex_decoding()
        cache_pybtex_formatting()
        if "sphinxcontrib.bibtex" in config.extensions:
            keep_bibtex_citations_when_nothing_is_read()
        if config.html_theme == "furo":
            fast_furo_navigation()
        fast_page_toctrees()
        cache_myst_default_settings()
        if "sphinx_design" in config.extensions:
            skip_design_passes_without_components()
        iterative_findall()
        fast_html_encode()
        write_with_every_process()
        tune_garbage_collection()
        skip_collection_at_exit()


def restore(app, exception) -> None:
    """``build-finished``: the process collects garbage as before (tests run many builds)."""
    global _saved_threshold
    if _saved_threshold is not None:
        # Everything the build left in the young generations goes to the
        # oldest (frozen, then unfrozen there), with the frozen set-up: with
        # the young thresholds back at CPython's, the first allocation would
        # otherwise collect the hundreds of thousands of objects the high
        # threshold let pile up there (0.1 s at the end of a -j 2 build of
        # 200 chapters, whose process then exits). Their garbage is
        # collected by the next full collection instead.
        gc.freeze()
        gc.unfreeze()
        gc.set_threshold(*_saved_threshold)
        _saved_threshold = None
