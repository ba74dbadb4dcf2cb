"""The package's documentation (``docs/``) builds strictly and documents
everything the package registers.

What "everything" is comes from the registries, never from a list kept
here: the settings, directives (with their options), roles and builders
that ``setup()`` adds to a Sphinx application, and every member of
:class:`~sphinx_annotated_edition.warnings_.AnnotationWarning`. Each must
have its entry in the built documentation, found through the object it
declares and checked in the HTML by its id:

=====================  ===============================================  ======================================
thing                  written in the docs as                           id in the HTML
=====================  ===============================================  ======================================
setting                ``:::{confval} edition_x`` (Sphinx's own)        ``confval-edition_x``
directive              ``{rst:directive} .. name::``                    ``directive-name``
directive option       ``{rst:directive:option} opt`` inside it         ``directive-option-name-opt``
role                   ``{rst:role} name``                              ``role-name``
builder                ``{builder} name`` (docs/conf.py's type)         ``builder-name``
warning subtype        ``{warning-subtype} annotation.x`` (the same)    ``warning-subtype-annotation.x``
=====================  ===============================================  ======================================

So a setting, directive, option, role, builder or subtype added without its
documentation fails here, naming it; so does an entry left behind for one
that was removed, and a documented default or rebuild that is not the
registered one.
"""

from __future__ import annotations

import ast
import runpy
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
# as sphinx-build does: docutils reads the project's docutils.conf, not one in
# the working directory (the repository root's disables file insertion)
from sphinx.util.docutils import patch_docutils

from sphinx_annotated_edition.warnings_ import WARNING_TYPE, AnnotationWarning

DOCS = Path(__file__).resolve().parents[1] / "docs"
PACKAGE = "sphinx_annotated_edition"
PREFIX = "edition_"


def _warnings(app) -> str:
    from sphinx.util.console import strip_escape_sequences

    return strip_escape_sequences(app.warning.getvalue()).strip()


# -- what the package registers ---------------------------------------------------

def _owned(obj) -> bool:
    return getattr(obj, "__module__", "").startswith(PACKAGE)


def _snapshot(app) -> dict:
    # docutils keeps directives and roles in module-level dicts: Sphinx's
    # add_directive and add_role write there (and SphinxTestApp restores them)
    from docutils.parsers.rst import directives, roles

    return {
        "directives": dict(directives._directives),
        "roles": dict(roles._roles),
        "builders": dict(app.registry.builders),
        "domains": dict(app.registry.domains),
        "config": {value.name: (value.value, value.rebuild) for value in app.config},
    }


@pytest.fixture(scope="module")
def registered(tmp_path_factory) -> dict:
    """What ``setup()`` adds, in a project that already loads the docs' other extensions."""
    from sphinx.testing.util import SphinxTestApp

    others = [name for name in runpy.run_path(str(DOCS / "conf.py"))["extensions"] if name != PACKAGE]
    srcdir = tmp_path_factory.mktemp("bare")
    # none of the package's settings: their values here are their defaults
    (srcdir / "conf.py").write_text(
        f"extensions = {others!r}\n"
        "bibtex_bibfiles = ['refs.bib']  # sphinxcontrib-bibtex refuses to start without one\n",
        encoding="utf-8")
    (srcdir / "refs.bib").write_text("", encoding="utf-8")
    (srcdir / "index.rst").write_text("Bare\n====\n", encoding="utf-8")
    with patch_docutils(srcdir):
        app = SphinxTestApp("html", srcdir=srcdir, builddir=srcdir / "_build",
                            status=StringIO(), warning=StringIO())
        try:
            before = _snapshot(app)
            app.setup_extension(PACKAGE)
            after = _snapshot(app)
        finally:
            app.cleanup()

    def added(kind: str) -> dict:
        # new or replaced names, and any the package's own objects fill
        # (left registered by an earlier app in this process, say)
        return {name: obj for name, obj in after[kind].items()
                if before[kind].get(name) is not obj or _owned(obj)}

    directives = added("directives")
    roles = set(added("roles"))
    for name, domain in after["domains"].items():
        if name not in before["domains"]:
            roles |= {f"{domain.name}:{role}" for role in domain.roles}
            directives |= {f"{domain.name}:{d}": cls for d, cls in domain.directives.items()}
    config = {name: value for name, value in after["config"].items()
              if name not in before["config"] or name.startswith(PREFIX)}
    return {
        "directives": directives,
        "options": {(name, option) for name, cls in directives.items()
                    for option in (getattr(cls, "option_spec", None) or {})},
        "roles": roles,
        "builders": set(after["builders"]) - set(before["builders"]),
        "config": config,
    }


# -- the documentation, built -----------------------------------------------------

@pytest.fixture(scope="module")
def docs(registered, tmp_path_factory):
    """The docs, built strictly into a temporary folder (after ``registered``,
    which needs docutils' registries as they are before any app loads the package)."""
    from sphinx.testing.util import SphinxTestApp

    with patch_docutils(DOCS):
        app = SphinxTestApp("html", srcdir=DOCS, builddir=tmp_path_factory.mktemp("docs"),
                            freshenv=True, confoverrides={"nitpicky": True},
                            status=StringIO(), warning=StringIO())
        try:
            app.build()
            yield app
        finally:
            app.cleanup()


class Entries:
    """The documented objects of the built docs, and their ids in the HTML."""

    def __init__(self, app) -> None:
        self.app = app
        self.outdir = Path(app.outdir)
        self.std = app.env.get_domain("std").objects  # (type, name) -> (docname, id)
        self.rst = app.env.get_domain("rst").objects
        self._pages: dict[str, BeautifulSoup] = {}

    def page(self, docname: str) -> BeautifulSoup:
        if docname not in self._pages:
            path = self.outdir / f"{docname}.html"
            self._pages[docname] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return self._pages[docname]

    def names(self, domain: dict, objtype: str) -> set[str]:
        return {name for kind, name in domain if kind == objtype}

    def missing(self, domain: dict, objtype: str, names) -> list[str]:
        """Names without an entry of *objtype*, or whose entry's id is not in its page."""
        absent = []
        for name in sorted(names):
            entry = domain.get((objtype, name))
            if entry is None or self.page(entry[0]).find(id=entry[1]) is None:
                absent.append(name)
        return absent

    def field(self, name: str, label: str) -> str | None:
        """The text of a field (``Default``, ``Rebuild``) of a setting's entry."""
        docname, node_id = self.std[("confval", name)]
        body = self.page(docname).find(id=node_id).find_next_sibling("dd")
        for term in body.select("dl.field-list > dt"):
            if term.get_text(strip=True).rstrip(":") == label:
                return term.find_next_sibling("dd").get_text().strip()
        return None


@pytest.fixture(scope="module")
def entries(docs) -> Entries:
    return Entries(docs)


def test_docs_build_without_a_warning(docs):
    assert _warnings(docs) == ""


def test_docs_build_as_text_without_a_warning(tmp_path):
    """As the README says to build them, strictly, in a process of its own
    (an app here would meet the HTML one's registrations)."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "text",
         str(DOCS), str(tmp_path / "text")],
        capture_output=True, text=True, check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    chapter = tmp_path / "text" / "demo" / "chapters" / "01-the-footbridge-on-mill-lane.txt"
    assert "Note 1.1 · Fact-check · Verdict: Supported" in chapter.read_text(encoding="utf-8")


def test_the_registry_is_read(registered):
    """The fixtures find what they should (else every test below passes vacuously)."""
    assert "annotation" in registered["directives"]
    assert ("annotation", "quote") in registered["options"]
    assert {"note", "annotation:note"} <= registered["roles"]
    assert "review" in registered["builders"]
    assert "edition_chapters_dir" in registered["config"]


def test_every_setting_is_documented(registered, entries):
    missing = entries.missing(entries.std, "confval", registered["config"])
    assert missing == [], f"settings without a {{confval}} entry in docs/configuration.md: {missing}"


def test_every_directive_is_documented(registered, entries):
    missing = entries.missing(entries.rst, "directive", registered["directives"])
    assert missing == [], f"directives without a {{rst:directive}} entry in docs/directives.md: {missing}"


def test_every_directive_option_is_documented(registered, entries):
    options = {f"{directive}:{option}" for directive, option in registered["options"]}
    missing = entries.missing(entries.rst, "directive:option", options)
    assert missing == [], f"options without a {{rst:directive:option}} entry in their directive's: {missing}"


def test_every_role_is_documented(registered, entries):
    missing = entries.missing(entries.rst, "role", registered["roles"])
    assert missing == [], f"roles without a {{rst:role}} entry in docs/directives.md: {missing}"


def test_every_builder_is_documented(registered, entries):
    missing = entries.missing(entries.std, "builder", registered["builders"])
    assert missing == [], f"builders without a {{builder}} entry in docs/builders-and-exports.md: {missing}"


def test_every_warning_subtype_is_documented(entries):
    subtypes = {f"{WARNING_TYPE}.{member.value}" for member in AnnotationWarning}
    missing = entries.missing(entries.std, "warning-subtype", subtypes)
    assert missing == [], f"AnnotationWarning members without a {{warning-subtype}} entry in docs/warnings.md: {missing}"


def test_nothing_is_documented_that_is_not_registered(registered, entries):
    stale = {
        "settings": entries.names(entries.std, "confval") - set(registered["config"]),
        "directives": entries.names(entries.rst, "directive") - set(registered["directives"]),
        "options": entries.names(entries.rst, "directive:option")
        - {f"{d}:{o}" for d, o in registered["options"]},
        "roles": entries.names(entries.rst, "role") - registered["roles"],
        "builders": entries.names(entries.std, "builder") - registered["builders"],
        "warning subtypes": entries.names(entries.std, "warning-subtype")
        - {f"{WARNING_TYPE}.{member.value}" for member in AnnotationWarning},
    }
    assert {kind: sorted(names) for kind, names in stale.items() if names} == {}


def test_documented_defaults_and_rebuilds_are_the_registered_ones(registered, entries):
    wrong = []
    for name, (default, rebuild) in sorted(registered["config"].items()):
        if ("confval", name) not in entries.std:
            continue  # reported by test_every_setting_is_documented
        documented = entries.field(name, "Default")
        try:
            value = ast.literal_eval(documented) if documented is not None else None
        except (ValueError, SyntaxError):
            value = ...  # a default described in words (the kinds, the verdicts)
        if value is not ... and value != default:
            wrong.append(f"{name}: documented default {documented}, registered {default!r}")
        documented = entries.field(name, "Rebuild")
        if documented is None or ast.literal_eval(documented) != rebuild:
            wrong.append(f"{name}: documented rebuild {documented}, registered {rebuild!r}")
    assert wrong == []
