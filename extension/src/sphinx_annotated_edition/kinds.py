"""The kinds of note and the verdict scale: the edition's editorial vocabulary.

Both are data, documented in the editor's guide and extensible from
``conf.py`` (``edition_annotation_kinds``); the verdict scale is fixed so that
verdicts mean the same thing in every edition and in every export.
"""

from __future__ import annotations

from typing import NamedTuple

from .i18n import N_


class Kind(NamedTuple):
    name: str
    label: str
    #: W3C Web Annotation motivation used by the JSON-LD export
    motivation: str
    #: whether a note of this kind must carry a verdict
    needs_verdict: bool = False
    #: whether a note of this kind must carry an "as of" date
    needs_as_of: bool = False
    #: whether a note of this kind states facts, and so must cite a source
    factual: bool = True
    description: str = ""


DEFAULT_KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("fact-check", N_("Fact-check"), "assessing", needs_verdict=True,
             description=N_("Checks a factual claim against sources and gives a verdict.")),
        Kind("context", N_("Context"), "describing",
             description=N_("Background a reader needs to follow the passage.")),
        Kind("counterpoint", N_("Counterpoint"), "commenting",
             description=N_("A serious published view that differs from the author's.")),
        Kind("update", N_("Update"), "commenting", needs_as_of=True,
             description=N_("What changed after the article was published, as of a date.")),
        Kind("rhetoric", N_("Reading closely"), "commenting", factual=False,
             description=N_("How the passage argues: wording, framing, evidence offered.")),
    )
}


class Verdict(NamedTuple):
    name: str
    label: str
    #: schema.org ClaimReview ratingValue, 1 (worst) to 5 (best); None for "unverifiable"
    rating: int | None
    description: str


#: The verdict scale, from best supported to least. Fixed: see kinds docs.
VERDICTS: dict[str, Verdict] = {
    verdict.name: verdict
    for verdict in (
        Verdict("supported", N_("Supported"), 5,
                N_("The sources support the claim as stated.")),
        Verdict("dated", N_("Supported but dated"), 4,
                N_("True for the time the article describes; later sources give newer figures.")),
        Verdict("partly-supported", N_("Partly supported"), 3,
                N_("Part of the claim holds; part is contested or unsupported.")),
        Verdict("overstated", N_("Overstated"), 3,
                N_("The direction is right but the claim goes further than the evidence.")),
        Verdict("misleading", N_("Misleading"), 2,
                N_("Facts in it are real but the claim gives a wrong impression.")),
        Verdict("contradicted", N_("Contradicted"), 1,
                N_("The sources contradict the claim.")),
        Verdict("unverifiable", N_("Cannot be checked"), None,
                N_("An opinion or prediction, or no reliable source settles it.")),
    )
}
RATING_BEST, RATING_WORST = 5, 1


def kinds_from_config(config) -> dict[str, Kind]:
    """The default kinds plus those a project adds in ``edition_annotation_kinds``.

    Each extra kind is ``name: {"label": ..., "motivation": ..., ...}``.
    """
    kinds = dict(DEFAULT_KINDS)
    for name, spec in (config.edition_annotation_kinds or {}).items():
        kinds[name] = Kind(name=name, **spec)
    return kinds
