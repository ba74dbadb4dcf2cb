"""``-b cartridge``: the edition as an IMS Common Cartridge 1.1 course package.

A teacher imports the ``.imscc`` file into Canvas or Moodle and gets the
reading as a course module: one module per chapter, in reading order, each
holding a web link to the chapter's page and one discussion topic per
discussion question (the question's text, with its links to the passages and
notes it names). A last module links the pages and files a teacher lists in
``edition_cartridge_links`` (the teacher's guide, the worksheet, the reading
copy).

Common Cartridge 1.1, because Moodle's core importer reads only 1.0 and 1.1,
and Canvas reads every 1.x. Every address is the published one
(``html_baseurl``): a course site links to the edition where it is hosted.
Without a base address the builder stops and says how to give one.

Like ``linkcheck``, it writes no pages; it reads the chapters' doctrees.
"""

from __future__ import annotations

import html
import os
import re
import time
import zipfile
from pathlib import Path
from urllib.parse import urljoin

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.errors import ConfigError
from sphinx.util import logging

from .i18n import _
from .warnings_ import WARNING_TYPE, AnnotationWarning

logger = logging.getLogger(__name__)

CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
WL = "http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1"
DT = "http://www.imsglobal.org/xsd/imsccv1p1/imsdt_v1p1"
SCHEMA_LOCATION = (f"{CP} http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd "
                   f"{LOM} http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd")
QUESTIONS_CLASS = "edition-questions"


def x(text: str) -> str:
    """Text for XML content or a quoted attribute."""
    return html.escape(text, quote=True)


class Resource:
    def __init__(self, identifier: str, kind: str, path: str, body: str) -> None:
        self.identifier, self.kind, self.path, self.body = identifier, kind, path, body


def web_link(title: str, url: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<webLink xmlns="{WL}">\n'
            f"  <title>{x(title)}</title>\n  <url href=\"{x(url)}\" target=\"_blank\"/>\n</webLink>\n")


def topic(title: str, body_html: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<topic xmlns="{DT}">\n'
            f"  <title>{x(title)}</title>\n"
            f'  <text texttype="text/html">{x(body_html)}</text>\n</topic>\n')


class CartridgeBuilder(Builder):
    """Writes ``<project>.imscc`` from the chapters and their discussion questions."""

    name = "cartridge"
    epilog = "The course package is in %(outdir)s."
    allow_parallel = True

    def init(self) -> None:
        if not self.config.html_baseurl:
            message = ("the course package links to the published edition, so it needs its "
                       "address: set html_baseurl in conf.py, or give it on the command "
                       "line: -D html_baseurl=https://…/")
            # said first and plainly: Sphinx's report of the error below is long
            logger.error(message, type=WARNING_TYPE, subtype=AnnotationWarning.CARTRIDGE.value)
            raise ConfigError(message)

    def get_outdated_docs(self):
        return []

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return docname + ".html"

    def prepare_writing(self, docnames) -> None:
        pass

    def write_doc(self, docname, doctree) -> None:
        pass

    # -- addresses --------------------------------------------------------------
    def address(self, path: str) -> str:
        base = self.config.html_baseurl
        return urljoin(base if base.endswith("/") else base + "/", path)

    def page(self, docname: str, anchor: str = "") -> str:
        return self.address(docname + ".html") + (f"#{anchor}" if anchor else "")

    def resolve(self, ref: addnodes.pending_xref) -> str | None:
        """The published address a question's link points to, if known."""
        env, target = self.env, ref.get("reftarget", "")
        if ref.get("refdomain") == "annotation":
            record = env.get_domain("annotation").find(target)
            return self.page(record.docname, record.id) if record else None
        std = env.domains.standard_domain
        if ref.get("reftype") == "ref" and target in std.anonlabels:
            # a label before a paragraph has no title: it is an "anonymous" label
            docname, label_id = std.anonlabels[target]
            return self.page(docname, label_id)
        if ref.get("reftype") == "term":
            entry = std.objects.get(("term", target.lower()))
            return self.page(entry[0], entry[1]) if entry else None
        return None

    def question_html(self, item: nodes.list_item) -> str:
        """A question as HTML: its words, emphasis and links, nothing else."""
        tags = {nodes.emphasis: "em", nodes.strong: "strong", nodes.paragraph: "p",
                nodes.literal: "code"}

        def render(node: nodes.Node) -> str:
            if isinstance(node, nodes.Text):
                return html.escape(str(node), quote=False)
            if isinstance(node, addnodes.pending_xref):
                url = self.resolve(node)
                text = html.escape(node.astext(), quote=False)
                return f'<a href="{x(url)}">{text}</a>' if url else text
            inner = "".join(render(child) for child in node.children)
            tag = tags.get(type(node))
            return f"<{tag}>{inner}</{tag}>" if tag else inner

        return "".join(render(child) for child in item.children)

    # -- the package ------------------------------------------------------------
    def modules(self) -> tuple[list[tuple[str, str, list[tuple[str, Resource]]]], list[Resource]]:
        """(module id, title, [(item title, resource)]) in reading order, and every resource."""
        domain = self.env.get_domain("annotation")
        chapters = sorted(domain.chapters.items(), key=lambda item: item[1].number)
        modules, resources = [], []
        for docname, chapter in chapters:
            title = self.env.titles[docname].astext()
            mid = f"ch{chapter.number:02d}"
            items = []
            link = Resource(f"{mid}_page", "imswl_xmlv1p1", f"{mid}/page.xml",
                            web_link(_("Read: {title}").format(title=title), self.page(docname)))
            items.append((_("Read chapter {number}: {title}").format(number=chapter.number, title=title),
                          link))
            doctree = self.env.get_doctree(docname)
            questions = [list_ for block in doctree.findall(nodes.container)
                         if QUESTIONS_CLASS in block["classes"]
                         for list_ in block.findall(nodes.enumerated_list)]
            number = 0
            for list_ in questions:
                for item in list_.children:
                    number += 1
                    name = _("Chapter {chapter}, question {number}").format(chapter=chapter.number, number=number)
                    body = (self.question_html(item)
                            + f'<p><a href="{x(self.page(docname))}">{x(_("Read the chapter"))}</a></p>')
                    items.append((name, Resource(f"{mid}_q{number}", "imsdt_xmlv1p1",
                                                 f"{mid}/question-{number}.xml", topic(name, body))))
            modules.append((mid, _("Chapter {number}: {title}").format(number=chapter.number, title=title),
                            items))
            resources.extend(r for _, r in items)
        extra = []
        for number, (label, target) in enumerate(self.config.edition_cartridge_links, start=1):
            url = self.page(target) if target in self.env.found_docs else self.address(target)
            extra.append((label, Resource(f"teacher_{number}", "imswl_xmlv1p1",
                                          f"teacher/link-{number}.xml", web_link(label, url))))
        if extra:
            modules.append(("teacher", _("For the teacher"), extra))
            resources.extend(r for _, r in extra)
        return modules, resources

    def manifest(self, modules, resources) -> str:
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<manifest identifier="{x(self.slug())}" xmlns="{CP}" xmlns:lomimscc="{LOM}"',
            '  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
            f'  xsi:schemaLocation="{SCHEMA_LOCATION}">',
            "  <metadata>",
            "    <schema>IMS Common Cartridge</schema>",
            "    <schemaversion>1.1.0</schemaversion>",
            "    <lomimscc:lom><lomimscc:general><lomimscc:title>",
            f'      <lomimscc:string language="{x(self.config.language or "en")}">'
            f"{x(self.config.project)}</lomimscc:string>",
            "    </lomimscc:title></lomimscc:general></lomimscc:lom>",
            "  </metadata>",
            "  <organizations>",
            '    <organization identifier="org" structure="rooted-hierarchy">',
            '      <item identifier="root">',
        ]
        for mid, title, items in modules:
            lines.append(f'        <item identifier="{mid}">')
            lines.append(f"          <title>{x(title)}</title>")
            for item_title, resource in items:
                lines.append(f'          <item identifier="item_{resource.identifier}" '
                             f'identifierref="{resource.identifier}">')
                lines.append(f"            <title>{x(item_title)}</title>")
                lines.append("          </item>")
            lines.append("        </item>")
        lines += ["      </item>", "    </organization>", "  </organizations>", "  <resources>"]
        for resource in resources:
            lines.append(f'    <resource identifier="{resource.identifier}" type="{resource.kind}">')
            lines.append(f'      <file href="{x(resource.path)}"/>')
            lines.append("    </resource>")
        lines += ["  </resources>", "</manifest>", ""]
        return "\n".join(lines)

    def slug(self) -> str:
        return re.sub(r"[^A-Za-z0-9]+", "-", self.config.project).strip("-").lower() or "edition"

    def finish(self) -> None:
        modules, resources = self.modules()
        files = {"imsmanifest.xml": self.manifest(modules, resources)}
        files.update({r.path: r.body for r in resources})
        outdir = Path(self.outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        target = outdir / f"{self.slug()}.imscc"
        # the same sources make the same bytes: one date for every member
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
        stamp = time.gmtime(max(epoch, 315532800))[:6]
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
            for name in ["imsmanifest.xml"] + sorted(set(files) - {"imsmanifest.xml"}):
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                package.writestr(info, files[name].encode("utf-8"))
        questions = sum(r.kind == "imsdt_xmlv1p1" for r in resources)
        logger.info(f"course package: {len(modules)} modules, {questions} discussion topics, "
                    f"{len(files)} files -> {target}")
