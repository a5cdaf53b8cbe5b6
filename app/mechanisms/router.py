from typing import Annotated

from fastapi import APIRouter, Query, Request

from app import vocab
from app.db import SessionDep
from app.envelope import DatasetDep, Envelope, build_envelope
from app.errors import found, problem_responses
from app.listing import SLUG_PATTERN, PageDep, id_path, page_info, sort_query
from app.mechanisms import service
from app.mechanisms.schemas import MechanismRead, MechanismSummary

router = APIRouter(prefix="/v1/mechanisms", tags=["mechanisms"])


@router.get("", summary="List mechanisms", responses=problem_responses(400, 422, 503))
def list_mechanisms(
    request: Request,
    session: SessionDep,
    dataset: DatasetDep,
    page: PageDep,
    compound: Annotated[
        str | None, Query(description="Compound slug.", pattern=SLUG_PATTERN, max_length=120)
    ] = None,
    target: Annotated[
        str | None, Query(description="Target slug.", pattern=SLUG_PATTERN, max_length=120)
    ] = None,
    action: Annotated[vocab.MechanismAction | None, Query(description="Proposed action.")] = None,
    status: Annotated[vocab.MechanismStatus | None, Query(description="How settled it is.")] = None,
    sort: Annotated[str | None, sort_query(service.SORTS)] = None,
) -> Envelope[list[MechanismSummary]]:
    """Proposed compound -> target actions; disputed ones carry each laboratory's result."""
    rows, total = service.list_mechanisms(
        session, page, compound=compound, target=target, action=action, status=status, sort=sort
    )
    data = [MechanismSummary.model_validate(r) for r in rows]
    topics = set().union(*(m.topics() for m in data))
    return build_envelope(data, dataset, topics, page=page_info(request, page, total))


@router.get("/{mechanism_id}", summary="Get one mechanism", responses=problem_responses(404, 503))
def get_mechanism(
    mechanism_id: Annotated[str, id_path("mechanism", "mitragynine-mor")],
    session: SessionDep,
    dataset: DatasetDep,
) -> Envelope[MechanismRead]:
    """One mechanism with every measured value and its source."""
    row = found(service.get_mechanism(session, mechanism_id), "mechanism", mechanism_id)
    data = MechanismRead.model_validate(row)
    return build_envelope(data, dataset, data.topics())
