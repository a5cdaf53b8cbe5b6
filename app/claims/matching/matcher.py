"""The claim matcher: a sentence in, the claims it takes a position on out, each with a calibrated
score, a stance and the claim text it came closest to.

Built once per loaded release from each claim's texts (statement first, then its alternative
phrasings) and their embeddings, which the loader computes once per release and stores beside the
claims. Per sentence and per part of it (parts.py): one embedding, one lexical pass, the cues, then
the fitted decision over every claim (decision.py); each claim keeps its best score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np

from app.claims.matching import features, stance
from app.claims.matching.cues import cues, states_absence
from app.claims.matching.decision import Decision
from app.claims.matching.embedding import Encoder, Vectors
from app.claims.matching.exemplars import ExemplarIndex
from app.claims.matching.lexical import LexicalIndex
from app.claims.matching.parts import parts

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def shared_encoder() -> Encoder:
    """One encoder per process; its weights are a read-only memory map shared between workers."""
    return Encoder()


@lru_cache(maxsize=1)
def shared_decision() -> Decision:
    return Decision.load()


@dataclass(frozen=True)
class Match:
    claim_id: str
    score: float
    stance: str
    matched_text: str


class ClaimMatcher:
    def __init__(
        self,
        claims: Sequence[tuple[str, Sequence[str]]],
        vectors: Vectors | None = None,
        *,
        encoder: Encoder | None = None,
        decision: Decision | None = None,
    ) -> None:
        """``claims``: (claim id, [statement, phrasing, ...]) pairs. ``vectors``: the embedding of
        every text, claim after claim, in the same order; computed here when not given."""
        self._encoder = encoder or shared_encoder()
        self._fitted = decision
        self._ids = [claim_id for claim_id, _ in claims]
        self._texts = [text for _, texts in claims for text in texts]
        self._starts = np.cumsum([0, *(len(texts) for _, texts in claims)])[:-1]
        if any(not texts for _, texts in claims):
            raise ValueError("every claim needs at least its statement")
        self._vectors = self._encoder.encode(self._texts) if vectors is None else vectors
        if self._vectors.shape != (len(self._texts), self._encoder.dimension):
            raise ValueError(f"vectors of shape {self._vectors.shape} for {len(self._texts)} texts")
        self._absent = [states_absence(texts[0]) for _, texts in claims]
        self._lexical = LexicalIndex([texts for _, texts in claims])
        # The fitted decision's exemplars and priors arranged for these claims, built once.
        self._arranged: tuple[Decision, ExemplarIndex, list[float]] | None = None

    @property
    def encoder(self) -> Encoder:
        return self._encoder

    @property
    def claim_ids(self) -> list[str]:
        return list(self._ids)

    def states_absence(self, claim: int) -> bool:
        return self._absent[claim]

    @property
    def text_vectors(self) -> tuple[Vectors, list[str]]:
        """The embedding of every claim text, and the claim id of each."""
        owners = [
            cid for cid, texts in zip(self._ids, self.claim_texts, strict=True) for _ in texts
        ]
        return self._vectors, owners

    @property
    def claim_texts(self) -> list[list[str]]:
        """Each claim's texts, statement first, in claim order."""
        bounds = [*self._starts.tolist(), len(self._texts)]
        return [self._texts[a:b] for a, b in pairwise(bounds)]

    @property
    def decision(self) -> Decision:
        """The fitted decision (model.json unless another was given)."""
        return self._fitted or shared_decision()

    @property
    def threshold(self) -> float:
        """The default ``min_score``, chosen when the decision was fitted."""
        return self.decision.threshold

    def embed(self, text: str) -> Vectors:
        vector: Vectors = self._encoder.encode([text])[0]
        return vector

    def view(
        self,
        text: str,
        vector: Vectors | None = None,
        exemplars: ExemplarIndex | None = None,
        prior: dict[str, float] | None = None,
    ) -> tuple[features.SentenceView, list[int]]:
        """The sentence's feature inputs, and for each claim the index of its closest text.
        ``vector``, ``exemplars`` and ``prior`` default to the sentence's embedding and the fitted
        decision's; the fit passes its own."""
        vector = self.embed(text) if vector is None else vector
        # The fitted parts are loaded only when needed: the fit passes its own while model.json
        # may still describe older features.
        priors = None if prior is None else [prior.get(c, 0.0) for c in self._ids]
        if exemplars is None or priors is None:
            _, fitted_exemplars, fitted_priors = self._fitted_parts()
            exemplars = fitted_exemplars if exemplars is None else exemplars
            priors = fitted_priors if priors is None else priors
        sims = self._vectors @ vector
        semantic = np.maximum.reduceat(sims, self._starts)
        closest = [
            int(start + np.argmax(sims[start:end]))
            for start, end in zip(self._starts, [*self._starts[1:], len(sims)], strict=True)
        ]
        by_claim, none, any_ = exemplars.similarities(vector)
        probe, probe_none = exemplars.probe(vector)
        view = features.SentenceView(
            semantic=[float(s) for s in semantic],
            lexical=self._lexical.similarities(text),
            exemplar=by_claim,
            exemplar_none=none,
            exemplar_any=any_,
            prior=priors,
            probe=probe,
            probe_none=probe_none,
            cues=cues(text),
            words=len(_WORD.findall(text)),
        )
        return view, closest

    def _fitted_parts(self) -> tuple[Decision, ExemplarIndex, list[float]]:
        decision = self.decision
        if self._arranged is None or self._arranged[0] is not decision:
            priors = [decision.prior.get(cid, 0.0) for cid in self._ids]
            self._arranged = (decision, decision.exemplars.index(self._ids), priors)
        return self._arranged

    def scores(
        self,
        text: str,
        exemplars: ExemplarIndex | None = None,
        prior: dict[str, float] | None = None,
        vector: Vectors | None = None,
    ) -> list[Match]:
        """Every claim with its score and stance, best first (``exemplars``, ``prior`` and
        ``vector``: see ``view``)."""
        view, closest = self.view(text, vector, exemplars=exemplars, prior=prior)
        decision = self.decision
        probabilities = decision.probabilities(np.asarray(features.vectors(view), dtype=float))
        # Stance features depend on the claim only through whether it states an absence.
        stances = {
            absent: decision.stance_of(stance.vector(view.cues, absent)) for absent in (False, True)
        }
        scored = [
            Match(
                claim_id=self._ids[i],
                score=round(float(p), 4),
                stance=stances[self._absent[i]],
                matched_text=self._texts[closest[i]],
            )
            for i, p in enumerate(probabilities)
        ]
        scored.sort(key=lambda m: (-m.score, m.claim_id))
        return scored

    def scores_of_parts(
        self,
        pieces: Sequence[tuple[str, Vectors | None]],
        exemplars: ExemplarIndex | None = None,
        prior: dict[str, float] | None = None,
    ) -> list[Match]:
        """``scores`` for a sentence given with its parts, as (text, embedding or None) pairs, the
        whole sentence first: each claim at its best score among the parts, with that part's stance
        and closest text (the first part wins a tie), best first."""
        best: dict[str, Match] = {}
        for text, vector in pieces:
            for m in self.scores(text, exemplars, prior, vector):
                if m.claim_id not in best or m.score > best[m.claim_id].score:
                    best[m.claim_id] = m
        return sorted(best.values(), key=lambda m: (-m.score, m.claim_id))

    def with_parts(
        self, texts: Sequence[str], batch_size: int = 32, threads: int = 1
    ) -> list[list[tuple[str, Vectors]]]:
        """Each text followed by its parts (parts.py), as (text, embedding) pairs: the input of
        ``scores_of_parts`` and ``match_parts``. Every text and part is encoded in one batch."""
        groups = [[text, *parts(text)] for text in texts]
        vectors = self._encoder.encode([t for group in groups for t in group], batch_size, threads)
        out, start = [], 0
        for group in groups:
            out.append(list(zip(group, vectors[start : start + len(group)], strict=True)))
            start += len(group)
        return out

    def scores_with_parts(
        self,
        text: str,
        exemplars: ExemplarIndex | None = None,
        prior: dict[str, float] | None = None,
    ) -> list[Match]:
        """``scores_of_parts`` for ``text`` and its parts."""
        return self.scores_of_parts(self.with_parts([text])[0], exemplars, prior)

    def match_parts(
        self, pieces: Sequence[tuple[str, Vectors]], limit: int, min_score: float | None = None
    ) -> list[Match]:
        """Like ``match`` for a sentence given with its parts (``with_parts``)."""
        floor = self.threshold if min_score is None else min_score
        return [m for m in self.scores_of_parts(pieces)[:limit] if m.score >= floor]

    def match(self, text: str, limit: int, min_score: float | None = None) -> list[Match]:
        """The claims ``text`` takes a position on, best first, the text scored whole and by its
        parts as a review scores a sentence; empty when none scores at least ``min_score``
        (default: the fitted threshold)."""
        return self.match_parts(self.with_parts([text])[0], limit, min_score)
