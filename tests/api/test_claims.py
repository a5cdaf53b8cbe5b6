from fastapi.testclient import TestClient

from app import vocab
from app.ingest.validate import Dataset
from tests.helpers import disclaimer_ids, envelope, items, problem


def test_list_is_paged_with_total_and_links(client: TestClient) -> None:
    body = envelope(client.get("/v1/claims", params={"limit": 5}))
    meta = body["meta"]
    assert len(body["data"]) == 5
    assert meta["limit"] == 5
    assert meta["offset"] == 0
    assert meta["total"] > 5
    assert meta["links"]["next"] == "/v1/claims?limit=5&offset=5"
    assert meta["links"]["prev"] is None
    last = envelope(client.get("/v1/claims", params={"limit": 5, "offset": meta["total"] - 1}))
    assert len(last["data"]) == 1
    assert last["meta"]["links"]["next"] is None


def test_pages_do_not_overlap(client: TestClient) -> None:
    first = [c["id"] for c in items(client.get("/v1/claims", params={"limit": 10}))]
    second = [c["id"] for c in items(client.get("/v1/claims", params={"limit": 10, "offset": 10}))]
    assert not set(first) & set(second)


def test_condition_filter_returns_only_matching_claims_and_the_crisis_notice(
    client: TestClient,
) -> None:
    response = client.get("/v1/claims", params={"condition": "depression", "limit": 100})
    claims = items(response)
    assert claims
    assert all("depression" in c["conditions"] for c in claims)
    assert "crisis-support" in disclaimer_ids(response)


def test_claims_without_a_depression_topic_do_not_bring_the_crisis_notice(
    client: TestClient,
) -> None:
    response = client.get("/v1/claims", params={"category": "botany"})
    assert items(response)
    assert "crisis-support" not in disclaimer_ids(response)


def test_min_certainty_is_a_floor(client: TestClient) -> None:
    claims = items(client.get("/v1/claims", params={"min_certainty": "moderate", "limit": 100}))
    assert claims
    assert {c["certainty"] for c in claims} <= {"moderate", "high"}


def test_compound_verdict_and_level_filters(client: TestClient) -> None:
    for claim in items(
        client.get(
            "/v1/claims", params={"compound": "7-hydroxymitragynine", "include": "compounds"}
        )
    ):
        assert "7-hydroxymitragynine" in {c["id"] for c in claim["compounds"]}
    for claim in items(client.get("/v1/claims", params={"verdict": "insufficient_evidence"})):
        assert claim["verdict"] == "insufficient_evidence"
    assert items(client.get("/v1/claims", params={"evidence_level": "rct"}))


def test_target_filter_follows_mechanisms(client: TestClient) -> None:
    claims = items(client.get("/v1/claims", params={"target": "mu-opioid-receptor", "limit": 100}))
    ids = {c["id"] for c in claims}
    assert "mitragynine-7oh-act-at-opioid-receptors" in ids
    assert "kratom-can-injure-the-liver" not in ids


def test_q_searches_statements_and_phrasings_case_insensitively(client: TestClient) -> None:
    ids = {c["id"] for c in items(client.get("/v1/claims", params={"q": "ANHEDONIA"}))}
    assert "kratom-relieves-depression-symptoms" in ids
    assert items(client.get("/v1/claims", params={"q": "%_"})) == []  # no words: matches nothing


def test_sort_descending_by_certainty(client: TestClient) -> None:
    claims = items(client.get("/v1/claims", params={"sort": "-certainty", "limit": 100}))
    ranks = [vocab.Certainty(c["certainty"]).rank for c in claims]
    assert ranks == sorted(ranks, reverse=True)


def test_include_embeds_only_what_was_asked(client: TestClient) -> None:
    plain = items(client.get("/v1/claims", params={"limit": 3}))
    assert all(c["sources"] is None and c["caveats"] is None for c in plain)
    embedded = items(client.get("/v1/claims", params={"limit": 3, "include": "sources,caveats"}))
    assert all(
        c["sources"] and c["caveats"] is not None and c["compounds"] is None for c in embedded
    )
    assert all(
        s["stance"] in {"supports", "contradicts", "context"}
        for c in embedded
        for s in c["sources"]
    )


def test_include_summary_embeds_the_evidence_summary(client: TestClient, dataset: Dataset) -> None:
    plain = items(client.get("/v1/claims", params={"limit": 3}))
    assert all(c["evidence_summary"] is None for c in plain)
    summaries = {c.id: c.evidence_summary for c in dataset.claims}
    embedded = items(client.get("/v1/claims", params={"limit": 3, "include": "summary"}))
    assert [c["evidence_summary"] for c in embedded] == [summaries[c["id"]] for c in embedded]
    assert all(c["sources"] is None for c in embedded)


def test_read_one_resolves_every_relation(client: TestClient) -> None:
    claim = envelope(client.get("/v1/claims/kratom-relieves-depression-symptoms"))["data"]
    assert claim["verdict"] == "insufficient_evidence"
    assert claim["certainty"] == "very_low"
    assert claim["evidence_summary"]
    assert len(claim["alternative_phrasings"]) >= 2
    assert {s["source"]["id"] for s in claim["sources"]} >= {"garcia-romeu-2020-dad"}
    assert {c["id"] for c in claim["caveats"]} >= {"no-trials-for-depression"}
    assert {c["id"] for c in claim["compounds"]} == {"kratom-leaf"}
    mech = envelope(client.get("/v1/claims/mitragynine-7oh-act-at-opioid-receptors"))["data"][
        "mechanisms"
    ]
    assert {m["target"]["id"] for m in mech} == {"mu-opioid-receptor"}


def test_errors(client: TestClient) -> None:
    assert (
        problem(client.get("/v1/claims/not-a-claim"), 404)["invalid_params"][0]["name"]
        == "claim_id"
    )
    assert (
        problem(client.get("/v1/claims", params={"verdict": "true"}), 422)["invalid_params"][0][
            "name"
        ]
        == "verdict"
    )
    assert problem(client.get("/v1/claims", params={"limit": 0}), 422)
    assert problem(client.get("/v1/claims", params={"limit": 101}), 422)
    assert problem(client.get("/v1/claims", params={"offset": -1}), 422)
    assert (
        problem(client.get("/v1/claims", params={"include": "everything"}), 422)["invalid_params"][
            0
        ]["name"]
        == "include"
    )
    assert (
        problem(client.get("/v1/claims", params={"sort": "statement"}), 422)["invalid_params"][0][
            "name"
        ]
        == "sort"
    )
    assert problem(client.get("/v1/claims", params={"conditon": "depression"}), 400)[
        "invalid_params"
    ] == [{"name": "conditon", "reason": "not a parameter of this endpoint"}]


def test_empty_result_is_200_with_an_empty_list(client: TestClient) -> None:
    body = envelope(client.get("/v1/claims", params={"compound": "no-such-compound"}))
    assert body["data"] == []
    assert body["meta"]["total"] == 0
