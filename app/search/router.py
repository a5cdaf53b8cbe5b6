from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import Connection

from app.db import run_read
from app.envelope import (
    DatasetState,
    Envelope,
    PageInfo,
    build_envelope,
    dataset_now,
    json_response,
)
from app.errors import problem_responses
from app.listing import (
    TEXT_PATTERN,
    PageDep,
    choices_pattern,
    page_info,
    parse_include,
)
from app.search import service
from app.search.index import SEARCHABLE_KINDS
from app.search.schemas import SearchHit

router = APIRouter(prefix="/v1/search", tags=["search"])
Q_MAX_LENGTH = 300  # also the search lane's limit (app/search/fast.py)


@router.get(
    "",
    summary="Search every record",
    responses=problem_responses(400, 422, 503),
    response_model=Envelope[list[SearchHit]],
)
async def search(
    request: Request,
    page: PageDep,
    q: Annotated[
        str,
        Query(
            description='Words to find (stemmed: "depressive" finds "depression"); "quoted text" is a phrase.',
            min_length=1,
            max_length=Q_MAX_LENGTH,
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
) -> Response:
    """Full-text search across claims, compounds, caveats, sources, mechanisms and jurisdictions, ranked."""
    kinds = parse_include(type, SEARCHABLE_KINDS, name="type") or frozenset(SEARCHABLE_KINDS)

    def read(conn: Connection) -> tuple[DatasetState, list[service.Hit], int]:
        return dataset_now(request, conn), *service.search(conn, q, kinds, page)

    # Async, no thread hop on SQLite (see run_read): this is the uncacheable hot path.
    dataset, hits, total = await run_read(request, read)
    return search_response(dataset, hits, page_info(request, page, total))


def search_response(dataset: DatasetState, hits: list[service.Hit], page: PageInfo) -> Response:
    """The search answer for a page of hits; the direct lane (app/search/fast.py) calls it too, so
    both produce the same bytes."""
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
    return json_response(build_envelope(data, dataset, topics, page=page))
