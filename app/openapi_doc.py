"""The OpenAPI document, with every error declared as the problem+json the handlers really send."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.errors import PROBLEM_MEDIA_TYPE, Problem
from app.fhir.common import FHIR_MEDIA_TYPE

FHIR_TAG = "fhir"

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


_REWRITTEN = {"", "#/components/schemas/Problem", "#/components/schemas/HTTPValidationError"}


def _problem_only(response: dict[str, Any]) -> None:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    if schema.get("$ref", "") in _REWRITTEN:  # a probe's own body (Readiness) stays as it is
        response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": _PROBLEM_REF}}


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI documents its own 422 shape and JSON error bodies; this API sends neither."""
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=app.description,
        license_info=app.license_info,
        contact=app.contact,
        tags=app.openapi_tags,
        servers=app.servers,
        routes=app.routes,
    )
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            if FHIR_TAG in operation.get("tags", []):
                # A bad parameter value is a 400 OperationOutcome there (app/fhir/responses.py).
                responses.pop("422", None)
            elif operation.get("parameters"):
                responses.setdefault("422", {"description": "A parameter value is invalid."})
            # The request guard applies to every route: repeated or control-character parameters,
            # and query strings over the size limit.
            responses.setdefault("400", {"description": "Bad Request"})
            responses.setdefault("414", {"description": "URI Too Long"})
            responses.setdefault("504", {"description": "Gateway Timeout (REQUEST_TIMEOUT)"})
            for status, response in responses.items():
                if status[0] in "45" and FHIR_MEDIA_TYPE not in response.get("content", {}):
                    _problem_only(response)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas.setdefault(
        "Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    )
    app.openapi_schema = spec
    return spec
