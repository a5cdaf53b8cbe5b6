"""How the OpenAPI document describes FHIR answers: FHIR JSON, not the project's envelope."""

from http import HTTPStatus
from typing import Any

from app.errors import PROBLEM_MEDIA_TYPE
from app.fhir.common import FHIR_MEDIA_TYPE

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def resource_schema(resource_type: str) -> dict[str, object]:
    """A FHIR R5 resource of one type (its full shape is the FHIR specification's)."""
    return {
        "type": "object",
        "description": f"A FHIR R5 {resource_type} (application/fhir+json); its `meta.tag` "
        "lists the disclaimers consumers must show (docs/fhir.md).",
        "required": ["resourceType"],
        "properties": {
            "resourceType": {
                "type": "string",
                "description": "The FHIR resource type.",
                "enum": [resource_type],
            },
            "id": {"type": "string", "description": "The resource id."},
            "meta": {"type": "object", "description": "Disclaimer tags."},
        },
    }


OUTCOME = resource_schema("OperationOutcome")


def responses(resource_type: str, *errors: int) -> dict[int | str, dict[str, Any]]:
    """The 200 body, and the errors a FHIR route answers with an OperationOutcome. The request
    guard's 400s (repeated or control-character parameters) stay problem+json."""
    found: dict[int | str, dict[str, Any]] = {
        200: {
            "description": f"A {resource_type}, with the disclaimer ids in the "
            "`Kratom-Disclaimers` header.",
            "content": {FHIR_MEDIA_TYPE: {"schema": resource_schema(resource_type)}},
        },
        400: {
            "description": "Bad Request: an unknown parameter or a value out of range "
            "(OperationOutcome), or a malformed query (problem+json).",
            "content": {
                FHIR_MEDIA_TYPE: {"schema": OUTCOME},
                PROBLEM_MEDIA_TYPE: {"schema": _PROBLEM_REF},
            },
        },
        503: {
            "description": "Service Unavailable (OperationOutcome).",
            "content": {FHIR_MEDIA_TYPE: {"schema": OUTCOME}},
        },
    }
    for status in errors:
        found[status] = {
            "description": f"{HTTPStatus(status).phrase} (OperationOutcome).",
            "content": {FHIR_MEDIA_TYPE: {"schema": OUTCOME}},
        }
    return found
