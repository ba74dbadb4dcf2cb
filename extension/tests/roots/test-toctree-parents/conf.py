extensions = ["myst_parser", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
nitpicky = True
smartquotes = False
myst_enable_extensions = ["colon_fence"]
# parents are left unwritten only with the speed-ups (toctree_parents.py)
edition_speedups = True
