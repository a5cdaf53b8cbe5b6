from typing import Annotated

from fastapi import APIRouter, Query, Request

from app import vocab
from app.db import SessionDep
from app.disclaimers import service
from app.disclaimers.schemas import DisclaimerRead
from app.envelope import DatasetDep, Envelope, build_envelope
from app.errors import BadParameterError, found, problem_responses
from app.listing import PageDep, id_path, one_of_pattern, page_info

router = APIRouter(prefix="/v1/disclaimers", tags=["disclaimers"])


@router.get("", summary="List disclaimers", responses=problem_responses(400, 422, 503))
def list_disclaimers(
    request: Request,
    session: SessionDep,
    dataset: DatasetDep,
    page: PageDep,
    topic: Annotated[
        str | None,
        Query(
            description="'always' or a topic such as depression or pregnancy_neonatal.",
            pattern=one_of_pattern([*vocab.TOPICS, vocab.ALWAYS]),
            max_length=60,
        ),
    ] = None,
) -> Envelope[list[DisclaimerRead]]:
    """Every disclaimer, in display order, with the topics that bring it into a response."""
    if topic is not None and topic != vocab.ALWAYS and topic not in vocab.TOPICS:
        raise BadParameterError(
            "topic", f"unknown topic; use 'always' or one of {sorted(vocab.TOPICS)}"
        )
    rows, total = service.list_disclaimers(session, page, topic=topic)
    data = [DisclaimerRead.model_validate(r) for r in rows]
    return build_envelope(data, dataset, page=page_info(request, page, total))


@router.get("/{disclaimer_id}", summary="Get one disclaimer", responses=problem_responses(404, 503))
def get_disclaimer(
    disclaimer_id: Annotated[str, id_path("disclaimer", "crisis-support")],
    session: SessionDep,
    dataset: DatasetDep,
) -> Envelope[DisclaimerRead]:
    """One disclaimer and its scope."""
    row = found(service.get_disclaimer(session, disclaimer_id), "disclaimer", disclaimer_id)
    return build_envelope(DisclaimerRead.model_validate(row), dataset)
