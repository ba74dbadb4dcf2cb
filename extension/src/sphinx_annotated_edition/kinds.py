"""The kinds of note and the verdict scale: an edition's editorial vocabulary.

Both are configuration (``edition_annotation_kinds``, ``edition_verdicts``),
checked when the configuration is read (:mod:`.config`). The defaults here
are a starting vocabulary for a fact-checked edition; a project that sets
either setting gives its whole vocabulary there. Labels and descriptions are
translated where they are shown (the defaults' are in the package's
catalogs; a project's own are looked up there too, and shown as written
when no catalog has them).
"""

from __future__ import annotations

from typing import NamedTuple

from .i18n import N_

#: the W3C Web Annotation motivations (https://www.w3.org/TR/annotation-vocab/#motivation)
MOTIVATIONS = ("assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
               "highlighting", "identifying", "linking", "moderating", "questioning", "replying",
               "tagging")
KIND_KEYS = ("label", "motivation", "verdict", "as_of", "factual", "description")
VERDICT_KEYS = ("label", "rating", "description")


class Kind(NamedTuple):
    name: str
    label: str
    #: W3C Web Annotation motivation used by the JSON-LD export
    motivation: str
    #: whether a note of this kind must carry a verdict (and may: no other kind may)
    needs_verdict: bool = False
    #: whether a note of this kind must carry an "as of" date
    needs_as_of: bool = False
    #: whether a note of this kind states facts, and so must cite a source
    factual: bool = True
    description: str = ""


class Verdict(NamedTuple):
    name: str
    label: str
    #: schema.org ClaimReview ratingValue, 1 (worst) to 5 (best); None: not rated
    rating: int | None
    description: str = ""


DEFAULT_KINDS_CONFIG: dict[str, dict] = {
    "fact-check": {"label": N_("Fact-check"), "motivation": "assessing", "verdict": True,
                   "description": N_("Checks a factual claim against sources and gives a verdict.")},
    "context": {"label": N_("Context"), "motivation": "describing",
                "description": N_("Background a reader needs to follow the passage.")},
    "counterpoint": {"label": N_("Counterpoint"), "motivation": "commenting",
                     "description": N_("A serious published view that differs from the author's.")},
    "update": {"label": N_("Update"), "motivation": "commenting", "as_of": True,
               "description": N_("What changed after the article was published, as of a date.")},
    "rhetoric": {"label": N_("Reading closely"), "motivation": "commenting", "factual": False,
                 "description": N_("How the passage argues: wording, framing, evidence offered.")},
}

#: best supported first
DEFAULT_VERDICTS_CONFIG: dict[str, dict] = {
    "supported": {"label": N_("Supported"), "rating": 5,
                  "description": N_("The sources support the claim as stated.")},
    "dated": {"label": N_("Supported but dated"), "rating": 4,
              "description": N_("True for the time the article describes; later sources give newer figures.")},
    "partly-supported": {"label": N_("Partly supported"), "rating": 3,
                         "description": N_("Part of the claim holds; part is contested or unsupported.")},
    "overstated": {"label": N_("Overstated"), "rating": 3,
                   "description": N_("The direction is right but the claim goes further than the evidence.")},
    "misleading": {"label": N_("Misleading"), "rating": 2,
                   "description": N_("Facts in it are real but the claim gives a wrong impression.")},
    "contradicted": {"label": N_("Contradicted"), "rating": 1,
                     "description": N_("The sources contradict the claim.")},
    "unverifiable": {"label": N_("Cannot be checked"), "rating": None,
                     "description": N_("An opinion or prediction, or no reliable source settles it.")},
}


def kinds_from_config(config) -> dict[str, Kind]:
    """The project's kinds of note, in the order ``conf.py`` gives them."""
    return {
        name: Kind(name=name, label=spec["label"], motivation=spec["motivation"],
                   needs_verdict=bool(spec.get("verdict", False)),
                   needs_as_of=bool(spec.get("as_of", False)),
                   factual=bool(spec.get("factual", True)),
                   description=spec.get("description", ""))
        for name, spec in config.edition_annotation_kinds.items()
    }


def verdicts_from_config(config) -> dict[str, Verdict]:
    """The project's verdict scale, best first."""
    return {name: Verdict(name=name, label=spec["label"], rating=spec.get("rating"),
                          description=spec.get("description", ""))
            for name, spec in config.edition_verdicts.items()}


def rating_scale(config) -> tuple[int, int]:
    """(best, worst) of the ratings the scale uses, for ClaimReview."""
    ratings = [v.rating for v in verdicts_from_config(config).values() if v.rating is not None]
    return (max(ratings), min(ratings)) if ratings else (5, 1)


def verdict_kinds(config) -> list[str]:
    """The names of the kinds that carry a verdict (for messages)."""
    return [k.name for k in kinds_from_config(config).values() if k.needs_verdict]
