"""The search lane (see app/http/lanes.py): plain ``/v1/search`` requests, same SQL, same bytes."""

import re

from sqlalchemy.engine.interfaces import DBAPICursor
from starlette.types import Scope

from app.envelope import DatasetState
from app.http.caching import canonical_from_pairs, make_etag
from app.http.lanes import Lane, plain_params
from app.listing import MAX_LIMIT, MAX_OFFSET, PageParams, choices_pattern, paging, parse_include
from app.search import service
from app.search.index import SEARCHABLE_KINDS
from app.search.query import parse_terms
from app.search.router import Q_MAX_LENGTH, search_response

PATH = "/v1/search"
PARAMS = frozenset({"q", "type", "limit", "offset"})
_TYPES = re.compile(choices_pattern(SEARCHABLE_KINDS))
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,6}")


def parse(raw: bytes) -> tuple[dict[str, str], list[str], frozenset[str], PageParams] | None:
    """The search parameters when every one is in its plain, valid form (the query as given, then
    the words and phrases of q, the record types and the page); otherwise None."""
    params = plain_params(raw, PARAMS)
    if params is None or "q" not in params:
        return None
    q = params["q"]
    terms = parse_terms(q) if 0 < len(q) <= Q_MAX_LENGTH else []
    if not terms:
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
    return params, terms, kinds, PageParams(limit=numbers["limit"], offset=numbers["offset"])


def answer(
    scope: Scope, dataset: DatasetState, cursor: DBAPICursor
) -> tuple[bytes, dict[bytes, bytes]] | None:
    parsed = parse(scope.get("query_string", b""))
    if parsed is None:
        return None
    query, terms, kinds, page = parsed
    hits, total = service.search_sqlite_dbapi(cursor, terms, kinds, page)
    # The route's own pieces, given the query already parsed (same links, same canonical key).
    info = paging(PATH, query, page, total)
    body = bytes(search_response(dataset, hits, info).body)
    etag = make_etag(dataset.content_hash, canonical_from_pairs(PATH, query.items()))
    return body, {b"link": info.links.header().encode("latin-1"), b"etag": etag.encode("latin-1")}


SEARCH_LANE = Lane(PATH, answer, computed=frozenset({b"link"}))
