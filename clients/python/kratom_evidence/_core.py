"""What the sync and async clients share: retry policy, the ETag cache, URLs, Link paging."""

import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from kratom_evidence.errors import UnexpectedResponse, parse_retry_after
from kratom_evidence.models import Meta

DEFAULT_TIMEOUT = 30.0
USER_AGENT = "kratom-evidence-client/0.1.0"

T = TypeVar("T")

Params = Mapping[str, str | int | float | bool | Enum | None]


@dataclass(frozen=True)
class RetryPolicy:
    """Which answers are retried, how often and how long the client may wait in all.

    A 429 or 503 carrying Retry-After is retried after exactly that wait; without it, after an
    exponential backoff. A wait longer than ``max_wait`` is not slept through: the error is
    raised at once, so a caller is never blocked for longer than it agreed to.
    """

    max_attempts: int = 3
    max_wait: float = 30.0
    backoff: float = 0.5
    statuses: frozenset[int] = field(default_factory=lambda: frozenset({429, 503}))

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.max_wait < 0 or self.backoff < 0:
            raise ValueError("max_attempts must be at least 1, max_wait and backoff not negative")

    def delay(self, response: httpx.Response, attempt: int, waited: float) -> float | None:
        """Seconds to wait before attempt ``attempt + 1``, or None to stop retrying."""
        if response.status_code not in self.statuses or attempt >= self.max_attempts:
            return None
        asked = parse_retry_after(response.headers.get("retry-after"))
        wait = asked if asked is not None else self.backoff * 2 ** (attempt - 1)
        if waited + wait > self.max_wait:
            return None
        return wait


NO_RETRIES = RetryPolicy(max_attempts=1)


@dataclass(frozen=True)
class Fetched:
    """A successful answer's body and headers (from the wire, or from the cache after a 304)."""

    content: bytes
    headers: httpx.Headers


class ETagCache:
    """The last 200 of each GET URL with its ETag, so a repeated GET can be a 304 (bounded, LRU)."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._entries: OrderedDict[str, tuple[str, Fetched]] = OrderedDict()

    def etag(self, url: str) -> str | None:
        entry = self._entries.get(url)
        return entry[0] if entry else None

    def revalidated(self, url: str, response: httpx.Response) -> Fetched:
        """The cached answer, with the 304's fresher headers (Link, Cache-Control) merged in."""
        _, fetched = self._entries[url]
        self._entries.move_to_end(url)
        headers = httpx.Headers(fetched.headers)
        headers.update(response.headers)
        return Fetched(fetched.content, headers)

    def store(self, url: str, response: httpx.Response) -> Fetched:
        fetched = Fetched(response.content, response.headers)
        etag = response.headers.get("etag")
        if etag and self.size > 0:
            self._entries[url] = (etag, fetched)
            self._entries.move_to_end(url)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return fetched

    def clear(self) -> None:
        self._entries.clear()


def query(params: Params | None) -> dict[str, str]:
    """Query parameters as the API reads them: None left out, enums by value, booleans lowercase."""
    out: dict[str, str] = {}
    for name, value in (params or {}).items():
        if value is None:
            continue
        if isinstance(value, Enum):
            value = value.value
        out[name] = str(value).lower() if isinstance(value, bool) else str(value)
    return out


def make_url(base: httpx.URL, path: str, params: Params | None = None) -> str:
    """An absolute URL: ``path`` is an API path (/v1/...) or a link the API sent (path and query)."""
    url = httpx.URL(str(base).rstrip("/") + path)  # keeps a base path (behind a proxy) as prefix
    extra = query(params)
    return str(url.copy_merge_params(extra) if extra else url)


_LINK = re.compile(r'<([^>]*)>\s*;\s*rel="?([^";,]+)"?')


def link_rels(header: str | None) -> dict[str, str]:
    """An RFC 8288 Link header as {rel: url}."""
    return {rel: url for url, rel in _LINK.findall(header or "")}


def next_link(headers: httpx.Headers, meta: Meta) -> str | None:
    """The next page: from the Link header, else from meta.links (the same link, in the body)."""
    rels = link_rels(headers.get("link"))
    if "next" in rels:
        return rels["next"]
    return meta.links.next if meta.links else None


def checked(adapter: TypeAdapter[T], fetched: Fetched) -> T:
    """The body read as ``adapter`` says, or :class:`UnexpectedResponse` naming what differs."""
    try:
        return adapter.validate_json(fetched.content)
    except ValidationError as exc:
        raise UnexpectedResponse(
            f"the answer does not have the documented shape: {exc}", fetched.content
        ) from exc
