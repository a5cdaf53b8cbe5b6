"""What every FHIR builder shares: the project's URIs, resource ids, references and disclaimer tags."""

import hashlib
import re
from collections.abc import Iterable

from app.envelope import DisclaimerRef

FHIR_MEDIA_TYPE = "application/fhir+json"
FHIR_VERSION = "5.0.0"
# Stable, never-resolving URIs the project owns (.invalid is reserved, RFC 6761); the same base as
# the problem types in app/errors.py.
BASE_URI = "https://kratom-evidence.invalid/fhir"
VERDICT_SYSTEM = f"{BASE_URI}/CodeSystem/verdict"
DISCLAIMER_SYSTEM = f"{BASE_URI}/CodeSystem/disclaimer"
CLAIM_ID_SYSTEM = "https://kratom-evidence.invalid/id/claim"
SOURCE_ID_SYSTEM = "https://kratom-evidence.invalid/id/source"
CERTAINTY_TYPE = "http://hl7.org/fhir/certainty-type"
CERTAINTY_RATING = "http://hl7.org/fhir/certainty-rating"
STUDY_DESIGN = "http://hl7.org/fhir/study-design"
PUBLISHER = "Kratom Evidence API"

# A FHIR id: 1-64 of these characters (R5, datatypes "id").
FHIR_ID_PATTERN = r"^[A-Za-z0-9\-.]{1,64}$"
_FHIR_ID = re.compile(FHIR_ID_PATTERN)
MAX_ID_LENGTH = 64
_HASH_CHARS = 12


def fhir_id(slug: str) -> str:
    """The dataset slug when it is a valid FHIR id; a longer one keeps its first 51 characters and
    gains a dash and 12 hex digits of its SHA-256, so the id is stable and two long slugs sharing a
    prefix stay distinct."""
    if _FHIR_ID.match(slug):
        return slug
    digest = hashlib.sha256(slug.encode()).hexdigest()[:_HASH_CHARS]
    head = re.sub(r"[^A-Za-z0-9\-.]", "-", slug)[: MAX_ID_LENGTH - _HASH_CHARS - 1]
    return f"{head}-{digest}"


def coding(system: str, code: str, display: str | None = None) -> dict[str, object]:
    found: dict[str, object] = {"system": system, "code": code}
    if display is not None:
        found["display"] = display
    return found


def concept(system: str, code: str, display: str | None = None) -> dict[str, object]:
    """A CodeableConcept with one coding."""
    return {"coding": [coding(system, code, display)]}


def in_words(value: str) -> str:
    """An enum value as prose: ``very_low`` -> ``very low``."""
    return value.replace("_", " ")


def disclaimer_meta(disclaimers: Iterable[DisclaimerRef]) -> dict[str, object]:
    """``meta`` with one tag per disclaimer that applies: consumers must show the display text."""
    return {"tag": [coding(DISCLAIMER_SYSTEM, d.id, " ".join(d.text.split())) for d in disclaimers]}
