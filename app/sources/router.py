from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app import vocab
from app.citations.formats import (
    EXTENSIONS,
    FORMATS_DESCRIPTION,
    MEDIA_TYPES,
    CitationFormat,
    citation_chunks,
)
from app.db import SessionDep
from app.envelope import DatasetDep, Envelope, build_envelope
from app.errors import found, problem_responses
from app.listing import TEXT_PATTERN, PageDep, id_path, page_info, sort_query
from app.sources import service
from app.sources.schemas import SourceRead, SourceSummary

router = APIRouter(prefix="/v1/sources", tags=["sources"])


@router.get("", summary="List sources", responses=problem_responses(400, 422, 503))
def list_sources(
    request: Request,
    session: SessionDep,
    dataset: DatasetDep,
    page: PageDep,
    kind: Annotated[
        vocab.SourceKind | None, Query(description="Only this kind of document.")
    ] = None,
    study_design: Annotated[
        vocab.StudyDesign | None, Query(description="Only this study design.")
    ] = None,
    pmid: Annotated[
        str | None, Query(description="Exact PubMed id.", pattern=r"^[0-9]{1,9}$")
    ] = None,
    doi: Annotated[
        str | None,
        Query(description="Exact DOI.", pattern=r"^10\.[0-9]{4,9}/[!-~]+$", max_length=200),
    ] = None,
    q: Annotated[
        str | None,
        Query(
            description="Substring of title, authors or journal.",
            min_length=1,
            max_length=200,
            pattern=TEXT_PATTERN,
        ),
    ] = None,
    sort: Annotated[str | None, sort_query(service.SORTS)] = None,
) -> Envelope[list[SourceSummary]]:
    """The cited documents: articles, government notices and statutes, each checked against its record."""
    rows, total = service.list_sources(
        session, page, kind=kind, study_design=study_design, pmid=pmid, doi=doi, q=q, sort=sort
    )
    data = [SourceSummary.model_validate(r) for r in rows]
    return build_envelope(data, dataset, page=page_info(request, page, total))


@router.get("/{source_id}", summary="Get one source", responses=problem_responses(404, 503))
def get_source(
    source_id: Annotated[str, id_path("source", "olsen-2019-mmwr")],
    session: SessionDep,
    dataset: DatasetDep,
) -> Envelope[SourceRead]:
    """One source with its identifiers, study design and when they were verified."""
    row = found(service.get_source(session, source_id), "source", source_id)
    return build_envelope(SourceRead.model_validate(row), dataset)


CITATION_CONTENT: dict[str, object] = {
    MEDIA_TYPES[CitationFormat.csl_json].split(";")[0]: {
        "schema": {"type": "array", "items": {"type": "object", "required": ["id", "type"]}}
    },
    **{
        MEDIA_TYPES[fmt].split(";")[0]: {"schema": {"type": "string"}}
        for fmt in (CitationFormat.ris, CitationFormat.bibtex)
    },
}


@router.get(
    "/{source_id}/citation",
    summary="Cite one source",
    response_class=Response,
    responses={
        200: {"description": FORMATS_DESCRIPTION, "content": CITATION_CONTENT},
        **problem_responses(404, 422, 503),
    },
)
def get_source_citation(
    source_id: Annotated[str, id_path("source", "olsen-2019-mmwr")],
    session: SessionDep,
    dataset: DatasetDep,
    format: Annotated[
        CitationFormat, Query(description="csl-json (default), ris or bibtex.")
    ] = CitationFormat.csl_json,
) -> Response:
    """One source as a file a reference manager imports: CSL-JSON, RIS or BibTeX."""
    row = found(service.get_source(session, source_id), "source", source_id)
    body = b"".join(citation_chunks([SourceRead.model_validate(row)], format))
    headers = {
        "Content-Disposition": f'attachment; filename="{source_id}.{EXTENSIONS[format]}"',
        "Kratom-Disclaimers": ", ".join(d.id for d in dataset.disclaimers_for(())),
    }
    return Response(body, media_type=MEDIA_TYPES[format], headers=headers)
