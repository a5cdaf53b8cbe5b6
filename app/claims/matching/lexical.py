"""Lexical similarity of a sentence to each claim: word and character TF-IDF, fused.

One of the matcher's features (features.py). Text is lower-cased, a few domain phrases are
normalised ("coming off" -> stop, "liver damage" -> liver), words are folded through a small
domain synonym map (opiate -> opioid, hepatitis -> liver) and stop words dropped. Two cosines are
computed against every text of every claim: stemmed word unigrams and bigrams, and character
3-5-grams inside each word (morphology and spelling variants the stemmer misses). Per claim each is
``BEST_TEXT`` x the best single text + the rest x the claim's combined text, and the similarity is
``WORD_WEIGHT`` x word + ``CHAR_WEIGHT`` x char. In a claim's single texts a term found in only one
of its texts keeps ``SUPPORT_FLOOR`` of its weight, so an incidental detail of one phrasing does not
make a sentence about that detail look like the claim.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache
from itertools import pairwise

import numpy as np

from app.claims.matching.folding import stem, words

WORD_WEIGHT = 0.2
CHAR_WEIGHT = 0.8
# Weight of the best single text of a claim; the rest goes to the claim's combined text.
BEST_TEXT = 0.3
# A term found in only one of a claim's texts keeps SUPPORT_FLOOR of its weight, rising linearly to
# all of it in 1 + SUPPORT_FULL texts.
SUPPORT_FLOOR = 0.3
SUPPORT_FULL = 2
CHAR_NGRAMS = (3, 4, 5)
# Words whose character-n-gram dot products are memoised per index: 4 bytes per claim text, about
# 8.8 KB each with 121 claims (2,210 texts), so the memo holds at most 4.5 MB.
WORD_CACHE = 512
# Words whose character n-grams are memoised (about 1.3 KB each, so at most 5 MB).
GRAM_CACHE = 4096


def _word_features(words: list[str]) -> Counter[str]:
    stems = [stem(w) for w in words]
    return Counter(stems + [f"{a} {b}" for a, b in pairwise(stems)])


@lru_cache(maxsize=GRAM_CACHE)
def _grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(padded[i : i + n] for n in CHAR_NGRAMS for i in range(len(padded) - n + 1))


def _char_features(words: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for w in words:
        counts.update(_grams(w))
    return counts


class _TfIdf:
    """Cosine similarity of a query against every document, through an inverted index.

    Laid out for a worker's memory: one dict from term to row, and the rows' idf and postings in
    flat arrays (postings of row r at ``[starts[r], starts[r + 1])``), rather than a dict entry,
    a tuple and two arrays per term (about 8 MB less per worker with 121 claims)."""

    def __init__(
        self,
        documents: list[Counter[str]],
        is_text: list[bool],
        spans: Sequence[tuple[int, int]] = (),
    ) -> None:
        """``spans``: each claim's single texts as [start, end) ranges of ``documents``; their terms
        are weighted by how many of the claim's texts hold them (documents outside any span, such
        as a claim's combined text, keep plain weights)."""
        texts = [d for d, t in zip(documents, is_text, strict=True) if t]
        df = _support(texts)
        n = len(texts) or 1
        self._rows = {term: row for row, term in enumerate(df)}
        self._idf = array("d", (math.log((1 + n) / (1 + count)) + 1.0 for count in df.values()))
        # A term no claim uses is as informative as the rarest known one: it counts in the
        # sentence's norm, so text mostly about something else scores low.
        self._unknown_idf = math.log(1 + n) + 1.0
        # Every (document, term) weight at once, in the order the documents and their terms come:
        # the sums below then add in the same order as _unit's, so the weights are the same floats.
        rows = self._rows
        doc = np.repeat(np.arange(len(documents)), [len(d) for d in documents])
        row = np.fromiter((rows[t] for d in documents for t in d), np.int64, doc.size)
        count = np.fromiter((c for d in documents for c in d.values()), np.int64, doc.size)
        logs = np.array([math.log(k) for k in range(1, int(count.max(initial=1)) + 1)])
        weight = _units(doc, (1 + logs[count - 1]) * np.asarray(self._idf)[row], len(documents))
        # A claim's single texts: each term weighted by how many of them hold it, then renormalised.
        claim = np.full(len(documents), -1)
        for k, (first, end) in enumerate(spans):
            claim[first:end] = k
        single = claim[doc] >= 0
        key = claim[doc[single]] * len(rows) + row[single]
        _, where, held = np.unique(key, return_inverse=True, return_counts=True)
        share = np.minimum(1.0, (held[where] - 1) / SUPPORT_FULL)
        weight[single] *= SUPPORT_FLOOR + (1 - SUPPORT_FLOOR) * share
        weight[single] = _units(doc[single], weight[single], len(documents))
        order = np.argsort(row, kind="stable")  # by term, each term's documents in order
        self._starts = np.concatenate(([0], np.cumsum(np.bincount(row, minlength=len(rows)))))
        self._docs = doc[order].astype(np.uint16)
        self._weights = weight[order]
        self._size = len(documents)

    def _idf_of(self, term: str) -> float:
        row = self._rows.get(term)
        return self._unknown_idf if row is None else self._idf[row]

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        """Sublinear term frequency (1 + log tf) times idf, unit length."""
        idf = self._idf_of
        return _unit({t: (1 + math.log(c)) * idf(t) for t, c in counts.items()})

    def _add(self, acc: np.ndarray, row: int, weight: float) -> None:
        """``acc`` += ``weight`` x the postings of ``row`` (each document once per row)."""
        start, end = self._starts[row], self._starts[row + 1]
        acc[self._docs[start:end]] += weight * self._weights[start:end]

    def cosines(self, counts: Counter[str]) -> list[float]:
        """Sublinear term frequency (1 + log tf) on both sides."""
        acc = np.zeros(self._size)
        rows = self._rows
        for term, weight in self._vector(counts).items():
            row = rows.get(term)
            if row is not None:
                self._add(acc, row, weight)
        out: list[float] = acc.tolist()
        return out


class _CharTfIdf(_TfIdf):
    """Character n-grams: the query side uses raw term frequency, so a sentence's dot products
    are the sum of its words' (memoised, dense) contributions and most words cost one pass in C."""

    @cached_property
    def _word(self) -> Callable[[str], array[float]]:
        """``_word_dots`` memoised per matcher (stored on the instance at first use)."""
        return lru_cache(maxsize=WORD_CACHE)(self._word_dots)

    def _word_dots(self, word: str) -> array[float]:
        acc = np.zeros(self._size)
        rows = self._rows
        for gram in _grams(word):
            row = rows.get(gram)
            if row is not None:
                self._add(acc, row, self._idf[row])
        out = array("f")
        out.frombytes(acc.astype(np.float32).tobytes())
        return out

    def cosines_of_words(self, words: list[str]) -> list[float]:
        counts = _char_features(words)
        idf = self._idf_of
        norm = math.sqrt(sum((c * idf(t)) ** 2 for t, c in counts.items()))
        if not norm:
            return [0.0] * self._size
        dots = [self._word(w) for w in words]
        return [sum(column) / norm for column in zip(*dots, strict=True)]


def _unit(weighted: dict[str, float]) -> dict[str, float]:
    """``weighted`` scaled to length 1 (empty when it has no length)."""
    norm = math.sqrt(sum(v * v for v in weighted.values()))
    return {t: v / norm for t, v in weighted.items()} if norm else {}


def _units(doc: np.ndarray, weight: np.ndarray, documents: int) -> np.ndarray:
    """``weight`` divided by the length of its document's vector (``_unit`` over flat arrays)."""
    norms = np.sqrt(np.bincount(doc, weight * weight, minlength=documents))
    out: np.ndarray = weight / norms[doc]
    return out


def _support(counters: list[Counter[str]]) -> Counter[str]:
    """In how many of ``counters`` each term occurs (document frequency)."""
    return Counter(term for counts in counters for term in counts)


def _total(counters: list[Counter[str]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for counts in counters:
        total.update(counts)
    return total


class LexicalIndex:
    """Each claim's fused word and character similarity to a sentence (module docstring)."""

    def __init__(self, claims: Sequence[Sequence[str]]) -> None:
        """``claims``: each claim's texts (statement first), in the matcher's claim order."""
        self._spans: list[tuple[int, int]] = []  # texts [start, end); combined text at end
        words_docs: list[Counter[str]] = []
        chars_docs: list[Counter[str]] = []
        is_text: list[bool] = []
        for texts in claims:
            folded = [words(t) for t in texts]
            w = [_word_features(f) for f in folded]
            c = [_char_features(f) for f in folded]
            start = len(words_docs)
            words_docs += [*w, _total(w)]
            chars_docs += [*c, _total(c)]
            is_text += [True] * len(w) + [False]
            self._spans.append((start, start + len(w)))
        self._words = _TfIdf(words_docs, is_text, self._spans)
        self._chars = _CharTfIdf(chars_docs, is_text, self._spans)

    def similarities(self, text: str) -> list[float]:
        """One similarity (0 to 1) per claim, in the order the index was built."""
        folded = words(text)
        by_word = self._words.cosines(_word_features(folded))
        by_char = self._chars.cosines_of_words(folded)
        out = []
        for start, end in self._spans:
            word = BEST_TEXT * max(by_word[start:end], default=0.0) + (1 - BEST_TEXT) * by_word[end]
            char = BEST_TEXT * max(by_char[start:end], default=0.0) + (1 - BEST_TEXT) * by_char[end]
            out.append(WORD_WEIGHT * word + CHAR_WEIGHT * char)
        return out
