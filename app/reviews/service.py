"""Review an article: split it, match every sentence against the claims, summarise.

Computes only: nothing is stored and the same text always gives the same review.
"""

from collections import Counter

from app import vocab
from app.caveats.schemas import CaveatSummary
from app.claims import claimreview
from app.claims.schemas import ClaimMatch
from app.claims.service import MatchIndex
from app.envelope import DatasetState, DisclaimerRef
from app.errors import ApiError, InvalidParam
from app.reviews.schemas import (
    FlaggedClaim,
    Review,
    ReviewedSentence,
    ReviewRequest,
    ReviewSummary,
)
from app.reviews.splitter import split_sentences

# A long article's sentences are encoded in small batches on two threads: one review then uses
# both cores of a small machine (measured in bench/review.py).
ENCODER_THREADS = 2
ENCODER_BATCH = 16
# A real article of 100,000 characters has well under a thousand sentences; the cap keeps a text of
# thousands of fragments from running into the request timeout (bench/review.py has the timings).
MAX_SENTENCES = 1500
# Claims kept per sentence: at most MAX_MATCHES_PER_SENTENCE, and by default (the API's and the
# review page's) the limit from 3 up with the best F1 over labelled (sentence, claim) pairs on the
# development split, at the review threshold (`make eval-review-dev` checks it; the table is in
# docs/matching-log.md).
MAX_MATCHES_PER_SENTENCE = 5
REVIEW_LIMIT = 5
FLAGGED_VERDICTS = (vocab.Verdict.contradicted, vocab.Verdict.not_supported)
_SEVERITY_ORDER = {s: i for i, s in enumerate(reversed(list(vocab.Severity)))}


class TooManySentencesError(ApiError):
    status = 422
    slug = "invalid-parameter"

    def __init__(self, found: int) -> None:
        reason = f"has {found:,} sentences; at most {MAX_SENTENCES:,} are reviewed at once"
        super().__init__(
            f"text: {reason}; send the article in parts.",
            invalid_params=[InvalidParam(name="body.text", reason=reason)],
        )


def review_article(
    index: MatchIndex, article: ReviewRequest, limit: int, min_score: float
) -> Review:
    """The whole review; runs in a worker thread (matching is NumPy work)."""
    spans = split_sentences(article.text)
    if len(spans) > MAX_SENTENCES:
        raise TooManySentencesError(len(spans))
    # A sentence that joins several clauses, or opens with an appositive, is matched whole and part
    # by part, each claim with its best score: a long sentence's second and third claims otherwise
    # lose to its first (docs/matching.md has the figures). One encoder pass for the whole article:
    # batched by length, far cheaper than one per sentence.
    groups = index.matcher.with_parts([s.text for s in spans], ENCODER_BATCH, ENCODER_THREADS)
    sentences = []
    for i, span in enumerate(spans):
        found = index.matcher.match_parts(groups[i], limit, min_score)
        matches = [
            ClaimMatch(
                score=m.score,
                stance=vocab.MatchStance(m.stance),
                matched_text=m.matched_text,
                claim=index.summaries[m.claim_id],
            )
            for m in found
        ]
        sentences.append(
            ReviewedSentence(
                index=i, start=span.start, end=span.end, text=span.text, matches=matches
            )
        )
    return Review(
        url=article.url,
        title=article.title,
        published=article.published,
        min_score=min_score,
        summary=summarise(sentences),
        sentences=sentences,
    )


def summarise(sentences: list[ReviewedSentence]) -> ReviewSummary:
    pairs = [(s.index, m) for s in sentences for m in s.matches]
    by_verdict = Counter(m.claim.verdict for _, m in pairs)
    by_stance = Counter(m.stance for _, m in pairs)
    flagged: dict[str, FlaggedClaim] = {}
    caveats: dict[str, CaveatSummary] = {}
    for index, match in pairs:
        claim = match.claim
        for caveat in claim.caveats or []:
            caveats.setdefault(caveat.id, caveat)
        if match.stance is vocab.MatchStance.asserts and claim.verdict in FLAGGED_VERDICTS:
            entry = flagged.setdefault(
                claim.id,
                FlaggedClaim(
                    claim_id=claim.id,
                    statement=claim.statement,
                    verdict=claim.verdict,
                    certainty=claim.certainty,
                    sentences=[],
                ),
            )
            if index not in entry.sentences:
                entry.sentences.append(index)
    return ReviewSummary(
        sentences=len(sentences),
        sentences_with_claims=sum(1 for s in sentences if s.matches),
        claims=len({m.claim.id for _, m in pairs}),
        by_verdict={v: by_verdict.get(v, 0) for v in vocab.Verdict},
        by_stance={s: by_stance.get(s, 0) for s in vocab.MatchStance},
        flagged=sorted(flagged.values(), key=lambda f: f.sentences[0]),
        caveats=sorted(caveats.values(), key=lambda c: (_SEVERITY_ORDER[c.severity], c.id)),
    )


def topics(review: Review) -> set[str]:
    """What the matched claims are about, for choosing the disclaimers."""
    return set().union(*(m.claim.topics() for s in review.sentences for m in s.matches))


TAKES_A_POSITION = (vocab.MatchStance.asserts, vocab.MatchStance.denies)


def claim_reviews(
    index: MatchIndex, review: Review, dataset: DatasetState, base_url: str
) -> tuple[list[dict[str, object]], list[DisclaimerRef]]:
    """One ClaimReview per sentence that asserts or denies a claim (its first such match), and
    every disclaimer they call for."""
    graph = []
    topics: set[str] = set()
    for sentence in review.sentences:
        first = next((m for m in sentence.matches if m.stance in TAKES_A_POSITION), None)
        if first is None:
            continue
        claim = index.claim(first.claim.id, {"summary"})
        disclaimers = dataset.disclaimers_for(claim.topics())
        topics |= claim.topics()
        graph.append(
            claimreview.claim_review(
                claim,
                base_url=base_url,
                claim_reviewed=sentence.text,
                appearance=review.url,
                stance=first.stance,
                evidence_summary=claim.evidence_summary,
                date_published=dataset.released_on,
                disclaimers=disclaimers,
            )
        )
    return graph, dataset.disclaimers_for(topics)
