"""``GET /fhir/metadata``: the CapabilityStatement of this read-only server."""

from collections.abc import Sequence

from app.envelope import DisclaimerRef
from app.fhir.common import BASE_URI, FHIR_VERSION, PUBLISHER, disclaimer_meta
from app.fhir.store import RESOURCE_TYPES

SEARCH_PARAMS = (
    ("_id", "token", "One id, or several separated by commas."),
    ("_count", "number", "Entries per page, 0-100 (default 20); 0 gives only the total."),
    ("_offset", "number", "Entries to skip: the paging links of a searchset Bundle set it."),
)
PROFILES = {
    "Evidence": "A graded claim: statement, GRADE certainty with the domains rated down, study "
    "design, and its sources as Citations.",
    "Citation": "A cited source: PubMed, DOI and PMC identifiers, title, journal and year, "
    "canonical web address, authors.",
    "ArtifactAssessment": "The verdict on a claim, classified with the verdict CodeSystem, "
    "about its Evidence.",
    "CodeSystem": "The verdict CodeSystem (id verdict).",
}


def capability_statement(
    *, version: str, released_on: str, disclaimers: Sequence[DisclaimerRef]
) -> dict[str, object]:
    return {
        "resourceType": "CapabilityStatement",
        "id": "kratom-evidence-api",
        "meta": disclaimer_meta(disclaimers),
        "url": f"{BASE_URI}/CapabilityStatement/kratom-evidence-api",
        "version": version,
        "name": "KratomEvidenceApi",
        "title": "Kratom Evidence API: read-only FHIR R5 view",
        "status": "active",
        "experimental": False,
        "date": released_on,
        "publisher": PUBLISHER,
        "description": "Graded claims about kratom as Evidence, their sources as Citation, their "
        "verdicts as ArtifactAssessment. Read and search only; nothing is ever written.",
        "kind": "instance",
        "implementation": {"description": "Kratom Evidence API, /fhir"},
        "fhirVersion": FHIR_VERSION,
        "format": ["json"],
        "rest": [
            {
                "mode": "server",
                "documentation": "JSON only (application/fhir+json). Errors are OperationOutcome; "
                "methods other than GET, HEAD and OPTIONS are refused with 405.",
                "resource": [
                    {
                        "type": resource_type,
                        "documentation": PROFILES[resource_type],
                        "interaction": [{"code": "read"}, {"code": "search-type"}],
                        "versioning": "no-version",
                        "readHistory": False,
                        "updateCreate": False,
                        "searchParam": [
                            {"name": name, "type": kind, "documentation": doc}
                            for name, kind, doc in SEARCH_PARAMS
                        ],
                    }
                    for resource_type in RESOURCE_TYPES
                ],
            }
        ],
    }
