"""Full-text search behaves the same on SQLite (FTS5) and PostgreSQL (tsvector)."""

import pytest
from fastapi.testclient import TestClient

from tests.helpers import disclaimer_ids, items, problem


def ids(client: TestClient, **params: str) -> list[str]:
    return [h["id"] for h in items(client.get("/v1/search", params=params))]


def test_stemming_finds_other_word_forms(client: TestClient) -> None:
    assert "kratom-relieves-depression-symptoms" in ids(
        client, q="depressive", type="claim", limit="100"
    )


def test_hits_are_ranked_and_highlighted(client: TestClient) -> None:
    response = client.get("/v1/search", params={"q": "liver injury"})
    hits = items(response)
    assert hits
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all("<mark>" in h["snippet"] for h in hits)
    assert {"kratom-can-injure-the-liver", "liver-injury"} <= {h["id"] for h in hits}
    assert all(h["url"] == f"/v1/{h['type']}s/{h['id']}" for h in hits)


def test_phrase_queries_are_stricter_than_words(client: TestClient) -> None:
    loose = set(ids(client, q="withdrawal opioid", limit="100"))
    phrase = set(ids(client, q='"opioid withdrawal"', limit="100"))
    assert phrase
    assert phrase <= loose


def test_type_filter(client: TestClient) -> None:
    hits = items(
        client.get(
            "/v1/search", params={"q": "mitragynine", "type": "compound,mechanism", "limit": 100}
        )
    )
    assert hits
    assert {h["type"] for h in hits} <= {"compound", "mechanism"}
    assert (
        problem(client.get("/v1/search", params={"q": "x", "type": "planet"}), 422)[
            "invalid_params"
        ][0]["name"]
        == "type"
    )


def test_depression_hits_bring_the_crisis_notice(client: TestClient) -> None:
    assert "crisis-support" in disclaimer_ids(
        client.get("/v1/search", params={"q": "depression", "type": "claim"})
    )


def test_paging_and_total(client: TestClient) -> None:
    first = client.get("/v1/search", params={"q": "kratom", "limit": 5}).json()
    second = client.get("/v1/search", params={"q": "kratom", "limit": 5, "offset": 5}).json()
    assert first["meta"]["total"] > 10
    assert not {h["id"] for h in first["data"]} & {h["id"] for h in second["data"]}


@pytest.mark.parametrize(
    "q", ['"', "***", "()", "-", "AND OR NOT", "' OR 1=1 --", 'kratom" NEAR(', "a*b:c^d"]
)
def test_hostile_or_unparsable_queries_never_500(client: TestClient, q: str) -> None:
    response = client.get("/v1/search", params={"q": q})
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        assert problem(response, 400)["invalid_params"][0]["name"] == "q"


def test_query_without_words_matches_nothing(client: TestClient) -> None:
    body = client.get("/v1/search", params={"q": "?!"}).json()
    assert body["data"] == []
    assert body["meta"]["total"] == 0
    assert problem(client.get("/v1/search"), 422)["invalid_params"][0]["name"] == "q"


def test_claim_list_q_uses_the_same_index(client: TestClient) -> None:
    found = [c["id"] for c in items(client.get("/v1/claims", params={"q": "depressive anhedonia"}))]
    assert found == ["kratom-relieves-depression-symptoms"]
