"""/v1/claims/match: the fact-checker's endpoint."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from app.claims import router
from app.claims.matching import DEFAULT_THRESHOLD, REVIEW_THRESHOLD
from app.ingest.validate import Dataset
from tests.helpers import disclaimer_ids, envelope, items, problem

S_PARAPHRASES = yaml.safe_load(
    (Path(__file__).parents[2] / "evals" / "s_paraphrases.yaml").read_text()
)


def match(client: TestClient, text: str, **params: object) -> list[dict[str, Any]]:
    return items(client.get("/v1/claims/match", params={"text": text, **params}))


@pytest.mark.parametrize("case", S_PARAPHRASES, ids=lambda c: c["key"])
def test_every_seed_article_claim_matches_its_graded_claim_first(
    client: TestClient, dataset: Dataset, case: dict[str, str]
) -> None:
    expected = {item.key: item.claim for doc in dataset.documents for item in doc.claims}[
        case["key"]
    ]
    assert match(client, case["text"])[0]["claim"]["id"] == expected


def test_a_match_says_how_likely_which_way_and_why(client: TestClient, dataset: Dataset) -> None:
    response = client.get(
        "/v1/claims/match", params={"text": "Kratom lifts depression and brings back pleasure."}
    )
    first = items(response)[0]
    claim = first["claim"]
    assert claim["id"] == "kratom-relieves-depression-symptoms"
    assert claim["verdict"] == "insufficient_evidence"
    assert claim["caveats"]
    assert DEFAULT_THRESHOLD <= first["score"] <= 1
    assert first["stance"] == "asserts"
    texts = next(c for c in dataset.claims if c.id == claim["id"])
    assert first["matched_text"] in [texts.statement, *texts.alternative_phrasings]
    assert "crisis-support" in disclaimer_ids(response)


def test_a_question_is_a_mention_and_a_report_kept_at_a_distance_too(client: TestClient) -> None:
    asked = match(client, "Can kratom cause seizures?")
    assert asked[0]["claim"]["id"] == "kratom-can-cause-seizures"
    assert asked[0]["stance"] == "mentions"
    said = match(client, "Supporters say kratom helps people quit heroin.")
    assert said
    assert all(m["stance"] == "mentions" for m in said)


def test_a_sentence_that_the_claim_reports_as_missing_evidence_asserts_it(
    client: TestClient,
) -> None:
    # Ranked first, with a score (about 0.84) between the review default and the surer match default.
    sentence = "There is still no trial evidence that the herb works for depression."
    found = match(client, sentence, min_score=REVIEW_THRESHOLD)
    assert found[0]["claim"]["id"] == "trials-of-kratom-for-depression-lacking"


def test_a_claim_in_a_second_clause_or_an_aside_is_found_at_the_default(
    client: TestClient,
) -> None:
    # Scored whole and by its parts, as a review scores a sentence: read whole, the second clause's
    # warning and the aside's origin score under the default threshold (tests/api/test_reviews.py).
    two_clauses = match(
        client,
        "Kratom is sold openly in the US as a supplement, while the FDA warns consumers not to "
        "use it.",
    )
    assert {m["claim"]["id"] for m in two_clauses} == {
        "kratom-sold-openly-as-supplement-in-us",
        "fda-warns-against-kratom",
    }
    aside = match(
        client, "Kratom, a tree native to Southeast Asia, is sold in gas stations across the US."
    )
    assert [m["claim"]["id"] for m in aside] == [
        "kratom-native-to-southeast-asia",
        "kratom-sold-openly-as-supplement-in-us",
    ]
    # The match and the review of the same sentence agree.
    sentence = "Kratom, a tree native to Southeast Asia, is sold in gas stations across the US."
    [reviewed] = envelope(client.post("/v1/reviews", json={"text": sentence}))["data"]["sentences"]
    assert {m["claim"]["id"]: m["score"] for m in reviewed["matches"]} == {
        m["claim"]["id"]: m["score"]
        for m in match(client, sentence, min_score=REVIEW_THRESHOLD, limit=5)
    }


def test_scores_are_ranked_and_limited(client: TestClient) -> None:
    matches = match(client, "kratom opioid withdrawal dependence", limit=3, min_score=0)
    assert len(matches) == 3
    scores = [m["score"] for m in matches]
    assert scores == sorted(scores, reverse=True)


def test_a_sentence_about_nothing_in_the_dataset_matches_nothing(client: TestClient) -> None:
    assert match(client, "The museum opens at nine on Sundays.") == []
    # With no threshold a reviewer still sees the closest claims, with low scores.
    closest = match(client, "The museum opens at nine on Sundays.", min_score=0, limit=3)
    assert len(closest) == 3
    assert all(m["score"] < DEFAULT_THRESHOLD for m in closest)


def test_a_death_count_reads_as_asserting_the_deaths_claim(client: TestClient) -> None:
    found = match(client, "More than 90 people died from kratom.")
    assert found[0]["claim"]["id"] == "kratom-linked-to-deaths"
    assert found[0]["stance"] == "asserts"


def test_bad_input(client: TestClient) -> None:
    assert (
        problem(client.get("/v1/claims/match", params={"text": "x" * 1001}), 422)["invalid_params"][
            0
        ]["name"]
        == "text"
    )
    assert problem(client.get("/v1/claims/match"), 422)
    blank = problem(client.get("/v1/claims/match", params={"text": " \u00a0 "}), 422)
    assert blank["invalid_params"] == [
        {"name": "text", "reason": "must contain a character that is not a space"}
    ]
    assert problem(client.get("/v1/claims/match", params={"text": "kratom", "limit": 0}), 422)
    assert problem(client.get("/v1/claims/match", params={"text": "kratom", "min_score": 2}), 422)


def test_include_gives_what_a_fact_checker_quotes(client: TestClient, dataset: Dataset) -> None:
    text = "Kratom lifts depression and brings back pleasure."
    [plain] = match(client, text, limit=1)
    assert plain["claim"]["evidence_summary"] is None
    assert plain["claim"]["sources"] is None
    assert plain["claim"]["caveats"]  # caveats come with every match
    [full] = match(client, text, limit=1, include="summary,sources,caveats")
    claim = full["claim"]
    record = next(c for c in dataset.claims if c.id == claim["id"])
    assert claim["evidence_summary"] == record.evidence_summary
    assert sorted((s["source"]["id"], s["stance"]) for s in claim["sources"]) == sorted(
        (s.source, s.stance.value) for s in record.sources
    )
    urls = {s.id: s.url for s in dataset.sources}
    for cited in claim["sources"]:
        assert cited["source"]["title"]
        assert cited["source"]["url"] == urls[cited["source"]["id"]]
    assert {c["id"] for c in claim["caveats"]} == set(record.caveats)
    assert full["score"] == plain["score"]


def test_include_takes_only_the_parts_asked_for(client: TestClient) -> None:
    text = "Kratom can cause seizures."
    [summary_only] = match(client, text, limit=1, include="summary")
    assert summary_only["claim"]["evidence_summary"]
    assert summary_only["claim"]["sources"] is None
    [sources_only] = match(client, text, limit=1, include="sources")
    assert sources_only["claim"]["evidence_summary"] is None
    assert sources_only["claim"]["sources"]
    # What one request embedded does not leak into the next (the index is shared).
    [plain] = match(client, text, limit=1)
    assert plain["claim"]["evidence_summary"] is None
    assert plain["claim"]["sources"] is None


@pytest.mark.parametrize("include", ["compounds", "summary,bogus", "summary,", ""])
def test_an_invalid_include_is_422_naming_it(client: TestClient, include: str) -> None:
    response = client.get("/v1/claims/match", params={"text": "kratom", "include": include})
    body = problem(response, 422)
    assert [p["name"] for p in body["invalid_params"]] == ["include"]


def test_a_worker_matches_one_sentence_per_core_at_once_and_queues_the_rest(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two cores' worth, whatever this machine has; the limiter is made again on first use.
    monkeypatch.setattr(router, "MATCH_CONCURRENCY", 2)
    monkeypatch.delattr(client.app.state, "match_limiter", raising=False)  # type: ignore[attr-defined]
    lock = threading.Lock()
    running, peak = 0, 0
    real = router.match_response

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        try:
            time.sleep(0.05)
            return real(*args, **kwargs)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(router, "match_response", counted)
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(
            pool.map(
                lambda i: client.get(
                    "/v1/claims/match", params={"text": f"Kratom eases pain ({i})"}
                ),
                range(6),
            )
        )
    assert [a.status_code for a in answers] == [200] * 6
    assert peak == 2
