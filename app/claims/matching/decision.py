"""The fitted decision: which claims a sentence takes a position on, and its stance toward each.

Parameters come from ``model.json`` beside this module, written by ``make fit-match``
(scripts/fit_match.py) from the development split of real text; request code only loads and
applies them. ``score`` is a logistic regression's estimate of the probability that the sentence
takes a position on the claim; stance is a multinomial logistic regression over stance.py's
features. Both standardise each feature with the mean and scale seen when fitting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from app.claims.matching import features, stance
from app.claims.matching.exemplars import EXEMPLAR_FILE, Exemplars

MODEL_FILE = Path(__file__).with_name("model.json")
Array = npt.NDArray[np.float64]


class ModelMismatchError(RuntimeError):
    """model.json was fitted on other features than the code computes: run make fit-match."""


@dataclass(frozen=True)
class Linear:
    """One standardised linear model: ``coef`` has one row per class (one row for a binary one)."""

    names: tuple[str, ...]
    mean: Array
    scale: Array
    coef: Array  # (classes, features)
    intercept: Array

    @classmethod
    def read(cls, raw: dict[str, object], expected: tuple[str, ...]) -> Linear:
        names = tuple(str(name) for name in raw["features"])  # type: ignore[attr-defined]
        if names != expected:
            raise ModelMismatchError(f"model.json has features {names}, the code {expected}")
        arrays = (
            np.asarray(raw[key], dtype=float) for key in ("mean", "scale", "coef", "intercept")
        )
        return cls(names, *arrays)

    def logits(self, rows: Array) -> Array:
        """(rows, classes) logits for a (rows, features) matrix."""
        logits: Array = ((rows - self.mean) / self.scale) @ self.coef.T + self.intercept
        return logits


@dataclass(frozen=True)
class Decision:
    """The fitted models and the default thresholds chosen with them."""

    version: str
    threshold: float  # /v1/claims/match's default min_score
    review_threshold: float  # /v1/reviews' default min_score
    position: Linear
    stance: Linear
    stances: tuple[str, ...]
    prior: dict[str, float]  # log(1 + labelled development sentences) per claim id
    exemplars: Exemplars

    @classmethod
    def load(cls, path: Path = MODEL_FILE, exemplars: Path = EXEMPLAR_FILE) -> Decision:
        raw = json.loads(path.read_text())
        stances = tuple(raw["stance"]["classes"])
        if set(stances) != set(stance.STANCES):
            raise ModelMismatchError(f"model.json has stances {stances}")
        return cls(
            version=raw["version"],
            threshold=raw["threshold"],
            review_threshold=raw["review_threshold"],
            position=Linear.read(raw["position"], features.NAMES),
            stance=Linear.read(raw["stance"], stance.NAMES),
            stances=stances,
            prior=raw["claim_prior"],
            exemplars=Exemplars.load(exemplars),
        )

    def probabilities(self, rows: Array) -> Array:
        """For each row of position features, the probability that the sentence takes a position
        on that claim."""
        z = np.clip(self.position.logits(rows)[:, 0], -700, 700)
        probabilities: Array = 1.0 / (1.0 + np.exp(-z))
        return probabilities

    def stance_of(self, x: list[float]) -> str:
        """The most probable stance for one row of stance features."""
        logits = self.stance.logits(np.asarray([x], dtype=float))[0]
        return self.stances[int(np.argmax(logits))]
