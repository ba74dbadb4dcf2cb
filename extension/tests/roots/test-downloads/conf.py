# The downloads list, from the root and from a page one folder down
# (tests/test_downloads.py).
extensions = ["myst_parser", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
nitpicky = True
project = "Downloads"
edition_downloads = [
    ("The book (PDF)", "book.pdf", "every page"),
    ("The export", "/export.jsonld", ""),
]
copyright = "2026, the editors"
version = "1"
