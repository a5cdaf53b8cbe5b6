"""Per-client rate limiting (token bucket), off unless RATE_LIMIT_PER_MINUTE is set."""

import math
import time
from collections import OrderedDict

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import problem_response

EXEMPT = ("/healthz", "/readyz", "/metrics")
MAX_CLIENTS = 10_000  # memory stays bounded; the least recently seen client is forgotten first


class RateLimitMiddleware:
    """Each client (by socket address; put a trusted proxy in front to forward real ones) gets a
    bucket of ``per_minute`` requests refilled continuously. Over the limit: 429 with Retry-After."""

    def __init__(self, app: ASGIApp, per_minute: int) -> None:
        self.app = app
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def _take(self, client: str, now: float) -> float:
        """Take one token; return the tokens left, negative (the deficit) when none was available."""
        tokens, last = self.buckets.pop(client, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.rate)
        self.buckets[client] = (tokens - 1 if tokens >= 1 else tokens, now)
        if len(self.buckets) > MAX_CLIENTS:
            self.buckets.popitem(last=False)
        return tokens - 1

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        left = self._take(client, time.monotonic())
        limit = str(int(self.capacity))
        if left < 0:
            wait = math.ceil((-left) / self.rate)
            response = problem_response(
                Request(scope),
                429,
                f"Rate limit of {limit} requests per minute exceeded; retry in {wait} s.",
                slug="rate-limited",
                headers={"Retry-After": str(wait), "RateLimit-Limit": limit, "RateLimit-Remaining": "0",
                         "RateLimit-Reset": str(wait)},
            )  # fmt: skip
            await response(scope, receive, send)
            return
        reset = str(math.ceil((self.capacity - left) / self.rate))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["RateLimit-Limit"] = limit
                headers["RateLimit-Remaining"] = str(int(left))
                headers["RateLimit-Reset"] = reset
            await send(message)

        await self.app(scope, receive, send_with_headers)
