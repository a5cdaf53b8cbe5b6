"""``make eval-review-dev``: how a review reads the development split's sentences.

A review (POST /v1/reviews) matches each sentence whole and by its parts (clauses, an opening
appositive) and keeps up to ``limit`` claims per sentence at the review threshold. A sentence of
real text often takes a position on two or three claims, so the figure here is per labelled
(sentence, claim) pair: the share of pairs returned (recall), the share of returned claims that are
labelled (precision), and their F1, for the whole sentence alone and with its parts, at limits from
3 to the most the API accepts (5). The review's default limit is the one with the best F1 with parts. Scored leave-page-out, as in
``make eval-match-dev``: each page meets exemplars, a probe and priors fitted on other pages only.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from app.claims.matching import ClaimMatcher, Match
from app.claims.matching.exemplars import ExemplarIndex
from app.claims.matching.parts import parts
from app.reviews.service import MAX_MATCHES_PER_SENTENCE, REVIEW_LIMIT
from evals.match import leave_page_out
from evals.real import DEV, Sentence, build_matcher, read_set

LIMITS = range(3, MAX_MATCHES_PER_SENTENCE + 1)


def ranked_claims(
    matcher: ClaimMatcher,
    sentences: list[Sentence],
    held: dict[str, tuple[ExemplarIndex, dict[str, float]]],
    split: Callable[[str], list[str]],
) -> dict[str, list[Match]]:
    """Per sentence, every claim at its best score over the sentence and ``split``'s parts."""
    return {
        s.id: matcher.scores_of_parts([(t, None) for t in [s.text, *split(s.text)]], *held[s.page])
        for s in sentences
    }


def pair_figures(
    sentences: list[Sentence], ranked: dict[str, list[Match]], limit: int, threshold: float
) -> tuple[int, int, int]:
    """(labelled pairs returned, claims returned, labelled pairs)."""
    returned = right = 0
    for s in sentences:
        kept = [m for m in ranked[s.id][:limit] if m.score >= threshold]
        returned += len(kept)
        right += sum(m.claim_id in s.claims for m in kept)
    return right, returned, sum(len(s.claims) for s in sentences)


def main() -> int:
    sentences = read_set(DEV)
    matcher = build_matcher()
    threshold = matcher.decision.review_threshold
    print(f"reviews on the development split, leave-page-out, at the review threshold {threshold}")
    held = leave_page_out(matcher, sentences)
    best: tuple[float, int] = (-1.0, 0)
    for label, split in (("whole sentence", lambda _: []), ("with its parts", parts)):
        ranked = ranked_claims(matcher, sentences, held, split)
        for limit in LIMITS:
            right, returned, pairs = pair_figures(sentences, ranked, limit, threshold)
            recall, precision = right / pairs, right / returned if returned else 0.0
            f1 = 2 * precision * recall / (precision + recall) if right else 0.0
            if split is parts and f1 > best[0]:
                best = (f1, limit)
            print(
                f"  {label:<15} limit {limit}: pairs returned {right}/{pairs} ({recall:.1%}), "
                f"precision {right}/{returned} ({precision:.1%}), F1 {f1:.4f}"
            )
    print(f"  best limit with parts: {best[1]} (the review default is {REVIEW_LIMIT})")
    return 0 if best[1] == REVIEW_LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
