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
