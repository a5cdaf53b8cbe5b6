"""Stance: whether a sentence asserts a claim, denies it, or only mentions it.

``mentions`` is a sentence that reports or questions the claim without taking a side ("supporters
say ...", "does kratom ...?"). The features are the sentence's cues and its polarity against the
claim's: a negated or denying sentence goes against a claim that states something is so, and with a
claim that itself states an absence ("there are no trials" asserts "trials are lacking"). The
weights are fitted with the decision (``make fit-match``).
"""

from __future__ import annotations

from app.claims.matching.cues import Cues

STANCES = ("asserts", "denies", "mentions")
NAMES = (
    "negates",
    "denies",
    "polarity_mismatch",
    "hedges",
    "reports",
    "distances",
    "asks",
    "only_asks",
    "claim_states_absence",
)


def vector(cues: Cues, claim_states_absence: bool) -> list[float]:
    """The stance features (in ``NAMES`` order) of a sentence toward one claim."""
    negative = max(cues.negates, cues.denies)
    absent = float(claim_states_absence)
    return [
        cues.negates,
        cues.denies,
        abs(negative - absent),
        cues.hedges,
        cues.reports,
        cues.distances,
        cues.asks,
        cues.only_asks,
        absent,
    ]
