"""HTTP caching and paging headers: strong ETags, 304s, Cache-Control, and Link for lists.

The canonical request key is defined here once; a response cache can key on the same string.
"""

import hashlib
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.envelope import DatasetState


def canonical_key(path: str, query_string: bytes) -> str:
    """Path plus the query with parameters sorted, so equivalent requests share one key."""
    return canonical_from_pairs(
        path, parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    )


def canonical_from_pairs(path: str, pairs: Iterable[tuple[str, str]]) -> str:
    """``canonical_key`` for a query already parsed (as ``parse_qsl`` returns it)."""
    ordered = sorted(pairs)
    return f"{path}?{urlencode(ordered)}" if ordered else path


def code_fingerprint(root: Path = Path(__file__).parents[1]) -> str:
    """Hash of the service's own source: a representation can change with the code (a new field, a
    matcher rule) while the dataset stays the same, and a strong ETag must change with it."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


# Read once per process; the same code answers every request the process serves.
CODE_FINGERPRINT = code_fingerprint()

# Routes over the release history, which the next load extends without changing the loaded
# content's hash when it reloads a release: they name the history in ``request.state.etag_extra``.
HISTORY_PATHS = ("/v1/dataset/releases", "/v1/dataset/changes", "/v1/dataset/feed.atom")


def make_etag(content_hash: str, key: str) -> str:
    """Strong validator: the dataset release, the code that renders it and the canonical request."""
    seed = f"{content_hash}\n{CODE_FINGERPRINT}\n{key}"
    return '"' + hashlib.sha256(seed.encode()).hexdigest()[:32] + '"'


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison, as RFC 9110 prescribes for If-None-Match."""
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


# The FHIR view is a function of the release and the request like /v1 is, so its answers get the
# same validators: a FHIR client re-reading a Bundle page gets a 304 until the next release.
VALIDATED_PREFIXES = ("/v1/", "/fhir/")


class HttpCachingMiddleware:
    """Adds ETag and Cache-Control to successful /v1 and /fhir responses and turns a matching revalidation into 304.

    The ETag is computed after the route ran, so it always names the dataset that answered.
    """

    def __init__(self, app: ASGIApp, max_age: int) -> None:
        self.app = app
        self.cache_control = f"public, max-age={max_age}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or not scope["path"].startswith(VALIDATED_PREFIXES)
            or scope["method"] not in ("GET", "HEAD")
        ):  # a POSTed review's answer depends on its body, which the validator does not see
            await self.app(scope, receive, send)
            return
        if_none_match = Headers(scope=scope).get("if-none-match")
        key = canonical_key(scope["path"], scope.get("query_string", b""))
        not_modified = False

        async def send_with_validators(message: Message) -> None:
            nonlocal not_modified
            if message["type"] == "http.response.start" and message["status"] == 200:
                dataset: DatasetState | None = getattr(scope["app"].state, "dataset", None)
                link = scope.get("state", {}).get("link_header")
                if link:
                    MutableHeaders(scope=message)["Link"] = link
                if dataset is not None:
                    headers = MutableHeaders(scope=message)
                    extra = scope.get("state", {}).get("etag_extra")
                    etag = make_etag(dataset.content_hash, f"{key}\n{extra}" if extra else key)
                    headers["ETag"] = etag
                    headers["Cache-Control"] = self.cache_control
                    if if_none_match and etag_matches(if_none_match, etag):
                        not_modified = True
                        del headers["content-length"]
                        del headers["content-type"]
                        message = {**message, "status": 304}
            elif message["type"] == "http.response.body" and not_modified:
                if message.get("more_body", False):
                    return
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_with_validators)
