extensions = ["myst_parser", "sphinx_design", "sphinx_annotated_edition"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
project = "Design passes"
