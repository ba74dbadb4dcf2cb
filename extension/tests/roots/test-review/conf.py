# Notes reviewed on different days: tests/test_review_dates.py
extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
nitpicky = True
smartquotes = False
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
edition_source = {"title": "The river", "publisher": "A publisher", "date": "2025-12-29"}
edition_review_dates = True
# the exports carry the review dates, never the build's
edition_w3c_export = True
edition_claim_review = True
