"""The loader keeps one release row per version, however often that version is loaded."""

from pathlib import Path

from alembic import command
from sqlalchemy import func, select

from app.db import create_writer_engine
from app.ingest.validate import Dataset
from app.models import Release, ReleaseRecord
from tests.conftest import alembic_config, load_release


def test_reloading_a_version_replaces_its_release_instead_of_adding_one(
    tmp_path: Path, dataset: Dataset
) -> None:
    url = f"sqlite:///{tmp_path / 'kratom.sqlite3'}"
    command.upgrade(alembic_config(url), "head")
    load_release(url, dataset, version="2026.01.01")
    load_release(url, dataset, version="2026.01.01")
    engine = create_writer_engine(url)
    with engine.connect() as conn:
        versions = conn.execute(select(Release.version).order_by(Release.version)).scalars().all()
        per_version = dict(
            conn.execute(
                select(ReleaseRecord.version, func.count()).group_by(ReleaseRecord.version)
            ).all()
        )
        ids = set(
            conn.execute(
                select(ReleaseRecord.record_id).where(
                    ReleaseRecord.version == "2026.01.01", ReleaseRecord.resource == "claims"
                )
            ).scalars()
        )
    engine.dispose()
    assert versions == ["2026.01.01"]
    assert per_version == {"2026.01.01": sum(dataset.counts().values())}
    assert ids == {c.id for c in dataset.claims}
