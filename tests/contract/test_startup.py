"""The server refuses to start on a database it cannot serve, and says which command fixes it."""

from pathlib import Path

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import delete

from app.config import Settings
from app.db import create_writer_engine
from app.ingest.validate import Dataset
from app.main import StartupError, create_app
from app.models import DatasetInfo
from tests.conftest import DATA_DIR, MIGRATIONS_DIR, alembic_config, build_database
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
