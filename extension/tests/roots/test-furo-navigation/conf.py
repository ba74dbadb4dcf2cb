# A site whose furo sidebar has every shape Sphinx writes: captions, nested
# toctrees (entries with children, so checkboxes), titles with inline markup,
# titles with an ampersand and quotes (the entities Sphinx writes),
# pages one folder down. tests/test_furo_navigation.py builds it with the
# speed-ups on and off.
extensions = ["myst_parser", "sphinx_annotated_edition"]
exclude_patterns = ["_build"]
nitpicky = True
smartquotes = False
html_theme = "furo"
project = "Navigation fixture"
