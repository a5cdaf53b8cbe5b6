"""The matching lane (see app/lanes.py): plain ``/v1/claims/match`` requests, same matcher, same bytes."""

import re

from sqlalchemy.engine.interfaces import DBAPICursor
from starlette.types import Scope

from app.claims.matching import DEFAULT_THRESHOLD
from app.claims.router import MATCH_MAX_LIMIT, TEXT_MAX_LENGTH, match_response
from app.claims.service import MatchIndex
from app.envelope import DatasetState
from app.lanes import Lane, plain_params

PATH = "/v1/claims/match"
PARAMS = frozenset({"text", "limit", "min_score"})
_LIMIT = re.compile(r"[1-9][0-9]?")
# 0 to 1 in plain decimal notation, where float() and the route's validation agree exactly.
_SCORE = re.compile(r"0(\.[0-9]{1,6})?|1(\.0{1,6})?")


def parse(raw: bytes) -> tuple[str, int, float] | None:
    """The matching parameters when every one is in its plain, valid form; otherwise None."""
    params = plain_params(raw, PARAMS)
    if params is None or "text" not in params or not 0 < len(params["text"]) <= TEXT_MAX_LENGTH:
        return None
    limit, min_score = 5, DEFAULT_THRESHOLD
    if "limit" in params:
        if not _LIMIT.fullmatch(params["limit"]) or int(params["limit"]) > MATCH_MAX_LIMIT:
            return None
        limit = int(params["limit"])
    if "min_score" in params:
        if not _SCORE.fullmatch(params["min_score"]):
            return None
        min_score = float(params["min_score"])
    return params["text"], limit, min_score


def answer(
    scope: Scope, dataset: DatasetState, cursor: DBAPICursor
) -> tuple[bytes, dict[bytes, bytes]] | None:
    parsed = parse(scope.get("query_string", b""))
    index: MatchIndex | None = getattr(scope["app"].state, "match_index", None)
    if parsed is None or index is None or index.content_hash != dataset.content_hash:
        return None  # the full stack builds the index for a new release
    text, limit, min_score = parsed
    return bytes(match_response(index, dataset, text, limit, min_score).body), {}


MATCH_LANE = Lane(PATH, answer)
