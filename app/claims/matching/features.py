"""The named features of one (sentence, claim) pair, computed in one place.

The decision (decision.py) reads them by name, so a reader can see why a sentence matched. Three
families: how close the sentence is to the claim's own texts (semantic and lexical similarity, and
the lead over the best other claim); how close it is to real sentences labelled with the claim, or
with no claim, and what a linear probe fitted on them makes of it (exemplars.py), and how often
real text takes a position on the claim at all (its prior, fitted); and the sentence's length.
What kind of sentence it is (cues.py) goes to the stance model only: as position features the cues
changed nothing on the development split.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.claims.matching.cues import Cues

PAIR_NAMES = (
    "semantic",
    "semantic_lead",
    "lexical",
    "lexical_lead",
    "semantic_x_lead",
    "exemplar",
    "exemplar_margin",
    "exemplar_x_semantic",
    "claim_prior",
    "probe",
)
SENTENCE_NAMES = ("log_words", "exemplar_none", "exemplar_any", "probe_none")
NAMES = PAIR_NAMES + SENTENCE_NAMES


def leads(scores: list[float]) -> list[float]:
    """Each claim's score minus the best score among the other claims."""
    if len(scores) < 2:
        return list(scores)
    order = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)
    first, second = scores[order[0]], scores[order[1]]
    return [s - (second if i == order[0] else first) for i, s in enumerate(scores)]


@dataclass(frozen=True)
class SentenceView:
    """What the features need about a sentence, each list in claim order."""

    semantic: list[float]  # best cosine with each claim's texts
    lexical: list[float]
    exemplar: list[float]  # best cosine with a real sentence labelled with the claim
    exemplar_none: float  # best cosine with a real sentence that takes no position
    exemplar_any: float  # best cosine with a real sentence that takes one
    prior: list[float]  # log(1 + labelled real sentences) per claim, from the fit
    probe: list[float]  # the probe's log-probability of each claim
    probe_none: float  # and of no claim
    cues: Cues
    words: int


def vectors(view: SentenceView) -> list[list[float]]:
    """One feature vector (in ``NAMES`` order) per claim."""
    semantic_lead = leads(view.semantic)
    lexical_lead = leads(view.lexical)
    sentence = [
        math.log(1 + view.words),
        view.exemplar_none,
        view.exemplar_any,
        view.probe_none,
    ]
    return [
        [
            view.semantic[i],
            semantic_lead[i],
            view.lexical[i],
            lexical_lead[i],
            view.semantic[i] * semantic_lead[i],
            view.exemplar[i],
            view.exemplar[i] - view.exemplar_none,
            view.exemplar[i] * view.semantic[i],
            view.prior[i],
            view.probe[i],
            *sentence,
        ]
        for i in range(len(view.semantic))
    ]
