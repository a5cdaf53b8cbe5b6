from typing import Annotated

from fastapi import APIRouter, Query, Request

from app import vocab
from app.db import SessionDep
from app.envelope import DatasetDep, Envelope, build_envelope
from app.errors import found, problem_responses
from app.jurisdictions import service
from app.jurisdictions.schemas import JurisdictionRead, JurisdictionSummary
from app.listing import TEXT_PATTERN, PageDep, id_path, page_info, sort_query

router = APIRouter(prefix="/v1/jurisdictions", tags=["jurisdictions"])


@router.get("", summary="List regulatory statuses", responses=problem_responses(400, 422, 503))
def list_jurisdictions(
    request: Request,
    session: SessionDep,
    dataset: DatasetDep,
    page: PageDep,
    country: Annotated[
        str | None,
        Query(
            description="ISO 3166-1 alpha-2 country; includes its subdivisions.",
            pattern=r"^[A-Z]{2}$",
        ),
    ] = None,
    code: Annotated[
        str | None,
        Query(
            description="Exact ISO 3166 code, e.g. US-AL; INT for international.",
            pattern=r"^(INT|[A-Z]{2}(-[A-Z0-9]{1,3})?)$",
        ),
    ] = None,
    level: Annotated[
        vocab.JurisdictionLevel | None, Query(description="international, national or subnational.")
    ] = None,
    status: Annotated[vocab.RegulatoryStatus | None, Query(description="Exact status.")] = None,
    q: Annotated[
        str | None,
        Query(
            description="Substring of name or summary.",
            min_length=1,
            max_length=200,
            pattern=TEXT_PATTERN,
        ),
    ] = None,
    sort: Annotated[str | None, sort_query(service.SORTS)] = None,
) -> Envelope[list[JurisdictionSummary]]:
    """Where kratom or its alkaloids are prohibited, controlled, regulated or unregulated, and as of when."""
    rows, total = service.list_jurisdictions(
        session, page, country=country, code=code, level=level, status=status, q=q, sort=sort
    )
    data = [JurisdictionSummary.model_validate(r) for r in rows]
    topics = set().union(*(j.topics() for j in data))
    return build_envelope(data, dataset, topics, page=page_info(request, page, total))


@router.get(
    "/{jurisdiction_id}", summary="Get one regulatory status", responses=problem_responses(404, 503)
)
def get_jurisdiction(
    jurisdiction_id: Annotated[str, id_path("jurisdiction", "us-federal")],
    session: SessionDep,
    dataset: DatasetDep,
) -> Envelope[JurisdictionRead]:
    """One regulatory entry with its summary and primary source."""
    row = found(service.get_jurisdiction(session, jurisdiction_id), "jurisdiction", jurisdiction_id)
    data = JurisdictionRead.model_validate(
        {
            **JurisdictionSummary.model_validate(row).model_dump(),
            "summary": row.summary,
            "sources": row.cited,
        }
    )
    return build_envelope(data, dataset, data.topics())
