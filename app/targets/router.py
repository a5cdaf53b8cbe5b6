from typing import Annotated

from fastapi import APIRouter, Query, Request

from app.db import SessionDep
from app.envelope import DatasetDep, Envelope, build_envelope
from app.errors import found, problem_responses
from app.listing import TEXT_PATTERN, PageDep, id_path, page_info, sort_query
from app.targets import service
from app.targets.schemas import TargetRead, TargetSummary

router = APIRouter(prefix="/v1/targets", tags=["targets"])


@router.get("", summary="List targets", responses=problem_responses(400, 422, 503))
def list_targets(
    request: Request,
    session: SessionDep,
    dataset: DatasetDep,
    page: PageDep,
    family: Annotated[
        str | None,
        Query(
            description="Exact protein family, e.g. 'opioid receptor'.",
            pattern=TEXT_PATTERN,
            max_length=60,
        ),
    ] = None,
    q: Annotated[
        str | None,
        Query(
            description="Substring of name, gene symbol or family.",
            min_length=1,
            max_length=200,
            pattern=TEXT_PATTERN,
        ),
    ] = None,
    sort: Annotated[str | None, sort_query(service.SORTS)] = None,
) -> Envelope[list[TargetSummary]]:
    """Receptors, transporters and enzymes that kratom compounds have been tested against."""
    rows, total = service.list_targets(session, page, family=family, q=q, sort=sort)
    data = [TargetSummary.model_validate(r) for r in rows]
    return build_envelope(data, dataset, page=page_info(request, page, total))


@router.get("/{target_id}", summary="Get one target", responses=problem_responses(404, 503))
def get_target(
    target_id: Annotated[str, id_path("target", "mu-opioid-receptor")],
    session: SessionDep,
    dataset: DatasetDep,
) -> Envelope[TargetRead]:
    """One target with the compounds proposed to act at it."""
    row = found(service.get_target(session, target_id), "target", target_id)
    return build_envelope(TargetRead.model_validate(row), dataset)
