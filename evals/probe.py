"""Fit the exemplars' linear probe (app/claims/matching/exemplars.py): a multinomial logistic
regression from a sentence's embedding to the claim it takes a position on, or to none.

Fitted on the given examples (a sentence labelled with several claims counts once, shared between
them) and on every claim's own texts (statement and phrasings), so that a claim no real sentence was
labelled with still has a class. ``C`` 1.0: out of fold on the development split (5 folds by page),
C from 0.3 to 4 gave the same F1 (0.696-0.700), so the default was kept.
"""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

from app.claims.matching import ClaimMatcher
from app.claims.matching.exemplars import NONE, PROBE_SCALE, Exemplars, Probe

C = 1.0


def fit_probe(matcher: ClaimMatcher, bank: Exemplars) -> Probe:
    text_vectors, owners = matcher.text_vectors
    x = [text_vectors]
    y = list(owners)
    weight = [1.0] * len(owners)
    for vector, labels in zip(bank.vectors, bank.labels, strict=True):
        for claim in sorted(labels) or [NONE]:
            x.append(vector[None, :])
            y.append(claim)
            weight.append(1.0 / max(len(labels), 1))
    rows = np.vstack(x).astype(np.float64) * PROBE_SCALE
    model = LogisticRegression(C=C, max_iter=2000).fit(rows, np.array(y), sample_weight=weight)
    return Probe(
        classes=tuple(str(c) for c in model.classes_),
        coef=model.coef_.astype(np.float32),
        intercept=model.intercept_.astype(np.float32),
    )


def with_probe(matcher: ClaimMatcher, bank: Exemplars) -> Exemplars:
    """``bank`` with a probe fitted on its own examples."""
    return bank.with_probe(fit_probe(matcher, bank))
