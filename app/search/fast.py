"""The search lane (see app/lanes.py): plain ``/v1/search`` requests, same SQL, same bytes."""

import re

from sqlalchemy.engine.interfaces import DBAPICursor
from starlette.requests import Request
from starlette.types import Scope

from app.envelope import DatasetState
from app.lanes import Lane, plain_params
from app.listing import MAX_LIMIT, PageParams, choices_pattern, parse_include
from app.search import service
from app.search.index import SEARCHABLE_KINDS
from app.search.query import parse_terms
from app.search.router import search_response

PATH = "/v1/search"
PARAMS = frozenset({"q", "type", "limit", "offset"})
MAX_Q = 300  # the route's max_length for q
MAX_OFFSET = 1_000_000
_TYPES = re.compile(choices_pattern(SEARCHABLE_KINDS))
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,6}")


def parse(raw: bytes) -> tuple[str, frozenset[str], PageParams] | None:
    """The search parameters when every one is in its plain, valid form; otherwise None."""
    params = plain_params(raw, PARAMS)
    if params is None or "q" not in params:
        return None
    q = params["q"]
    if not 0 < len(q) <= MAX_Q or not parse_terms(q):
        return None
    kinds = frozenset(SEARCHABLE_KINDS)
    if "type" in params:
        if not _TYPES.match(params["type"]):
            return None
        kinds = parse_include(params["type"], SEARCHABLE_KINDS, name="type")
    numbers = {"limit": 20, "offset": 0}
    for name in ("limit", "offset"):
        if name in params:
            if not _DECIMAL.fullmatch(params[name]):
                return None
            numbers[name] = int(params[name])
    if not 1 <= numbers["limit"] <= MAX_LIMIT or numbers["offset"] > MAX_OFFSET:
        return None
    return q, kinds, PageParams(limit=numbers["limit"], offset=numbers["offset"])


def answer(
    scope: Scope, dataset: DatasetState, cursor: DBAPICursor
) -> tuple[bytes, dict[bytes, bytes]] | None:
    parsed = parse(scope.get("query_string", b""))
    if parsed is None:
        return None
    q, kinds, page = parsed
    hits, total = service.search_sqlite_dbapi(cursor, parse_terms(q), kinds, page)
    request = Request(scope)
    body = bytes(search_response(request, dataset, hits, total, page).body)
    return body, {b"link": request.state.link_header.encode("latin-1")}


SEARCH_LANE = Lane(PATH, answer, computed=frozenset({b"link"}))
