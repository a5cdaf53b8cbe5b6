"""The read-only method policy, enforced once for every path.

The data is read-only. The one exception is a route that only computes over what is posted to it
(reviewing an article): it takes POST, stores nothing, and every other method there is a 405 too.
"""

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import problem_response

ALLOWED = "GET, HEAD, OPTIONS"
# Paths that compute over a posted body and store nothing: the API's review, and the review page's
# form, which posts the article back to its own page.
COMPUTE_PATHS = frozenset({"/v1/reviews", "/review"})
COMPUTE_ALLOWED = "POST, OPTIONS"
# Compute paths that are also a page to read (the form itself): GET and HEAD pass there too.
FORM_PAGES = frozenset({"/review"})
FORM_ALLOWED = "GET, HEAD, POST, OPTIONS"


class ReadOnlyMethodsMiddleware:
    """HEAD is GET without a body; OPTIONS lists the methods; anything else is a 405."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        path = scope["path"]
        if path in COMPUTE_PATHS and not (path in FORM_PAGES and method in ("GET", "HEAD")):
            await self._compute(scope, receive, send)
        elif method == "GET":
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

    async def _compute(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        allowed = FORM_ALLOWED if scope["path"] in FORM_PAGES else COMPUTE_ALLOWED
        if method == "POST":
            await self.app(scope, receive, send)
        elif method == "OPTIONS":
            await Response(status_code=204, headers={"Allow": allowed})(scope, receive, send)
        else:
            response = problem_response(
                Request(scope),
                405,
                f"{method} is not allowed here: this route reviews a posted text; use {allowed}.",
                headers={"Allow": allowed},
            )
            await response(scope, receive, send)
