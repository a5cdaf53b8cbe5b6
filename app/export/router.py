from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from app import vocab
from app.citations.formats import (
    EXTENSIONS,
    MEDIA_TYPES,
    CitationFormat,
    citation_chunks,
    source_from_record,
)
from app.db import SessionDep
from app.envelope import DatasetDep, DatasetState, Envelope, build_envelope
from app.errors import problem_responses
from app.export import formats, service
from app.fhir import bulk
from app.fhir.router import fhir_base
from app.fhir.store import cached_store

router = APIRouter(prefix="/v1/export", tags=["export"])


class ExportFormat(StrEnum):
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    csl_json = "csl-json"
    ris = "ris"
    bibtex = "bibtex"
    fhir = "fhir"
    fhir_ndjson = "fhir-ndjson"


ExportResource = StrEnum("ExportResource", {name: name for name in formats.RESOURCES})  # type: ignore[misc]

MEDIA = {
    "json": "application/json",
    "ndjson": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "fhir": "application/fhir+json",
    "fhir-ndjson": bulk.NDJSON_MEDIA_TYPE,
}
EXTENSION = {"fhir": "fhir.json", "fhir-ndjson": "fhir.ndjson"}


CITATION_FORMATS = frozenset(ExportFormat(str(fmt)) for fmt in CitationFormat)


def _citations(
    document: dict[str, Any],
    version: str,
    fmt: CitationFormat,
    resource: str | None,
    headers: dict[str, str],
) -> StreamingResponse:
    """Every source as a citation; with a resource other than sources, the sources it cites."""
    records = document.get("sources", [])
    name = f"kratom-evidence-{version}-sources"
    if resource not in (None, "sources"):
        cited = service.cited_source_ids(document.get(str(resource), []))
        records = [r for r in records if r["id"] in cited]
        name = f"kratom-evidence-{version}-{resource}-sources"
    sources = (source_from_record(record) for record in records)
    headers["Content-Disposition"] = f'attachment; filename="{name}.{EXTENSIONS[fmt]}"'
    return StreamingResponse(
        citation_chunks(sources, fmt), media_type=MEDIA_TYPES[fmt], headers=headers
    )


def _fhir(
    request: Request,
    document: dict[str, Any],
    dataset: DatasetState,
    fmt: ExportFormat,
    headers: dict[str, str],
) -> StreamingResponse:
    """Every FHIR resource of the release; ``resource`` does not apply (the view has its own types)."""
    store = cached_store(request.app.state, lambda: document, dataset)
    if fmt is ExportFormat.fhir:
        disclaimers = dataset.disclaimers_for(vocab.TOPICS)
        body = bulk.bundle_chunks(store, disclaimers, fhir_base(request))
    else:
        body = bulk.ndjson_lines(store)
    name = f"kratom-evidence-{dataset.version}.{EXTENSION[fmt]}"
    headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return StreamingResponse(body, media_type=MEDIA[fmt], headers=headers)


@router.get(
    "",
    summary="Download the whole dataset",
    response_model=Envelope[dict[str, object]],
    responses={
        200: {
            "description": "JSON: the envelope with `data` = every record by resource (loadable with "
            "`kratom-ingest load --from-export`). NDJSON: a notice line, then one `{type, record}` per line. "
            "CSV: one resource; `#` comment lines (notice, release, disclaimers), a header row, one row per "
            'record; lists joined with " | ", nested objects as JSON. fhir: one FHIR R5 Bundle '
            "(type collection) of every Evidence, Citation, ArtifactAssessment and the verdict "
            "CodeSystem; fhir-ndjson: the same resources, one per line (docs/fhir.md). csl-json, ris, bibtex: every "
            "source (or, with `resource`, those its records cite) as one citation file, as "
            "`/v1/sources/{source_id}/citation` gives one; disclaimer ids in the "
            "`Kratom-Disclaimers` header only.",
            "content": {
                "application/x-ndjson": {},
                "text/csv": {},
                "application/fhir+json": {},
                bulk.NDJSON_MEDIA_TYPE: {},
                **{media.split(";")[0]: {} for media in MEDIA_TYPES.values()},
            },
        },
        **problem_responses(400, 422, 503),
    },
)
def export_dataset(
    request: Request,
    session: SessionDep,
    dataset: DatasetDep,
    format: Annotated[
        ExportFormat,
        Query(
            description="json (default), ndjson, csv, FHIR R5 (fhir: one Bundle; fhir-ndjson: "
            "one resource per line), or a citation format for the sources: csl-json, ris, bibtex."
        ),
    ] = ExportFormat.json,
    resource: Annotated[
        ExportResource | None,
        Query(
            description="Only this resource. CSV holds one resource per file (default: claims). "
            "With csl-json, ris or bibtex: the sources this resource's records cite."
        ),
    ] = None,
) -> StreamingResponse:
    """The whole loaded release in one streamed file, named with its version, with every disclaimer."""
    envelope: Envelope[dict[str, object]] = build_envelope({}, dataset, vocab.TOPICS)
    disclaimers = [d.model_dump(mode="json") for d in envelope.disclaimers]
    headers = {"Kratom-Disclaimers": ", ".join(d["id"] for d in disclaimers)}
    document = service.release_document(session)
    if format in CITATION_FORMATS:
        return _citations(document, dataset.version, CitationFormat(format), resource, headers)
    if format in (ExportFormat.fhir, ExportFormat.fhir_ndjson):
        return _fhir(request, document, dataset, format, headers)
    if format is ExportFormat.csv and resource is None:
        resource = ExportResource("claims")
    if resource is not None and format is not ExportFormat.csv:
        document = {"dataset": document["dataset"], str(resource): document.get(str(resource), [])}
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
    headers["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    return StreamingResponse(body, media_type=MEDIA[format], headers=headers)
