"""The release history the loader keeps across loads: one row per release, a fingerprint per record.

Content tables are replaced on every load; these are not, so an old release can still be compared
with the one being served. Reloading a version already recorded replaces its row and fingerprints
(`make run` reloads the same release every time it starts).
"""

import hashlib
import json
from typing import Any

from sqlalchemy import Connection, delete, insert

from app.ingest.validate import RESOURCE_FILES
from app.models import Release, ReleaseRecord, table_of

RELEASES = table_of(Release)
RELEASE_RECORDS = table_of(ReleaseRecord)


def canonical_hash(value: Any) -> str:
    """SHA-256 of ``value`` as canonical JSON (sorted keys, no spaces), the form the content hash uses."""
    blob = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def fingerprint_rows(version: str, document: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per record of ``document``: its hash and the hash of each top-level field."""
    return [
        {
            "version": version,
            "resource": resource,
            "record_id": record["id"],
            "content_hash": canonical_hash(record),
            "field_hashes": {name: canonical_hash(value) for name, value in record.items()},
        }
        for resource in RESOURCE_FILES
        for record in document.get(resource, [])
    ]


def record_release(
    conn: Connection, info: dict[str, Any], fingerprints: list[dict[str, Any]]
) -> None:
    """Write the release described by the ``dataset_info`` row ``info``, replacing a same-version one."""
    version = info["version"]
    conn.execute(delete(RELEASE_RECORDS).where(RELEASE_RECORDS.c.version == version))
    conn.execute(delete(RELEASES).where(RELEASES.c.version == version))
    conn.execute(
        insert(RELEASES),
        [
            {
                key: info[key]
                for key in ("version", "released_on", "content_hash", "loaded_at", "counts")
            }
        ],
    )
    if fingerprints:
        conn.execute(insert(RELEASE_RECORDS), fingerprints)
