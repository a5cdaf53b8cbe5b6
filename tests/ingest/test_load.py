"""The loader replaces content in one transaction; a failure leaves the previous release serving."""

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, event, func, select, text

from app import models
from app.db import create_writer_engine
from app.ingest import load as load_module
from app.ingest.cli import main
from app.ingest.load import SchemaNotReadyError, load_dataset
from app.ingest.validate import Dataset
from tests.conftest import MIGRATIONS_DIR, alembic_config, build_database


def snapshot(url: str) -> tuple[str, int]:
    engine = create_writer_engine(url)
    with engine.connect() as conn:
        content_hash = conn.execute(select(models.DatasetInfo.content_hash)).scalar_one()
        claims = conn.execute(select(func.count()).select_from(models.Claim)).scalar_one()
    engine.dispose()
    return content_hash, claims


def test_load_is_repeatable(tmp_path: Path, dataset: Dataset) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    build_database(url, dataset)
    first = snapshot(url)
    build_database(url, dataset)
    assert snapshot(url) == first == (dataset.content_hash(), len(dataset.claims))


def test_failure_midway_keeps_previous_content(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    build_database(url, dataset)
    before = snapshot(url)
    real_rows = load_module._rows

    def rows_with_a_late_conflict(ds: Dataset) -> dict[Table, list[dict[str, Any]]]:
        rows = real_rows(ds)
        table = models.DocumentClaim.__table__
        assert isinstance(table, Table)
        rows[table].append(dict(rows[table][0]))  # duplicate primary key, inserted near the end
        return rows

    monkeypatch.setattr(load_module, "_rows", rows_with_a_late_conflict)
    engine = create_writer_engine(url)
    with pytest.raises(Exception, match="UNIQUE constraint failed"):
        load_dataset(engine, dataset, str(MIGRATIONS_DIR))
    engine.dispose()
    assert snapshot(url) == before


def test_load_refuses_an_unmigrated_database(tmp_path: Path, dataset: Dataset) -> None:
    engine = create_writer_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    with pytest.raises(SchemaNotReadyError, match="run `make migrate`"):
        load_dataset(engine, dataset, str(MIGRATIONS_DIR))
    engine.dispose()


def test_cli_load_prints_counts_and_version(
    tmp_path: Path, dataset: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    from alembic import command

    command.upgrade(alembic_config(url), "head")
    assert main(["load", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert f"loaded dataset {dataset.meta.version}" in out
    assert f"claims {len(dataset.claims):>6}".replace(" ", "") in out.replace(" ", "")


def test_cli_load_on_unmigrated_database_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", "--database-url", f"sqlite:///{tmp_path / 'x.sqlite3'}"]) == 2
    assert "run `make migrate`" in capsys.readouterr().err


def test_readers_never_see_a_half_loaded_dataset_on_postgres(
    postgres: Any, dataset: Dataset
) -> None:
    url = postgres.new()
    build_database(url, dataset)
    engine = create_writer_engine(url)
    with engine.connect() as reader:
        reader.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        before = reader.execute(select(func.count()).select_from(models.Claim)).scalar_one()
        load_dataset(engine, dataset, str(MIGRATIONS_DIR))
        assert reader.execute(select(func.count()).select_from(models.Claim)).scalar_one() == before
    engine.dispose()


def test_disk_full_during_the_load_keeps_previous_content(tmp_path: Path, dataset: Dataset) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    build_database(url, dataset)
    before = snapshot(url)
    engine = create_writer_engine(url)

    @event.listens_for(engine, "connect")
    def _tiny_disk(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # Cap the file at its current size: the first page the load needs beyond it fails with
        # SQLITE_FULL, exactly as a full disk would.
        cursor = dbapi_conn.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    bigger = dataset.claims + [
        claim.model_copy(
            update={"id": f"{claim.id}-copy-{i}", "evidence_summary": claim.evidence_summary * 20}
        )
        for i in range(5)
        for claim in dataset.claims
    ]
    grown = Dataset(**{**dataset.__dict__, "claims": bigger})
    with pytest.raises(Exception, match="full"):
        load_dataset(engine, grown, str(MIGRATIONS_DIR))
    engine.dispose()
    assert snapshot(url) == before
