# Three reports by one publisher in one year, one in another year: labels
# that tell them apart, and LaTeX lists kept in place (tests/test_citations.py).
extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
nitpicky = True
smartquotes = False
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib", "other.bib"]
bibtex_default_style = "edition-author-year"
bibtex_reference_style = "label"
edition_citations_in_place = True
project = "Labels"
