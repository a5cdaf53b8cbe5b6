"""Sentences of an article with their character offsets.

Lines are split first, because headings, list items and table rows end where their line ends
whether or not they end in a full stop. Each line is then split by pySBD, a rule-based sentence
boundary detector that knows abbreviations ("e.g.", "Dr.", "U.S."), decimals, initials and quoted
speech. A list marker or heading mark at the start of a line is not part of the sentence.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd  # type: ignore[import-untyped]

# "- ", "* ", "• ", "1. ", "2) ", "a) " and markdown heading marks, at the start of a line.
_MARKER = re.compile(r"(?:[-*+•▪‣◦]|\d{1,3}[.)]|[a-zA-Z][)]|#{1,6})\s+")
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    # clean=False keeps the text as given, so the pieces concatenate back to the line.
    return pysbd.Segmenter(language="en", clean=False)


def _line_sentences(line: str, offset: int) -> list[Sentence]:
    marker = _MARKER.match(line)
    skip = marker.end() if marker else 0
    found = []
    position = 0
    for piece in _segmenter().segment(line):
        start, end = position, position + len(piece)
        position = end
        start = max(start, skip)
        while start < end and line[start].isspace():
            start += 1
        while end > start and line[end - 1].isspace():
            end -= 1
        if _WORD.search(line[start:end]):
            found.append(Sentence(offset + start, offset + end, line[start:end]))
    return found


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order; ``text[s.start:s.end] == s.text`` for each."""
    sentences: list[Sentence] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            sentences.extend(_line_sentences(body, offset))
        offset += len(line)
    return sentences


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


# An appositive after a one-word subject at the start of a sentence ("Kratom, an evergreen of Borneo,
# is ..."): the noun phrase says what the subject is, a claim of its own that the rest of the
# sentence otherwise hides. Sentence adverbs ("However, the ...") are not subjects.
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
    """What a review matches besides the whole sentence: its clauses and its appositive."""
    return [*clauses(sentence), *appositive(sentence)]
