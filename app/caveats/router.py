from typing import Annotated

from fastapi import APIRouter, Query, Request

from app import vocab
from app.caveats import service
from app.caveats.schemas import CaveatRead, CaveatSummary
from app.db import SessionDep
from app.envelope import DatasetDep, Envelope, build_envelope
from app.errors import found, problem_responses
from app.listing import SLUG_PATTERN, TEXT_PATTERN, PageDep, id_path, page_info, sort_query

router = APIRouter(prefix="/v1/caveats", tags=["caveats"])


@router.get("", summary="List caveats", responses=problem_responses(400, 422, 503))
def list_caveats(
    request: Request,
    session: SessionDep,
    dataset: DatasetDep,
    page: PageDep,
    category: Annotated[vocab.CaveatCategory | None, Query(description="Kind of risk.")] = None,
    severity: Annotated[vocab.Severity | None, Query(description="Exact severity.")] = None,
    compound: Annotated[
        str | None,
        Query(description="Compound slug it applies to.", pattern=SLUG_PATTERN, max_length=120),
    ] = None,
    q: Annotated[
        str | None,
        Query(
            description="Substring of the statement.",
            min_length=1,
            max_length=200,
            pattern=TEXT_PATTERN,
        ),
    ] = None,
    sort: Annotated[str | None, sort_query(service.SORTS)] = None,
) -> Envelope[list[CaveatSummary]]:
    """Risks and limits: dependence, liver injury, interactions, contamination, evidence gaps."""
    rows, total = service.list_caveats(
        session, page, category=category, severity=severity, compound=compound, q=q, sort=sort
    )
    data = [CaveatSummary.model_validate(r) for r in rows]
    topics = set().union(*(c.topics() for c in data))
    return build_envelope(data, dataset, topics, page=page_info(request, page, total))


@router.get("/{caveat_id}", summary="Get one caveat", responses=problem_responses(404, 503))
def get_caveat(
    caveat_id: Annotated[str, id_path("caveat", "liver-injury")],
    session: SessionDep,
    dataset: DatasetDep,
) -> Envelope[CaveatRead]:
    """One caveat with the compounds it applies to and its sources."""
    row = found(service.get_caveat(session, caveat_id), "caveat", caveat_id)
    data = CaveatRead.model_validate(row)
    return build_envelope(data, dataset, data.topics())
