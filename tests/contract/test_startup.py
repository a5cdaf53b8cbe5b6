"""The server refuses to start on a database it cannot serve, and says which command fixes it."""

from pathlib import Path

import pytest
from alembic import command
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import StartupError, create_app
from tests.conftest import DATA_DIR, MIGRATIONS_DIR, alembic_config


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
