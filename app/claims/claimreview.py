"""A graded claim as a schema.org ClaimReview (JSON-LD), alone or as a reviewed sentence took it.

One builder serves ``GET /v1/claims/{claim_id}/claimreview`` and the JSON-LD output of
``POST /v1/reviews``; the wording and the 1-5 scale are described in docs/claimreview.md.
"""

import datetime
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from app import vocab
from app.claims.schemas import ClaimSummary, claim_path
from app.envelope import DisclaimerRef

CONTEXT = "https://schema.org"
MEDIA_TYPE = "application/ld+json"
# What the dataset calls itself (data/dataset.yaml's licence asks for this attribution).
PUBLISHER = "Kratom Evidence API"
BEST_RATING = 5
WORST_RATING = 1
# Ordinal, as fact-checkers' scales are: how far the claim as stated holds, best first.
RATING: Mapping[vocab.Verdict, int] = MappingProxyType(
    {
        vocab.Verdict.supported: 5,
        vocab.Verdict.partially_supported: 4,
        vocab.Verdict.insufficient_evidence: 3,
        vocab.Verdict.not_supported: 2,
        vocab.Verdict.contradicted: 1,
    }
)


def in_words(value: str) -> str:
    """An enum value as prose: ``very_low`` -> ``very low``."""
    return value.replace("_", " ")


def rating_name(verdict: vocab.Verdict, stance: vocab.MatchStance | None = None) -> str:
    """The verdict in words; for a sentence, what the sentence does with a claim so graded."""
    graded = in_words(verdict)
    return graded if stance is None else f"{stance.value} a claim graded {graded}"


def rating_explanation(certainty: vocab.Certainty, evidence_summary: str | None) -> str:
    said = f"Certainty of the evidence (GRADE): {in_words(certainty)}."
    return f"{said} {evidence_summary}" if evidence_summary else said


def disclaimer_works(
    disclaimers: Sequence[DisclaimerRef], base_url: str
) -> list[dict[str, object]]:
    """Disclaimers as the CreativeWorks of ``usageInfo``: the terms the data is shown under."""
    return [
        {
            "@type": "CreativeWork",
            "identifier": d.id,
            "text": d.text,
            "url": f"{base_url.rstrip('/')}/v1/disclaimers/{d.id}",
        }
        for d in disclaimers
    ]


def claim_review(
    claim: ClaimSummary,
    *,
    base_url: str,
    claim_reviewed: str | None = None,
    appearance: str | None = None,
    stance: vocab.MatchStance | None = None,
    evidence_summary: str | None = None,
    date_published: datetime.date | None = None,
    disclaimers: Sequence[DisclaimerRef] = (),
) -> dict[str, object]:
    """One ClaimReview without ``@context`` (the caller puts CONTEXT on the document).

    ``claim_reviewed`` is the sentence reviewed (the claim's statement when None) and ``stance``
    what the sentence does with the claim; ``appearance`` is the address of the page it came from.
    """
    base = base_url.rstrip("/")
    item: dict[str, object] = {"@type": "Claim"}
    if appearance:
        item["appearance"] = {"@type": "CreativeWork", "url": appearance}
    review: dict[str, object] = {
        "@type": "ClaimReview",
        "url": f"{base}{claim_path(claim.id)}",
        "claimReviewed": claim_reviewed if claim_reviewed is not None else claim.statement,
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING[claim.verdict],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": rating_name(claim.verdict, stance),
            "ratingExplanation": rating_explanation(claim.certainty, evidence_summary),
        },
        "author": {"@type": "Organization", "name": PUBLISHER, "url": f"{base}/docs"},
    }
    if date_published is not None:
        review["datePublished"] = date_published.isoformat()
    if disclaimers:
        review["usageInfo"] = disclaimer_works(disclaimers, base)
    return review


ENDPOINT_DESCRIPTION = (
    "The claim as a schema.org `ClaimReview` in JSON-LD (`application/ld+json`), the markup "
    "fact-checkers publish and search engines read. `reviewRating.ratingValue` puts the verdict "
    "on a 1-5 scale (5 best): "
    + ", ".join(f"{in_words(v)} = {n}" for v, n in RATING.items())
    + "; `alternateName` gives the verdict in words, and `ratingExplanation` the GRADE certainty "
    "and the evidence summary. Where a reviewed sentence is graded (POST /v1/reviews), "
    "`claimReviewed` is the sentence and `alternateName` says what it does with the claim, e.g. "
    '"asserts a claim graded contradicted" or "denies a claim graded supported". The '
    "disclaimers that apply travel in the body as `usageInfo` and in the `Kratom-Disclaimers` "
    "header. See docs/claimreview.md."
)


def _described(kind: str, description: str, **properties: object) -> dict[str, object]:
    return {"type": kind, "description": description, **properties}


# The 200 body as the OpenAPI document describes it (the route returns the builder's dict).
DOCUMENT_SCHEMA: dict[str, object] = _described(
    "object",
    "One schema.org ClaimReview in JSON-LD; docs/claimreview.md explains each property.",
    required=[
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "itemReviewed",
        "reviewRating",
        "author",
    ],
    properties={
        "@context": _described("string", "The schema.org context.", enum=[CONTEXT]),
        "@type": _described("string", "Always ClaimReview.", enum=["ClaimReview"]),
        "url": _described("string", "The claim's address in this API.", format="uri"),
        "claimReviewed": _described("string", "The claim as people state it."),
        "itemReviewed": _described(
            "object",
            "The claim reviewed (a schema.org Claim), with where it appeared when known.",
            required=["@type"],
        ),
        "reviewRating": _described(
            "object",
            "The verdict on a 1 (contradicted) to 5 (supported) scale, in words "
            "(alternateName), with the GRADE certainty and evidence summary (ratingExplanation).",
            required=["@type", "ratingValue", "bestRating", "worstRating", "alternateName"],
            properties={
                "ratingValue": _described("integer", "1 to 5.", minimum=1, maximum=5),
                "bestRating": _described("integer", "Always 5.", enum=[BEST_RATING]),
                "worstRating": _described("integer", "Always 1.", enum=[WORST_RATING]),
                "alternateName": _described("string", "The verdict in words."),
                "ratingExplanation": _described("string", "Certainty and evidence summary."),
            },
        ),
        "author": _described("object", "The dataset's publisher (an Organization)."),
        "datePublished": _described(
            "string", "Release date of the dataset that answered.", format="date"
        ),
        "usageInfo": _described(
            "array",
            "The disclaimers that apply, each a CreativeWork with its id, text and address; "
            "consumers must show them.",
            items={"type": "object"},
        ),
    },
)
