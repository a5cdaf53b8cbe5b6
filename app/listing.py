"""Shared list mechanics: paging, whitelisted sorting, ``include=``, and the unknown-parameter guard."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any
from urllib.parse import quote_plus

from fastapi import Depends, Path, Query, Request, params
from fastapi.dependencies.utils import get_flat_params
from fastapi.routing import APIRoute
from sqlalchemy import Select, func, select
from sqlalchemy.orm import QueryableAttribute, Session

from app.envelope import Links, PageInfo
from app.errors import BadParameterError, InvalidParam, UnknownParameterError

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000

SortColumns = Mapping[str, QueryableAttribute[Any]]


@dataclass(frozen=True)
class PageParams:
    limit: int
    offset: int


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Records per page (1-100).")] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Records to skip.")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(page_params)]


def sort_description(columns: Mapping[str, Any], default: str) -> str:
    names = ", ".join(sorted(columns))
    return f"Sort key, one of {names}; prefix with '-' for descending. Default: {default}."


def apply_sort(
    stmt: Select[Any],
    sort: str | None,
    columns: SortColumns,
    id_col: QueryableAttribute[Any],
) -> Select[Any]:
    """Order by a whitelisted column, with the id as tie-breaker so pages are stable."""
    if sort is None:
        return stmt.order_by(id_col)
    key = sort.removeprefix("-")
    if key not in columns:
        raise BadParameterError("sort", f"unknown sort key {sort!r}; use one of {sorted(columns)}")
    column = columns[key]
    return stmt.order_by(column.desc() if sort.startswith("-") else column.asc(), id_col)


def parse_include(raw: str | None, allowed: Sequence[str], name: str = "include") -> frozenset[str]:
    """A comma-separated choice from ``allowed``; anything else is a 400 naming the parameter."""
    if not raw:
        return frozenset()
    wanted = {part.strip() for part in raw.split(",") if part.strip()}
    unknown = wanted - set(allowed)
    if unknown:
        raise BadParameterError(
            name, f"unknown value(s) {sorted(unknown)}; choose from {list(allowed)}"
        )
    return frozenset(wanted)


def paginate(session: Session, stmt: Select[Any], page: PageParams) -> tuple[list[Any], int]:
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    items = list(session.scalars(stmt.limit(page.limit).offset(page.offset)))
    return items, total


def page_info(request: Request, page: PageParams, total: int) -> PageInfo:
    """Paging for a list answer; the links also go out as the ``Link`` header (HTTP caching layer)."""
    info = paging(request.url.path, dict(request.query_params), page, total)
    request.state.link_header = info.links.header()
    return info


def paging(path: str, query: Mapping[str, str], page: PageParams, total: int) -> PageInfo:
    """Limit, offset, total and links for a page of ``path`` asked with ``query``."""
    # The query as urlencode() writes it, parameters sorted by name, each encoded once: only
    # ``offset`` differs between the links.
    params = sorted(({**query, "limit": str(page.limit), "offset": ""}).items())
    parts = [f"{quote_plus(name)}={quote_plus(value)}" for name, value in params]
    at = next(i for i, (name, _) in enumerate(params) if name == "offset")
    prefix = f"{path}?{'&'.join(parts[:at])}{'&' if at else ''}offset="
    suffix = "".join("&" + part for part in parts[at + 1 :])

    def link(offset: int) -> str:
        return f"{prefix}{offset}{suffix}"

    nxt = page.offset + page.limit
    last = max(total - 1, 0) // page.limit * page.limit
    links = Links(
        self=link(page.offset),
        next=link(nxt) if nxt < total else None,
        prev=link(max(page.offset - page.limit, 0)) if page.offset > 0 else None,
        first=link(0),
        last=link(last),
    )
    return PageInfo(limit=page.limit, offset=page.offset, total=total, links=links)


_ALLOWED: dict[str, frozenset[str]] = {}


def _declared_query_params(route: APIRoute) -> frozenset[str]:
    """The query parameters the route and its dependencies declare: what FastAPI documents in
    the route's OpenAPI operation, read from the same source without building the document."""
    return frozenset(
        f.alias for f in get_flat_params(route.dependant) if isinstance(f.field_info, params.Query)
    )


async def reject_unknown_query_params(request: Request) -> None:
    """A misspelt filter must fail loudly, not silently return everything.

    The accepted names are the ones the route declares, which is what the OpenAPI document lists
    (a contract test checks that the two agree for every operation).
    """
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    allowed = _ALLOWED.get(route.path)
    if allowed is None:
        allowed = _ALLOWED[route.path] = _declared_query_params(route)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise UnknownParameterError(
            f"Unknown query parameter(s) {unknown}; this endpoint accepts {sorted(allowed) or 'none'}.",
            invalid_params=[
                InvalidParam(name=n, reason="not a parameter of this endpoint") for n in unknown
            ],
        )


def id_path(resource: str, example: str) -> Any:
    """The documented ``{resource}_id`` path parameter."""
    return Path(
        description=f"Stable slug of the {resource}.",
        examples=[example],
        pattern=SLUG_PATTERN,
        max_length=120,
    )


def where_equal(
    stmt: Select[Any], *filters: tuple[QueryableAttribute[Any], object | None]
) -> Select[Any]:
    """Apply each ``column == value`` filter whose value was given (enums compare by value)."""
    for column, value in filters:
        if value is not None:
            stmt = stmt.where(column == (value.value if isinstance(value, Enum) else value))
    return stmt


# Patterns that make the OpenAPI document say what the code enforces, so generated clients and
# property-based tests send only what is accepted.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"
# A sentence to match: the same, with at least one character that is not a space.
SENTENCE_PATTERN = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"


def sort_query(columns: SortColumns, default: str = "id") -> Any:
    keys = "|".join(sorted(columns))
    return Query(description=sort_description(columns, default), pattern=f"^-?({keys})$")


def choices_pattern(values: Sequence[str]) -> str:
    """A comma-separated list of ``values``."""
    one = "|".join(sorted(values))
    return f"^({one})(,({one}))*$"


def one_of_pattern(values: Sequence[str]) -> str:
    return "^(" + "|".join(sorted(values)) + ")$"
