"""Request ids, one structured JSON log line per request, and Prometheus metrics at /metrics."""

import json
import logging
import re
import sys
import time
import uuid

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
access_log = logging.getLogger("app.access")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": round(record.created, 3),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        entry |= getattr(record, "fields", {}) or {"message": record.getMessage()}
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    for name in ("app", "app.access"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


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
        self.not_modified = Counter(
            "kratom_api_not_modified", "Conditional requests answered 304.", registry=self.registry
        )

    def render(self, request: Request) -> Response:
        dataset = getattr(request.app.state, "dataset", None)
        if dataset is not None:
            self.dataset.clear()
            self.dataset.labels(dataset.version, dataset.content_hash[:12]).set(1)
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


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
        request_id = supplied if _REQUEST_ID.match(supplied) else uuid.uuid4().hex
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
            elapsed = time.perf_counter() - started
            route = _route_template(scope)
            self.metrics.requests.labels(route, scope["method"], str(status)).inc()
            self.metrics.latency.labels(route).observe(elapsed)
            if status == 304:
                self.metrics.not_modified.inc()
            # Path and parameter names only: query values may carry what a user typed (text, q).
            params = sorted(
                {
                    k.decode("latin-1").split("=")[0]
                    for k in scope.get("query_string", b"").split(b"&")
                    if k
                }
            )
            access_log.info(
                "request",
                extra={"fields": {
                    "request_id": request_id, "method": scope["method"], "path": scope["path"],
                    "params": params, "status": status, "duration_ms": round(elapsed * 1000, 2),
                }},
            )  # fmt: skip
