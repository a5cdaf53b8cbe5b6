"""Direct lanes for the uncacheable hot paths on SQLite: the same answers without the framework's cost.

A search with a new term or a new sentence to match cannot come from the response cache, and on
the full stack most of their time goes to per-request machinery (routing, dependency solving,
validation, the ORM) rather than to the query or the matcher. This outermost layer answers the
common, well-formed request for a lane's path directly:

- only ``GET``, on SQLite, without ``If-None-Match`` or a cookie, when rate limiting is off and
  ``FAST_LANES`` is on;
- each lane accepts only the plain forms of its parameters (each once, values the route's own
  validation accepts, written the simple way); for anything else it declines and the full stack
  answers (or rejects) the request as before;
- the body comes from the route's own response function; the release is re-checked by its content
  hash on a pooled driver connection first, and a changed release or any driver error sends the
  request to the full stack, which refreshes its state or answers 400/503;
- the headers are the ones the full stack sent for an earlier request of the same shape (same
  path, with or without ``Origin``, per ``Host`` when the response cache keys by it), with the
  per-request ones redone: ``ETag`` (the HTTP caching layer's canonical key), ``Content-Length``,
  ``X-Request-ID`` and whatever the lane computes (``Link`` for search). Until a shape has been
  seen once, the full stack answers it.

tests/contract/test_fast_lanes.py compares the two paths byte for byte on generated requests.
"""

import re
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from sqlalchemy import Engine
from sqlalchemy.engine.interfaces import DBAPICursor
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.envelope import CURRENT_HASH_SQL, DatasetState
from app.http.caching import canonical_key, make_etag
from app.http.guards import MAX_QUERY_BYTES
from app.http.observability import Metrics, request_id_for
from app.http.response_cache import PER_REQUEST_HEADERS
from app.listing import TEXT_PATTERN

_TEXT = re.compile(TEXT_PATTERN)

Template = tuple[tuple[bytes, bytes | None], ...]
# (scope, release, cursor) -> (body, headers the lane computed), or None to decline. The ETag is
# computed from the canonical request unless the lane gives it.
Answer = Callable[[Scope, DatasetState, DBAPICursor], tuple[bytes, dict[bytes, bytes]] | None]


@dataclass(frozen=True)
class Lane:
    path: str
    answer: Answer
    computed: frozenset[bytes] = frozenset()  # response headers ``answer`` returns

    @property
    def redone(self) -> frozenset[bytes]:
        return self.computed | {b"etag", b"content-length"}


@dataclass
class LaneState:
    """Kept on ``app.state.fast_lanes``: learned header lists and answers given, per path."""

    templates: dict[tuple[str, bool, bytes], Template] = field(default_factory=dict)
    served: dict[str, int] = field(default_factory=dict)


def plain_params(raw: bytes, allowed: frozenset[str]) -> dict[str, str] | None:
    """Query parameters when all are among ``allowed``, each given once, in ASCII, and free of
    control characters and invalid UTF-8; otherwise None (the full stack then decides)."""
    if len(raw) > MAX_QUERY_BYTES or not raw.isascii():
        return None
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    params = dict(pairs)
    if len(params) != len(pairs) or not params.keys() <= allowed:
        return None
    if any("\ufffd" in v or not _TEXT.match(v) for v in params.values()):
        return None
    return params


class FastLaneMiddleware:
    """Outermost layer: answers plain requests on its lanes, learns headers from the full stack."""

    def __init__(
        self,
        app: ASGIApp,
        metrics: Metrics,
        state: LaneState,
        lanes: Mapping[str, Lane],
        *,
        key_by_host: bool,
        enabled: bool = True,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.state = state
        self.lanes = lanes
        self.key_by_host = key_by_host
        self.enabled = enabled

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        lane = self.lanes.get(scope["path"]) if scope["type"] == "http" else None
        if lane is None or not self.enabled or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope["headers"])
        if b"if-none-match" in headers or b"cookie" in headers:
            await self.app(scope, receive, send)
            return
        host = headers.get(b"host", b"") if self.key_by_host else b""
        shape = (lane.path, b"origin" in headers, host)
        template = self.state.templates.get(shape)
        if template is None:
            await self.app(scope, receive, self._learning(lane, shape, send))
            return
        answer = self._answer(lane, scope)
        if answer is None:
            await self.app(scope, receive, send)
            return
        body, redone = answer
        request_id = request_id_for(headers.get(b"x-request-id", b"").decode("latin-1"))
        redone[b"content-length"] = str(len(body)).encode()
        out = [(k, redone[k.lower()] if v is None else v) for k, v in template]
        out.append((b"x-request-id", request_id.encode()))
        await send({"type": "http.response.start", "status": 200, "headers": out})
        await send({"type": "http.response.body", "body": body})
        self.state.served[lane.path] = self.state.served.get(lane.path, 0) + 1
        self.metrics.record(scope, request_id, lane.path, 200, time.perf_counter() - started)

    def _answer(self, lane: Lane, scope: Scope) -> tuple[bytes, dict[bytes, bytes]] | None:
        app = scope["app"]
        dataset: DatasetState | None = getattr(app.state, "dataset", None)
        factory = getattr(app.state, "sessionmaker", None)
        if dataset is None or factory is None:
            return None
        engine: Engine = factory.kw["bind"]
        if engine.dialect.name != "sqlite":
            self.enabled = False  # PostgreSQL reads go through the full stack
            return None
        try:
            conn = engine.raw_connection()
            try:
                cursor = conn.cursor()
                if cursor.execute(CURRENT_HASH_SQL).fetchone() != (dataset.content_hash,):
                    return None  # a new release: the full stack refreshes the state
                answer = lane.answer(scope, dataset, cursor)
            finally:
                conn.close()
        except (sqlite3.Error, SQLAlchemyError):
            return None
        if answer is None:
            return None
        body, computed = answer
        if b"etag" not in computed:
            key = canonical_key(lane.path, scope.get("query_string", b""))
            computed[b"etag"] = make_etag(dataset.content_hash, key).encode("latin-1")
        return body, computed

    def _learning(self, lane: Lane, shape: tuple[str, bool, bytes], send: Send) -> Send:
        async def learn(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                template = tuple(
                    (bytes(k), None if bytes(k).lower() in lane.redone else bytes(v))
                    for k, v in message["headers"]
                    if bytes(k).lower() not in PER_REQUEST_HEADERS
                )
                if sum(v is None for _, v in template) == len(lane.redone):
                    self.state.templates[shape] = template
            await send(message)

        return learn
