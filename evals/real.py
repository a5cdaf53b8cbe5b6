"""The labelled real-text corpus (evals/real/) and a matcher built from the curated data files.

Each set is a list of pages (url, kind, title) with their sentences in page order; each sentence
has its id, position, text (rewritten in the project's words), the claims it takes a position on
with the stance toward each, and a gap note when it asserts something no claim covers.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from app.claims.matching import ClaimMatcher
from app.claims.matching.decision import Decision
from app.claims.matching.embedding import MODEL_NAME, Encoder, Vectors
from app.ingest.validate import Dataset, read_dataset
from app.ingest.vectors import claim_texts

HERE = Path(__file__).parent
REAL = HERE / "real"
DEV = REAL / "dev.yaml"
# The test split in use: 14 pages found in round 7. The first test split (test.yaml, 18 pages) was
# run four times and is retired: it stays labelled, checked for near copies, and is no longer scored.
TEST = REAL / "test2.yaml"
RETIRED_TEST = REAL / "test.yaml"
CACHE = HERE.parent / "var" / "cache"


@dataclass(frozen=True)
class Sentence:
    id: str
    page: str
    kind: str
    text: str
    claims: dict[str, str]  # claim id -> stance, main claim first
    gap: str | None


def read_set(path: Path) -> list[Sentence]:
    out = []
    for page in yaml.safe_load(path.read_text()):
        for s in page["sentences"]:
            out.append(
                Sentence(
                    id=s["id"],
                    page=page["page"],
                    kind=page["kind"],
                    text=s["text"],
                    claims={c["claim"]: c["stance"] for c in s.get("claims") or []},
                    gap=s.get("gap"),
                )
            )
    return out


def prior_of(sentences: list[Sentence], rows: list[int]) -> dict[str, float]:
    """Each claim's prior: log(1 + the sentences among ``rows`` labelled with it)."""
    counts = Counter(c for i in rows for c in sentences[i].claims)
    return {c: round(math.log1p(k), 6) for c, k in counts.items()}


def cached_vectors(texts: list[str], encoder: Encoder) -> Vectors:
    """The texts' embeddings, kept under var/cache/ between runs (keyed by model and texts)."""
    key = hashlib.sha256("\n".join([MODEL_NAME, *texts]).encode()).hexdigest()[:16]
    path = CACHE / f"claim-vectors-{key}.npy"
    if path.exists():
        loaded: Vectors = np.load(path)
        return loaded
    vectors = encoder.encode(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def build_matcher(ds: Dataset | None = None, decision: Decision | None = None) -> ClaimMatcher:
    ds = ds or read_dataset(HERE.parent / "data")
    texts = claim_texts(ds)
    encoder = Encoder()
    vectors = cached_vectors([t for _, group in texts for t in group], encoder)
    return ClaimMatcher(texts, vectors, encoder=encoder, decision=decision)


def s_paraphrases(ds: Dataset) -> list[tuple[str, str]]:
    """(paraphrase, claim id) for each S1-S18 paraphrase of the source article, with the claim the
    dataset grades it as (issue 19: each must still come first)."""
    claims = {item.key: item.claim for doc in ds.documents for item in doc.claims}
    cases = yaml.safe_load((HERE / "s_paraphrases.yaml").read_text())
    return [(case["text"], claims[case["key"]]) for case in cases]


def _grams(text: str) -> set[str]:
    folded = " ".join(text.lower().split())
    return {folded[i : i + 5] for i in range(len(folded) - 4)}


NEAR_COPY = 0.4


def near_copies(ds: Dataset, sentences: list[Sentence]) -> list[tuple[str, str]]:
    """(claim id, phrasing) pairs whose character 5-gram Jaccard with a corpus sentence exceeds
    ``NEAR_COPY``: phrasings must be written blind to the evaluation text, and one this close is
    dropped unread. Statements are not checked: a plain fact is stated the same way by everyone."""
    corpus = [_grams(s.text) for s in sentences]
    found = []
    for claim in ds.claims:
        for phrasing in claim.alternative_phrasings:
            g = _grams(phrasing)
            if any(len(g & s) / len(g | s) > NEAR_COPY for s in corpus if s):
                found.append((claim.id, phrasing))
    return found
