# Makefile for the annotated edition, after sphinx-quickstart's, plus the
# virtual environment, the importer and the tests.
#
#   make html | latexpdf | epub | text   build into _build/<format>
#   make gettext                         the editors' matter as .pot catalogs (never the article)
#   make test                            run every test (pytest)
#   make review [AGE=days]               list notes to check again (default 180 days)
#   make cartridge [BASEURL=https://…/]  the Common Cartridge course package (.imscc)
#   make site [BASEURL=https://…/]       html, with the PDFs, EPUB (and course package) in downloads/
#   make import [SOURCE=page]            re-import the article's chapters
#   make clean                           remove _build
#
# With no virtual environment active, the first build creates .venv from
# requirements.txt (and tests/requirements.txt for `make test`).

SPHINXOPTS    ?= -W --keep-going -n
SOURCEDIR     = .
BUILDDIR      = _build
PYTHON        ?= python3
SOURCE        ?= source/000_02b05e878edbd70f.txt

# Two builds of one commit must be byte-identical: date them by the commit.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(strip $(SOURCE_DATE_EPOCH)),)
export SOURCE_DATE_EPOCH
endif

ifdef VIRTUAL_ENV
VENV_PYTHON   = python
BUILD_ENV     =
TEST_ENV      =
else
VENV_PYTHON   = .venv/bin/python
BUILD_ENV     = .venv/.build-requirements
TEST_ENV      = .venv/.test-requirements
endif
SPHINXBUILD   ?= $(VENV_PYTHON) -m sphinx

AGE           ?= 180

.PHONY: help html latexpdf latex epub text dummy gettext test test-oldest bench review cartridge reading-epub site import clean Makefile

help:
	@echo "make html | latexpdf | epub | text | test | bench | review [AGE=days] | cartridge [BASEURL=…] | import [SOURCE=page] | clean"

.venv/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: set PYTHON=python3.11")'
	$(PYTHON) -m venv .venv
	.venv/bin/python -m pip install --quiet --upgrade pip

# The extension is installed from extension/ (requirements.txt names it), not
# loaded from the source tree: the edition builds on the package as a user
# gets it. Editing the package reinstalls it at the next build.
EXTENSION_FILES := extension/pyproject.toml $(shell find extension/src -type f -not -path '*/__pycache__/*' 2>/dev/null)

.venv/.build-requirements: requirements.txt $(EXTENSION_FILES) | .venv/bin/python
	.venv/bin/python -m pip install --quiet -r requirements.txt
	@touch $@

.venv/.test-requirements: tests/requirements.txt requirements.txt $(EXTENSION_FILES) | .venv/bin/python
	.venv/bin/python -m pip install --quiet -r tests/requirements.txt
	@touch $@ .venv/.build-requirements

html latex latexpdf epub text dummy gettext: $(BUILD_ENV)
	$(SPHINXBUILD) -M $@ "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS)

# Two suites, each with its own conftest: the edition's (tests/, building the
# book) and the package's (extension/tests/, tiny projects, never the book),
# run from extension/ as its pyproject.toml says; then the package's again on
# the oldest Sphinx it supports (test-oldest).
PYTEST        = $(if $(VIRTUAL_ENV),python,$(CURDIR)/.venv/bin/python) -m pytest
test: $(TEST_ENV) tests/node_modules/.package-lock.json
	$(PYTEST) tests $(PYTEST_ARGS)
	cd extension && $(PYTEST) $(PYTEST_ARGS)
	$(MAKE) test-oldest

# The package's tests on the oldest versions it claims (extension/tests/
# constraints/oldest.txt), in a virtual environment of their own.
OLDEST_VENV   = _build/venv-oldest
OLDEST        = extension/tests/constraints/oldest.txt
$(OLDEST_VENV)/.installed: $(OLDEST) $(EXTENSION_FILES)
	rm -rf $(OLDEST_VENV)
	$(PYTHON) -m venv $(OLDEST_VENV)
	$(OLDEST_VENV)/bin/python -m pip install --quiet -c $(OLDEST) "./extension[bibtex,design,test]"
	@touch $@

test-oldest: $(OLDEST_VENV)/.installed
	@$(OLDEST_VENV)/bin/python -c 'import sphinx, myst_parser; print(f"package tests on Sphinx {sphinx.__version__}, myst-parser {myst_parser.__version__}")'
	cd extension && $(CURDIR)/$(OLDEST_VENV)/bin/python -m pytest $(PYTEST_ARGS)

# axe-core and the Nu HTML Checker, for the browser and validator tests, at the
# versions in tests/package-lock.json; --ignore-scripts: vnu-jar's postinstall
# would download a Java runtime, and the jar ships in the package. Without npm
# those tests say so and skip on a laptop; under CI that is an error.
tests/node_modules/.package-lock.json: tests/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests --ignore-scripts --no-audit --no-fund --silent; \
	elif [ -n "$$CI" ]; then echo "npm not found (Debian package npm): needed under CI" >&2; exit 1; \
	else echo "npm not found: browser accessibility and HTML validation tests will skip"; fi

# Figures, not tests: what the editorial layer costs (see bench/bench.py).
bench: $(TEST_ENV)
	$(VENV_PYTHON) bench/bench.py $(BENCH_ARGS)

# Notes whose review or "as of" date is more than AGE days old, by chapter.
review: $(BUILD_ENV)
	$(SPHINXBUILD) -M review "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS) -D edition_review_max_age=$(AGE)

# The course package for Canvas and Moodle; its links are the published
# addresses (html_baseurl, from Read the Docs, or BASEURL here).
cartridge: $(BUILD_ENV)
	$(SPHINXBUILD) -M cartridge "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS) $(if $(BASEURL),-D html_baseurl=$(BASEURL))

# The reading copy as an e-book: the chapters alone, from reading-copy.md,
# without notes or classroom blocks (the PDF comes with make latexpdf).
READING_EXCLUDE = about.md,glossary.md,notes.md,timeline.md,bibliography.md,teachers-guide.md,handout.md,editors-guide.md,answer-key.md,my-notes.md,index.md
reading-epub: $(BUILD_ENV)
	$(SPHINXBUILD) -M epub "$(SOURCEDIR)" "$(BUILDDIR)/reading-copy" $(SPHINXOPTS) \
		-D edition_reading_copy=1 -D root_doc=reading-copy -D epub_basename=reading-copy \
		-D "epub_title=Why Russia Is Still Attacking Ukraine: reading copy" \
		-D "exclude_patterns=$(READING_EXCLUDE),_build,.venv,venv,source,tests,extension,tools,README.md,.pytest_cache,annotations/**,_latex,**/.*"

# The site as published: the pages, and beside them in downloads/ the files
# the landing page lists (conf.py: edition_downloads).
DOWNLOADS     = $(BUILDDIR)/html/downloads
site: html latexpdf epub reading-epub
	mkdir -p "$(DOWNLOADS)"
	cp $(foreach pdf,annotated-edition reading-copy worksheet-a4 worksheet-letter answer-key,"$(BUILDDIR)/latex/$(pdf).pdf") "$(DOWNLOADS)/"
	cp "$$(ls "$(BUILDDIR)"/epub/*.epub | head -n 1)" "$(DOWNLOADS)/annotated-edition.epub"
	cp "$(BUILDDIR)/reading-copy/epub/reading-copy.epub" "$(DOWNLOADS)/reading-copy.epub"
	$(if $(BASEURL),$(MAKE) cartridge BASEURL=$(BASEURL) && cp "$(BUILDDIR)"/cartridge/*.imscc "$(DOWNLOADS)/annotated-edition.imscc")

import: $(BUILD_ENV)
	$(VENV_PYTHON) -m sphinx_annotated_edition import "$(SOURCE)" --chapters chapters --bib bibliography/article.bib

clean:
	rm -rf "$(BUILDDIR)"
