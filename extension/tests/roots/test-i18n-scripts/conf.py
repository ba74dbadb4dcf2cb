# One chapter with a fact-check and a "My notes" page, the student notes on: the
# words the scripts show, in the page's language (tests/test_i18n_scripts.py).
extensions = ["myst_parser", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
nitpicky = True
smartquotes = False
myst_enable_extensions = ["colon_fence"]
project = "Scripts fixture"
copyright = "2026, the editors"
version = "1.0"
edition_student_notes = True
