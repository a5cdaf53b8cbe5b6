"""The loader keeps one release row per version, however often that version is loaded."""

from pathlib import Path

from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.db import create_writer_engine
from app.ingest.validate import Dataset
from app.main import create_app
from app.models import Release, ReleaseRecord
from tests.conftest import alembic_config, load_release, settings_for
from tests.helpers import envelope


def test_reloading_a_version_replaces_its_release_instead_of_adding_one(
    tmp_path: Path, dataset: Dataset
) -> None:
    url = f"sqlite:///{tmp_path / 'kratom.sqlite3'}"
    command.upgrade(alembic_config(url), "head")
    load_release(url, dataset, version="2026.01.01")
    with TestClient(create_app(settings_for(url))) as client:
        before = client.get("/v1/dataset/releases")
        claims_etag = client.get("/v1/claims").headers["etag"]
        load_release(url, dataset, version="2026.01.01")
        after = client.get("/v1/dataset/releases")
        # Same content, same hash: the records' validators stay; the history's must not.
        assert client.get("/v1/claims").headers["etag"] == claims_etag
    [first] = envelope(before)["data"]
    [second] = envelope(after)["data"]
    assert second["version"] == first["version"] == "2026.01.01"
    assert second["loaded_at"] > first["loaded_at"]
    assert after.headers["etag"] != before.headers["etag"]

    engine = create_writer_engine(url)
    with engine.connect() as conn:
        versions = conn.execute(select(Release.version)).scalars().all()
        per_version = dict(
            conn.execute(
                select(ReleaseRecord.version, func.count()).group_by(ReleaseRecord.version)
            ).all()
        )
        claim_ids = set(
            conn.execute(
                select(ReleaseRecord.record_id).where(ReleaseRecord.resource == "claims")
            ).scalars()
        )
    engine.dispose()
    assert versions == ["2026.01.01"]
    assert per_version == {"2026.01.01": sum(dataset.counts().values())}
    assert claim_ids == {c.id for c in dataset.claims}
