"""Reviewing the source article (the worked example of issue 21): the claims S1-S18 on their sentences.

The article is not in the repository (its sentences must not be copied into the project). The test
reads it from KRATOM_SEED_ARTICLE, or from the workspace's shared/seed/ folder, and checks its
SHA-256 so that the sentence offsets below refer to the same text.
"""

import hashlib
import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT
from app.ingest.validate import Dataset
from tests.helpers import envelope

SHA256 = "53005fa6979aa6e691effb5edff670b0551b2d08023a706fdf8fd1634e220e9c"
CANDIDATES = [
    Path(os.environ.get("KRATOM_SEED_ARTICLE", "/nonexistent")),
    PROJECT_ROOT.parent / "shared" / "seed" / "article.txt",
    Path("/work/shared/seed/article.txt"),
]
# Where the article makes each claim, read by a person: the character offset of the start of each
# sentence that states it (a claim stated in several sentences counts once, on any of them).
WHERE = {
    "S1": [0, 2619, 2714],
    "S2": [364, 2714],
    "S3": [0, 2479, 2619, 5129],
    "S4": [2479, 5129],
    "S5": [218, 2926],
    "S6": [0, 629, 4399, 5617],
    "S7": [6432],
    "S8": [6432],
    "S9": [364, 3131, 4614],
    "S10": [364, 3131],
    "S11": [3466, 6821],
    "S12": [534, 3277],
    "S13": [0, 2330, 5945],
    "S14": [1184, 6278],
    "S15": [5343],
    "S16": [629, 4614, 6111, 6683, 6980],
    "S17": [7362, 8001],
    "S18": [6432],
}
# Issue 21 asks for 16 of 18. Reached: 16 with candidate C6 at the review defaults (threshold 0.325,
# five claims per sentence) and each clause and opening appositive matched too; docs/reviews.md says
# which two are missed and why.
TARGET = 16


def article() -> str:
    for path in CANDIDATES:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert hashlib.sha256(text.encode()).hexdigest() == SHA256, f"{path} is another text"
            return text
    pytest.skip("the source article is not on this machine (set KRATOM_SEED_ARTICLE)")


def found_keys(client: TestClient, dataset: Dataset) -> set[str]:
    text = article()
    sentences = envelope(client.post("/v1/reviews", json={"text": text}))["data"]["sentences"]
    [document] = dataset.documents
    verdicts = {claim.id: claim.verdict.value for claim in dataset.claims}
    found = set()
    for item in document.claims:
        for start in WHERE[item.key]:
            [sentence] = [s for s in sentences if s["start"] == start]
            for match in sentence["matches"]:
                if match["claim"]["id"] == item.claim:
                    assert match["claim"]["verdict"] == verdicts[item.claim]
                    found.add(item.key)
    return found


def test_the_review_of_the_source_article_finds_its_claims_on_their_sentences(
    client: TestClient, dataset: Dataset
) -> None:
    assert len(found_keys(client, dataset)) >= TARGET
