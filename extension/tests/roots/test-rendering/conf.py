# One chapter with two notes, a fact-check with a verdict and a context
# note: what they render to in html, epub, latex and text, and the doctree
# they are made of, kept as regression files (tests/test_rendering.py; the
# files are in tests/test_rendering/).
extensions = ["myst_parser", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
nitpicky = True
smartquotes = False
myst_enable_extensions = ["colon_fence"]
project = "Rendering"
copyright = "2026, the editors"
version = "1.0"
