"""The in-process response cache: replayed answers are the same answers, per request where they must
differ, bounded in memory, and replaced when a new release is loaded."""

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.http.response_cache import CachedResponse, ResponseCache
from app.ingest.validate import Dataset
from app.main import create_app
from tests.conftest import build_database, load_release, settings_for
from tests.helpers import stable_headers


def counter(client: TestClient, name: str) -> float:
    text = client.get("/metrics").text
    match = re.search(rf"^{name} ([0-9.e+]+)$", text, re.MULTILINE)
    assert match, name
    return float(match.group(1))


@pytest.fixture
def live(tmp_path: Path, dataset: Dataset) -> Iterator[tuple[TestClient, str]]:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    build_database(url, dataset)
    with TestClient(create_app(settings_for(url, dataset_check_seconds=0.05))) as client:
        yield client, url


def test_a_replayed_answer_is_byte_identical_and_counted_as_a_hit(client: TestClient) -> None:
    url = "/v1/compounds?limit=3&sort=-id"
    first = client.get(url)
    hits = counter(client, "kratom_api_response_cache_hits")
    second = client.get(url)
    assert counter(client, "kratom_api_response_cache_hits") == hits + 1
    assert second.content == first.content
    assert stable_headers(second) == stable_headers(first)
    assert second.headers["x-request-id"] != first.headers["x-request-id"]


def test_replayed_answers_keep_per_request_headers(client: TestClient) -> None:
    url = "/v1/targets?limit=2"
    client.get(url)
    mine = client.get(url, headers={"X-Request-ID": "trace-42"})
    assert mine.headers["x-request-id"] == "trace-42"
    plain = client.get(url)
    assert "access-control-allow-origin" not in plain.headers
    for _ in range(2):  # the first answer with an Origin is recorded, the second replayed
        cors = client.get(url, headers={"Origin": "https://example.org"})
        assert cors.headers["access-control-allow-origin"] == "*"
        assert "ETag" in cors.headers["access-control-expose-headers"]
        assert cors.content == plain.content


def test_head_and_revalidation_from_the_cache(client: TestClient) -> None:
    url = "/v1/mechanisms?limit=2"
    full = client.get(url)
    client.get(url)
    head = client.head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert stable_headers(head) == stable_headers(full)
    not_modified = client.get(url, headers={"If-None-Match": full.headers["etag"]})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified.headers["etag"] == full.headers["etag"]
    assert "content-type" not in not_modified.headers
    assert not_modified.headers["cache-control"] == full.headers["cache-control"]


def test_errors_are_never_replayed(client: TestClient) -> None:
    hits = counter(client, "kratom_api_response_cache_hits")
    for _ in range(3):
        assert client.get("/v1/claims/no-such-claim").status_code == 404
        assert client.get("/v1/claims?limit=0").status_code == 422
    assert counter(client, "kratom_api_response_cache_hits") == hits


def test_a_new_release_replaces_the_recorded_answers(
    live: tuple[TestClient, str], dataset: Dataset
) -> None:
    client, url = live
    before = client.get("/v1/dataset")
    assert client.get("/v1/dataset").content == before.content  # now replayed from the cache
    load_release(url, dataset, version="2099.01.01")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        after = client.get("/v1/dataset")
        if after.json()["meta"]["dataset_version"] == "2099.01.01":
            break
        time.sleep(0.05)
    else:
        pytest.fail("the new release was never served")
    assert after.headers["etag"] != before.headers["etag"]
    assert after.json()["data"]["version"] == "2099.01.01"


def test_cache_off_when_its_budget_is_zero(dataset: Dataset, database_url: str) -> None:
    with TestClient(create_app(settings_for(database_url, response_cache_mb=0))) as client:
        for _ in range(3):
            assert client.get("/v1/caveats?limit=1").status_code == 200
        assert counter(client, "kratom_api_response_cache_hits") == 0


def entry(size: int) -> CachedResponse:
    return CachedResponse(
        headers=(), headers_304=(), body=b"x" * size, etag='"e"', route="/v1/claims"
    )


def test_the_cache_stays_inside_its_byte_budget() -> None:
    cache = ResponseCache(max_bytes=10_000, max_entry_bytes=4_000)
    for i in range(20):
        cache.put(f"k{i}", entry(1_000))
        assert cache.bytes <= 10_000
    assert cache.get("k0") is None, "the least recently used answer goes first"
    assert cache.get("k19") is not None
    assert cache.evictions > 0
    assert not cache.put("big", entry(5_000)), "an answer over the per-entry limit is not kept"
    assert cache.get("big") is None


def test_recently_used_answers_survive_eviction() -> None:
    cache = ResponseCache(max_bytes=3 * entry(1_000).size, max_entry_bytes=10_000)
    for key in ("a", "b", "c"):
        cache.put(key, entry(1_000))
    assert cache.get("a") is not None  # touched: now the most recent
    cache.put("d", entry(1_000))
    assert cache.get("b") is None
    assert cache.get("a") is not None


def test_free_text_answers_are_not_recorded(client: TestClient) -> None:
    """Searches and sentences vary without end; keeping them would push browsable pages out."""
    hits = counter(client, "kratom_api_response_cache_hits")
    for _ in range(3):
        assert client.get("/v1/search?q=liver").status_code == 200
        assert client.get("/v1/claims/match?text=kratom%20hurts%20the%20liver").status_code == 200
    assert counter(client, "kratom_api_response_cache_hits") == hits


def test_a_refused_host_is_never_answered_from_the_cache(database_url: str) -> None:
    settings = settings_for(database_url, trusted_hosts="api.example.org")
    with TestClient(create_app(settings), base_url="http://api.example.org") as client:
        for _ in range(2):  # recorded, then replayed
            assert client.get("/v1/compounds?limit=2").status_code == 200
        refused = client.get("/v1/compounds?limit=2", headers={"Host": "evil.example.com"})
        assert refused.status_code == 400
        assert refused.headers["content-type"].startswith("application/problem+json")
