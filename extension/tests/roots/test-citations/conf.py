extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
nitpicky = True
smartquotes = False
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
edition_factual_notes_cite = True
