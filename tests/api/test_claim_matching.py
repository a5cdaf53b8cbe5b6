"""/v1/claims/match: the fact-checker's endpoint."""

from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from app.ingest.validate import Dataset
from tests.helpers import disclaimer_ids, items, problem

S_PARAPHRASES = yaml.safe_load(
    (Path(__file__).parents[2] / "evals" / "s_paraphrases.yaml").read_text()
)


@pytest.mark.parametrize("case", S_PARAPHRASES, ids=lambda c: c["key"])
def test_every_seed_article_claim_matches_its_graded_claim_first(
    client: TestClient, dataset: Dataset, case: dict[str, str]
) -> None:
    expected = {item.key: item.claim for doc in dataset.documents for item in doc.claims}[
        case["key"]
    ]
    matches = items(client.get("/v1/claims/match", params={"text": case["text"]}))
    assert matches[0]["claim"]["id"] == expected


def test_matches_carry_grade_caveats_and_disclaimers(client: TestClient) -> None:
    response = client.get(
        "/v1/claims/match", params={"text": "Kratom lifts depression and brings back pleasure."}
    )
    first = items(response)[0]
    assert first["claim"]["id"] == "kratom-relieves-depression-symptoms"
    assert first["claim"]["verdict"] == "insufficient_evidence"
    assert first["claim"]["caveats"]
    assert 0 < first["score"] <= 1
    assert "crisis-support" in disclaimer_ids(response)


def test_scores_are_ranked_and_limited(client: TestClient) -> None:
    matches = items(
        client.get(
            "/v1/claims/match",
            params={"text": "kratom opioid withdrawal dependence", "limit": 3, "min_score": 0},
        )
    )
    assert len(matches) == 3
    scores = [m["score"] for m in matches]
    assert scores == sorted(scores, reverse=True)


def test_a_sentence_about_nothing_in_the_dataset_matches_nothing(client: TestClient) -> None:
    assert (
        items(
            client.get("/v1/claims/match", params={"text": "The museum opens at nine on Sundays."})
        )
        == []
    )


def test_bad_input(client: TestClient) -> None:
    assert (
        problem(client.get("/v1/claims/match", params={"text": "x" * 1001}), 422)["invalid_params"][
            0
        ]["name"]
        == "text"
    )
    assert problem(client.get("/v1/claims/match"), 422)
    assert problem(client.get("/v1/claims/match", params={"text": "kratom", "limit": 0}), 422)


def test_a_claim_about_another_drug_is_not_pinned_on_kratom(client: TestClient) -> None:
    about_tramadol = "Tramadol can cause seizures at high doses."
    about_kratom = "The powder can cause seizures at high doses."  # kratom named by a stand-in
    assert items(client.get("/v1/claims/match", params={"text": about_tramadol})) == []
    matches = items(client.get("/v1/claims/match", params={"text": about_kratom}))
    assert matches[0]["claim"]["id"] == "kratom-can-cause-seizures"


def test_a_question_or_a_dispute_is_not_read_as_a_claim(client: TestClient) -> None:
    asked = "Can kratom ease opioid withdrawal? Addiction doctors weigh in."
    disputed = "Whether kratom eases depression remains a matter of debate."
    said = "Kratom eases opioid withdrawal, addiction doctors say."
    assert items(client.get("/v1/claims/match", params={"text": asked})) == []
    assert items(client.get("/v1/claims/match", params={"text": disputed})) == []
    matches = items(client.get("/v1/claims/match", params={"text": said}))
    assert matches[0]["claim"]["id"] == "kratom-relieves-opioid-withdrawal"


def test_a_denial_is_not_read_as_the_claim_it_denies(client: TestClient) -> None:
    denied = (
        "A toxicologist told reporters there is no good evidence that kratom damages the liver."
    )
    said = "Kratom can damage the liver, a toxicologist told reporters."
    assert items(client.get("/v1/claims/match", params={"text": denied})) == []
    assert items(client.get("/v1/claims/match", params={"text": said}))[0]["claim"]["id"] == (
        "kratom-can-injure-the-liver"
    )
    # A claim that itself says evidence is missing is what such a sentence asserts.
    missing = (
        "There is still no trial evidence that the herb works for depression, the review said."
    )
    matches = items(client.get("/v1/claims/match", params={"text": missing}))
    assert [m["claim"]["id"] for m in matches] == ["trials-of-kratom-for-depression-lacking"]


def test_a_question_asserts_nothing_but_still_ranks_its_claim_for_a_reviewer(
    client: TestClient,
) -> None:
    question = "Can you fail a drug test for kratom?"
    assert items(client.get("/v1/claims/match", params={"text": question})) == []
    ranked = items(client.get("/v1/claims/match", params={"text": question, "min_score": 0}))
    assert ranked[0]["claim"]["id"] == "kratom-missed-by-standard-drug-screens"
    answer = "Kratom does not show up on a standard drug test, so you will not fail one."
    matches = items(client.get("/v1/claims/match", params={"text": answer}))
    assert matches[0]["claim"]["id"] == "kratom-missed-by-standard-drug-screens"


def test_how_the_powder_is_taken_is_not_read_as_a_claim_about_pain(client: TestClient) -> None:
    taste = "Kratom powder tastes bitter, so many people stir it into orange juice."
    assert items(client.get("/v1/claims/match", params={"text": taste})) == []
    eased = "A teaspoon of red vein eases my back pain, one user wrote."
    matches = items(client.get("/v1/claims/match", params={"text": eased}))
    assert matches[0]["claim"]["id"] == "kratom-raises-pain-tolerance"


def test_a_withdrawal_compared_with_heroin_is_still_about_kratom(client: TestClient) -> None:
    compared = "After months of daily use, quitting brought aches and insomnia much like heroin."
    matches = items(client.get("/v1/claims/match", params={"text": compared}))
    assert matches[0]["claim"]["id"] == "kratom-withdrawal-resembles-opioid-withdrawal"
