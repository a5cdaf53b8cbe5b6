"""Match a sentence to the graded claims it asserts: word and character TF-IDF, fused.

Deterministic, in-process, pure Python and engine-independent; built once per loaded release.

Each claim is represented by its statement and alternative phrasings. Text is lower-cased, a few
domain phrases are normalised ("coming off" -> stop, "liver damage" -> liver), words are folded
through a small domain synonym map (opiate -> opioid, hepatitis -> liver, PTSD -> post-traumatic)
and stop words dropped. Two similarities are computed against every text of every claim:

* word: stemmed unigrams and bigrams, TF-IDF cosine;
* char: character 3-5-grams inside each (folded, unstemmed) word, padded with spaces, TF-IDF
  cosine; catches morphology, compounds and spelling variants the stemmer misses.

In a claim's single texts, a term is weighted by how many of the claim's texts hold it: one found
in only one phrasing (an everyday detail such as "stirred into orange juice") keeps
``SUPPORT_FLOOR`` of its weight, one found in two about two thirds, one found in three or more all
of it. A sentence about that detail alone then does not look like the claim. The claim's combined
text is weighted as usual, since its term counts already say the same.

Per claim, each similarity is ``BEST_TEXT`` x the best single text + the rest x the claim's
combined text, and the score is ``WORD_WEIGHT`` x word + ``CHAR_WEIGHT`` x char (0 to 1).

Decision rule (``match(text, limit, min_score)``):

1. a claim is a candidate only if the sentence shares ``MIN_SHARED_WORDS`` word stems with it
   ('kratom' counts); one shared word is too often a coincidence;
2. a sentence that names neither kratom nor a word that stands for it ("the leaf", "the powder",
   "the supplement", a strain name such as "red vein", ...; "another botanical" does not count) is
   less likely to assert a claim about kratom: each claim whose statement names kratom loses
   ``NO_KRATOM_PENALTY``, or ``OTHER_SUBSTANCE_PENALTY`` when the sentence names another substance
   instead (fentanyl, tramadol, St John's wort, ...) and so is about that; a substance named only to
   compare ("much like coming off heroin") does not count;
   a sentence that asks, plans or reports a dispute or an open question instead of asserting ("Can
   kratom ...?", "researchers plan to ...", "... remains a matter of debate", "it is unclear
   whether ...") loses ``NON_ASSERTION_PENALTY`` on every claim, and a text made only of questions
   loses ``QUESTION_PENALTY`` instead;
   a sentence that rejects a proposition ("there is no convincing evidence that ...", "it is wrong
   to call ...", "claims that ... are unfounded", "debunked", "has not been shown to") loses
   ``DENIAL_PENALTY`` on every claim except those whose statement itself states an absence ("trials
   ... are still lacking", "... does not show up on standard drug screens"), which such a sentence
   may well assert;
   each claim's score is shifted by its calibration (below);
3. the sentence matches nothing unless its best candidate scores at least ``min_score`` and, when
   that claim leads the runner-up by less than ``AMBIGUITY_MARGIN``, at least ``min_score +
   AMBIGUITY_PENALTY``: a sentence that scores about the same against two claims is usually about
   the topic in general rather than asserting either;
4. otherwise the candidates scoring at least ``min_score`` are returned, best first, up to
   ``limit``.

``min_score`` (the route's parameter, default ``DEFAULT_THRESHOLD``) therefore stays the lowest
score returned; rule 3 only asks more of the best claim of an ambiguous sentence.

Calibration: some claims are worded in many ways (their phrasings agree with each other little),
so a sentence that asserts them scores lower than one asserting a claim that is always put the same
way. When the matcher is built, each text of a claim is scored against the rest of that claim
(leave one out, same rule 2, plain term weights); the claim's self-score is the median. A claim
whose self-score is below the median claim's gains ``CALIBRATION`` x the difference, one above it
loses as much, within ``CALIBRATION_CAP`` either way. No evaluation sentence is used: the shift
comes from the phrasings.

The constants were chosen on evals/match_dev.yaml and match_dev3-7.yaml; match_dev8.yaml to
match_dev13.yaml were each used unseen once, to choose between written-down candidates, and tuned
on after; the held-out sentences were never used to choose. Most of the quality comes from the
data, not the constants: each claim carries 15-21 alternative phrasings in the registers real texts
use (docs/matching.md).
"""

from __future__ import annotations

import math
import re
import statistics
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise

import snowballstemmer  # type: ignore[import-untyped]

DEFAULT_THRESHOLD = 0.19
# The best claim must lead the runner-up by this much, or else score AMBIGUITY_PENALTY more.
AMBIGUITY_MARGIN = 0.03
AMBIGUITY_PENALTY = 0.03
# A claim is a candidate only if the sentence shares this many word stems with it.
MIN_SHARED_WORDS = 2
# Taken off kratom claims for a sentence that names neither kratom nor a word standing for it
# (rule 2 of the docstring), and more when it names another substance instead.
NO_KRATOM_PENALTY = 0.1
OTHER_SUBSTANCE_PENALTY = 0.3
# Taken off every claim for a question, a planned study or a reported dispute (rule 2), and
# QUESTION_PENALTY instead when the text is nothing but questions ("Can you fail a drug test for
# kratom?"): it asserts nothing at all.
NON_ASSERTION_PENALTY = 0.15
QUESTION_PENALTY = 0.3
# Taken off every claim whose statement asserts something is so, for a sentence that rejects a
# proposition ("there is no convincing evidence that ...", "it is wrong to call ...", "claims that
# ... are unfounded"); rule 2.
DENIAL_PENALTY = 0.3
# Per-claim shift from the leave-one-out self-scores of the claim's texts (module docstring).
CALIBRATION = 0.3
CALIBRATION_CAP = 0.03
WORD_WEIGHT = 0.2
CHAR_WEIGHT = 0.8
# Weight of the best single text of a claim; the rest goes to the claim's combined text.
BEST_TEXT = 0.3
# In a claim's single texts, a term found in only one of the claim's texts keeps SUPPORT_FLOOR of
# its weight, rising linearly to all of it in 1 + SUPPORT_FULL texts (module docstring).
SUPPORT_FLOOR = 0.3
SUPPORT_FULL = 2
CHAR_NGRAMS = (3, 4, 5)
# Words whose character-n-gram dot products are memoised per matcher (~1.4 KB each).
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


# Strain and product names that stand for kratom ("a teaspoon of red vein", "Maeng Da", "green
# Malay", "the red strain").
_STRAINS = (
    r"\b(?:red|green|white|yellow|gold)(?:[- ]veins?| (?:strains?|bali|borneo|malay|malaysian|thai"
    r"|indo|sumatra|kali|hulu|horned?))\b|\bmaeng[- ]da\b"
)
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
        (_STRAINS, "kratom"),
    ]
]
# Kratom, its alkaloids, and the words articles use for it once it has been named.
_NAMES_KRATOM = re.compile(
    r"\b(?:kratom|ketum|biak|thang|mitragyn\w*|speciosa|7-?oh\w*|7-hydroxy\w*|alkaloids?|leaf|leaves"
    r"|herb|herbal|botanical|powder|plant|tea|capsules?|supplements?|products?|gummies|extracts?"
    r"|shots?|trees?)\b|" + _STRAINS
)
# Other substances that sentences near the claims are often about instead.
_OTHER_SUBSTANCES = (
    r"fentanyl|tramadol|heroin|oxycodone|morphine|gabapentin|sertraline|escitalopram"
    r"|fluoxetine|prozac|zoloft|st\.? john[\u2019']?s wort|kava|ketamine|psilocybin|naloxone|narcan"
    r"|methadone|buprenorphine|suboxone|alcohol|cannabis|marijuana|nicotine|caffeine|coffee|ssris?"
    r"|antidepressants?|benzodiazepines?|xanax|cocaine|methamphetamine|ashwagandha|milk thistle"
    r"|melatonin|cbd|cannabidiol"
)
_NAMES_OTHER = re.compile(rf"\b(?:{_OTHER_SUBSTANCES})\b")
# Another substance named only to compare with ("much like coming off heroin", "milder than
# methadone"): the sentence is still about kratom, so it does not count as naming another substance.
_COMPARED = re.compile(
    r"\b(?:like|than|unlike|as with|similar to|resembl\w*|mimic\w*|compared (?:with|to)|instead of"
    r"|rather than|just as)\s+(?:\w+\s+){0,3}?(?:" + _OTHER_SUBSTANCES + r")\b"
)
# A stand-in word used for something else: "kava, another botanical", "other herbal products".
_NOT_KRATOM = re.compile(
    r"\b(?:another|other) (?:\w+ )?(?:botanicals?|herbs?|herbal|plants?|supplements?|products?)\b"
)
# Sentences that ask, plan or report a dispute rather than assert: a question opening the
# sentence, a study still to come, a question said to be open or debated.
_NON_ASSERTION = re.compile(
    r"^\s*(?:can|could|does|do|is|are|should|will|would|how|what|why|which)\b[^.?!]*\?"
    r"|\bask(?:s|ed|ing)? (?:\w+ ){0,3}whether\b"
    r"|\bplan(?:s|ned|ning)? to\b"
    r"|\bwill (?:test|measure|study|examine|assess|ask|track|follow|recruit|compare|look|explore"
    r"|investigate)\b"
    r"|\brecruit(?:s|ing)? (?:\w+ ){0,2}(?:volunteers|participants|patients|people|subjects|users)\b"
    r"|\bplan(?:s|ned|ning)? (?:a|an) (?:\w+ )?(?:study|trial|survey)\b"
    r"|\b(?:is|are) underway\b"
    r"|\b(?:remains?|is|are) (?:a matter of )?(?:\w+ )?(?:debate|disputed|contested|unsettled)\b"
    r"|\bdisagree\b|\bremains? (?:an )?open\b|\bdebated\b"
    r"|\bunclear (?:whether|if|how)\b|\bnot (?:yet )?(?:known|clear) (?:whether|if|how)\b"
    r"|\bdisput(?:e|es|ed|ing)\b"
    r"|\bdebat(?:e|es|ed|ing) (?:over |about |on )?(?:whether|if)\b"
    r"|\b(?:remains?|are|is|were|was) (?:\w+ )?divided\b"
    r"|\bconflicting (?:\w+ ){0,2}(?:on|over|about) (?:whether|if)\b"
)
# Sentences that reject a proposition instead of asserting it. "Contrary to popular belief, kratom
# can ..." is not one (it asserts the opposite of the belief), nor "believe things that are not
# true" (a symptom, with no claim or report as its subject).
_REJECTED = (
    r"untrue|not true|false|wrong|unfounded|baseless|a myth|incorrect|mistaken|not supported"
    r"|unsupported|nonsense"
)
_DENIAL = re.compile(
    r"\bno (?:\w+ ){0,2}(?:evidence|proof) (?:that|for)\b"
    r"|\bnot (?:\w+ )?(?:supported|backed) by (?:\w+ ){0,2}(?:evidence|data|research|science)\b"
    r"|\b(?:it is|it's|it was) (?:\w+ )?(?:" + _REJECTED + r") (?:that|to)\b"
    r"|\b(?:claims?|claiming|assertions?|ideas?|notion|rumou?rs?|posts?|beliefs?|suggestions?"
    r"|theory|theories|stor(?:y|ies)|reports?)\b[^.;:!?]{0,150}?\b(?:is|are|was|were|proved"
    r"|turned out to be)\s+(?:\w+\s+)?(?:" + _REJECTED + r")\b"
    r"|\bdebunk\w*|\b(?:a|the) myth that\b"
    r"|\b(?:reject\w*|dismiss\w*|den(?:y|ies|ied|ying))\s+(?:\w+\s+){0,3}?(?:claims?|ideas?|notion"
    r"|suggestions?|assertions?|theory|theories|allegations?)\b"
    r"|\bcalling (?:it|them|the \w+|that|this) (?:\w+ )?(?:" + _REJECTED + r")\b"
    r"|\b(?:has|have|had) not been (?:\w+ )?(?:shown|proven|demonstrated)\b"
    r"|\bnot (?:a )?proven\b|\bunproven\b"
)
# Where a text splits into sentences; a text whose every sentence ends in "?" only asks.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A claim whose statement itself states an absence ("... are still lacking", "does not show up",
# "cannot overdose") may be what a denial asserts, so rule 2's denial penalty spares it.
_ABSENCE = re.compile(r"\b(?:not|no|never|cannot|lacking|lacks?)\b|n't\b")
# Stems that make a claim's statement about kratom.
_KRATOM_STEMS = frozenset(
    {"kratom", "mitragynin", "7-hydroxymitragynin", "speciosa", "mitragyna", "alkaloid"}
)
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


def features(text: str) -> Counter[str]:
    """Word features: stemmed unigrams and bigrams."""
    return _word_features(_words(text))


def char_features(text: str) -> Counter[str]:
    """Character 3-5-grams inside each word."""
    return _char_features(_words(text))


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


def _off_topic(lowered: str) -> float:
    """Rule 2's penalty on kratom claims for a lower-cased sentence."""
    if _NAMES_KRATOM.search(_NOT_KRATOM.sub(" ", lowered)):
        return 0.0
    other = _NAMES_OTHER.search(_COMPARED.sub(" ", lowered))
    return OTHER_SUBSTANCE_PENALTY if other else NO_KRATOM_PENALTY


def _asks(lowered: str) -> float:
    """Rule 2's penalty on every claim for a lower-cased text that asks instead of asserting."""
    stripped = lowered.strip()
    if stripped and all(part.endswith("?") for part in _SENTENCE_END.split(stripped)):
        return QUESTION_PENALTY
    return NON_ASSERTION_PENALTY if _NON_ASSERTION.search(lowered) else 0.0


def _total(counters: list[Counter[str]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for counts in counters:
        total.update(counts)
    return total


def _pairwise(queries: list[dict[str, float]], docs: list[dict[str, float]]) -> list[list[float]]:
    """Dot product of every query with every document, through a small inverted index."""
    postings: dict[str, list[tuple[int, float]]] = {}
    for b, doc in enumerate(docs):
        for t, w in doc.items():
            postings.setdefault(t, []).append((b, w))
    dots = [[0.0] * len(docs) for _ in queries]
    for a, query in enumerate(queries):
        row = dots[a]
        for t, v in query.items():
            for b, w in postings.get(t, ()):
                row[b] += v * w
    return dots


def _without(
    query: dict[str, float],
    doc: Counter[str],
    whole: Counter[str],
    whole_norm2: float,
    tfidf: _TfIdf,
) -> float:
    """Cosine of ``query`` (the vector of ``doc``) with ``whole - doc`` weighted by ``tfidf``,
    in time proportional to ``doc`` rather than ``whole``. ``whole_norm2``: ``whole``'s squared
    norm."""
    norm2, dot = whole_norm2, 0.0
    for t, c in doc.items():
        before, after = tfidf.weight(t, whole[t]), tfidf.weight(t, whole[t] - c)
        norm2 -= before * before - after * after
        dot += query.get(t, 0.0) * after
    return dot / math.sqrt(norm2) if norm2 > 1e-12 else 0.0


@dataclass(frozen=True)
class Match:
    claim_id: str
    score: float


class ClaimMatcher:
    def __init__(self, claims: Iterable[tuple[str, Sequence[str]]]) -> None:
        """``claims``: (claim id, [statement, phrasing, ...]) pairs."""
        self._ids: list[str] = []
        self._spans: list[tuple[int, int]] = []  # texts [start, end), combined text at end
        self._stems: list[frozenset[str]] = []
        self._about_kratom: list[bool] = []
        self._states_absence: list[bool] = []
        words_docs: list[Counter[str]] = []
        chars_docs: list[Counter[str]] = []
        is_text: list[bool] = []
        raw_texts: list[Sequence[str]] = []
        for claim_id, claim_texts in claims:
            folded = [_words(t) for t in claim_texts]
            raw_texts.append(claim_texts)
            w = [_word_features(f) for f in folded]
            c = [_char_features(f) for f in folded]
            start = len(words_docs)
            words_docs += [*w, _total(w)]
            chars_docs += [*c, _total(c)]
            is_text += [True] * len(w) + [False]
            self._ids.append(claim_id)
            self._spans.append((start, start + len(w)))
            self._stems.append(frozenset(_stem(x) for f in folded for x in f))
            statement = {_stem(x) for x in folded[0]} if folded else set()
            self._about_kratom.append(bool(statement & _KRATOM_STEMS))
            self._states_absence.append(
                bool(claim_texts) and bool(_ABSENCE.search(claim_texts[0].lower()))
            )
        self._words = _TfIdf(words_docs, is_text, self._spans)
        self._chars = _CharTfIdf(chars_docs, is_text, self._spans)
        self._calibration = self._calibrate(raw_texts, words_docs, chars_docs)

    def _self_score(
        self,
        i: int,
        texts: Sequence[str],
        words_docs: list[Counter[str]],
        chars_docs: list[Counter[str]],
    ) -> float | None:
        """Median leave-one-out score of claim ``i``'s texts against the rest of the claim."""
        start, end = self._spans[i]
        if end - start < 3:
            return None
        words, chars = self._words, self._chars
        w_vecs = [words._vector(d) for d in words_docs[start:end]]
        c_docs = [chars._vector(d) for d in chars_docs[start:end]]
        c_queries = [chars.query_vector(d) for d in chars_docs[start:end]]
        w_whole, c_whole = words_docs[end], chars_docs[end]
        w_norm2 = sum(words.weight(t, c) ** 2 for t, c in w_whole.items())
        c_norm2 = sum(chars.weight(t, c) ** 2 for t, c in c_whole.items())
        n = end - start
        w_pairs, c_pairs = _pairwise(w_vecs, w_vecs), _pairwise(c_queries, c_docs)
        scores = []
        for k in range(n):
            best_w = max(w_pairs[k][j] for j in range(n) if j != k)
            best_c = max(c_pairs[k][j] for j in range(n) if j != k)
            rest_w = _without(w_vecs[k], words_docs[start + k], w_whole, w_norm2, words)
            rest_c = _without(c_queries[k], chars_docs[start + k], c_whole, c_norm2, chars)
            score = WORD_WEIGHT * (BEST_TEXT * best_w + (1 - BEST_TEXT) * rest_w) + CHAR_WEIGHT * (
                BEST_TEXT * best_c + (1 - BEST_TEXT) * rest_c
            )
            if self._about_kratom[i]:
                score -= _off_topic(texts[k].lower())
            scores.append(score)
        return statistics.median(scores)

    def _calibrate(
        self,
        raw_texts: list[Sequence[str]],
        words_docs: list[Counter[str]],
        chars_docs: list[Counter[str]],
    ) -> list[float]:
        """Each claim's score shift (module docstring, "Calibration")."""
        selves = [
            self._self_score(i, raw_texts[i], words_docs, chars_docs) for i in range(len(self._ids))
        ]
        known = [x for x in selves if x is not None]
        if not known:
            return [0.0] * len(selves)
        middle = statistics.median(known)
        return [
            0.0
            if x is None
            else max(-CALIBRATION_CAP, min(CALIBRATION_CAP, CALIBRATION * (middle - x)))
            for x in selves
        ]

    def calibration(self, claim_id: str) -> float:
        """The shift added to ``claim_id``'s scores (0 for a claim with fewer than 3 texts)."""
        return self._calibration[self._ids.index(claim_id)]

    def _blend(self, cosines: list[float], start: int, end: int) -> float:
        best = max(cosines[start:end], default=0.0)
        return BEST_TEXT * best + (1 - BEST_TEXT) * cosines[end]

    def scores(self, text: str) -> list[Match]:
        """Every candidate claim (see MIN_SHARED_WORDS) with its score, best first."""
        words = _words(text)
        word_counts = _word_features(words)
        stems = {t for t in word_counts if " " not in t}
        candidates = [
            i for i, claim_stems in enumerate(self._stems)
            if len(stems & claim_stems) >= MIN_SHARED_WORDS
        ]  # fmt: skip
        if not candidates:
            return []
        by_word = self._words.cosines(word_counts)
        by_char = self._chars.cosines_of_words(words)
        lowered = text.lower()
        off_topic = _off_topic(lowered)
        asks = _asks(lowered)
        denies = DENIAL_PENALTY if _DENIAL.search(lowered) else 0.0
        scored = []
        for i in candidates:
            start, end = self._spans[i]
            score = WORD_WEIGHT * self._blend(by_word, start, end) + CHAR_WEIGHT * self._blend(
                by_char, start, end
            )
            score += self._calibration[i] - asks
            if self._about_kratom[i]:
                score -= off_topic
            if not self._states_absence[i]:
                score -= denies
            scored.append(Match(self._ids[i], round(min(max(score, 0.0), 1.0), 4)))
        scored.sort(key=lambda m: (-m.score, m.claim_id))
        return scored

    def match(self, text: str, limit: int, min_score: float) -> list[Match]:
        """The claims ``text`` asserts, best first; empty when it asserts none (module docstring)."""
        scored = self.scores(text)
        if not scored:
            return []
        best = scored[0].score
        runner_up = scored[1].score if len(scored) > 1 else 0.0
        required = min_score + (AMBIGUITY_PENALTY if best - runner_up < AMBIGUITY_MARGIN else 0.0)
        if best < required:
            return []
        return [m for m in scored[:limit] if m.score >= min_score]
