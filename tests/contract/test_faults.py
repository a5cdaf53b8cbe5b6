"""Database faults while serving: 503 with Retry-After for anything that needs the database, /healthz
up, answers already recorded still served (the release cannot change), recovery without a restart."""

import shutil
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.config import Settings
from app.ingest.validate import Dataset
from app.main import StartupError, create_app
from tests.conftest import DATA_DIR, MIGRATIONS_DIR, build_database
from tests.helpers import problem


@pytest.fixture
def live_db(tmp_path: Path, dataset: Dataset) -> Path:
    path = tmp_path / "live.sqlite3"
    build_database(f"sqlite:///{path}", dataset)
    return path


def drop_connections(client: TestClient) -> None:
    """Pooled SQLite connections keep the old file open; a fault hits new connections."""
    engine: Engine = client.app.state.sessionmaker.kw["bind"]  # type: ignore[attr-defined]
    engine.dispose()


def assert_unavailable(client: TestClient) -> None:
    for url in ("/v1/claims", "/v1/claims/kratom-can-injure-the-liver", "/v1/search?q=liver"):
        response = client.get(url)
        problem(response, 503)
        assert response.headers["retry-after"] == "5"
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.headers["retry-after"] == "5"
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("fault", ["garbage", "deleted", "unreadable"])
def test_sqlite_fault_then_recovery(live_db: Path, fault: str) -> None:
    app = create_app(
        Settings(
            database_url=f"sqlite:///{live_db}", data_dir=DATA_DIR, migrations_dir=MIGRATIONS_DIR
        )
    )
    with TestClient(app) as client:
        warm = client.get("/v1/claims?limit=5")
        assert warm.status_code == 200
        # The search lane has learned its headers; on a fault it must hand over, not answer.
        assert client.get("/v1/search?q=kratom").status_code == 200
        lane_before = client.app.state.fast_lanes.served.get("/v1/search", 0)  # type: ignore[attr-defined]
        backup = live_db.with_suffix(".bak")
        shutil.copy(live_db, backup)
        if fault == "garbage":
            live_db.write_bytes(b"not a database " * 500)
        elif fault == "deleted":
            live_db.unlink()
        else:  # tests run as root, where permission bits do not stop reads; a directory cannot be opened
            live_db.unlink()
            live_db.mkdir()
        drop_connections(client)
        assert_unavailable(client)
        assert client.app.state.fast_lanes.served.get("/v1/search", 0) == lane_before  # type: ignore[attr-defined]
        # The response cache answers what it already holds: same bytes, same validator.
        stale = client.get("/v1/claims?limit=5")
        assert (stale.status_code, stale.content) == (200, warm.content)
        assert stale.headers["etag"] == warm.headers["etag"]
        if live_db.is_dir():
            live_db.rmdir()
        shutil.copy(backup, live_db)
        drop_connections(client)
        assert client.get("/readyz").status_code == 200
        assert client.get("/v1/claims").status_code == 200


def test_unreachable_postgres_fails_fast_at_start() -> None:
    started = time.perf_counter()
    app = create_app(
        Settings(
            database_url="postgresql+psycopg://postgres@127.0.0.1:1/test", db_connect_timeout=2
        )
    )
    with pytest.raises(StartupError, match="cannot read the database"), TestClient(app):
        pass
    assert time.perf_counter() - started < 10
