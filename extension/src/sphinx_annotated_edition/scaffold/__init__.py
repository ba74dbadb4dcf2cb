"""``annotated-edition new``: a whole new edition from one saved page.

As sphinx-quickstart makes a project, this makes an edition that builds at
once, strictly, in every format::

    DIR/
      conf.py  docutils.conf  index.md  Makefile  requirements.txt
      .readthedocs.yaml  .gitignore
      source/PAGE                 the page as received, byte for byte
      chapters/NN-slug.md         the article, imported (never edited)
      annotations/NN-slug.md      one empty annotations file per chapter
      bibliography/article.bib    the article's references, if it has any
      tests/test_build.py         strict builds, and chapters == a fresh import

The templates are in ``templates/`` beside this module (Jinja, as Sphinx's
own quickstart templates are). The edition is written into a hidden folder
beside DIR and renamed into place at the end: a failed import, or any other
failure, leaves no DIR behind.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..importer.check import check_outputs
from ..importer.page import Article, ImportError_, read_page, slugify
from ..importer.readers import Reader, choose_reader
from ..importer.staging import missing_dirs, write_outputs
from ..importer.writer import escape_markdown, render

TEMPLATES = Path(__file__).parent / "templates"
#: template → where it goes in the edition
FILES = {
    "conf.py.jinja": "conf.py",
    "docutils.conf.jinja": "docutils.conf",
    "index.md.jinja": "index.md",
    "Makefile.jinja": "Makefile",
    "requirements.txt.jinja": "requirements.txt",
    "readthedocs.yaml.jinja": ".readthedocs.yaml",
    "gitignore.jinja": ".gitignore",
    "test_build.py.jinja": "tests/test_build.py",
}
DEFAULT_EDITORS = "The editors"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass
class Edition:
    """What :func:`create_edition` made, for the summary it prints."""

    folder: Path
    article: Article
    reader: Reader
    why: str
    chapters: list[str]
    theme: str


def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                      autoescape=False)
    # a Python literal of a str, for conf.py and the test (JSON's escapes are Python's)
    env.filters["py"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["md"] = escape_markdown  # one line of text, for Markdown
    return env


def theme() -> str:
    """furo when it is installed where the edition is made; else Sphinx's own alabaster."""
    return "furo" if importlib.util.find_spec("furo") is not None else "alabaster"


def source_name(page: Path) -> str:
    """The page's file name in source/, safe in a Makefile and on a command line."""
    if _SAFE_NAME.match(page.name):
        return page.name
    suffix = page.suffix if _SAFE_NAME.match(page.suffix[1:] or "-") else ""
    return slugify(page.stem) + suffix


def _day(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def check_target(folder: Path) -> None:
    """Refuse a folder that is there and not empty: the edition is made whole."""
    if folder.exists() and not folder.is_dir():
        raise ImportError_(f"{folder}: is a file; give a new folder for the edition")
    if folder.is_dir() and any(folder.iterdir()):
        raise ImportError_(f"{folder}: exists and is not empty; give a new (or empty) folder "
                           "for the edition")


def create_edition(folder: Path, page: Path, wanted: str = "auto", title: str | None = None,
                   editors: str = DEFAULT_EDITORS) -> Edition:
    """Make a new edition of *page* in *folder*, all or nothing."""
    check_target(folder)
    text = read_page(page)
    reader, why = choose_reader(text, wanted)
    article = reader.parse(text, str(page))
    info = article.info
    article_title = info.title or title
    if not article_title:
        raise ImportError_(f"{page}: the page names no title (no <h1> in its article, no <title>); "
                           "give the edition one with --title")
    title = title or f"{article_title}: an annotated edition"
    bibliography = bool(article.references)
    name = source_name(page)
    chapters, bibtex = render(article, name)

    parent = folder.absolute().parent
    created = missing_dirs(parent)
    staging = None
    emptied = False
    try:
        for missing in created:
            missing.mkdir()
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-new-", dir=parent))
        (staging / "source").mkdir()
        shutil.copyfile(page, staging / "source" / name)
        write_outputs(chapters, bibtex if bibliography else None, staging / "chapters",
                      staging / "bibliography" / "article.bib" if bibliography else None,
                      check=lambda chapters_dir, bib: check_outputs(article, chapters_dir, bib))
        (staging / "annotations").mkdir()
        env = _environment()
        for number, chapter in enumerate(sorted(chapters), start=1):
            _write(staging / "annotations" / chapter,
                   env.get_template("annotations.md.jinja").render(number=number, name=chapter))
        source = {"title": article_title}
        for key in ("publisher", "date", "url"):
            if getattr(info, key):
                source[key] = getattr(info, key)
        year = dt.date.today().year
        owner = f"its author and {info.publisher}" if info.publisher else "its author"
        context = {
            "title": title, "editors": editors, "source": source, "reader": reader,
            "page_name": name, "bibliography": bibliography, "theme": theme(),
            "published": _day(info.date) if info.date else None,
            "copyright": f"{year}, {editors.lower() if editors == DEFAULT_EDITORS else editors}; "
                         f"the article © {owner}",
        }
        for template, target in FILES.items():
            _write(staging / target, env.get_template(template).render(**context))
        os.chmod(staging, 0o755)
        if folder.is_dir():
            folder.rmdir()  # empty, as checked: the edition takes its place
            emptied = True
        staging.rename(folder)
        staging = None
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if emptied and not folder.exists():
            folder.mkdir()  # the empty folder we were given, as it was
        for missing in reversed(created):
            shutil.rmtree(missing, ignore_errors=True)
        raise
    return Edition(folder, article, reader, why, sorted(chapters), context["theme"])


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
