"""Retries honour Retry-After on 429 and 503, within a bounded number of attempts and wait."""

import asyncio
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from kratom_evidence import (
    NO_RETRIES,
    AsyncClient,
    Client,
    RateLimited,
    RetryPolicy,
    ServerError,
    Unavailable,
    UnexpectedResponse,
)

from app.main import create_app
from tests.client.conftest import BASE
from tests.conftest import settings_for


def problem(status: int, retry_after: str | None) -> httpx.Response:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    body = {"type": "https://x.invalid/p", "title": "T", "status": status, "detail": "busy"}
    return httpx.Response(status, json=body, headers=headers)


def scripted(*answers: httpx.Response) -> tuple[httpx.MockTransport, list[str]]:
    """A transport that gives ``answers`` in turn (then 200s) and records each request's path."""
    queue: Iterator[httpx.Response] = iter(answers)
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return next(queue, httpx.Response(200, json={"status": "ok"}))

    return httpx.MockTransport(handle), seen


@pytest.mark.parametrize("status", [429, 503])
def test_waits_as_retry_after_says_then_succeeds(status: int) -> None:
    transport, seen = scripted(problem(status, "2"), problem(status, "1"))
    slept: list[float] = []
    with Client(BASE, transport=transport, sleep=slept.append) as api:
        assert api.health().status == "ok"
    assert slept == [2.0, 1.0]
    assert seen == ["/healthz"] * 3


def test_without_retry_after_the_backoff_doubles() -> None:
    transport, _ = scripted(problem(503, None), problem(503, None))
    slept: list[float] = []
    with Client(
        BASE, transport=transport, sleep=slept.append, retry=RetryPolicy(backoff=0.25)
    ) as api:
        api.health()
    assert slept == [0.25, 0.5]


def test_gives_up_after_max_attempts_with_the_last_problem() -> None:
    transport, seen = scripted(*[problem(429, "1")] * 5)
    slept: list[float] = []
    with (
        Client(BASE, transport=transport, sleep=slept.append) as api,
        pytest.raises(RateLimited) as caught,
    ):
        api.health()
    assert len(seen) == 3
    assert slept == [1.0, 1.0]
    assert caught.value.retry_after == 1.0
    assert caught.value.detail == "busy"


def test_a_wait_beyond_max_wait_is_not_slept_through() -> None:
    transport, seen = scripted(problem(503, "120"))
    slept: list[float] = []
    with (
        Client(BASE, transport=transport, sleep=slept.append) as api,
        pytest.raises(Unavailable) as caught,
    ):
        api.health()
    assert seen == ["/healthz"]
    assert slept == []
    assert caught.value.retry_after == 120.0


def test_an_http_date_retry_after_is_read_as_seconds() -> None:
    soon = httpx.Response(503, headers={"Retry-After": "Thu, 01 Jan 1970 00:00:00 GMT"})
    transport, seen = scripted(soon)
    slept: list[float] = []
    with Client(BASE, transport=transport, sleep=slept.append) as api:
        api.health()
    assert slept == [0.0]  # a date in the past: retry at once
    assert len(seen) == 2


def test_other_errors_are_not_retried_and_bodies_need_not_be_problems() -> None:
    transport, seen = scripted(httpx.Response(502, text="<html>bad gateway</html>"))
    with (
        Client(BASE, transport=transport, sleep=lambda s: None) as api,
        pytest.raises(ServerError) as caught,
    ):
        api.health()
    assert seen == ["/healthz"]
    assert caught.value.status == 502
    assert caught.value.title == "Bad Gateway"


def test_no_retries_policy_raises_at_once() -> None:
    transport, seen = scripted(problem(429, "1"))
    with Client(BASE, transport=transport, retry=NO_RETRIES) as api, pytest.raises(RateLimited):
        api.health()
    assert len(seen) == 1


def test_a_policy_that_would_never_send_is_refused() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)


def test_an_answer_of_another_shape_is_unexpected() -> None:
    transport, _ = scripted(httpx.Response(200, text="<html>captive portal</html>"))
    with Client(BASE, transport=transport) as api, pytest.raises(UnexpectedResponse) as caught:
        api.health()
    assert caught.value.content == b"<html>captive portal</html>"


def test_a_base_path_prefixes_every_request_and_link() -> None:
    meta = {"dataset_version": "1", "dataset_released_on": "2026-01-01", "license": "CC BY 4.0"}
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        offset = int(request.url.params.get("offset", "0"))
        links = {"self": "/v1/targets", "first": "/v1/targets", "last": "/v1/targets"}
        if offset == 0:
            links["next"] = "/v1/targets?limit=1&offset=1"
        target = {"id": f"t{offset}", "name": "T", "gene_symbol": "G", "family": "F",
                  "uniprot_id": None}  # fmt: skip
        return httpx.Response(
            200, json={"data": [target], "disclaimers": [], "meta": {**meta, "links": links}}
        )

    with Client("https://example.org/kratom/", transport=httpx.MockTransport(handle)) as api:
        assert [t.id for t in api.targets(page_size=1)] == ["t0", "t1"]
    assert seen == [
        "https://example.org/kratom/v1/targets?limit=1",
        "https://example.org/kratom/v1/targets?limit=1&offset=1",
    ]


def test_async_client_retries_the_same_way() -> None:
    queue = iter([problem(429, "3"), problem(503, "1")])
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return next(queue, httpx.Response(200, json={"status": "ok"}))

    slept: list[float] = []

    async def record(seconds: float) -> None:
        slept.append(seconds)

    async def main() -> str:
        async with AsyncClient(BASE, transport=httpx.MockTransport(handle), sleep=record) as api:
            return (await api.health()).status

    assert asyncio.run(main()) == "ok"
    assert slept == [3.0, 1.0]
    assert seen == ["/healthz"] * 3


def test_the_real_rate_limit_is_waited_out(database_url: str) -> None:
    app = create_app(settings_for(database_url, rate_limit_per_minute=60))
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        time.sleep(seconds)

    with TestClient(app) as http, Client(BASE, http=http, sleep=sleep) as api:
        # Empty the bucket (60 requests, and a few more should the machine be slow).
        emptied = any(http.get("/v1/evidence-scale").status_code == 429 for _ in range(200))
        assert emptied
        scale = api.evidence_scale()
    assert scale.data
    assert slept == [1.0]
    assert api.last_response is not None
    assert api.last_response.status_code == 200
