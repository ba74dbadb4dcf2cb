# A correct one-chapter edition with three notes: tests/test_editing_mistakes.py
# makes one editing mistake in it at a time.
extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
nitpicky = True
smartquotes = False
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
edition_source = {"title": "The river", "publisher": "A publisher", "date": "2025-12-29"}
