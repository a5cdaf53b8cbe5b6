"""The read-only method policy, enforced once for every path."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import problem_response

ALLOWED = "GET, HEAD, OPTIONS"


class ReadOnlyMethodsMiddleware:
    """HEAD is GET without a body; OPTIONS lists the methods; anything else is a 405."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method == "GET":
            await self.app(scope, receive, send)
        elif method == "HEAD":

            async def send_headers_only(message: Message) -> None:
                if message["type"] == "http.response.body":
                    if message.get("more_body", False):
                        return  # a streamed body: drop every chunk, end once
                    message = {**message, "body": b""}
                await send(message)

            inner = {**scope, "method": "GET"}
            await self.app(inner, receive, send_headers_only)
            if "route" in inner:  # let outer middleware (metrics) see which route answered
                scope["route"] = inner["route"]
        elif method == "OPTIONS":
            # CORS preflights are answered by the CORS middleware before they get here.
            await Response(status_code=204, headers={"Allow": ALLOWED})(scope, receive, send)
        else:
            response = problem_response(
                Request(scope),
                405,
                f"{method} is not allowed: this API is read-only; use {ALLOWED}.",
                headers={"Allow": ALLOWED},
            )
            await response(scope, receive, send)
