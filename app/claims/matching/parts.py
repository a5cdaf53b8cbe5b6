"""The parts of a sentence that are matched besides the whole: the clauses of a sentence that joins
several, and an opening appositive.

Real sentences often take a position on a second claim in a second clause, or say what their
subject is in an aside, and one embedding of the whole sentence lets its main claim hide the
other. ``/v1/claims/match`` and ``/v1/reviews`` therefore score the whole sentence and each of its
parts and keep each claim's best score (``ClaimMatcher.scores_of_parts``); docs/matching.md has the
figures.
"""

import re

# Where a long sentence's clauses meet: semicolons, colons, spaced dashes, and a comma before a
# word that opens another clause. Measured on the development split of real text (docs/matching.md).
_CLAUSE_BREAK = re.compile(
    r"\s*(?:;|:|\s[\u2013\u2014-]\s|,\s+(?=(?:and|but|while|whereas|although|though|which|as well as|"
    r"including|with)\b))\s*",
    re.IGNORECASE,
)
MIN_CLAUSE_WORDS = 4


def clauses(sentence: str) -> list[str]:
    """The clauses of a sentence that joins several (each of at least four words), or none."""
    parts = [p for p in _CLAUSE_BREAK.split(sentence) if len(p.split()) >= MIN_CLAUSE_WORDS]
    return parts if len(parts) > 1 else []


# An appositive after a one-word subject at the start of a sentence ("Kratom, an evergreen of
# Borneo, is ..."): the noun phrase says what the subject is, a claim of its own that the rest of
# the sentence otherwise hides. Sentence adverbs ("However, the ...") are not subjects.
_APPOSITIVE = re.compile(
    r"(?P<subject>(?P<head>[A-Z][\w-]*)(?P<aside>\s+\([^)]*\))?),\s+"
    r"(?P<phrase>(?:a|an|the|one)\s[^,;]{3,120}?),\s+(?P<rest>[a-z].*)",
    re.DOTALL,
)
# fmt: off
_NOT_SUBJECTS = frozenset({
    "after", "again", "also", "as", "at", "before", "besides", "by", "even", "finally", "first",
    "for", "furthermore", "here", "however", "in", "indeed", "instead", "likewise", "meanwhile",
    "moreover", "nevertheless", "nonetheless", "now", "on", "otherwise", "overall", "rather",
    "second", "similarly", "since", "so", "still", "then", "there", "therefore", "third", "thus",
    "today", "whereas", "with", "yet",
})
# fmt: on


def appositive(sentence: str) -> list[str]:
    """For a sentence that opens with a subject and an appositive, the appositive as a statement
    ("Kratom is an evergreen of Borneo.") and the sentence without it; otherwise none."""
    found = _APPOSITIVE.fullmatch(sentence)
    if not found:
        return []
    head = found["head"].lower()
    if head in _NOT_SUBJECTS or head.endswith("ly"):
        return []
    return [
        f"{found['head']} is {found['phrase']}.",
        f"{found['subject']} {found['rest']}",
    ]


def parts(sentence: str) -> list[str]:
    """What is matched besides the whole sentence: its clauses and its appositive."""
    return [*clauses(sentence), *appositive(sentence)]
