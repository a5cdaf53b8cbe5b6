"""Security headers on every response, with a Content-Security-Policy per kind of page."""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# The docs pages run Swagger UI / ReDoc from /static-offline-docs plus an inline start-up script.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'"
)
API_CSP = "default-src 'none'; frame-ancestors 'none'"
# The pages for people (app/web/): the app's own stylesheet, nothing inline, no script at all; the
# claim page's JSON-LD <script type="application/ld+json"> is a data block, which browsers never
# run and CSP does not govern (checked in Chromium: tests/web/test_browser.py). Forms post only to
# the app itself.
PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
PAGE_PATHS = frozenset({"/", "/review", "/site.css"})
PAGE_PREFIXES = ("/claims/", "/sources/", "/compounds/", "/jurisdictions/")


def csp_for(path: str) -> str:
    """The policy for the kind of page at ``path``: docs, pages for people, or the API."""
    if path in ("/docs", "/redoc") or path.startswith("/static-offline-docs"):
        return DOCS_CSP
    if path in PAGE_PATHS or path.startswith(PAGE_PREFIXES):
        return PAGE_CSP
    return API_CSP


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = csp_for(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                headers.setdefault("Content-Security-Policy", policy)
            await send(message)

        await self.app(scope, receive, send_with_headers)
