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
import re
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache
from itertools import pairwise

import snowballstemmer  # type: ignore[import-untyped]

from app.claims.matching.cues import STRAINS

WORD_WEIGHT = 0.2
CHAR_WEIGHT = 0.8
# Weight of the best single text of a claim; the rest goes to the claim's combined text.
BEST_TEXT = 0.3
# A term found in only one of a claim's texts keeps SUPPORT_FLOOR of its weight, rising linearly to
# all of it in 1 + SUPPORT_FULL texts.
SUPPORT_FLOOR = 0.3
SUPPORT_FULL = 2
CHAR_NGRAMS = (3, 4, 5)
# Words whose character-n-gram dot products are memoised per index (~1.4 KB each).
WORD_CACHE = 2048

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
# Multi-word expressions folded before tokenising.
_PHRASES = [
    (re.compile(pattern), replacement)
    for pattern, replacement in [
        (r"\blow mood\b|\bfeeling down\b|\bthe blues\b|\bfeel down\b", "depression"),
        (r"\bcom(?:e|es|ing) off\b|\bget(?:ting)? off\b|\bcold turkey\b", "stop"),
        (r"\bliver (?:damage|injury|failure|toxicity)\b", "liver"),
        (r"\bheart rate\b", "heart rhythm"),
        (r"\bdrug (?:test|tests|testing|screen|screens)\b", "drug screen"),
        (r"\bunited states\b|\bu\.s\.|\bu\.s\b", "america"),
        (r"\bpain (?:pills|medication|medicine|relievers?)\b", "opioid"),
        (r"\bheavy metals?\b", "contaminated"),
        (r"\bcold[- ]pressor\b", "pain"),
        (r"\bha(?:d|s|ve|ving) (?:a|another) (?:\w+ )?fit\b", "seizure"),
        (r"\bmake no mistake\b", " "),
        (
            r"\b(?:chang|alter|affect)(?:e|es|ed|ing|s)? how\b(?=[^.;:]{0,80}?\b(?:other (?:\w+ )?"
            r"(?:drugs?|medications?|medicines?|prescriptions?|substances?)|drugs|medications|medicines"
            r"|prescriptions|benzodiazepines|antidepressants|blood thinners)\b)",
            "interact",
        ),
        (r"\bmu[- ]opioid\b", "opioid"),
        (r"\b7[- ]?oh\b", "7-hydroxymitragynine"),
        (r"\bhigh[- ]school(?:ers| students?)?\b", "adolescent"),
        (r"\b(?:8th|10th|12th|eighth|tenth|twelfth)[- ]graders?\b", "adolescent"),
        (STRAINS, "kratom"),
    ]
]
# Kratom, its alkaloids, and the words articles use for it once it has been named.

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
    # withdrawal, stopping, cutting down
    "detox": "withdrawal", "detoxing": "withdrawal", "detoxification": "withdrawal",
    "quit": "stop", "quitting": "stop", "quits": "stop", "stopped": "stop", "kick": "stop", "kicking": "stop",
    "taper": "cut", "tapering": "cut", "wean": "cut", "weaning": "cut", "reduce": "cut", "reducing": "cut",
    # liver, heart, mind
    "hepatotoxic": "liver", "jaundice": "liver", "dili": "liver", "hepatocellular": "liver",
    "anxious": "anxiety", "nerves": "anxiety", "panic": "anxiety", "ptsd": "post-traumatic",
    "posttraumatic": "post-traumatic", "trauma": "post-traumatic",
    "arrhythmia": "rhythm", "arrhythmias": "rhythm", "palpitations": "rhythm", "tachycardia": "rhythm",
    "qtc": "qt", "ecg": "qt", "ekg": "qt", "cardiac": "heart", "cardiologist": "heart", "cardiologists": "heart",
    "cardiovascular": "heart", "lengthened": "prolonged", "prolongation": "prolonged",
    "psychotic": "psychosis", "hallucinations": "psychosis", "hallucinating": "psychosis",
    "delusions": "psychosis", "paranoia": "psychosis", "paranoid": "psychosis",
    "depressed": "depression", "depressive": "depression", "anhedonia": "pleasure", "joy": "pleasure",
    # who
    "teens": "adolescent", "teenagers": "adolescent", "teenager": "adolescent", "teen": "adolescent",
    "youth": "adolescent", "adolescents": "adolescent",
    "americans": "america", "american": "america", "usa": "america", "nationwide": "america",
    "rats": "animal", "rat": "animal", "mice": "animal", "mouse": "animal", "rodent": "animal",
    "rodents": "animal", "animals": "animal",
    # products
    "salmonella": "contaminated", "contamination": "contaminated", "metals": "contaminated",
    "arsenic": "contaminated", "nickel": "contaminated", "bacteria": "contaminated",
    "spiked": "added", "laced": "added", "fortified": "added", "enhanced": "added", "adulterated": "added",
    "stronger": "potent", "potency": "potent", "powerful": "potent",
    # drugs
    "prozac": "antidepressant", "zoloft": "antidepressant", "lexapro": "antidepressant",
    "buprenorphine": "medicine", "methadone": "medicine", "suboxone": "medicine", "naltrexone": "medicine",
    "morphine-like": "opioid", "opioid-like": "opioid", "narcotic": "opioid", "narcotics": "opioid",
    "hydrocodone": "opioid", "codeine": "opioid", "percocet": "opioid", "vicodin": "opioid",
    # effects
    "concentration": "focus", "alert": "energy", "alertness": "energy", "energized": "energy",
    "stimulant-like": "energy", "motivation": "productivity", "productive": "productivity",
    "urine": "screen", "screening": "screen", "rct": "trial", "rcts": "trial", "randomised": "randomized",
    "overdoses": "overdose", "od": "overdose", "fatally": "death",
    "seizures": "seizure", "convulsion": "seizure", "epileptic": "seizure",
    "evergreen": "tree", "chewing": "chew", "chewed": "chew", "brewed": "tea",
    # everyday words met in the fourth development set (evals/match_dev4.yaml)
    "despair": "depression", "hopelessness": "depression", "hopeless": "depression",
    "melancholy": "depression", "sadness": "depression",
    "stamina": "energy", "energetic": "energy", "endurance": "energy",
    "dopesick": "withdrawal", "dope-sick": "withdrawal", "withdrawals": "withdrawal",
    "interfere": "interact", "interferes": "interact", "interfering": "interact", "interference": "interact",
    "nervousness": "anxiety", "nervous": "anxiety", "jittery": "anxiety",
    # met in the eighth development set (evals/match_dev8.yaml)
    "decedent": "death", "decedents": "death", "mortality": "death", "tonic-clonic": "seizure",
    "oxy": "opioid", "oxycontin": "opioid",
    # met in the tenth development set (evals/match_dev10.yaml)
    "tainted": "contaminated", "fibromyalgia": "pain", "wreck": "injure", "wrecks": "injure",
    "wrecked": "injure",
}  # fmt: skip
_STOPWORDS = frozenset(
    """
    a an and are as at be been being but by can could do does for from had has have how i if in
    into is it its it's may might more most much my of on or our so such than that the their them
    then there these they this those to too very was we were what when which while who will with
    would you your also just about some any all
    he her hers herself him himself his she s t ll re ve d
    say says said saying according report reports reported told tell tells wrote write writes note
    notes noted insist insisted argue argues argued warn warns warned believe believes believed
    think thinks thought suggest suggests suggested
    """.split()  # noqa: SIM905
)


def _words(text: str) -> list[str]:
    """Folded, non-stop words of ``text``."""
    text = text.lower()
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    words = (_SYNONYMS.get(w, w) for w in _TOKEN.findall(text))
    return [w for w in words if w not in _STOPWORDS]


def _word_features(words: list[str]) -> Counter[str]:
    stems = [_stem(w) for w in words]
    return Counter(stems + [f"{a} {b}" for a, b in pairwise(stems)])


@lru_cache(maxsize=16384)
def _grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(padded[i : i + n] for n in CHAR_NGRAMS for i in range(len(padded) - n + 1))


def _char_features(words: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for w in words:
        counts.update(_grams(w))
    return counts


class _TfIdf:
    """Cosine similarity of a query against every document, through an inverted index."""

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
        self._idf = {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}
        # A term no claim uses is as informative as the rarest known one: it counts in the
        # sentence's norm, so text mostly about something else scores low.
        self._unknown_idf = math.log(1 + n) + 1.0
        postings: dict[str, tuple[list[int], list[float]]] = {}
        ends = dict(spans)
        held: Counter[str] = Counter()
        until = 0
        for j, d in enumerate(documents):
            if j in ends:  # a claim's texts start: count its terms, one claim at a time
                held, until = _support(documents[j : ends[j]]), ends[j]
            vector = self._vector(d) if j >= until else _supported(self._vector(d), held)
            for term, weight in vector.items():
                docs, weights = postings.setdefault(term, ([], []))
                docs.append(j)
                weights.append(weight)
        # Compact: two machine arrays per term instead of a tuple per posting.
        self._postings = {t: (array("H", d), array("d", w)) for t, (d, w) in postings.items()}
        self._size = len(documents)

    def weight(self, term: str, count: int) -> float:
        """A term's weight in a document vector before normalising (0 for a count of 0)."""
        return (1 + math.log(count)) * self._idf.get(term, self._unknown_idf) if count > 0 else 0.0

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        # Same weights as ``weight``, inlined: this runs for every sentence matched.
        idf, unknown = self._idf, self._unknown_idf
        return _unit({t: (1 + math.log(c)) * idf.get(t, unknown) for t, c in counts.items()})

    def cosines(self, counts: Counter[str]) -> list[float]:
        """Sublinear term frequency (1 + log tf) on both sides."""
        acc = [0.0] * self._size
        empty: tuple[array[int], array[float]] = (array("H"), array("d"))
        for term, weight in self._vector(counts).items():
            docs, weights = self._postings.get(term, empty)
            for j, w in zip(docs, weights, strict=True):
                acc[j] += weight * w
        return acc


class _CharTfIdf(_TfIdf):
    """Character n-grams: the query side uses raw term frequency, so a sentence's dot products
    are the sum of its words' (memoised, dense) contributions and most words cost one pass in C."""

    @cached_property
    def _word(self) -> Callable[[str], array[float]]:
        """``_word_dots`` memoised per matcher (stored on the instance at first use)."""
        return lru_cache(maxsize=WORD_CACHE)(self._word_dots)

    def _word_dots(self, word: str) -> array[float]:
        acc = [0.0] * self._size
        empty: tuple[array[int], array[float]] = (array("H"), array("d"))
        for gram in _grams(word):
            idf = self._idf.get(gram)
            if idf is None:
                continue
            docs, weights = self._postings.get(gram, empty)
            for j, w in zip(docs, weights, strict=True):
                acc[j] += idf * w
        return array("f", acc)

    def query_vector(self, counts: Counter[str]) -> dict[str, float]:
        """The query side of ``cosines_of_words`` as a sparse vector (raw term frequency)."""
        idf, unknown = self._idf, self._unknown_idf
        return _unit({t: c * idf.get(t, unknown) for t, c in counts.items()})

    def cosines_of_words(self, words: list[str]) -> list[float]:
        counts = _char_features(words)
        idf, unknown = self._idf, self._unknown_idf
        norm = math.sqrt(sum((c * idf.get(t, unknown)) ** 2 for t, c in counts.items()))
        if not norm:
            return [0.0] * self._size
        dots = [self._word(w) for w in words]
        return [sum(column) / norm for column in zip(*dots, strict=True)]


def _supported(vector: dict[str, float], held: Counter[str]) -> dict[str, float]:
    """``vector`` with each term scaled by how many of the claim's texts hold it, renormalised."""
    return _unit(
        {
            t: w * (SUPPORT_FLOOR + (1 - SUPPORT_FLOOR) * min(1.0, (held[t] - 1) / SUPPORT_FULL))
            for t, w in vector.items()
        }
    )


def _unit(weighted: dict[str, float]) -> dict[str, float]:
    """``weighted`` scaled to length 1 (empty when it has no length)."""
    norm = math.sqrt(sum(v * v for v in weighted.values()))
    return {t: v / norm for t, v in weighted.items()} if norm else {}


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
            folded = [_words(t) for t in texts]
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
        words = _words(text)
        by_word = self._words.cosines(_word_features(words))
        by_char = self._chars.cosines_of_words(words)
        out = []
        for start, end in self._spans:
            word = BEST_TEXT * max(by_word[start:end], default=0.0) + (1 - BEST_TEXT) * by_word[end]
            char = BEST_TEXT * max(by_char[start:end], default=0.0) + (1 - BEST_TEXT) * by_char[end]
            out.append(WORD_WEIGHT * word + CHAR_WEIGHT * char)
        return out
