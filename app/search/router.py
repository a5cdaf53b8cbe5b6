from typing import Annotated

from fastapi import APIRouter, Query, Request

from app.db import SessionDep
from app.envelope import DatasetDep, Envelope, build_envelope
from app.errors import problem_responses
from app.listing import TEXT_PATTERN, PageDep, choices_pattern, page_info, parse_include
from app.search import service
from app.search.index import SEARCHABLE_KINDS
from app.search.schemas import SearchHit

router = APIRouter(prefix="/v1/search", tags=["search"])


@router.get("", summary="Search every record", responses=problem_responses(400, 422, 503))
def search(
    request: Request,
    session: SessionDep,
    dataset: DatasetDep,
    page: PageDep,
    q: Annotated[
        str,
        Query(
            description='Words to find (stemmed: "depressive" finds "depression"); "quoted text" is a phrase.',
            min_length=1,
            max_length=300,
            pattern=TEXT_PATTERN,
            examples=['"opioid withdrawal" kratom'],
        ),
    ],
    type: Annotated[
        str | None,
        Query(
            description=f"Comma-separated record types to search: {', '.join(SEARCHABLE_KINDS)}. Default: all.",
            pattern=choices_pattern(SEARCHABLE_KINDS),
        ),
    ] = None,
) -> Envelope[list[SearchHit]]:
    """Full-text search across claims, compounds, caveats, sources, mechanisms and jurisdictions, ranked."""
    kinds = parse_include(type, SEARCHABLE_KINDS, name="type") or frozenset(SEARCHABLE_KINDS)
    hits, total = service.search(session, q, kinds, page)
    data = [
        SearchHit(
            type=h.kind,
            id=h.record_id,
            title=h.title,
            snippet=h.snippet,
            score=h.score,
            url=f"/v1/{h.kind}s/{h.record_id}",
        )
        for h in hits
    ]
    topics = set().union(*(h.topics for h in hits))
    return build_envelope(data, dataset, topics, page=page_info(request, page, total))
