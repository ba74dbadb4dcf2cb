"""Sphinx's own scripts, written minified into an HTML build.

Opt-in (``edition_minify_sphinx_scripts = True``). Sphinx copies
``doctools.js``, ``sphinx_highlight.js`` and ``searchtools.js`` into every
HTML build as they are kept in its source, commented and indented; asking it
to minify them was sphinx-doc/sphinx#11997 ("Minify css and js"), closed
without a change. Every page fetches ``doctools.js``: minified, it is about
0.5 KB lighter gzipped, and the search page's ``searchtools.js`` 2.7 KB.

They are minified as the layer's own scripts are (minify.py: rjsmin removes
comments and whitespace, nothing is renamed), into a folder beside the
doctrees, and that folder is put first in ``html_static_path``: Sphinx copies
it over the theme's files, and a project's own ``html_static_path``, copied
after it, still wins. The file minified is the one the theme would copy (a
theme may ship its own); a theme that makes one of them from a template
keeps its own. EPUB is left as Sphinx writes it.
"""

from __future__ import annotations

from pathlib import Path

from .assets import web_builder

#: the scripts Sphinx's basic theme ships unminified (its other two,
#: documentation_options.js and language_data.js, are templates)
SCRIPTS = ("doctools.js", "sphinx_highlight.js", "searchtools.js")
#: what Sphinx renders a static file from instead of copying it
TEMPLATE_SUFFIXES = (".jinja", "_t")
#: beside the doctrees: written again by every build, never served from there
FOLDER = "annotated-edition-sphinx-scripts"


def theme_file(theme_dirs: list[str], name: str) -> Path | None:
    """The file a theme whose folders are *theme_dirs* (the theme's own
    first, then those it inherits from) copies as *name*; None if it makes
    it from a template, or has none."""
    for directory in theme_dirs:
        static = Path(directory) / "static"
        if (static / name).is_file():
            return static / name
        if any((static / (name + suffix)).is_file() for suffix in TEMPLATE_SUFFIXES):
            return None
    return None


def minify_sphinx_scripts(app) -> None:
    """``builder-inited`` (connected only when the setting is on, features.py):
    the minified copies written, and their folder first in html_static_path."""
    theme = getattr(app.builder, "theme", None)
    if not web_builder(app.builder) or theme is None:
        return
    from . import minify

    folder = Path(app.doctreedir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name in SCRIPTS:
        target = folder / name
        source = theme_file(theme.get_theme_dirs(), name)
        if source is None:
            target.unlink(missing_ok=True)
            continue
        text = minify.minified(source)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    # a new list: conf.py's own is left as it wrote it
    app.config.html_static_path = [str(folder), *app.config.html_static_path]
