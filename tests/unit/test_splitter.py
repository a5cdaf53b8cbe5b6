"""The article splitter: sentence boundaries a reader would draw, with exact offsets."""

import pytest

from app.claims.matching.parts import appositive, clauses, parts
from app.reviews.splitter import split_sentences


def texts(text: str) -> list[str]:
    found = split_sentences(text)
    for s in found:
        assert text[s.start : s.end] == s.text
    return [s.text for s in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr. Lee tested it. It worked.",
            ["Dr. Lee tested it.", "It worked."],
        ),
        (
            "The U.S. FDA warned about it in 2017. Sales went on.",
            ["The U.S. FDA warned about it in 2017.", "Sales went on."],
        ),
        (
            "A dose of 2.5 g was typical, e.g. in tea. Larger doses sedate.",
            ["A dose of 2.5 g was typical, e.g. in tea.", "Larger doses sedate."],
        ),
        (
            '"Is it safe?" she asked. Nobody knew.',
            ['"Is it safe?" she asked.', "Nobody knew."],
        ),
        (
            "M. speciosa grows in Thailand. Its leaves are chewed.",
            ["M. speciosa grows in Thailand.", "Its leaves are chewed."],
        ),
    ],
)
def test_abbreviations_decimals_quotes_and_initials_do_not_end_a_sentence(
    text: str, expected: list[str]
) -> None:
    assert texts(text) == expected


def test_headings_and_list_items_end_at_their_line_and_lose_their_markers() -> None:
    text = (
        "## What is kratom\n"
        "Kratom is a tree. Its leaves are sold as powder\n"
        "- It may cause constipation\n"
        "* It may cause nausea\n"
        "2. Withdrawal is reported\n"
        "  \n"
        "The end."
    )
    assert texts(text) == [
        "What is kratom",
        "Kratom is a tree.",
        "Its leaves are sold as powder",
        "It may cause constipation",
        "It may cause nausea",
        "Withdrawal is reported",
        "The end.",
    ]


def test_offsets_count_characters_of_the_original_text_including_crlf_and_non_ascii() -> None:
    text = "Café owners sell kratom.\r\n\r\nIt\u2019s legal there \u2014 for now. Or not?"
    found = split_sentences(text)
    assert [(s.start, s.end) for s in found] == [(0, 24), (28, 55), (56, 63)]


def test_text_without_words_has_no_sentences() -> None:
    assert split_sentences("\n\n - \n***\n") == []


def test_a_sentence_that_joins_clauses_gives_them_and_a_simple_one_none() -> None:
    assert clauses("Kratom eases chronic pain; heavy use can lead to dependence.") == [
        "Kratom eases chronic pain",
        "heavy use can lead to dependence.",
    ]
    assert clauses(
        "It is sold in smoke shops, while federal agencies warn against using it at all."
    ) == ["It is sold in smoke shops", "while federal agencies warn against using it at all."]
    # A list's last item and a short lead-in are not clauses of their own.
    assert clauses("People use kratom for pain, anxiety, and low mood.") == []
    assert clauses("In short: kratom is not approved for any use.") == []
    assert clauses("Kratom eases pain.") == []


def test_an_opening_appositive_gives_what_it_says_and_the_sentence_without_it() -> None:
    assert appositive(
        "Kratom (Mitragyna speciosa), a tree in the coffee family, is sold in smoke shops."
    ) == [
        "Kratom is a tree in the coffee family.",
        "Kratom (Mitragyna speciosa) is sold in smoke shops.",
    ]
    assert appositive("Mitragynine, the main alkaloid of the leaf, binds opioid receptors.") == [
        "Mitragynine is the main alkaloid of the leaf.",
        "Mitragynine binds opioid receptors.",
    ]


def test_sentence_adverbs_lists_and_plain_sentences_have_no_appositive() -> None:
    assert appositive("However, the agency said that kratom is unsafe, citing deaths.") == []
    assert appositive("Sadly, the FDA has ignored a request, made years ago, for a meeting.") == []
    assert appositive("Kratom, coffee, and tea all contain alkaloids.") == []
    assert appositive("Kratom is a tree, the leaves of which are chewed, in Thailand.") == []


def test_a_sentence_parts_are_its_clauses_then_its_appositive() -> None:
    sentence = "Kratom, a tropical tree, eases pain; heavy use can lead to dependence."
    assert parts(sentence) == [
        "Kratom, a tropical tree, eases pain",
        "heavy use can lead to dependence.",
        "Kratom is a tropical tree.",
        "Kratom eases pain; heavy use can lead to dependence.",
    ]
