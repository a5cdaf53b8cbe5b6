"""Labelled examples of real text: the development split's sentences, as embeddings only.

Fitted with the decision (``make fit-match`` writes exemplars.npz beside model.json): each
development sentence's embedding and the claims it was labelled with (none for a sentence that takes
no position). No text is stored. For a new sentence, two views of those examples:
- nearest examples: its closest labelled example for each claim, its closest example that takes no
  position, and its closest that takes any (how real pages that said the same thing were labelled);
- a linear probe: a multinomial logistic regression from the embedding to a claim, or to no claim,
  fitted on the same examples and on every claim's own texts (evals/probe.py). Where the nearest
  example is one sentence, the probe weighs all of them: its log-probabilities are features too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from app.claims.matching.embedding import Vectors

EXEMPLAR_FILE = Path(__file__).with_name("exemplars.npz")
# Per-claim similarity when no example of the claim exists (cosines of this model are above it).
ABSENT = 0.0
# The probe's log-probability for a claim it was not fitted with (a claim newer than the fit), and
# its floor for every claim: far below anything a fitted class gets on real text.
UNFITTED = float(np.log(1e-6))
# The probe reads embeddings times this: a unit vector's components are about 0.05, and scaled
# they suit the default regularisation the probe was measured with.
PROBE_SCALE = 10.0
NONE = ""  # the probe's class for "takes no position"


@dataclass(frozen=True)
class Probe:
    classes: tuple[str, ...]  # claim ids, and NONE
    coef: npt.NDArray[np.float32]  # (classes, dimension)
    intercept: npt.NDArray[np.float32]  # (classes,)

    def log_probabilities(self, vector: Vectors) -> npt.NDArray[np.float64]:
        z = (self.coef @ (vector * PROBE_SCALE)).astype(np.float64) + self.intercept
        z -= z.max()
        out: npt.NDArray[np.float64] = np.maximum(z - np.log(np.exp(z).sum()), UNFITTED)
        return out


@dataclass(frozen=True)
class Exemplars:
    vectors: Vectors  # one unit row per example
    labels: tuple[frozenset[str], ...]  # claim ids each example takes a position on
    probe: Probe | None = None

    @classmethod
    def load(cls, path: Path = EXEMPLAR_FILE) -> Exemplars:
        with np.load(path, allow_pickle=False) as data:
            vectors = data["vectors"].astype(np.float32)
            labels = tuple(frozenset(x for x in row.split("|") if x) for row in data["labels"])
            probe = Probe(
                classes=tuple(str(c) for c in data["probe_classes"]),
                coef=data["probe_coef"].astype(np.float32),
                intercept=data["probe_intercept"].astype(np.float32),
            )
        return cls(vectors, labels, probe)

    def save(self, path: Path = EXEMPLAR_FILE) -> None:
        if self.probe is None:
            raise ValueError("fit the probe before saving the exemplars")
        labels = np.array(["|".join(sorted(x)) for x in self.labels])
        np.savez_compressed(
            path,
            vectors=self.vectors.astype(np.float16),
            labels=labels,
            probe_classes=np.array(self.probe.classes),
            probe_coef=self.probe.coef.astype(np.float32),
            probe_intercept=self.probe.intercept.astype(np.float32),
        )

    def subset(self, rows: Sequence[int]) -> Exemplars:
        """The examples in ``rows``, without a probe (one fitted on all rows would know the rest)."""
        return Exemplars(self.vectors[list(rows)], tuple(self.labels[i] for i in rows))

    def with_probe(self, probe: Probe) -> Exemplars:
        return replace(self, probe=probe)

    def index(self, claim_ids: Sequence[str]) -> ExemplarIndex:
        return ExemplarIndex(self, claim_ids)


class ExemplarIndex:
    """Exemplars arranged for one matcher's claims."""

    def __init__(self, exemplars: Exemplars, claim_ids: Sequence[str]) -> None:
        if exemplars.probe is None:
            raise ValueError("exemplars without a probe: fit one (evals/probe.py)")
        self._vectors = exemplars.vectors
        self._by_claim = [
            np.array([i for i, labels in enumerate(exemplars.labels) if cid in labels], dtype=int)
            for cid in claim_ids
        ]
        self._none = np.array([i for i, labels in enumerate(exemplars.labels) if not labels], int)
        self._any = np.array([i for i, labels in enumerate(exemplars.labels) if labels], int)
        self._probe = exemplars.probe
        column = {c: i for i, c in enumerate(exemplars.probe.classes)}
        self._probe_columns = np.array([column.get(cid, -1) for cid in claim_ids], dtype=int)
        self._probe_none = column[NONE]

    def similarities(self, vector: Vectors) -> tuple[list[float], float, float]:
        """(closest example per claim, closest taking no position, closest taking any)."""
        sims = self._vectors @ vector

        def best(rows: np.ndarray) -> float:
            return float(sims[rows].max()) if rows.size else ABSENT

        return [best(rows) for rows in self._by_claim], best(self._none), best(self._any)

    def probe(self, vector: Vectors) -> tuple[list[float], float]:
        """The probe's log-probability of each claim, and of no claim."""
        logp = self._probe.log_probabilities(vector)
        by_claim = np.where(self._probe_columns >= 0, logp[self._probe_columns], UNFITTED)
        return [float(x) for x in by_claim], float(logp[self._probe_none])
