"""Citations a reader can trace, on screen and on paper.

Two things stood between a citation and its source:

* **Labels that stood for several sources.** An author-year label such as
  "Associated Press, 2025" named four different reports. The label style
  here (``author-year``, registered with pybtex) makes every label unique:
  the publisher or authors, the year, and a letter when one publisher has
  several sources in a year, given in date order ("Associated Press 2025a",
  "… 2025b"). With ``bibtex_reference_style = "label"`` the text shows the
  same label as the list, so a label matches exactly one entry.
* **LaTeX gathers every citation at the end of the book** (Sphinx's
  ``BibliographyTransform``), so a bibliography chapter printed only its
  headings and its lists ran together at the back. :class:`KeepBibliographies`
  keeps each list where it stands, under its own heading, as its own
  ``thebibliography``.

Both are switched on by the project: ``bibtex_default_style =
"edition-author-year"`` and ``edition_citations_in_place = True``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from docutils import nodes
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform

STYLE_NAME = "edition-author-year"
LABEL_STYLE_NAME = "author-year"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _plain(text: str) -> str:
    return re.sub(r"[{}]", "", text).strip()


def _names(entry) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_plain(" ".join(p.last_names) or str(p)) for p in people]
    if not names:
        return _plain(entry.fields.get("organization", entry.fields.get("title", "Anon.")))[:40]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def _year(entry) -> str:
    year = entry.fields.get("year") or entry.fields.get("date", "")[:4]
    return year or "n.d."


def author_year_labels(entries) -> list[str]:
    """One unique label per entry: names, year, and a letter in date order when needed."""
    bases = [f"{_names(e)} {_year(e)}" for e in entries]
    counts = Counter(bases)
    groups: dict[str, list[int]] = defaultdict(list)
    for index, base in enumerate(bases):
        groups[base].append(index)
    labels = list(bases)
    for base, indexes in groups.items():
        if counts[base] < 2:
            continue
        ordered = sorted(indexes, key=lambda i: (entries[i].fields.get("date", ""),
                                                 _plain(entries[i].fields.get("title", "")),
                                                 entries[i].key))
        for letter_index, index in enumerate(ordered):
            letters, n = "", letter_index
            while True:  # a…z, then aa, ab…
                letters = _LETTERS[n % 26] + letters
                n = n // 26 - 1
                if n < 0:
                    break
            labels[index] = base + letters
    return labels


def register_styles() -> None:
    """Add the label and formatting styles to pybtex (sphinxcontrib-bibtex reads them there)."""
    import pybtex.plugin
    from pybtex.style.formatting.unsrt import Style as UnsrtStyle
    from pybtex.style.labels import BaseLabelStyle

    class AuthorYearLabelStyle(BaseLabelStyle):
        def format_labels(self, sorted_entries):
            return iter(author_year_labels(list(sorted_entries)))

    class EditionStyle(UnsrtStyle):
        default_label_style = AuthorYearLabelStyle

    pybtex.plugin.register_plugin("pybtex.style.labels", LABEL_STYLE_NAME, AuthorYearLabelStyle)
    pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE_NAME, EditionStyle)


class bibliography_list(thebibliography):
    """A bibliography kept in place in LaTeX: ``thebibliography``'s visitors."""


class kept_citation(nodes.General, nodes.Element):
    """A citation LaTeX must not gather to the end; rendered as ``\\bibitem``."""


class KeepBibliographies(SphinxPostTransform):
    """Keep each run of citations where it stands, as its own list (LaTeX only).

    Runs before Sphinx's ``BibliographyTransform`` (750), which moves every
    ``citation`` node to one list at the end of the document: the citations
    here are no longer ``citation`` nodes, so it leaves them alone.
    """

    default_priority = 740
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        if not self.config.edition_citations_in_place:
            return
        for parent in {id(c.parent): c.parent for c in self.document.findall(nodes.citation)}.values():
            run: list[nodes.citation] = []
            for child in list(parent.children) + [None]:
                if isinstance(child, nodes.citation):
                    run.append(child)
                    continue
                if run:
                    self._keep(parent, run)
                    run = []

    @staticmethod
    def _keep(parent: nodes.Element, run: list[nodes.citation]) -> None:
        listing = bibliography_list()
        parent.insert(parent.index(run[0]), listing)
        for citation in run:
            parent.remove(citation)
            kept = kept_citation("", *citation.children, **citation.attributes)
            listing += kept


def visit_kept_citation_latex(self, node: kept_citation) -> None:
    self.visit_citation(node)


def depart_kept_citation_latex(self, node: kept_citation) -> None:
    self.depart_citation(node)


#: a list with a hanging indent: ``thebibliography`` would open a chapter of
#: its own (``\chapter*{\bibname}``) and indent every entry by the widest
#: label, and these labels are names ("Institute for the Study of War 2025a")
BIBLIOGRAPHY_LIST = (r"\begin{list}{}{\setlength{\leftmargin}{2em}\setlength{\itemindent}{-2em}"
                     r"\setlength{\labelwidth}{0pt}\setlength{\labelsep}{0.5em}}")


def visit_bibliography_list_latex(self, node) -> None:
    # \bibitem works in any list: it writes the label for \cite to the .aux
    self.body.append("\n" + BIBLIOGRAPHY_LIST + "\n")


def depart_bibliography_list_latex(self, node) -> None:
    self.body.append("\\end{list}\n")


def _skip(self, node) -> None:
    raise nodes.SkipNode


#: the nodes exist only in LaTeX doctrees; other builders never meet them
VISITORS = {
    kept_citation: {"latex": (visit_kept_citation_latex, depart_kept_citation_latex),
                    **{b: (_skip, None) for b in ("html", "text", "man", "texinfo")}},
    bibliography_list: {"latex": (visit_bibliography_list_latex, depart_bibliography_list_latex),
                        **{b: (_skip, None) for b in ("html", "text", "man", "texinfo")}},
}
