"""GET /v1/claims/{claim_id}/claimreview: each claim as schema.org ClaimReview (JSON-LD)."""

from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from app.ingest.records import ClaimRecord
from app.ingest.validate import Dataset
from app.main import create_app
from tests.conftest import settings_for
from tests.helpers import envelope, problem
from tests.schemaorg import SCHEMA, expand, iris, schema_term

# The documented scale (docs/claimreview.md), written out here rather than read from the code.
RATING = {
    "supported": 5,
    "partially_supported": 4,
    "insufficient_evidence": 3,
    "not_supported": 2,
    "contradicted": 1,
}
IN_WORDS = {
    "supported": "supported",
    "partially_supported": "partially supported",
    "insufficient_evidence": "insufficient evidence",
    "not_supported": "not supported",
    "contradicted": "contradicted",
}
CERTAINTY_WORDS = {"high": "high", "moderate": "moderate", "low": "low", "very_low": "very low"}
BASE = "http://testserver"


def claimreview(client: TestClient, claim_id: str) -> httpx.Response:
    response: httpx.Response = client.get(f"/v1/claims/{claim_id}/claimreview")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/ld+json"
    return response


def one(node: dict[str, Any], term: str) -> Any:
    """The single value of a schema.org property in expanded JSON-LD."""
    values = node[SCHEMA + term]
    assert len(values) == 1, (term, values)
    return values[0]


def literal(node: dict[str, Any], term: str) -> Any:
    return one(node, term)["@value"]


def check_review(expanded: list[dict[str, Any]], claim: ClaimRecord, released_on: str) -> None:
    """What Google's fact-check markup requires, on the expanded document (so on the IRIs)."""
    [review] = expanded
    assert review["@type"] == [SCHEMA + "ClaimReview"]
    assert literal(review, "claimReviewed") == claim.statement
    assert one(review, "url") == {"@id": f"{BASE}/v1/claims/{claim.id}"}
    assert one(review, "datePublished") == {"@value": released_on, "@type": SCHEMA + "Date"}
    author = one(review, "author")
    assert author["@type"] == [SCHEMA + "Organization"]
    assert literal(author, "name") == "Kratom Evidence API"
    item = one(review, "itemReviewed")
    assert item["@type"] == [SCHEMA + "Claim"]
    rating = one(review, "reviewRating")
    assert rating["@type"] == [SCHEMA + "Rating"]
    assert literal(rating, "ratingValue") == RATING[claim.verdict]
    assert literal(rating, "bestRating") == 5
    assert literal(rating, "worstRating") == 1
    assert literal(rating, "alternateName") == IN_WORDS[claim.verdict]
    explanation = literal(rating, "ratingExplanation")
    assert f"(GRADE): {CERTAINTY_WORDS[claim.certainty]}." in explanation
    assert claim.evidence_summary in explanation
    unknown = {iri for iri in iris(expanded) if schema_term(iri) is None}
    assert unknown == set(), "not schema.org terms of the bundled context"


def test_every_claim_is_a_claimreview_that_fact_check_markup_accepts(
    client: TestClient, dataset: Dataset
) -> None:
    released_on = dataset.meta.released_on.isoformat()
    for claim in dataset.claims:
        body = claimreview(client, claim.id).json()
        assert body["@context"] == "https://schema.org"
        check_review(expand(body), claim, released_on)


def test_every_verdict_of_the_scale_occurs_in_the_dataset(dataset: Dataset) -> None:
    """So the loop above checks the whole mapping, not part of it."""
    assert {claim.verdict.value for claim in dataset.claims} == set(RATING)


def test_the_disclaimers_travel_in_the_body_and_in_a_header(client: TestClient) -> None:
    claim_id = "kratom-relieves-depression-symptoms"
    response = claimreview(client, claim_id)
    [review] = expand(response.json())
    works = review[SCHEMA + "usageInfo"]
    in_body = [literal(work, "identifier") for work in works]
    as_json = envelope(client.get(f"/v1/claims/{claim_id}"))["disclaimers"]
    assert in_body == [d["id"] for d in as_json]
    assert "crisis-support" in in_body  # a depression claim brings the crisis text
    assert [literal(work, "text") for work in works] == [d["text"] for d in as_json]
    assert response.headers["kratom-disclaimers"] == ", ".join(in_body)
    assert one(works[0], "url") == {"@id": f"{BASE}/v1/disclaimers/{in_body[0]}"}


def test_the_claim_and_its_matches_link_to_a_claimreview_that_resolves(
    client: TestClient,
) -> None:
    claim = envelope(client.get("/v1/claims/kratom-can-cause-seizures"))["data"]
    assert claim["claimreview_url"] == "/v1/claims/kratom-can-cause-seizures/claimreview"
    [review] = expand(claimreview(client, "kratom-can-cause-seizures").json())
    assert literal(review, "claimReviewed") == claim["statement"]
    matches = envelope(
        client.get("/v1/claims/match", params={"text": "Kratom can cause seizures.", "limit": 3})
    )["data"]
    assert matches
    for match in matches:
        response = client.get(match["claim"]["claimreview_url"])
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/ld+json"
        assert response.json()["claimReviewed"] == match["claim"]["statement"]


def test_claimreview_is_cached_like_other_reads(client: TestClient) -> None:
    response = claimreview(client, "kratom-is-an-opioid")
    assert response.headers["cache-control"].startswith("public, max-age=")
    again = client.get(
        "/v1/claims/kratom-is-an-opioid/claimreview",
        headers={"If-None-Match": response.headers["etag"]},
    )
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize("claim_id", ["no-such-claim", "kratom"])
def test_an_unknown_claim_is_404_problem_json(client: TestClient, claim_id: str) -> None:
    body = problem(client.get(f"/v1/claims/{claim_id}/claimreview"), 404)
    assert claim_id in body["detail"]


def test_links_use_the_public_url_when_it_is_set(database_url: str) -> None:
    app = create_app(settings_for(database_url, public_url="https://kratom.example.org/api"))
    with TestClient(app) as client:
        body = claimreview(client, "kratom-is-an-opioid").json()
    assert body["url"] == "https://kratom.example.org/api/v1/claims/kratom-is-an-opioid"


def test_without_a_public_url_each_host_gets_its_own_links(client: TestClient) -> None:
    """The response cache must not replay one Host's absolute links to another."""
    path = "/v1/claims/kratom-is-an-opioid/claimreview"
    for host in ("one.example", "two.example", "one.example"):
        body = client.get(path, headers={"Host": host}).json()
        assert body["url"] == f"http://{host}/v1/claims/kratom-is-an-opioid"
