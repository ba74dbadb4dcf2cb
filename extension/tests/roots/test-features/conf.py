extensions = ["myst_parser", "sphinx_design", "sphinx_annotated_edition"]
myst_enable_extensions = ["colon_fence", "deflist"]
exclude_patterns = ["_build"]
nitpicky = True
html_baseurl = "https://example.org/edition/"
