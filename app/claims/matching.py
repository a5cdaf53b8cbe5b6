"""Match a sentence to the graded claims it asserts: stemmed TF-IDF over statements and phrasings.

Deterministic, in-process and engine-independent. Each claim is represented by its statement and
alternative phrasings; a sentence scores the best cosine similarity against any of them, blended
with the claim's combined text. Built once per loaded release.
"""

import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import snowballstemmer  # type: ignore[import-untyped]

DEFAULT_THRESHOLD = 0.12
# A claim is a candidate only if the sentence shares this many content words with it (besides
# 'kratom', which nearly every claim has): one shared word is too often a coincidence.
MIN_SHARED_WORDS = 2

# Snowball stemmers keep per-call state on the instance, and sync routes run on a thread pool:
# one stemmer per thread, and a shared memo (lru_cache is thread-safe) so most words skip it.
_LOCAL = threading.local()


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("english")
    stem: str = stemmer.stemWord(word)
    return stem


_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Same idea, different word: folded before stemming so they count as one feature.
_SYNONYMS = {
    "opiate": "opioid", "opiates": "opioid", "opioids": "opioid", "ketum": "kratom", "kratom's": "kratom",
    "7-oh": "7-hydroxymitragynine", "7oh": "7-hydroxymitragynine", "7-hmg": "7-hydroxymitragynine",
    "mg": "mitragynine", "sud": "substance-use-disorder", "suds": "substance-use-disorder",
    "addiction": "dependence", "addictive": "dependence", "hooked": "dependence",
    "antidepressants": "antidepressant", "ssri": "antidepressant", "ssris": "antidepressant",
    "deaths": "death", "fatalities": "death", "fatal": "death", "died": "death", "die": "death",
    "hepatotoxicity": "liver", "hepatic": "liver", "hepatitis": "liver",
    "seizure": "seizure", "convulsions": "seizure", "fits": "seizure",
    "unborn": "pregnancy", "pregnant": "pregnancy", "newborns": "neonatal", "babies": "neonatal", "infants": "neonatal",
    "painkiller": "pain", "painkillers": "pain", "analgesic": "pain", "analgesia": "pain",
    "legal": "law", "illegal": "law", "banned": "law", "ban": "law", "legality": "law", "regulation": "law",
    "regulated": "law", "laws": "law", "lawful": "law",
    "heroin": "opioid", "opium": "opioid", "oxycodone": "opioid", "fentanyl": "opioid",
    "medication": "medicine", "medications": "medicine", "medicines": "medicine", "prescription": "medicine",
    "prescribed": "medicine", "baby": "neonatal", "newborn": "neonatal", "infant": "neonatal",
    "breathing": "respiratory", "breath": "respiratory", "respiration": "respiratory",
    "herb": "natural", "herbal": "natural", "all-natural": "natural", "plant": "natural",
    "spirits": "mood", "blues": "mood",
}  # fmt: skip
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "could",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "it's",
        "may",
        "might",
        "more",
        "most",
        "much",
        "my",
        "of",
        "on",
        "or",
        "our",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "too",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "while",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
        "also",
        "just",
        "about",
        "some",
        "any",
        "all",
    ]
)


def features(text: str) -> Counter[str]:
    words = [_SYNONYMS.get(w, w) for w in _TOKEN.findall(text.lower())]
    stems = [_stem(w) for w in words if w not in _STOPWORDS]
    return Counter(stems + [f"{a} {b}" for a, b in pairwise(stems)])


Vector = dict[str, float]


def _normalise(vec: Vector) -> Vector:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm else {}


def _cosine(a: Vector, b: Vector) -> float:
    small, large = (a, b) if len(a) < len(b) else (b, a)
    return sum(v * large.get(k, 0.0) for k, v in small.items())


@dataclass(frozen=True)
class Match:
    claim_id: str
    score: float


class ClaimMatcher:
    def __init__(self, claims: Iterable[tuple[str, Sequence[str]]]) -> None:
        """``claims``: (claim id, [statement, phrasing, ...]) pairs."""
        texts = [(claim_id, [features(t) for t in claim_texts]) for claim_id, claim_texts in claims]
        documents = [f for _, fs in texts for f in fs]
        df = Counter(term for f in documents for term in f)
        n = len(documents) or 1
        self._idf = {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}
        # A word no claim uses is as informative as the rarest known word: it counts in the
        # sentence's norm, so text mostly about something else scores low.
        self._unknown_idf = math.log(1 + n) + 1.0
        self._claims = [
            (claim_id, [self._vector(f) for f in fs], self._vector(sum(fs, Counter())))
            for claim_id, fs in texts
        ]

    def _vector(self, counts: Counter[str]) -> Vector:
        weighted = {
            t: (1 + math.log(c)) * self._idf.get(t, self._unknown_idf) for t, c in counts.items()
        }
        return _normalise(weighted)

    def match(self, text: str, limit: int, threshold: float) -> list[Match]:
        counts = features(text)
        query = self._vector(counts)
        words = {t for t in counts if " " not in t and t != "kratom"}
        scored = [
            Match(
                claim_id,
                round(
                    0.7 * max(_cosine(query, v) for v in vectors) + 0.3 * _cosine(query, combined),
                    4,
                ),
            )
            for claim_id, vectors, combined in self._claims
            if len(words & combined.keys()) >= MIN_SHARED_WORDS
        ]
        scored.sort(key=lambda m: (-m.score, m.claim_id))
        return [m for m in scored[:limit] if m.score >= threshold]
