"""A load killed halfway (SIGKILL inside the transaction) leaves the previous release serving."""

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app import models
from app.config import PROJECT_ROOT
from app.db import create_reader_engine
from app.ingest.validate import Dataset
from tests.conftest import build_database

# Runs a real load that stops inside its transaction, after the old rows are deleted and some new
# ones inserted, and tells the test it is there.
SLOW_LOAD = """
import sys, time
from pathlib import Path
import sqlalchemy
from app.db import create_writer_engine
from app.ingest import load
from app.ingest.validate import read_dataset

execute = sqlalchemy.engine.Connection.execute
calls = [0]
def paused(self, statement, *args, **kwargs):
    calls[0] += 1
    if calls[0] == 40:
        print("paused", flush=True)
        time.sleep(120)
    return execute(self, statement, *args, **kwargs)
sqlalchemy.engine.Connection.execute = paused
engine = create_writer_engine(sys.argv[1])
load.load_dataset(engine, read_dataset(Path("data")), "migrations")
"""


def served(url: str) -> tuple[str, int]:
    engine = create_reader_engine(url)
    with engine.connect() as conn:
        content_hash = conn.execute(select(models.DatasetInfo.content_hash)).scalar_one()
        claims = conn.execute(select(func.count()).select_from(models.Claim)).scalar_one()
    engine.dispose()
    return content_hash, claims


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_killed_load_leaves_the_previous_release(
    engine: str, tmp_path: Path, dataset: Dataset, request: pytest.FixtureRequest
) -> None:
    if engine == "sqlite":
        url = f"sqlite:///{tmp_path / 'k.sqlite3'}"
    else:
        postgres: Any = request.getfixturevalue("postgres")
        url = postgres.new()
    build_database(url, dataset)
    before = served(url)
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_LOAD, url], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "paused"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        if child.stdout:
            child.stdout.close()
    assert served(url) == before
    build_database(url, dataset)  # the next load rolls back whatever was left and succeeds
    assert served(url) == before
