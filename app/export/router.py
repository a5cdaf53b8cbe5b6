from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from app import vocab
from app.db import SessionDep
from app.envelope import DatasetDep, Envelope, build_envelope
from app.errors import problem_responses
from app.export import formats, service

router = APIRouter(prefix="/v1/export", tags=["export"])


class ExportFormat(StrEnum):
    json = "json"
    ndjson = "ndjson"
    csv = "csv"


ExportResource = StrEnum("ExportResource", {name: name for name in formats.RESOURCES})  # type: ignore[misc]

MEDIA = {
    "json": "application/json",
    "ndjson": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
}


@router.get(
    "",
    summary="Download the whole dataset",
    response_model=Envelope[dict[str, object]],
    responses={
        200: {
            "description": "JSON: the envelope with `data` = every record by resource (loadable with "
            "`kratom-ingest load --from-export`). NDJSON: a notice line, then one `{type, record}` per line. "
            "CSV: one resource; `#` comment lines (notice, release, disclaimers), a header row, one row per "
            'record; lists joined with " | ", nested objects as JSON.',
            "content": {"application/x-ndjson": {}, "text/csv": {}},
        },
        **problem_responses(400, 422, 503),
    },
)
def export_dataset(
    session: SessionDep,
    dataset: DatasetDep,
    format: Annotated[
        ExportFormat, Query(description="json (default), ndjson, or csv.")
    ] = ExportFormat.json,
    resource: Annotated[
        ExportResource | None,
        Query(description="Only this resource. CSV holds one resource per file (default: claims)."),
    ] = None,
) -> StreamingResponse:
    """The whole loaded release in one streamed file, named with its version, with every disclaimer."""
    document = service.release_document(session)
    if format is ExportFormat.csv and resource is None:
        resource = ExportResource("claims")
    if resource is not None and format is not ExportFormat.csv:
        document = {"dataset": document["dataset"], str(resource): document.get(str(resource), [])}
    envelope: Envelope[dict[str, object]] = build_envelope({}, dataset, vocab.TOPICS)
    disclaimers = [d.model_dump(mode="json") for d in envelope.disclaimers]
    name = f"kratom-evidence-{dataset.version}"
    if format is ExportFormat.json:
        body = formats.json_chunks(
            document, disclaimers, envelope.meta.model_dump(mode="json", exclude_none=True)
        )
    elif format is ExportFormat.ndjson:
        body = formats.ndjson_lines(document, disclaimers)
    else:
        name = f"{name}-{resource}"
        body = formats.csv_chunks(document, str(resource), disclaimers)
    headers = {
        "Content-Disposition": f'attachment; filename="{name}.{format}"',
        "Kratom-Disclaimers": ", ".join(d["id"] for d in disclaimers),
    }
    return StreamingResponse(body, media_type=MEDIA[format], headers=headers)
