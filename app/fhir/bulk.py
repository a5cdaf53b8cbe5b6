"""The FHIR bulk forms of /v1/export: one collection Bundle, or one resource per NDJSON line."""

import json
from collections.abc import Iterator, Sequence

from app.envelope import DisclaimerRef
from app.fhir.bundle import collection_head, entries
from app.fhir.store import FhirStore

NDJSON_MEDIA_TYPE = "application/fhir+ndjson"


def _dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def bundle_chunks(
    store: FhirStore, disclaimers: Sequence[DisclaimerRef], fhir_base: str
) -> Iterator[bytes]:
    """Every resource in one collection Bundle, streamed entry by entry."""
    head = _dumps(collection_head(disclaimers))
    yield head[:-1] + b',"entry":['
    for i, entry in enumerate(entries(store.all(), fhir_base)):
        yield (b"," if i else b"") + _dumps(entry)
    yield b"]}\n"


def ndjson_lines(store: FhirStore) -> Iterator[bytes]:
    """One resource per line (the FHIR bulk data form); each carries its disclaimers in meta.tag."""
    for resource in store.all():
        yield _dumps(resource) + b"\n"
