# The base of every warning fixture (tests/roots/warnings/<subtype>/): a
# one-chapter edition that builds clean; each fixture adds the files it
# breaks. See tests/test_warnings.py.
extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
nitpicky = True
smartquotes = False
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
edition_source = {"title": "The river", "publisher": "A publisher", "date": "2025-12-29"}
