"""The serving fast path: finished 200 responses kept as bytes and replayed before any other layer.

A release cannot change while it is loaded, so a GET's answer is a function of the release (its
content hash) and the request. The first request for a URL runs the whole stack (guards, routing,
database, validation, serialization, every header); what leaves the outermost layer is recorded.
Later identical requests get those bytes back without entering the stack: only what differs per
request is redone here (request id, the 304 decision, metrics and the access log).

What the key holds, and why each part is there:
- the release's content hash: a newly loaded release never answers from an old one's bytes;
- the raw path and query string: exactly the request that was answered (the ETag inside the
  recorded headers is built from the canonical form, so equivalent spellings share ETags);
- whether an ``Origin`` header came (the CORS headers differ); requests that also carry a Cookie
  are never served from the cache, since CORS then echoes the origin;
- the ``Host`` header when TRUSTED_HOSTS restricts hosts (a refused host is never recorded) or
  PUBLIC_URL is unset (the JSON-LD views then write their absolute links from the Host).

The cache has a byte budget (least recently used out first), stores only complete single-message
200 bodies up to a size limit (the streamed export never), leaves free-text search and claim
matching to the database and the matcher (their requests rarely repeat), and is skipped when
per-client rate limiting is on, because the limiter's headers and decisions are per client.
"""

import time
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.http.caching import HISTORY_PATHS, canonical_key, etag_matches, make_etag
from app.http.observability import Metrics, request_id_for

PREFIX = "/v1/"
# Free-text endpoints: their requests vary without end and rarely repeat, so recording them would
# only push the browsable pages out of the budget. The release history is not a function of the
# loaded content (reloading an older release brings back its hash, not its old history).
NOT_RECORDED = ("/v1/search", "/v1/claims/match", *HISTORY_PATHS)
MAX_ENTRY_BYTES = 1 << 20  # larger answers (big pages of sources) are rebuilt each time
# Headers that belong to one request, never to the recorded answer.
PER_REQUEST_HEADERS = frozenset({b"x-request-id", b"date", b"server"})
# A 304 carries the validators and caching headers, not the representation's own.
_NOT_IN_304 = frozenset({b"content-type", b"content-length"})


@dataclass(slots=True, frozen=True)
class CachedResponse:
    headers: tuple[tuple[bytes, bytes], ...]
    headers_304: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: str
    route: str

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 256


class ResponseCache:
    """Least-recently-used map of request key -> recorded response, bounded in bytes."""

    def __init__(self, max_bytes: int, max_entry_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        self._entries: OrderedDict[str, CachedResponse] = OrderedDict()
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self.evictions = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> CachedResponse | None:
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry

    def put(self, key: str, entry: CachedResponse) -> bool:
        size = entry.size
        if size > self.max_entry_bytes or size > self.max_bytes:
            return False
        old = self._entries.pop(key, None)
        if old is not None:
            self.bytes -= old.size
        self._entries[key] = entry
        self.bytes += size
        while self.bytes > self.max_bytes:
            _, evicted = self._entries.popitem(last=False)
            self.bytes -= evicted.size
            self.evictions += 1
        return True

    def clear(self) -> None:
        self._entries.clear()
        self.bytes = 0


def _request_headers(scope: Scope) -> dict[bytes, bytes]:
    wanted = {}
    for name, value in scope["headers"]:
        if name in (b"origin", b"cookie", b"if-none-match", b"x-request-id", b"host"):
            wanted[name] = value
    return wanted


class ResponseCacheMiddleware:
    """Outermost layer: replays recorded answers; records the 200s the full stack produces."""

    def __init__(
        self,
        app: ASGIApp,
        cache: ResponseCache,
        metrics: Metrics,
        *,
        key_by_host: bool,
        enabled: bool = True,
    ) -> None:
        self.app = app
        self.cache = cache
        self.metrics = metrics
        self.key_by_host = key_by_host
        self.enabled = enabled

    def _key(self, content_hash: str, scope: Scope, headers: dict[bytes, bytes]) -> str:
        query = scope["query_string"].decode("latin-1")
        origin = "o" if b"origin" in headers else "-"
        host = headers.get(b"host", b"").decode("latin-1") if self.key_by_host else ""
        return f"{content_hash}|{origin}|{host}|{scope['path']}?{query}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            not self.enabled
            or scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not scope["path"].startswith(PREFIX)
            or scope["path"] in NOT_RECORDED
        ):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = _request_headers(scope)
        if b"cookie" in headers and b"origin" in headers:
            await self.app(scope, receive, send)
            return
        dataset = getattr(scope["app"].state, "dataset", None)
        entry = self.cache.get(self._key(dataset.content_hash, scope, headers)) if dataset else None
        if entry is None:
            if scope["method"] == "GET":
                await self._record(scope, headers, receive, send)
            else:
                await self.app(scope, receive, send)
            return
        request_id = request_id_for(headers.get(b"x-request-id", b"").decode("latin-1"))
        if_none_match = headers.get(b"if-none-match")
        if if_none_match and etag_matches(if_none_match.decode("latin-1"), entry.etag):
            status, out, body = 304, entry.headers_304, b""
        else:
            status, out = 200, entry.headers
            body = entry.body if scope["method"] == "GET" else b""
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [*out, (b"x-request-id", request_id.encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})
        self.metrics.record(scope, request_id, entry.route, status, time.perf_counter() - started)

    async def _record(
        self, scope: Scope, headers: dict[bytes, bytes], receive: Receive, send: Send
    ) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        complete = True

        async def recording_send(message: Message) -> None:
            nonlocal start, complete
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False) or len(chunks) > 1:
                    complete = False
            await send(message)

        await self.app(scope, receive, recording_send)
        if start is None or start["status"] != 200 or not complete:
            return
        recorded = tuple(
            (bytes(k).lower(), bytes(v))
            for k, v in start["headers"]
            if bytes(k).lower() not in PER_REQUEST_HEADERS
        )
        etag = next((v.decode("latin-1") for k, v in recorded if k == b"etag"), None)
        if etag is None or any(k == b"set-cookie" for k, _ in recorded):
            return
        # Key by the release that answered: the one the ETag names (a load may have landed
        # while the request ran; then the answer is simply not kept).
        dataset = getattr(scope["app"].state, "dataset", None)
        canonical = canonical_key(scope["path"], scope["query_string"])
        if dataset is None or make_etag(dataset.content_hash, canonical) != etag:
            return
        key = self._key(dataset.content_hash, scope, headers)
        route = getattr(scope.get("route"), "path", "unmatched")
        self.cache.put(
            key,
            CachedResponse(
                headers=recorded,
                headers_304=tuple((k, v) for k, v in recorded if k not in _NOT_IN_304),
                body=chunks[0] if chunks else b"",
                etag=etag,
                route=str(route),
            ),
        )
