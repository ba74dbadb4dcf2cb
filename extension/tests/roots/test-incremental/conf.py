extensions = ["myst_parser", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
nitpicky = True
smartquotes = False
myst_enable_extensions = ["colon_fence"]
# the W3C export is written from every chapter's notes: an incremental build
# must write what a clean one does (tests/test_annotation_builds.py)
edition_w3c_export = True
