# Two chapters with discussion questions, a guide page for the teacher's
# module: the Common Cartridge builder (tests/test_cartridge.py).
extensions = ["myst_parser", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
nitpicky = True
smartquotes = False
myst_enable_extensions = ["colon_fence"]
project = "Cartridge fixture"
edition_cartridge_links = [("The guide", "other"), ("Worksheet (PDF)", "downloads/worksheet.pdf")]
# the discussion questions are the classroom blocks' (off by default)
edition_classroom = True
