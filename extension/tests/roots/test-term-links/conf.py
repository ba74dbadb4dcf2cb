extensions = ["myst_parser", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
nitpicky = True
edition_glossary_links = True
