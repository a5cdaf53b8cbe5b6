"""Labelled examples of real text: the development split's sentences, as embeddings only.

Fitted with the decision (``make fit-match`` writes exemplars.npz beside model.json): each
development sentence's embedding and the claims it was labelled with (none for a sentence that takes
no position). No text is stored. For a new sentence, the features are its closest labelled
example for each claim, its closest example that takes no position, and its closest that takes any:
how real pages that said the same thing were labelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.claims.matching.embedding import Vectors

EXEMPLAR_FILE = Path(__file__).with_name("exemplars.npz")
# Per-claim similarity when no example of the claim exists (cosines of this model are above it).
ABSENT = 0.0


@dataclass(frozen=True)
class Exemplars:
    vectors: Vectors  # one unit row per example
    labels: tuple[frozenset[str], ...]  # claim ids each example takes a position on

    @classmethod
    def load(cls, path: Path = EXEMPLAR_FILE) -> Exemplars:
        with np.load(path, allow_pickle=False) as data:
            vectors = data["vectors"].astype(np.float32)
            labels = tuple(frozenset(x for x in row.split("|") if x) for row in data["labels"])
        return cls(vectors, labels)

    def save(self, path: Path = EXEMPLAR_FILE) -> None:
        labels = np.array(["|".join(sorted(x)) for x in self.labels])
        np.savez_compressed(path, vectors=self.vectors.astype(np.float16), labels=labels)

    def subset(self, rows: Sequence[int]) -> Exemplars:
        return Exemplars(self.vectors[list(rows)], tuple(self.labels[i] for i in rows))

    def index(self, claim_ids: Sequence[str]) -> ExemplarIndex:
        return ExemplarIndex(self, claim_ids)


class ExemplarIndex:
    """Exemplars arranged for one matcher's claims."""

    def __init__(self, exemplars: Exemplars, claim_ids: Sequence[str]) -> None:
        self._vectors = exemplars.vectors
        self._by_claim = [
            np.array([i for i, labels in enumerate(exemplars.labels) if cid in labels], dtype=int)
            for cid in claim_ids
        ]
        self._none = np.array([i for i, labels in enumerate(exemplars.labels) if not labels], int)
        self._any = np.array([i for i, labels in enumerate(exemplars.labels) if labels], int)

    def similarities(self, vector: Vectors) -> tuple[list[float], float, float]:
        """(closest example per claim, closest taking no position, closest taking any)."""
        sims = self._vectors @ vector

        def best(rows: np.ndarray) -> float:
            return float(sims[rows].max()) if rows.size else ABSENT

        return [best(rows) for rows in self._by_claim], best(self._none), best(self._any)
