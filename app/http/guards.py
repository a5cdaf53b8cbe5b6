"""Reject malformed requests before routing, the same way for every endpoint."""

import asyncio
import re
from collections import Counter
from urllib.parse import parse_qsl, unquote, unquote_to_bytes

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import InvalidParam, problem_response

MAX_QUERY_BYTES = 4096
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _is_utf8(percent_encoded: bytes) -> bool:
    try:
        unquote_to_bytes(percent_encoded.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _not_utf8(raw_query: bytes) -> list[str]:
    """Names of parameters whose raw (still percent-encoded) name or value is not UTF-8; decoding
    first would have hidden it behind replacement characters."""
    bad = []
    for part in raw_query.split(b"&"):
        name, _, value = part.partition(b"=")
        if not (_is_utf8(name) and _is_utf8(value)):
            bad.append(unquote_to_bytes(name).decode("utf-8", errors="replace"))
    return bad


class RequestGuardMiddleware:
    """414 for query strings over MAX_QUERY_BYTES; 400 for control characters (PostgreSQL rejects
    NUL in text, and none belongs in an id or a filter) and for a parameter given twice (which value
    was meant is ambiguous)."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str] | None = None) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts or ["*"]

    def _host_allowed(self, scope: Scope) -> bool:
        if "*" in self.allowed_hosts:
            return True
        host = Headers(scope=scope).get("host", "").split(":")[0].lower()
        return any(
            host == allowed or (allowed.startswith("*.") and host.endswith(allowed[1:]))
            for allowed in self.allowed_hosts
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = scope.get("query_string", b"")
        request = Request(scope)
        if not self._host_allowed(scope):
            detail = "This Host is not served here (TRUSTED_HOSTS)."
            await problem_response(request, 400, detail, slug="invalid-host")(scope, receive, send)
            return
        if len(raw) > MAX_QUERY_BYTES:
            detail = f"The query string is {len(raw)} bytes; the limit is {MAX_QUERY_BYTES}."
            await problem_response(request, 414, detail)(scope, receive, send)
            return
        pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
        bad = [
            name
            for name, value in pairs
            if _CONTROL.search(unquote(value)) or _CONTROL.search(name)
        ]
        if _CONTROL.search(scope["path"]):
            bad.append("path")
        not_utf8 = _not_utf8(raw)
        if not _is_utf8(scope.get("raw_path") or b"") or "\ufffd" in scope["path"]:
            not_utf8.append("path")
        repeated = sorted(
            name for name, count in Counter(name for name, _ in pairs).items() if count > 1
        )
        if bad or repeated or not_utf8:
            params = [
                InvalidParam(name=n, reason="is not valid UTF-8") for n in sorted(set(not_utf8))
            ]
            params += [
                InvalidParam(name=n, reason="contains control characters") for n in sorted(set(bad))
            ]
            params += [InvalidParam(name=n, reason="given more than once") for n in repeated]
            detail = "; ".join(f"{p.name}: {p.reason}" for p in params)
            await problem_response(
                request, 400, detail, slug="bad-parameter", invalid_params=params
            )(scope, receive, send)
            return
        await self.app(scope, receive, send)


class RequestTimeoutMiddleware:
    """Answer 504 when a request has produced no response within ``seconds``.

    The work may go on in its thread (a sync route cannot be interrupted), but the client is not
    left waiting; database statements are bounded separately (PostgreSQL statement_timeout, SQLite
    busy timeout).
    """

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            # A deadline on this task, not a new task per request (as asyncio.wait_for makes).
            async with asyncio.timeout(self.seconds):
                await self.app(scope, receive, watch)
        except TimeoutError:
            if started:  # too late to change the answer; the body was already on its way
                raise
            detail = f"The request took longer than {self.seconds:g} s; retry shortly."
            response = problem_response(Request(scope), 504, detail, headers={"Retry-After": "5"})
            await response(scope, receive, send)
