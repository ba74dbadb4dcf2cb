# Settings are set by each test (confoverrides), or appended to this file.
extensions = ["myst_parser", "sphinx_annotated_edition"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
nitpicky = True
