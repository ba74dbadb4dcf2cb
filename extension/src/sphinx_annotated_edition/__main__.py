"""``python -m sphinx_annotated_edition``: the ``annotated-edition`` command."""

import sys

from .cli import main

sys.exit(main())
