# One chapter and a "My notes" page: the student notes on and off
# (tests/test_student_notes_build.py). Off by default, as in the extension.
extensions = ["myst_parser", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
nitpicky = True
smartquotes = False
myst_enable_extensions = ["colon_fence"]
project = "Reading fixture"
copyright = "2026, the editors"
version = "1.0"
