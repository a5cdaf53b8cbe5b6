"""Rate limiting (off by default, configurable) and trusted hosts."""

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.ingest.validate import Dataset
from app.main import create_app
from tests.conftest import DATA_DIR, MIGRATIONS_DIR, build_database
from tests.helpers import problem


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory, dataset: Dataset) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('limits') / 'k.sqlite3'}"
    build_database(url, dataset)
    return url


def app_with(db_url: str, rate_limit_per_minute: int = 0, trusted_hosts: str = "*") -> TestClient:
    settings = Settings(
        database_url=db_url,
        data_dir=DATA_DIR,
        migrations_dir=MIGRATIONS_DIR,
        rate_limit_per_minute=rate_limit_per_minute,
        trusted_hosts=trusted_hosts,
    )
    return TestClient(create_app(settings))


def test_no_limit_by_default(client: TestClient) -> None:
    responses = [client.get("/healthz") for _ in range(5)] + [
        client.get("/v1/targets") for _ in range(30)
    ]
    assert {r.status_code for r in responses} == {200}
    assert "ratelimit-limit" not in responses[-1].headers


def test_rate_limit_answers_429_with_retry_after(db_url: str) -> None:
    with app_with(db_url, rate_limit_per_minute=3) as client:
        ok = [client.get("/v1/targets") for _ in range(3)]
        assert [r.headers["ratelimit-remaining"] for r in ok] == ["2", "1", "0"]
        assert ok[0].headers["ratelimit-limit"] == "3"
        limited = client.get("/v1/targets")
        problem(limited, 429)
        assert int(limited.headers["retry-after"]) >= 1
        assert client.get("/healthz").status_code == 200  # probes are never limited


def test_trusted_hosts(db_url: str) -> None:
    with app_with(db_url, trusted_hosts="api.example.org, *.example.net") as client:
        assert client.get("/v1/targets", headers={"Host": "api.example.org"}).status_code == 200
        assert client.get("/v1/targets", headers={"Host": "eu.example.net:8443"}).status_code == 200
        problem(client.get("/v1/targets", headers={"Host": "evil.example.com"}), 400)
