"""The ClaimReview builder as POST /v1/reviews uses it: a sentence from a page, with its stance."""

import datetime
from typing import Any

import pytest
from pyld.jsonld import JsonLdError

from app import vocab
from app.claims.claimreview import CONTEXT, claim_review
from app.claims.schemas import ClaimSummary
from app.envelope import DisclaimerRef
from tests.schemaorg import (
    SCHEMA,
    NetworkRefusedError,
    bundled_loader,
    expand,
    iris,
    schema_term,
)

CLAIM = ClaimSummary(
    id="kratom-cures-everything",
    statement="Kratom cures every illness.",
    category=vocab.ClaimCategory.efficacy,
    conditions=[],
    verdict=vocab.Verdict.contradicted,
    certainty=vocab.Certainty.low,
    evidence_level=vocab.EvidenceLevel.rct,
    downgrade_reasons=[],
    last_reviewed=datetime.date(2026, 11, 1),
    claimreview_url="/v1/claims/kratom-cures-everything/claimreview",
)
SENTENCE = "Our customers say kratom cured all their illnesses."
PAGE = "https://shop.example/blog/kratom"


def review(**kwargs: Any) -> dict[str, Any]:
    """The builder's review as a document, expanded against the bundled schema.org context."""
    built = claim_review(CLAIM, base_url="https://api.example.org/", **kwargs)
    assert "@context" not in built  # the caller puts the context on its document
    [expanded] = expand({"@context": CONTEXT, **built})
    assert {iri for iri in iris(expanded) if schema_term(iri) is None} == set()
    return expanded


def value(node: dict[str, Any], *path: str) -> Any:
    for term in path:
        [node] = node[SCHEMA + term]
    return node.get("@value", node.get("@id"))


@pytest.mark.parametrize(
    ("stance", "words"),
    [
        (vocab.MatchStance.asserts, "asserts a claim graded contradicted"),
        (vocab.MatchStance.denies, "denies a claim graded contradicted"),
        (vocab.MatchStance.mentions, "mentions a claim graded contradicted"),
    ],
)
def test_a_sentence_is_reviewed_with_its_stance_and_where_it_appeared(
    stance: vocab.MatchStance, words: str
) -> None:
    expanded = review(
        claim_reviewed=SENTENCE,
        appearance=PAGE,
        stance=stance,
        evidence_summary="Two trials found no effect on any illness they measured.",
        date_published=datetime.date(2026, 12, 7),
    )
    assert value(expanded, "claimReviewed") == SENTENCE
    assert value(expanded, "itemReviewed", "appearance", "url") == PAGE
    [work] = expanded[SCHEMA + "itemReviewed"][0][SCHEMA + "appearance"]
    assert work["@type"] == [SCHEMA + "CreativeWork"]
    assert value(expanded, "reviewRating", "alternateName") == words
    assert value(expanded, "reviewRating", "ratingValue") == 1  # the claim's grade, not the stance
    assert value(expanded, "reviewRating", "ratingExplanation") == (
        "Certainty of the evidence (GRADE): low. "
        "Two trials found no effect on any illness they measured."
    )
    assert value(expanded, "url") == "https://api.example.org/v1/claims/kratom-cures-everything"
    assert value(expanded, "datePublished") == "2026-12-07"


def test_the_claim_itself_is_reviewed_by_its_statement_and_verdict() -> None:
    expanded = review()
    assert value(expanded, "claimReviewed") == "Kratom cures every illness."
    assert value(expanded, "reviewRating", "alternateName") == "contradicted"
    assert value(expanded, "reviewRating", "ratingExplanation") == (
        "Certainty of the evidence (GRADE): low."
    )
    assert expanded[SCHEMA + "itemReviewed"] == [{"@type": [SCHEMA + "Claim"]}]
    assert SCHEMA + "datePublished" not in expanded
    assert SCHEMA + "usageInfo" not in expanded


def test_disclaimers_become_usage_info() -> None:
    shown = DisclaimerRef(id="not-medical-advice", text="Not advice.", severity=vocab.Severity.info)
    expanded = review(disclaimers=[shown])
    assert value(expanded, "usageInfo", "text") == "Not advice."
    assert value(expanded, "usageInfo", "url") == (
        "https://api.example.org/v1/disclaimers/not-medical-advice"
    )


def test_the_test_loader_fetches_nothing_but_the_bundled_context() -> None:
    with pytest.raises(JsonLdError) as refused:
        expand({"@context": "https://example.org/context", "name": "x"})
    assert isinstance(refused.value.__cause__, NetworkRefusedError)
    with pytest.raises(NetworkRefusedError):
        bundled_loader("http://schema.org/")  # not the address the service names
