"""Reads of the release history the loader keeps, and the comparison of two releases."""

import hashlib
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import models
from app.releases.schemas import ChangedRecord, ResourceChanges

# resource -> record id -> (record hash, field -> field hash)
Fingerprints = dict[str, dict[str, tuple[str, dict[str, str]]]]


def list_releases(session: Session) -> list[models.Release]:
    """Every recorded release, newest first (release date, then load time, then version)."""
    stmt = select(models.Release).order_by(
        models.Release.released_on.desc(),
        models.Release.loaded_at.desc(),
        models.Release.version.desc(),
    )
    return list(session.scalars(stmt))


def history_tag(releases: Sequence[models.Release]) -> str:
    """A digest of the history (each release and when it was loaded), for the ETag: reloading a
    release changes the history but not the loaded content's hash."""
    lines = (f"{r.version} {r.content_hash} {r.loaded_at.isoformat()}" for r in releases)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def release_before(releases: Sequence[models.Release], version: str) -> models.Release | None:
    """The release listed right after ``version`` in the newest-first list, if any."""
    versions = [r.version for r in releases]
    position = versions.index(version)
    return releases[position + 1] if position + 1 < len(releases) else None


def changelog_lines(session: Session) -> dict[str, list[str]]:
    """Changelog lines per version, as the served dataset's changelog (data/dataset.yaml) has them."""
    entries = session.scalar(select(models.DatasetInfo.changelog).where(models.DatasetInfo.id == 1))
    lines: dict[str, list[str]] = {}
    for entry in entries or []:
        lines.setdefault(str(entry["version"]), []).extend(str(c) for c in entry["changes"])
    return lines


def fingerprints(session: Session, version: str) -> Fingerprints:
    """Every record's fingerprint in one release."""
    rows = session.execute(
        select(
            models.ReleaseRecord.resource,
            models.ReleaseRecord.record_id,
            models.ReleaseRecord.content_hash,
            models.ReleaseRecord.field_hashes,
        ).where(models.ReleaseRecord.version == version)
    )
    found: Fingerprints = {}
    for resource, record_id, content_hash, field_hashes in rows:
        found.setdefault(resource, {})[record_id] = (content_hash, field_hashes)
    return found


def compare(
    old: Fingerprints, new: Fingerprints, resources: Sequence[str]
) -> dict[str, ResourceChanges]:
    """Per resource, the ids only ``new`` has, those only ``old`` has, and those whose hash differs
    with the fields that differ."""
    result: dict[str, ResourceChanges] = {}
    for resource in resources:
        before, after = old.get(resource, {}), new.get(resource, {})
        changed = [
            ChangedRecord(id=record_id, fields=_changed_fields(before[record_id][1], fields))
            for record_id, (digest, fields) in sorted(after.items())
            if record_id in before and before[record_id][0] != digest
        ]
        result[resource] = ResourceChanges(
            added=sorted(after.keys() - before.keys()),
            removed=sorted(before.keys() - after.keys()),
            changed=changed,
        )
    return result


def _changed_fields(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
