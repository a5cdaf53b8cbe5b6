"""A claim's verdict as an R5 ``ArtifactAssessment`` about its Evidence, and the verdict CodeSystem."""

from collections.abc import Mapping, Sequence
from typing import Any

from app import vocab
from app.envelope import DisclaimerRef
from app.fhir.common import (
    CLAIM_ID_SYSTEM,
    PUBLISHER,
    VERDICT_SYSTEM,
    concept,
    disclaimer_meta,
    fhir_id,
    in_words,
)

VERDICT_CODESYSTEM_ID = "verdict"


def build_assessment(
    claim: Mapping[str, Any], *, released_on: str, disclaimers: Sequence[DisclaimerRef]
) -> dict[str, object]:
    """The verdict on one claim, classified with the project's verdict CodeSystem, with the
    evidence summary; the id is the claim's, like its Evidence."""
    resource_id = fhir_id(claim["id"])
    verdict = vocab.Verdict(claim["verdict"])
    return {
        "resourceType": "ArtifactAssessment",
        "id": resource_id,
        "meta": disclaimer_meta(disclaimers),
        "identifier": [{"system": CLAIM_ID_SYSTEM, "value": claim["id"]}],
        "title": f"Verdict: {in_words(verdict)}. {claim['statement']}",
        "date": released_on,
        "lastReviewDate": claim["last_reviewed"],
        "artifactReference": {"reference": f"Evidence/{resource_id}"},
        "content": [
            {
                "informationType": "classifier",
                "summary": claim["evidence_summary"],
                "classifier": [concept(VERDICT_SYSTEM, verdict.value, in_words(verdict))],
                "author": {"display": PUBLISHER},
            }
        ],
    }


def build_verdict_codesystem(
    *, version: str, released_on: str, disclaimers: Sequence[DisclaimerRef]
) -> dict[str, object]:
    """The five verdicts with the definitions /v1/evidence-scale gives."""
    definitions = vocab.DEFINITIONS[vocab.Verdict]
    return {
        "resourceType": "CodeSystem",
        "id": VERDICT_CODESYSTEM_ID,
        "meta": disclaimer_meta(disclaimers),
        "url": VERDICT_SYSTEM,
        "version": version,
        "name": "KratomEvidenceVerdict",
        "title": "Kratom Evidence API verdicts",
        "status": "active",
        "experimental": False,
        "date": released_on,
        "publisher": PUBLISHER,
        "description": "How well a claim, as people state it, holds up against the evidence.",
        "caseSensitive": True,
        "hierarchyMeaning": "is-a",
        "content": "complete",
        "count": len(vocab.Verdict),
        "concept": [
            {"code": v.value, "display": in_words(v), "definition": definitions[v.value]}
            for v in vocab.Verdict
        ],
    }
