"""The server refuses to start on a database it cannot serve, and says which command fixes it."""

import time
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import create_reader_engine, create_writer_engine
from app.envelope import DatasetState, read_dataset_state
from app.ingest.validate import Dataset
from app.main import StartupError, create_app
from app.models import DatasetInfo
from tests.conftest import DATA_DIR, MIGRATIONS_DIR, alembic_config, build_database, settings_for
from tests.helpers import problem


def start(url: str) -> None:
    app = create_app(Settings(database_url=url, data_dir=DATA_DIR, migrations_dir=MIGRATIONS_DIR))
    with TestClient(app):
        pass


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.sqlite3"
    with pytest.raises(StartupError, match="make migrate data-load"):
        start(f"sqlite:///{missing}")
    assert not missing.exists(), "the read-only server must never create a database"


def test_unmigrated_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.write_bytes(b"")
    with pytest.raises(StartupError, match="make migrate"):
        start(f"sqlite:///{path}")


def test_migrated_but_empty_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    command.upgrade(alembic_config(url), "head")
    with pytest.raises(StartupError, match="make data-load"):
        start(url)


def test_not_ready_when_the_dataset_disappears_while_serving(
    tmp_path: Path, dataset: Dataset
) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    build_database(url, dataset)
    app = create_app(Settings(database_url=url, data_dir=DATA_DIR, migrations_dir=MIGRATIONS_DIR))
    with TestClient(app) as client:
        assert client.get("/readyz").status_code == 200
        writer = create_writer_engine(url)
        with writer.begin() as conn:
            conn.execute(delete(DatasetInfo))
        writer.dispose()
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["dataset"] == "not loaded"
        response = client.get("/v1/claims")
        assert problem(response, 503)["detail"] == "No dataset is loaded; run `make data-load`."
        assert response.headers["retry-after"] == "5"
        assert client.get("/healthz").status_code == 200


def test_shutdown_waits_for_a_running_dataset_check(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A check still running in its thread holds a connection; disposing the engine before it gives
    # the connection back leaves that connection open (PostgreSQL warned about it at exit in CI).
    url = f"sqlite:///{tmp_path / 'k.sqlite3'}"
    build_database(url, dataset)
    events: list[str] = []

    def slow_read(session: Session, current: DatasetState | None) -> DatasetState | None:
        events.append("check started")
        time.sleep(0.3)
        state = read_dataset_state(session, current)
        events.append("check finished")
        return state

    def recording_engine(*args: Any, **kwargs: Any) -> Engine:
        engine = create_reader_engine(*args, **kwargs)
        dispose = engine.dispose

        def recorded_dispose() -> None:
            events.append("disposed")
            dispose()

        monkeypatch.setattr(engine, "dispose", recorded_dispose)
        return engine

    monkeypatch.setattr("app.main.read_dataset_state", slow_read)
    monkeypatch.setattr("app.main.create_reader_engine", recording_engine)
    with TestClient(create_app(settings_for(url))):
        deadline = time.monotonic() + 5
        while "check started" not in events and time.monotonic() < deadline:
            time.sleep(0.01)
    assert events[-2:] == ["check finished", "disposed"], events
