"""Every FHIR resource of one release, built once from its document and kept per content hash."""

import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import State

from app.envelope import DatasetState
from app.fhir.assessment import build_assessment, build_verdict_codesystem
from app.fhir.citation import build_citation
from app.fhir.evidence import build_evidence

# Resource types in the order the CapabilityStatement and the bulk export list them.
RESOURCE_TYPES = ("Evidence", "Citation", "ArtifactAssessment", "CodeSystem")


@dataclass(frozen=True)
class FhirStore:
    """The release's resources by type, each a dict of id -> resource in the data files' order."""

    content_hash: str
    resources: Mapping[str, Mapping[str, dict[str, object]]]

    def all(self) -> Iterator[dict[str, object]]:
        for resource_type in RESOURCE_TYPES:
            yield from self.resources[resource_type].values()

    def count(self) -> int:
        return sum(len(by_id) for by_id in self.resources.values())


def claim_topics(claim: Mapping[str, Any]) -> set[str]:
    """The disclaimer topics of a claim: its category and conditions (as the envelope uses them)."""
    return {claim["category"], *claim.get("conditions", [])}


def build_store(document: Mapping[str, Any], dataset: DatasetState) -> FhirStore:
    """Build every resource; a slug too long for a FHIR id keeps its hashed id (common.fhir_id)."""
    compounds = {c["id"]: c["name"] for c in document.get("compounds", [])}
    released_on = dataset.released_on.isoformat()
    always = dataset.disclaimers_for(())
    evidence: dict[str, dict[str, object]] = {}
    assessments: dict[str, dict[str, object]] = {}
    for claim in document.get("claims", []):
        disclaimers = dataset.disclaimers_for(claim_topics(claim))
        built = build_evidence(claim, compounds=compounds, disclaimers=disclaimers)
        evidence[str(built["id"])] = built
        verdict = build_assessment(claim, released_on=released_on, disclaimers=disclaimers)
        assessments[str(verdict["id"])] = verdict
    citations: dict[str, dict[str, object]] = {}
    for source in document.get("sources", []):
        built = build_citation(source, disclaimers=always)
        citations[str(built["id"])] = built
    codesystem = build_verdict_codesystem(
        version=dataset.version, released_on=released_on, disclaimers=always
    )
    return FhirStore(
        content_hash=dataset.content_hash,
        resources={
            "Evidence": evidence,
            "Citation": citations,
            "ArtifactAssessment": assessments,
            "CodeSystem": {str(codesystem["id"]): codesystem},
        },
    )


_LOCK = threading.Lock()


def cached_store(
    holder: State, document: Callable[[], Mapping[str, Any]], dataset: DatasetState
) -> FhirStore:
    """The store for ``dataset``, kept on ``holder`` (the app's state) until the release changes.
    ``document`` returns the release document; it is called only on a miss."""
    store: FhirStore | None = getattr(holder, "fhir_store", None)
    if store is not None and store.content_hash == dataset.content_hash:
        return store
    with _LOCK:
        store = getattr(holder, "fhir_store", None)
        if store is None or store.content_hash != dataset.content_hash:
            store = build_store(document(), dataset)
            holder.fhir_store = store
    return store
