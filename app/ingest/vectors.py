"""The claim-text embeddings the matcher reads, computed once per release at load time."""

import sys
import threading
import time
from typing import Any

from app.claims.matching.embedding import MODEL_NAME, Encoder
from app.ingest.validate import Dataset

# Encode in chunks so that a long load reports progress; each chunk's batches run on two threads
# (the loader has the machine to itself).
CHUNK = 128
THREADS = 2
# A text's embedding never changes for one model: a process that loads several releases (tests,
# a watcher) encodes only the texts it has not seen.
_MEMO: dict[str, bytes] = {}
_MEMO_LOCK = threading.Lock()


def claim_texts(ds: Dataset) -> list[tuple[str, list[str]]]:
    """Each claim's texts in the matcher's order: the statement, then its phrasings."""
    return [(c.id, [c.statement, *c.alternative_phrasings]) for c in ds.claims]


def vector_rows(
    ds: Dataset, encoder: Encoder | None = None, progress: bool = False
) -> list[dict[str, Any]]:
    """One row per claim text: (claim_id, position, model, float32 little-endian vector)."""
    keys = [(cid, i, text) for cid, texts in claim_texts(ds) for i, text in enumerate(texts)]
    with _MEMO_LOCK:
        todo = sorted({text for _, _, text in keys} - _MEMO.keys())
    if todo:
        encoder = encoder or Encoder()
        started = time.monotonic()
        for start in range(0, len(todo), CHUNK):
            chunk = todo[start : start + CHUNK]
            vectors = encoder.encode(chunk, threads=THREADS)
            with _MEMO_LOCK:
                _MEMO.update(
                    (text, row.astype("<f4").tobytes())
                    for text, row in zip(chunk, vectors, strict=True)
                )
            if progress:
                print(
                    f"embedding claim texts: {start + len(chunk)}/{len(todo)}"
                    f" ({time.monotonic() - started:.1f} s)",
                    file=sys.stderr,
                )
    return [
        {"claim_id": cid, "position": i, "model": MODEL_NAME, "vector": _MEMO[text]}
        for cid, i, text in keys
    ]
