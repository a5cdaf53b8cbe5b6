"""The fitted decision: which claims a sentence takes a position on, and its stance toward each.

Parameters come from ``model.json`` beside this module, written by ``make fit-match``
(scripts/fit_match.py) from the development split of real text; request code only loads and
applies them. ``score`` is a logistic regression's estimate of the probability that the sentence
takes a position on the claim; stance is a multinomial logistic regression over stance.py's
features. Both standardise each feature with the mean and scale seen when fitting.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from app.claims.matching import features, stance
from app.claims.matching.exemplars import EXEMPLAR_FILE, Exemplars

MODEL_FILE = Path(__file__).with_name("model.json")


class ModelMismatchError(RuntimeError):
    """model.json was fitted on other features than the code computes: run make fit-match."""


def _standardise(x: list[float], mean: list[float], scale: list[float]) -> list[float]:
    return [(v - m) / s for v, m, s in zip(x, mean, scale, strict=True)]


def _dot(w: list[float], x: list[float]) -> float:
    return sum(a * b for a, b in zip(w, x, strict=True))


@dataclass(frozen=True)
class Linear:
    """One standardised linear model: ``coef`` has one row per class (one row for a binary one)."""

    names: tuple[str, ...]
    mean: list[float]
    scale: list[float]
    coef: list[list[float]]
    intercept: list[float]

    @classmethod
    def read(cls, raw: dict[str, object], expected: tuple[str, ...]) -> Linear:
        names = tuple(str(name) for name in raw["features"])  # type: ignore[attr-defined]
        if names != expected:
            raise ModelMismatchError(f"model.json has features {names}, the code {expected}")
        return cls(names, raw["mean"], raw["scale"], raw["coef"], raw["intercept"])  # type: ignore[arg-type]

    def logits(self, x: list[float]) -> list[float]:
        z = _standardise(x, self.mean, self.scale)
        return [_dot(w, z) + b for w, b in zip(self.coef, self.intercept, strict=True)]


@dataclass(frozen=True)
class Decision:
    """The fitted models and the default threshold chosen with them."""

    version: str
    threshold: float
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
            position=Linear.read(raw["position"], features.NAMES),
            stance=Linear.read(raw["stance"], stance.NAMES),
            stances=stances,
            prior=raw["claim_prior"],
            exemplars=Exemplars.load(exemplars),
        )

    def probability(self, x: list[float]) -> float:
        """The probability that the sentence takes a position on the claim."""
        z = self.position.logits(x)[0]
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def stance_of(self, x: list[float]) -> str:
        """The most probable stance."""
        logits = self.stance.logits(x)
        return self.stances[max(range(len(logits)), key=logits.__getitem__)]
