extensions = ["myst_parser", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
html_theme = "furo"
project = "Page toctrees"
edition_speedups = True
