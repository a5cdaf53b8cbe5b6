"""Which rows of the evidence map each claim of the real dataset lands in."""

import pytest

from app import vocab
from app.ingest.validate import Dataset
from app.web.topics import OTHER, TOPICS, claim_topics


def rows_of(dataset: Dataset) -> dict[str, list[str]]:
    caveats = {c.id: vocab.CaveatCategory(c.category) for c in dataset.caveats}
    return {
        claim.id: claim_topics(
            claim.id,
            vocab.ClaimCategory(claim.category),
            [vocab.Condition(c) for c in claim.conditions or []],
            [caveats[c] for c in claim.caveats or []],
        )
        for claim in dataset.claims
    }


def test_every_claim_lands_in_a_topic_row_or_in_other(dataset: Dataset) -> None:
    rows = rows_of(dataset)
    known = {t.id for t in TOPICS} | {OTHER.id}
    assert len(rows) == len(dataset.claims) > 100
    for claim_id, topics in rows.items():
        assert topics, claim_id
        assert set(topics) <= known, claim_id
        assert OTHER.id not in topics or topics == [OTHER.id], claim_id


def test_every_topic_people_ask_about_holds_claims(dataset: Dataset) -> None:
    filled = {t for topics in rows_of(dataset).values() for t in topics}
    assert {t.id for t in TOPICS} <= filled


def test_most_claims_land_in_a_named_topic(dataset: Dataset) -> None:
    rows = rows_of(dataset)
    other = [c for c, topics in rows.items() if topics == [OTHER.id]]
    assert len(other) < len(rows) / 3, other


@pytest.mark.parametrize(
    ("claim_id", "expected"),
    [
        ("kratom-can-injure-the-liver", ["liver"]),
        ("kratom-can-cause-seizures", ["seizures"]),
        ("kratom-in-pregnancy-causes-neonatal-withdrawal", ["opioids", "pregnancy"]),
        ("thailand-decriminalised-kratom", ["legal"]),
        ("kratom-boosts-energy-and-productivity", ["energy"]),
        ("kratom-affects-heart-rhythm", ["heart"]),
        ("kratom-interacts-with-drugs", ["interactions"]),
        ("products-adulterated-with-7oh", ["contamination"]),
        ("kratom-linked-to-deaths", ["deaths"]),
        ("kratom-relieves-anxiety", ["anxiety"]),
        # A dependence caveat beside a claim about mood does not make it a claim about dependence.
        ("kratom-relieves-depression-symptoms", ["depression"]),
        ("kratom-in-coffee-family", ["other"]),
    ],
)
def test_claims_land_where_a_reader_would_look(
    dataset: Dataset, claim_id: str, expected: list[str]
) -> None:
    assert rows_of(dataset)[claim_id] == expected
