"""Request ids, one structured JSON log line per request, and Prometheus metrics at /metrics."""

import json
import logging
import os
import re
import sys
import time
from functools import lru_cache, partial
from typing import Any, Protocol, TextIO

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class ResponseCacheStats(Protocol):
    hits: int
    misses: int
    bytes: int
    evictions: int


_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
access_log = logging.getLogger("app.access")


def json_line(created: float, level: str, logger: str, fields: dict[str, object]) -> str:
    """The one layout of every log line."""
    entry = {"ts": round(created, 3), "level": level, "logger": logger, **fields}
    return json.dumps(entry, ensure_ascii=False)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", {}) or {"message": record.getMessage()}
        if record.exc_info:
            fields = {**fields, "error": self.formatException(record.exc_info)}
        return json_line(record.created, record.levelname.lower(), record.name, fields)


class BatchedStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Keeps lines in memory and writes them to the stream together, at most every FLUSH_SECONDS
    (and on close). A write per line costs a system call on the serving path, and the stream's own
    buffer does not spare it when PYTHONUNBUFFERED is set, as in the Docker image. The dataset
    watcher calls ``flush_now`` every few seconds, so on a quiet server a line is never more than
    a few seconds late."""

    FLUSH_SECONDS = 0.5

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self._pending: list[str] = []
        self._flushed_at = 0.0

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # logging's contract: a bad record never breaks the caller
            self.handleError(record)
            return
        self.write_line(line)

    def write_line(self, line: str) -> None:
        with self.lock:  # type: ignore[union-attr]
            self._pending.append(line)
            self.flush()  # writes the batch once FLUSH_SECONDS have passed (the lock is reentrant)

    def _drain(self, now: float) -> None:
        self._flushed_at = now
        if self._pending:
            text = "\n".join(self._pending) + "\n"
            self._pending.clear()
            self.stream.write(text)
        self.stream.flush()

    def flush(self) -> None:
        with self.lock:  # type: ignore[union-attr]
            now = time.monotonic()
            if now - self._flushed_at >= self.FLUSH_SECONDS:
                self._drain(now)

    def flush_now(self) -> None:
        with self.lock:  # type: ignore[union-attr]
            self._drain(time.monotonic())

    def close(self) -> None:
        self.flush_now()
        super().close()


_HANDLER: BatchedStreamHandler | None = None


def configure_logging() -> None:
    global _HANDLER
    if _HANDLER is None or _HANDLER.stream is not sys.stdout:
        _HANDLER = BatchedStreamHandler(sys.stdout)
        _HANDLER.setFormatter(JsonFormatter())
    handler = _HANDLER
    for name in ("app", "app.access"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


def flush_logs() -> None:
    if _HANDLER is not None:
        _HANDLER.flush_now()


def _access_fields(method: str, path: str, params: tuple[str, ...], status: int) -> str:
    """The part of an access line that repeats for the same kind of request (method, path,
    parameter names, status), JSON-encoded. Path and parameter names only: query values may carry
    what a user typed."""
    fields = {"method": method, "path": path, "params": list(params), "status": status}
    return json.dumps(fields, ensure_ascii=False)[1:-1]


# Cache hits and lane answers repeat the same few kinds thousands of times a second: encode each
# once. Keyed by parameter names, not the query, so new search terms reuse the entry; long paths
# (404s for made-up URLs) are encoded each time so the memo stays small.
_cached_access_fields = lru_cache(maxsize=4096)(_access_fields)
_CACHED_PATH_MAX = 256


def _param_names(query: bytes) -> tuple[str, ...]:
    return tuple(sorted({k.decode("latin-1").split("=")[0] for k in query.split(b"&") if k}))


def access_line(
    created: float, request_id: str, method: str, path: str, query: bytes, status: int,
    elapsed: float,
) -> str:  # fmt: skip
    """The same text ``json_line`` gives for these fields, in the same key order.

    ``request_id`` comes from ``request_id_for`` (letters, digits, '.', '_', '-'), so it needs no
    escaping; floats are written with ``repr``, as ``json`` writes them."""
    params = _param_names(query)
    encode = _cached_access_fields if len(path) <= _CACHED_PATH_MAX else _access_fields
    middle = encode(method, path, params, status)
    return (
        f'{{"ts": {round(created, 3)!r}, "level": "info", "logger": "{access_log.name}", '
        f'"request_id": "{request_id}", {middle}, "duration_ms": {round(elapsed * 1000, 2)!r}}}'
    )


def _write_access_line(
    request_id: str, method: str, path: str, query: bytes, status: int, elapsed: float
) -> None:
    """The access line, formatted here when the JSON stdout handler is the only one (the usual
    case): the same bytes JsonFormatter writes, without a LogRecord per request. Anything else
    attached to the logger (a test's capture, an extra handler) goes through logging as usual."""
    handler = _HANDLER
    if handler is not None and access_log.handlers == [handler] and not access_log.disabled:
        handler.write_line(
            access_line(time.time(), request_id, method, path, query, status, elapsed)
        )
    else:
        fields = {
            "request_id": request_id, "method": method, "path": path,
            "params": list(_param_names(query)), "status": status,
            "duration_ms": round(elapsed * 1000, 2),
        }  # fmt: skip
        access_log.info("request", extra={"fields": fields})


class Metrics:
    """Per-process metrics; each worker exposes its own (label by instance when scraping)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "kratom_api_requests", "HTTP requests by route template, method and status.",
            ["route", "method", "status"], registry=self.registry,
        )  # fmt: skip
        self.latency = Histogram(
            "kratom_api_request_duration_seconds", "Time to answer, by route template.", ["route"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5), registry=self.registry,
        )  # fmt: skip
        self.dataset = Gauge(
            "kratom_api_dataset_info", "The loaded release (value 1), labelled with its version.",
            ["version", "content_hash"], registry=self.registry,
        )  # fmt: skip
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}
        self.not_modified = Counter(
            "kratom_api_not_modified", "Conditional requests answered 304.", registry=self.registry
        )

    def watch_cache(self, cache: "ResponseCacheStats") -> None:
        """Expose the response cache's counters (read when /metrics is scraped)."""
        for name, doc, attr in (
            ("kratom_api_response_cache_hits", "Requests answered from recorded bytes.", "hits"),
            (
                "kratom_api_response_cache_misses",
                "Cacheable requests that ran the stack.",
                "misses",
            ),
            ("kratom_api_response_cache_bytes", "Bytes held by the response cache.", "bytes"),
            (
                "kratom_api_response_cache_evictions",
                "Answers dropped to stay in budget.",
                "evictions",
            ),
        ):
            gauge = Gauge(name, doc, registry=self.registry)
            gauge.set_function(partial(_read_stat, cache, attr))

    def record(
        self, scope: Scope, request_id: str, route: str, status: int, elapsed: float
    ) -> None:
        """Count, time and log one answered request (the response cache calls this for its hits)."""
        children = self._children.get((route, scope["method"], status))
        if children is None:  # one lookup per route, method and status, not per request
            children = (
                self.requests.labels(route, scope["method"], str(status)),
                self.latency.labels(route),
            )
            self._children[(route, scope["method"], status)] = children
        children[0].inc()
        children[1].observe(elapsed)
        if status == 304:
            self.not_modified.inc()
        _write_access_line(
            request_id,
            scope["method"],
            scope["path"],
            scope.get("query_string", b""),
            status,
            elapsed,
        )

    def render(self, request: Request) -> Response:
        dataset = getattr(request.app.state, "dataset", None)
        if dataset is not None:
            self.dataset.clear()
            self.dataset.labels(dataset.version, dataset.content_hash[:12]).set(1)
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


def _read_stat(cache: ResponseCacheStats, attr: str) -> float:
    return float(getattr(cache, attr))


def request_id_for(supplied: str) -> str:
    """The caller's X-Request-ID when it is well formed, else a new one."""
    return supplied if supplied and _REQUEST_ID.match(supplied) else os.urandom(16).hex()


def _route_template(scope: Scope) -> str:
    """The matched route's path template (the router records it in the scope), so metric labels
    stay bounded whatever the URL."""
    route = scope.get("route")
    return str(getattr(route, "path", "unmatched"))


class ObservabilityMiddleware:
    """Accepts or assigns X-Request-ID, returns it, logs one JSON line and records metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        supplied = Headers(scope=scope).get("x-request-id", "")
        request_id = request_id_for(supplied)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self.metrics.record(
                scope, request_id, _route_template(scope), status, time.perf_counter() - started
            )
