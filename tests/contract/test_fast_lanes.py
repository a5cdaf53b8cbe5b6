"""The direct lanes (search, matching) give exactly the full stack's answers, and leave it everything
unusual."""

import random
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx
import pytest
from fastapi.testclient import TestClient

from app.ingest.validate import Dataset
from app.main import create_app
from app.search.index import SEARCHABLE_KINDS
from tests.conftest import build_database, load_release, settings_for
from tests.helpers import envelope, stable_headers


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory, dataset: Dataset) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('lane') / 'lane.sqlite3'}"
    build_database(url, dataset)
    return url


@pytest.fixture(scope="module")
def both(sqlite_url: str) -> Iterator[tuple[TestClient, TestClient]]:
    with (
        TestClient(create_app(settings_for(sqlite_url))) as lane,
        TestClient(create_app(settings_for(sqlite_url, fast_lanes=False))) as full,
    ):
        yield lane, full


def served(client: TestClient, path: str = "/v1/search") -> int:
    return int(client.app.state.fast_lanes.served.get(path, 0))  # type: ignore[attr-defined]


def words(url: str) -> list[str]:
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        text = " ".join(
            r[0] + " " + r[1] for r in conn.execute("SELECT title, body FROM search_index")
        )
    return sorted(set(re.findall(r"[a-z]{4,}", text.lower())))


def plain_requests(vocabulary: list[str], n: int) -> list[str]:
    """Well-formed searches of every shape the lane takes on: words, phrases, types, pages."""
    rng = random.Random(25112026)
    urls = []
    for i in range(n):
        first, second = rng.sample(vocabulary, 2)
        q = [first, f"{first} {second}", f'"{first} {second}"', f"{first} kratom"][i % 4]
        params: dict[str, str] = {"q": q}
        if rng.random() < 0.5:
            params["limit"] = str(rng.choice([1, 2, 5, 20, 100]))
        if rng.random() < 0.4:
            params["offset"] = str(rng.choice([0, 1, 3, 50]))
        if rng.random() < 0.3:
            params["type"] = ",".join(rng.sample(SEARCHABLE_KINDS, rng.randint(1, 3)))
        items = list(params.items())
        rng.shuffle(items)  # parameter order must not matter (the ETag uses the canonical form)
        urls.append("/v1/search?" + urlencode(items))
    # Full pages, a short last page and a page past the end: every way the total is found.
    urls += [
        "/v1/search?q=kratom&limit=5",
        "/v1/search?q=kratom&limit=5&offset=20",
        "/v1/search?q=kratom&limit=100&offset=10",
        "/v1/search?q=kratom&offset=100000",
    ]
    return urls


# Forms the lane must leave to the full stack (which rejects or answers them its own way).
IRREGULAR = [
    "/v1/search?q=liver&limit=05",
    "/v1/search?q=liver&limit=%2B3",
    "/v1/search?q=liver&limit=0",
    "/v1/search?q=liver&limit=101",
    "/v1/search?q=liver&offset=-1",
    "/v1/search?q=liver&offset=1000001",
    "/v1/search?q=",
    "/v1/search",
    "/v1/search?q=%21%21",
    "/v1/search?q=liver%00",
    "/v1/search?q=%FF%FE",
    "/v1/search?q=liver&type=",
    "/v1/search?q=liver&type=claim,,source",
    "/v1/search?q=liver&type=claims",
    "/v1/search?q=liver&q=kratom",
    "/v1/search?q=liver&fields=id",
    "/v1/search?q=" + "a" * 301,
]
# Valid requests that look like trouble: the lane answers them, with the same bytes.
TRICKY = [
    "/v1/search?q=d%C3%A9pression",
    "/v1/search?q=NEAR(liver%20injury)",
    "/v1/search?q=liver%20AND%20OR%20NOT",
    "/v1/search?q=%22unclosed%20phrase",
    "/v1/search?q=liver&offset=1000000",
    "/v1/search?q=" + "a" * 300,
]


def same_answer(a: httpx.Response, b: httpx.Response) -> None:
    assert (a.status_code, a.content) == (b.status_code, b.content), a.request.url
    assert stable_headers(a) == stable_headers(b)


def test_plain_searches_are_answered_by_the_lane_with_the_full_stack_bytes(
    both: tuple[TestClient, TestClient], sqlite_url: str
) -> None:
    lane, full = both
    urls = plain_requests(words(sqlite_url), 240)
    for origin in ({}, {"Origin": "https://example.org"}):
        before = served(lane)
        for url in urls:
            same_answer(lane.get(url, headers=origin), full.get(url, headers=origin))
        # The first request of each shape teaches the lane its headers; the rest are the lane's.
        assert served(lane) - before >= len(urls) - 1
    assert served(full) == 0
    totals = [envelope(lane.get(url))["meta"]["total"] for url in urls]
    assert any(t == 0 for t in totals)
    assert any(t > 20 for t in totals)


def test_irregular_requests_go_to_the_full_stack_and_tricky_ones_match_it(
    both: tuple[TestClient, TestClient],
) -> None:
    lane, full = both
    lane.get("/v1/search?q=liver")  # the lane knows this shape's headers
    before = served(lane)
    statuses = set()
    for url in IRREGULAR:
        answer = lane.get(url)
        same_answer(answer, full.get(url))
        statuses.add(answer.status_code)
    assert served(lane) == before  # not one of them was the lane's
    assert statuses == {200, 400, 422}
    for url in TRICKY:
        same_answer(lane.get(url), full.get(url))
    assert served(lane) == before + len(TRICKY)


def test_requests_the_lane_never_takes(both: tuple[TestClient, TestClient]) -> None:
    lane, full = both
    url = "/v1/search?q=withdrawal&limit=3"
    first = lane.get(url)
    before = served(lane)
    revalidated = lane.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert revalidated.status_code == 304
    head = lane.head(url)
    assert (head.status_code, head.content) == (200, b"")
    with_cookie = lane.get(url, headers={"Origin": "https://a.example", "Cookie": "s=1"})
    same_answer(
        with_cookie, full.get(url, headers={"Origin": "https://a.example", "Cookie": "s=1"})
    )
    assert served(lane) == before
    mine = lane.get(url, headers={"X-Request-ID": "trace-7"})
    assert served(lane) == before + 1
    assert mine.headers["x-request-id"] == "trace-7"


def test_lane_answers_are_counted_and_logged_like_any_other(
    both: tuple[TestClient, TestClient], capsys: pytest.CaptureFixture[str]
) -> None:
    lane, _ = both
    lane.get("/v1/search?q=seizure")
    metric = 'kratom_api_requests_total{method="GET",route="/v1/search",status="200"}'

    def count() -> float:
        line = next(x for x in lane.get("/metrics").text.splitlines() if x.startswith(metric))
        return float(line.split()[-1])

    before, lane_before = count(), served(lane)
    lane.get("/v1/search?q=hepatotoxicity", headers={"X-Request-ID": "lane-log-1"})
    assert served(lane) == lane_before + 1
    assert count() == before + 1


def test_a_new_release_is_served_at_once(tmp_path: Path, dataset: Dataset) -> None:
    url = f"sqlite:///{tmp_path / 'reload.sqlite3'}"
    build_database(url, dataset)
    # A watcher slower than the test: the lane must notice the new release by itself.
    with TestClient(create_app(settings_for(url, dataset_check_seconds=3600))) as client:
        client.get("/v1/search?q=liver")
        assert envelope(client.get("/v1/search?q=kratom"))["meta"]["dataset_version"] == (
            dataset.meta.version
        )
        load_release(url, dataset, version="2099.01.01")
        after = client.get("/v1/search?q=" + quote("opioid"))
        assert envelope(after)["meta"]["dataset_version"] == "2099.01.01"
        again = client.get("/v1/search?q=" + quote("dependence"))
        assert envelope(again)["meta"]["dataset_version"] == "2099.01.01"


def test_matching_is_answered_by_the_full_stack_with_the_same_bytes(
    both: tuple[TestClient, TestClient],
) -> None:
    # Matching has no lane since the model-based matcher (bench/README.md): its time is the model's,
    # and the lane ran it on the event loop, where a worker could not match two sentences at once.
    lane, full = both
    path = "/v1/claims/match"
    for url in (
        "/v1/claims/match?text=" + quote("Kratom can relieve the low mood of depression."),
        "/v1/claims/match?text=" + quote("The weather in Bangkok was pleasant.") + "&min_score=0",
    ):
        for _ in range(2):
            same_answer(lane.get(url), full.get(url))
    assert served(lane, path) == 0


def test_a_refused_host_is_never_answered_by_a_lane(sqlite_url: str) -> None:
    with TestClient(
        create_app(settings_for(sqlite_url, trusted_hosts="api.example.org"))
    ) as client:
        good = {"Host": "api.example.org"}
        for q in ("liver", "seizure", "withdrawal"):
            assert client.get(f"/v1/search?q={q}", headers=good).status_code == 200
        assert served(client) == 2  # headers learned for this Host, then answered by the lane
        refused = client.get("/v1/search?q=liver", headers={"Host": "evil.example.com"})
        assert refused.status_code == 400
        assert served(client) == 2


def test_lanes_are_off_when_rate_limiting_is_on(sqlite_url: str) -> None:
    with TestClient(create_app(settings_for(sqlite_url, rate_limit_per_minute=1000))) as client:
        for q in ("liver", "seizure", "withdrawal"):
            answer = client.get(f"/v1/search?q={q}")
            assert answer.status_code == 200
            assert "ratelimit-remaining" in answer.headers  # every answer went through the limiter
        assert served(client) == 0
