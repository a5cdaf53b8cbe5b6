"""FHIR answers: the JSON body with its media type and disclaimer header, errors as OperationOutcome."""

import json
from collections.abc import Iterable, Sequence

from fastapi import Request, Response

from app import vocab
from app.envelope import DatasetState, DisclaimerRef
from app.errors import InvalidParam
from app.fhir.bundle import operation_outcome
from app.fhir.common import DISCLAIMER_SYSTEM, FHIR_MEDIA_TYPE

DISCLAIMER_HEADER = "Kratom-Disclaimers"


def fhir_response(
    body: dict[str, object], disclaimers: Sequence[DisclaimerRef], status: int = 200
) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(),
        status_code=status,
        media_type=FHIR_MEDIA_TYPE,
        headers={DISCLAIMER_HEADER: ", ".join(d.id for d in disclaimers)},
    )


def tagged_disclaimers(
    dataset: DatasetState, resources: Iterable[dict[str, object]]
) -> list[DisclaimerRef]:
    """The always-on disclaimers plus every one the resources carry in ``meta.tag``, in the
    dataset's order: what a Bundle of them must show."""
    wanted = {d.id for d in dataset.disclaimers_for(())}
    for resource in resources:
        meta = resource.get("meta")
        tags = meta.get("tag", []) if isinstance(meta, dict) else []
        wanted |= {t["code"] for t in tags if t.get("system") == DISCLAIMER_SYSTEM}
    return [d for d in dataset.disclaimers_for(vocab.TOPICS) if d.id in wanted]


def outcome_response(
    request: Request,
    status: int,
    detail: str,
    invalid_params: list[InvalidParam] | None,
    headers: dict[str, str] | None,
) -> Response:
    """An error under /fhir as an OperationOutcome. A parameter value FastAPI rejects (its 422)
    is a 400 here, as FHIR servers answer a search they cannot process."""
    status = 400 if status == 422 else status
    # Only a 400 names parameters; a 404's invalid_params names the id, which the path already says.
    where = [p.name for p in invalid_params or []] if status == 400 else []
    response = fhir_response(operation_outcome(status, detail, where=where), (), status)
    del response.headers[DISCLAIMER_HEADER]
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
