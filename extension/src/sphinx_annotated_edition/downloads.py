"""``edition-downloads``: the edition's other formats, listed where readers look.

.. code-block:: markdown

   ```{edition-downloads}
   ```

Lists ``edition_downloads`` (label, file name, description) as links into
``edition_downloads_dir`` beside the pages, the folder ``make site`` (and the
Read the Docs build) fills with the PDFs, the EPUB and the course package.
The HTML build writes pages only; it does not check that the files are there
(they come from other builders), the site build's test does.

Produces a placeholder, filled when the page is written: the address of a
file depends on the page that links it, and an e-book or a PDF holds no
files beside it, so there each entry names the file on the web edition
(``html_baseurl``) or, without one, says it is there.
"""

from __future__ import annotations

from urllib.parse import urljoin

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from .i18n import _


class edition_downloads(nodes.General, nodes.Element):
    """Placeholder for the list of downloads, filled at ``doctree-resolved``."""


class DownloadsDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        node = edition_downloads()
        self.set_source_info(node)
        return [node]


def _link(app, fromdocname: str, filename: str) -> str | None:
    # "/annotations.jsonld": from the site's root; "book.pdf": in the downloads folder
    path = (filename.lstrip("/") if filename.startswith("/")
            else f"{app.config.edition_downloads_dir.strip('/')}/{filename}")
    if app.builder.format == "html" and not app.builder.name.startswith("epub"):
        return relative_uri(app.builder.get_target_uri(fromdocname), path)
    base = app.config.html_baseurl
    return urljoin(base if base.endswith("/") else base + "/", path) if base else None


def fill_downloads(app, doctree: nodes.document, fromdocname: str) -> None:
    for placeholder in list(doctree.findall(edition_downloads)):
        items = nodes.bullet_list(classes=["edition-downloads", "editorial"])
        for label, filename, description in app.config.edition_downloads:
            para = nodes.paragraph()
            url = _link(app, fromdocname, filename)
            if url:
                para += nodes.reference("", label, refuri=url, classes=["edition-download"])
            else:
                para += nodes.strong("", label)
            name = filename.lstrip("/")
            where = name if url else _("{name}, on the web edition").format(name=name)
            para += nodes.Text(f" ({where})")
            if description:
                para += nodes.Text(f": {description}")
            items += nodes.list_item("", para)
        placeholder.replace_self(items)
