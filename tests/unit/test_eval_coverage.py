"""The coverage figure of issue 20 counts what a reader of the corpus would count."""

from evals.coverage import coverage
from evals.real import Sentence


def sentence(claims: dict[str, str], gap: str | None) -> Sentence:
    return Sentence(id="p1-01", page="p1", kind="news", text="...", claims=claims, gap=gap)


def test_a_sentence_with_a_claim_is_covered_even_if_it_kept_its_old_gap_note() -> None:
    sentences = [
        sentence({"kratom-can-injure-the-liver": "asserts"}, "liver details"),
        sentence({"kratom-is-unsafe": "denies"}, None),
        sentence({}, "how it is taken"),
        sentence({}, None),  # background: neither covered nor a gap
    ]
    assert coverage(sentences) == (2, 3)
