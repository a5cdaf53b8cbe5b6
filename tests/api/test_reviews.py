"""POST /v1/reviews: an article reviewed sentence by sentence, and every way a request can be wrong."""

from typing import Any

from fastapi.testclient import TestClient

from app.reviews.router import MAX_BODY_BYTES
from app.reviews.service import MAX_SENTENCES
from tests.helpers import ALWAYS_ON, envelope, problem
from tests.schemaorg import SCHEMA, expand, iris, schema_term

ARTICLE = (
    "Kratom is an opioid. You can't overdose on kratom alone, so it is totally safe. "
    "We went hiking on Sunday."
)


def review(client: TestClient, body: Any, **params: object) -> dict[str, Any]:
    data: dict[str, Any] = envelope(client.post("/v1/reviews", json=body, params=params))["data"]
    return data


def test_each_sentence_comes_back_with_its_offsets_and_the_claims_it_makes(
    client: TestClient,
) -> None:
    data = review(client, {"text": ARTICLE, "url": "https://news.example/kratom", "title": "T"})
    assert data["url"] == "https://news.example/kratom"
    sentences = data["sentences"]
    assert [(s["start"], s["end"]) for s in sentences] == [(0, 20), (21, 79), (80, 105)]
    assert [ARTICLE[s["start"] : s["end"]] for s in sentences] == [s["text"] for s in sentences]
    first, second, third = ([m["claim"]["id"] for m in s["matches"]] for s in sentences)
    assert first[0] == "kratom-is-an-opioid"
    assert second[0] == "no-overdose-on-kratom-alone"
    assert third == []
    match = sentences[1]["matches"][0]
    assert match["stance"] == "asserts"
    assert match["claim"]["verdict"] == "contradicted"
    assert set(match) >= {"score", "stance", "matched_text", "claim"}


def test_the_summary_counts_and_flags_what_the_article_asserts_against_the_evidence(
    client: TestClient,
) -> None:
    summary = review(client, {"text": ARTICLE})["summary"]
    assert summary["sentences"] == 3
    assert summary["sentences_with_claims"] == 2
    assert sum(summary["by_stance"].values()) == sum(summary["by_verdict"].values()) >= 2
    assert set(summary["by_verdict"]) == {
        "supported", "partially_supported", "insufficient_evidence", "not_supported", "contradicted",
    }  # fmt: skip
    assert summary["by_verdict"]["contradicted"] >= 1
    [flagged] = [f for f in summary["flagged"] if f["claim_id"] == "no-overdose-on-kratom-alone"]
    assert flagged["verdict"] == "contradicted"
    assert flagged["sentences"] == [1]
    # The caveats of both claims, once each, the serious ones before the rest.
    ids = [c["id"] for c in summary["caveats"]]
    assert len(ids) == len(set(ids))
    assert {"deaths-with-kratom-detected", "respiratory-depression"} <= set(ids)


def whole_sentence_scores(client: TestClient, sentence: str) -> dict[str, float]:
    """Each claim's score for the sentence read whole, without its parts (the matcher of the
    app's loaded release, which a review or a match request builds)."""
    matcher = client.app.state.match_index.matcher  # type: ignore[attr-defined]
    return {m.claim_id: m.score for m in matcher.scores(sentence)}


def test_each_clause_of_a_long_sentence_is_matched_too(client: TestClient) -> None:
    sentence = (
        "Kratom is sold openly in the US as a supplement, while the FDA warns consumers not to "
        "use it."
    )
    [reviewed] = review(client, {"text": sentence})["sentences"]
    found = {m["claim"]["id"]: m["score"] for m in reviewed["matches"]}
    assert set(found) >= {"kratom-sold-openly-as-supplement-in-us", "fda-warns-against-kratom"}
    # The warning is its own clause here; matched as one sentence it scores lower.
    alone = whole_sentence_scores(client, sentence)
    assert found["fda-warns-against-kratom"] > alone["fda-warns-against-kratom"]


def test_an_opening_appositive_is_matched_as_a_statement_of_its_own(client: TestClient) -> None:
    sentence = "Kratom, a tree native to Southeast Asia, is sold in gas stations across the US."
    data = review(client, {"text": sentence})
    [reviewed] = data["sentences"]
    found = [m["claim"]["id"] for m in reviewed["matches"]]
    assert found[:2] == [
        "kratom-native-to-southeast-asia",
        "kratom-sold-openly-as-supplement-in-us",
    ]
    # Read whole, the aside hides where it is sold: that claim falls below the review default.
    alone = whole_sentence_scores(client, sentence)
    assert alone["kratom-sold-openly-as-supplement-in-us"] < data["min_score"]


def test_plain_text_gives_the_same_review_as_json(client: TestClient) -> None:
    as_json = client.post("/v1/reviews", json={"text": ARTICLE})
    as_text = client.post(
        "/v1/reviews",
        content=ARTICLE.encode(),
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )
    assert envelope(as_text)["data"] == envelope(as_json)["data"]


def test_the_same_text_gives_the_same_answer_and_nothing_is_cached(client: TestClient) -> None:
    one = client.post("/v1/reviews", json={"text": ARTICLE})
    two = client.post("/v1/reviews", json={"text": ARTICLE})
    assert one.content == two.content
    assert "etag" not in one.headers
    assert one.headers["cache-control"] == "no-store"


def test_headings_and_list_items_are_sentences_of_their_own(client: TestClient) -> None:
    text = "# Kratom facts\n- Kratom can damage the liver\n- It has been linked to seizures\n"
    sentences = review(client, {"text": text})["sentences"]
    assert [s["text"] for s in sentences] == [
        "Kratom facts",
        "Kratom can damage the liver",
        "It has been linked to seizures",
    ]
    assert sentences[1]["matches"][0]["claim"]["id"] == "kratom-can-injure-the-liver"
    assert sentences[2]["matches"][0]["claim"]["id"] == "kratom-can-cause-seizures"


def test_limit_and_min_score_bound_the_matches(client: TestClient) -> None:
    # Up to five claims per sentence unless asked otherwise.
    every = review(client, {"text": ARTICLE}, min_score=0)
    assert all(len(s["matches"]) == 5 for s in every["sentences"])
    assert all(
        len(s["matches"]) == 2
        for s in review(client, {"text": ARTICLE}, min_score=0, limit=2)["sentences"]
    )
    assert every["min_score"] == 0
    strict = review(client, {"text": ARTICLE}, min_score=1)
    assert all(s["matches"] == [] for s in strict["sentences"])


def test_disclaimers_follow_the_claims_matched(client: TestClient) -> None:
    body = envelope(client.post("/v1/reviews", json={"text": ARTICLE}))
    assert body["meta"]["dataset_version"]
    assert body["disclaimers"]


def test_a_media_type_other_than_json_or_text_is_415(client: TestClient) -> None:
    response = client.post(
        "/v1/reviews", content=b"<p>kratom</p>", headers={"Content-Type": "text/html"}
    )
    assert "application/json" in problem(response, 415)["detail"]
    problem(client.post("/v1/reviews", content=b"kratom"), 415)  # no Content-Type at all


def test_a_body_over_the_limit_is_413_before_it_is_read(client: TestClient) -> None:
    big = b"x" * (MAX_BODY_BYTES + 1)
    problem(client.post("/v1/reviews", content=big, headers={"Content-Type": "text/plain"}), 413)


def test_empty_blank_too_long_or_malformed_articles_are_422(client: TestClient) -> None:
    cases: list[tuple[bytes, str, str]] = [
        (b"", "text/plain", "text"),
        (b"   \n\t ", "text/plain", "text"),
        (("a " * 50_001).encode(), "text/plain", "text"),
        (b'{"text": "kratom"', "application/json", "body"),
        (b"[1, 2]", "application/json", "body"),
        (b'{"title": "no text"}', "application/json", "text"),
        (b'{"text": 5}', "application/json", "text"),
        (b'{"text": "kratom", "published": "yesterday"}', "application/json", "published"),
        (b'{"text": "kratom", "colour": "red"}', "application/json", "colour"),
        ("caf\u00e9".encode("latin-1"), "text/plain", "body"),
    ]
    for body, media_type, field in cases:
        response = client.post("/v1/reviews", content=body, headers={"Content-Type": media_type})
        names = [p["name"] for p in problem(response, 422)["invalid_params"]]
        assert any(field in name for name in names), (body[:40], names)


def test_more_sentences_than_the_cap_is_422_with_the_count(client: TestClient) -> None:
    text = "It is. " * (MAX_SENTENCES + 1)
    body = problem(client.post("/v1/reviews", json={"text": text}), 422)
    assert f"{MAX_SENTENCES + 1:,} sentences" in body["detail"]


def test_only_post_and_options_are_allowed_on_reviews(client: TestClient) -> None:
    for method in ("GET", "HEAD", "PUT", "PATCH", "DELETE"):
        response = client.request(method, "/v1/reviews")
        assert response.status_code == 405, method
        assert response.headers["allow"] == "POST, OPTIONS"
    options = client.options("/v1/reviews")
    assert options.status_code == 204
    assert options.headers["allow"] == "POST, OPTIONS"


def test_unknown_query_parameters_are_400_here_too(client: TestClient) -> None:
    response = client.post("/v1/reviews", json={"text": ARTICLE}, params={"formt": "json"})
    assert problem(response, 400)["invalid_params"][0]["name"] == "formt"


def test_jsonld_gives_one_claimreview_per_sentence_that_takes_a_position(
    client: TestClient,
) -> None:
    response = client.post(
        "/v1/reviews",
        json={"text": ARTICLE, "url": "https://news.example/kratom"},
        params={"format": "jsonld"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    assert set(response.headers["kratom-disclaimers"].split(", ")) >= ALWAYS_ON
    document = response.json()
    assert document["@context"] == "https://schema.org"
    first, second = document["@graph"]  # the hiking sentence takes no position
    assert first["claimReviewed"] == "Kratom is an opioid."
    assert second["reviewRating"]["alternateName"] == "asserts a claim graded contradicted"
    assert second["reviewRating"]["ratingValue"] == 1
    assert second["url"].endswith("/v1/claims/no-overdose-on-kratom-alone")
    # Expanded against the bundled schema.org context: every property and type is a schema.org term.
    expanded = expand(document)
    assert len(expanded) == 2
    for node in expanded:
        assert node["@type"] == [SCHEMA + "ClaimReview"]
        item = node[SCHEMA + "itemReviewed"][0]
        appearance = item[SCHEMA + "appearance"][0]
        assert appearance[SCHEMA + "url"] == [{"@id": "https://news.example/kratom"}]
    assert all(schema_term(iri) for node in expanded for iri in iris(node))
