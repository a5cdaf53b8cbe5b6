"""Shared fixtures: databases built through the real migrations and loader, on SQLite and PostgreSQL."""

import dataclasses
import os
import shutil
import tempfile
import uuid

# Hypothesis (under Schemathesis) writes caches to ./.hypothesis; keep the work tree clean.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", tempfile.mkdtemp(prefix="kratom-hypothesis-"))
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.config import PROJECT_ROOT, Settings
from app.db import create_writer_engine
from app.ingest.load import load_dataset
from app.ingest.validate import Dataset, read_dataset
from app.main import create_app

DATA_DIR = PROJECT_ROOT / "data"
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
PG_ENV = "TEST_DATABASE_URL"


def alembic_config(database_url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logger"] = False
    return config


def build_database(database_url: str, dataset: Dataset) -> None:
    command.upgrade(alembic_config(database_url), "head")
    load_release(database_url, dataset)


def load_release(database_url: str, dataset: Dataset, version: str | None = None) -> None:
    """Load ``dataset`` (renamed ``version`` when given) into a migrated database, as a new release."""
    if version is not None:
        dataset = dataclasses.replace(
            dataset, meta=dataset.meta.model_copy(update={"version": version})
        )
    engine = create_writer_engine(database_url)
    try:
        load_dataset(engine, dataset, str(MIGRATIONS_DIR))
    finally:
        engine.dispose()


def settings_for(database_url: str, **overrides: object) -> Settings:
    """Settings for serving ``database_url`` with the repository's data and migrations."""
    fields = {"database_url": database_url, "data_dir": DATA_DIR, "migrations_dir": MIGRATIONS_DIR}
    return Settings.model_validate(fields | overrides)


class PostgresDatabases:
    """Creates throw-away databases beside TEST_DATABASE_URL and drops them afterwards."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.created: list[str] = []

    def new(self) -> str:
        name = f"kea_test_{uuid.uuid4().hex[:10]}"
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        self.created.append(name)
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for name in self.created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresDatabases]:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set; PostgreSQL tests need a server (see README)")
    databases = PostgresDatabases(url)
    yield databases
    databases.drop_all()


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return read_dataset(DATA_DIR)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, dataset: Dataset
) -> str:
    """A database migrated and loaded with the real data/, once per engine per session."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'kratom.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres").new()
    build_database(url, dataset)
    return url


@pytest.fixture(scope="session")
def client(database_url: str) -> Iterator[TestClient]:
    app = create_app(
        Settings(database_url=database_url, data_dir=DATA_DIR, migrations_dir=MIGRATIONS_DIR)
    )
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
