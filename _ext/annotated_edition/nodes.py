"""Doctree nodes the edition adds, each with visitors for every builder.

The article's own text is never put inside these nodes' *content*: a label is
editorial text beside the author's, and the HTML writer marks it as such
(class ``editorial``) so that readers, styles and tests can tell them apart.
"""

from __future__ import annotations

from docutils import nodes


class paragraph_label(nodes.Inline, nodes.TextElement):
    """The discreet, linkable label of an article paragraph (``¶3.4``).

    Attributes: ``label`` ("3.4") and ``refid`` (the paragraph's HTML id).
    """


def visit_paragraph_label_html(self, node: paragraph_label) -> None:
    label = node["label"]
    self.body.append(
        f'<a class="edition-plabel editorial" href="#{node["refid"]}" '
        f'aria-label="Paragraph {label}, link">¶{label}</a>'
    )
    raise nodes.SkipNode


def visit_paragraph_label_latex(self, node: paragraph_label) -> None:
    # Inline and small, not a \marginpar: margin text lands in the middle of
    # the paragraph when the PDF is read as text (pdftotext, screen readers).
    self.body.append(r"{\sphinxstyleeditoriallabel{\P" + node["label"] + "}}~")
    raise nodes.SkipNode


def visit_paragraph_label_text(self, node: paragraph_label) -> None:
    self.add_text(f"[¶{node['label']}] ")
    raise nodes.SkipNode


def visit_paragraph_label_skip(self, node: paragraph_label) -> None:
    # man and texinfo: the label is a navigation aid, not content
    raise nodes.SkipNode


PARAGRAPH_LABEL_VISITORS = {
    "html": (visit_paragraph_label_html, None),
    "latex": (visit_paragraph_label_latex, None),
    "text": (visit_paragraph_label_text, None),
    "man": (visit_paragraph_label_skip, None),
    "texinfo": (visit_paragraph_label_skip, None),
}
