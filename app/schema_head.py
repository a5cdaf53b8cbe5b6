"""The newest migration's revision id, read from the migration files without importing Alembic.

The server checks at startup that the database schema is at this revision. Alembic (and the
template engine it brings) costs a noticeable part of start-up time and is never needed to
serve, so the serving path reads the two assignments every migration file has instead.
tests/migrations checks that this agrees with Alembic's own answer.
"""

import re
from pathlib import Path

_ASSIGN = re.compile(
    r"^(revision|down_revision)\s*(?::[^=]+)?=\s*(None|['\"]([^'\"]+)['\"])", re.MULTILINE
)


def head_revision(migrations_dir: str | Path) -> str | None:
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in sorted((Path(migrations_dir) / "versions").glob("*.py")):
        found = {m.group(1): m.group(3) for m in _ASSIGN.finditer(script.read_text("utf-8"))}
        if "revision" not in found or found["revision"] is None:
            raise ValueError(f"{script}: no revision id")
        revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = sorted(revisions - parents)
    if len(heads) > 1:
        raise ValueError(f"migrations have several heads: {heads}; merge them with alembic")
    return heads[0] if heads else None
