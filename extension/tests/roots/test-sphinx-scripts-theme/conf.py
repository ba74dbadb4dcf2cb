extensions = ["myst_parser", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
html_theme = "own"
html_theme_path = ["_themes"]
project = "A theme's own scripts"
edition_minify_sphinx_scripts = True
author = "The tests"
copyright = "2026, the tests"
version = release = "1.0"
