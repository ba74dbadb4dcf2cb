"""The classroom apparatus kept in a chapter's annotations file.

``learning-objectives`` and ``discussion-questions`` are written in the
annotations file and shown at the chapter's end, in one "For the classroom"
block together with the reading time, which is computed from the author's
text (``edition_words_per_minute``). Every discussion question must link to
the passage it is about (``{ref}`¶3.2 <p3.2>``` or a ``{note}``).
"""

from __future__ import annotations

import math

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from .directives import PARSING_ANNOTATIONS
from .features import refuse_unless_on
from .i18n import N_, _
from .labels import paragraph_labels
from .warnings_ import AnnotationWarning, warn

CLASSROOM_CLASS = "edition-classroom"


class _ClassroomDirective(SphinxDirective):
    has_content = True
    title = ""
    part = ""

    def run(self) -> list[nodes.Node]:
        refused = refuse_unless_on(self, "edition_classroom")
        if refused is not None:
            return refused
        source, line = self.get_source_info()
        if not self.env.temp_data.get(PARSING_ANNOTATIONS):
            warn(f"{self.name} belongs in a chapter's annotations file, which shows it at "
                 "the chapter's end; move it there",
                 AnnotationWarning.OUTSIDE_ANNOTATIONS, f"{source}:{line}")
            return []
        container = nodes.container(classes=[CLASSROOM_CLASS, f"edition-{self.part}", "editorial"],
                                    classroom_part=self.part)
        container.source, container.line = source, line
        container += nodes.rubric("", _(self.title), classes=["edition-classroom-title"])
        self.state.nested_parse(self.content, self.content_offset, container)
        lists = [n for n in container.children if isinstance(n, (nodes.bullet_list, nodes.enumerated_list))]
        if len(lists) != 1 or not lists[0].children:
            warn(f"{self.name} holds one list, one item per {self.item_name}",
                 AnnotationWarning.CLASSROOM, f"{source}:{line}")
            return []
        self.check(lists[0], source, line)
        return [container]

    item_name = "item"

    def check(self, items: nodes.Element, source: str, line: int) -> None:
        pass


class LearningObjectivesDirective(_ClassroomDirective):
    """2–3 learning objectives for the chapter, as a list.

    Produces ``container.edition-classroom.edition-objectives``: a rubric
    "Learning objectives" and the list.
    """

    title = N_("Learning objectives")
    part = "objectives"
    item_name = "objective"


class DiscussionQuestionsDirective(_ClassroomDirective):
    """Discussion questions, as a list; each links to its passage.

    Produces ``container.edition-classroom.edition-questions``. A question
    with no link to a paragraph (``{ref}`` to ``pN.M``) or a note is
    refused: students must be able to go from the question to the text.
    """

    title = N_("Discussion questions")
    part = "questions"
    item_name = "question"

    def check(self, items: nodes.Element, source: str, line: int) -> None:
        labels = paragraph_labels(self.config)
        for number, item in enumerate(items.children, start=1):
            if not any(_points_to_text(ref, labels) for ref in item.findall(addnodes.pending_xref)):
                item_line = item.line or line
                warn(f"discussion question {number} links to no passage; add "
                     "{ref}`¶N.M <pN.M>` (or a {note}) for the passage it is about",
                     AnnotationWarning.CLASSROOM, f"{source}:{item_line}")


def _points_to_text(ref: addnodes.pending_xref, labels) -> bool:
    if ref.get("refdomain") == "annotation":
        return True
    return ref.get("reftype") == "ref" and bool(labels.number_of_target(ref.get("reftarget", "")))


def reading_minutes(words: int, per_minute: int) -> int:
    return max(1, math.ceil(words / per_minute))


def classroom_block(blocks: list[nodes.Element], words: int, minutes: int) -> nodes.container:
    """The chapter's closing "For the classroom" block."""
    block = nodes.container(classes=[CLASSROOM_CLASS, "editorial"])
    block += nodes.rubric("", _("For the classroom"), classes=["edition-classroom-heading"])
    para = nodes.paragraph(classes=["edition-reading-time"])
    para += nodes.Text(_("Reading time: about {minutes} min ({words} words of the article).").format(
        minutes=minutes, words=words))
    block += para
    order = {"objectives": 0, "questions": 1}
    for part in sorted(blocks, key=lambda b: order.get(b.get("classroom_part"), 2)):
        block += part
    return block
