# Eight chapters with a note each: enough pages for -j workers to write some
# of them (tests/test_parallel_incremental.py, the -j 3 incremental export).
extensions = ["myst_parser", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
nitpicky = True
smartquotes = False
myst_enable_extensions = ["colon_fence"]
project = "Parallel fixture"
# what the -j 3 build is compared on: the export, and each page's ClaimReviews
edition_w3c_export = True
edition_claim_review = True
