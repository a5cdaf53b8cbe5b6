"""The synchronous client."""

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Self, TypeVar, overload

import httpx

from kratom_evidence import _calls as calls
from kratom_evidence._core import (
    DEFAULT_TIMEOUT,
    USER_AGENT,
    ETagCache,
    Fetched,
    Params,
    RetryPolicy,
    make_url,
)
from kratom_evidence.errors import error_for
from kratom_evidence.models import (
    CaveatRead,
    ClaimMatch,
    ClaimRead,
    CompoundRead,
    DatasetChanges,
    DatasetRead,
    DisclaimerRead,
    DocumentRead,
    Envelope,
    Health,
    JurisdictionRead,
    MechanismRead,
    Readiness,
    ReleaseRead,
    Review,
    ScaleAxis,
    SourceRead,
    TargetRead,
)
from kratom_evidence.pager import Pager

T = TypeVar("T")


class Client(calls.Lists):
    """A client for one API server.

    ``base_url`` is the server's root (``http://127.0.0.1:8000``). ``transport`` replaces the
    network (an ``httpx.MockTransport``, a WSGI transport); ``http`` is a ready ``httpx.Client`` to
    send with instead, for example Starlette's ``TestClient`` for an app in the same process. Use
    it as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8000",
        *,
        transport: httpx.BaseTransport | None = None,
        http: httpx.Client | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        cache_size: int = 256,
        headers: dict[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = httpx.URL(base_url)
        self._owns_http = http is None
        self._http = http or httpx.Client(transport=transport, timeout=timeout)
        self._headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})}
        self.retry = retry or RetryPolicy()
        self.cache = ETagCache(cache_size)
        self._sleep = sleep
        self.last_response: httpx.Response | None = None
        """The last response the server sent (a 304 when the cache answered)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    # The one place requests are sent: conditional GETs, retries, errors.
    def _send(self, method: str, url: str, *, body: dict[str, object] | None = None) -> Fetched:
        url = url if url.startswith(("http://", "https://")) else make_url(self.base_url, url)
        waited = 0.0
        for attempt in range(1, self.retry.max_attempts + 1):
            headers = dict(self._headers)
            etag = self.cache.etag(url) if method == "GET" else None
            if etag:
                headers["If-None-Match"] = etag
            response = self._http.request(method, url, headers=headers, json=body)
            self.last_response = response
            if response.status_code == 304 and etag:
                return self.cache.revalidated(url, response)
            wait = self.retry.delay(response, attempt, waited)
            if wait is None:
                break
            self._sleep(wait)
            waited += wait
        if response.status_code >= 400:
            raise error_for(response)
        if method != "GET":
            return Fetched(response.content, response.headers)
        return self.cache.store(url, response)

    def _get(self, model: type[T], path: str, params: Params | None = None) -> Envelope[T]:
        fetched = self._send("GET", make_url(self.base_url, path, params))
        return calls.parse(model, fetched)

    def _list(self, item: type[T], path: str, params: Params) -> Pager[T]:
        url = make_url(self.base_url, path, params)
        return Pager(url, item, fetch=lambda page: self._send("GET", page))

    def get_raw(self, path: str, params: Params | None = None) -> Fetched:
        """Any GET (``path`` from the API root), with the same caching, retries and errors; the
        body is left unparsed."""
        return self._send("GET", make_url(self.base_url, path, params))

    # Records by id.
    def claim(self, claim_id: str) -> Envelope[ClaimRead]:
        """One claim with its sources, caveats and mechanisms."""
        return self._get(ClaimRead, f"/v1/claims/{calls.slug(claim_id)}")

    def compound(self, compound_id: str) -> Envelope[CompoundRead]:
        return self._get(CompoundRead, f"/v1/compounds/{calls.slug(compound_id)}")

    def target(self, target_id: str) -> Envelope[TargetRead]:
        return self._get(TargetRead, f"/v1/targets/{calls.slug(target_id)}")

    def mechanism(self, mechanism_id: str) -> Envelope[MechanismRead]:
        return self._get(MechanismRead, f"/v1/mechanisms/{calls.slug(mechanism_id)}")

    def caveat(self, caveat_id: str) -> Envelope[CaveatRead]:
        return self._get(CaveatRead, f"/v1/caveats/{calls.slug(caveat_id)}")

    def source(self, source_id: str) -> Envelope[SourceRead]:
        return self._get(SourceRead, f"/v1/sources/{calls.slug(source_id)}")

    def jurisdiction(self, jurisdiction_id: str) -> Envelope[JurisdictionRead]:
        return self._get(JurisdictionRead, f"/v1/jurisdictions/{calls.slug(jurisdiction_id)}")

    def disclaimer(self, disclaimer_id: str) -> Envelope[DisclaimerRead]:
        return self._get(DisclaimerRead, f"/v1/disclaimers/{calls.slug(disclaimer_id)}")

    def document(self, document_id: str) -> Envelope[DocumentRead]:
        return self._get(DocumentRead, f"/v1/documents/{calls.slug(document_id)}")

    # Computed answers.
    def match(
        self, text: str, *, limit: int | None = None, min_score: float | None = None,
        include: str | None = None,
    ) -> Envelope[list[ClaimMatch]]:  # fmt: skip
        """The claims a sentence takes a position on, best first (GET /v1/claims/match)."""
        params = {"text": text, "limit": limit, "min_score": min_score, "include": include}
        return self._get(list[ClaimMatch], "/v1/claims/match", params)

    def review(
        self, text: str, *, url: str | None = None, title: str | None = None,
        published: str | None = None, limit: int | None = None, min_score: float | None = None,
    ) -> Envelope[Review]:  # fmt: skip
        """An article's sentences matched to graded claims, with a summary (POST /v1/reviews)."""
        path = make_url(self.base_url, "/v1/reviews", {"limit": limit, "min_score": min_score})
        body = calls.review_body(text, url=url, title=title, published=published)
        return calls.parse(Review, self._send("POST", path, body=body))

    def review_jsonld(self, text: str, *, url: str | None = None) -> dict[str, object]:
        """The review as JSON-LD: a ``@graph`` of schema.org ClaimReview items, one per sentence
        that asserts or denies a claim (POST /v1/reviews?format=jsonld)."""
        path = make_url(self.base_url, "/v1/reviews", {"format": "jsonld"})
        body = calls.review_body(text, url=url)
        return calls.json_object(self._send("POST", path, body=body))

    def claimreview(self, claim_id: str) -> dict[str, object]:
        """A claim as a schema.org ClaimReview (JSON-LD)."""
        return calls.json_object(self.get_raw(f"/v1/claims/{calls.slug(claim_id)}/claimreview"))

    def citation(self, source_id: str, format: calls.CitationFormat = "csl-json") -> str:
        """A source's citation as CSL-JSON, RIS or BibTeX text."""
        path = f"/v1/sources/{calls.slug(source_id)}/citation"
        return self.get_raw(path, {"format": format}).content.decode()

    def dataset(self) -> Envelope[DatasetRead]:
        """The loaded release: version, date, content hash, counts and changelog."""
        return self._get(DatasetRead, "/v1/dataset")

    def releases(self, *, page_size: int | None = None) -> Pager[ReleaseRead]:
        """The releases loaded into this server, newest first."""
        return self._list(ReleaseRead, "/v1/dataset/releases", {"limit": page_size})

    def changes(
        self, since: str | None = None, until: str | None = None
    ) -> Envelope[DatasetChanges]:
        """Per resource, the ids added, removed and changed (with their fields) between two
        releases (defaults: the release before ``until``, and the current one)."""
        params = {"since": since, "until": until}
        return self._get(DatasetChanges, "/v1/dataset/changes", params)

    def release_feed(self) -> str:
        """The Atom feed of releases, as XML text."""
        return (self.get_raw("/v1/dataset/feed.atom")).content.decode()

    def evidence_scale(self) -> Envelope[list[ScaleAxis]]:
        """The grading vocabularies and what each value means."""
        return self._get(list[ScaleAxis], "/v1/evidence-scale")

    def health(self) -> Health:
        return calls.parse_plain(Health, self.get_raw("/healthz"))

    def ready(self) -> Readiness:
        """Readiness; a server that is not ready raises :class:`Unavailable`."""
        return calls.parse_plain(Readiness, self.get_raw("/readyz"))

    # The whole dataset.
    @overload
    def export(
        self, format: calls.ExportFormat = ..., *, resource: str | None = ..., to: None = ...
    ) -> Iterator[bytes]: ...
    @overload
    def export(
        self, format: calls.ExportFormat = ..., *, resource: str | None = ..., to: str | Path
    ) -> Path: ...
    def export(
        self, format: calls.ExportFormat = "json", *, resource: str | None = None,
        to: str | Path | None = None,
    ) -> Iterator[bytes] | Path:  # fmt: skip
        """The dataset export, streamed: written to ``to`` (returns its path), else yielded in chunks."""
        url = make_url(self.base_url, "/v1/export", {"format": format, "resource": resource})
        if to is None:
            return self._stream(url)
        path = Path(to)
        with path.open("wb") as out:
            for chunk in self._stream(url):
                out.write(chunk)
        return path

    def _stream(self, url: str) -> Iterator[bytes]:
        waited = 0.0
        for attempt in range(1, self.retry.max_attempts + 1):
            with self._http.stream("GET", url, headers=self._headers) as response:
                self.last_response = response
                wait = self.retry.delay(response, attempt, waited)
                if wait is None:
                    if response.status_code >= 400:
                        response.read()
                        raise error_for(response)
                    yield from response.iter_bytes()
                    return
            self._sleep(wait)
            waited += wait
