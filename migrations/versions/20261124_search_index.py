"""full-text search index (SQLite FTS5 / PostgreSQL tsvector + GIN)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# One row per searchable record. The loader fills it; app/search/ reads it. Engine-specific, so it
# is kept out of the ORM metadata (migrations/env.py skips it when comparing).


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_index USING fts5("
            "kind UNINDEXED, record_id UNINDEXED, topics UNINDEXED, title, body, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
    else:
        op.execute(
            "CREATE TABLE search_index ("
            "kind VARCHAR(20) NOT NULL, record_id VARCHAR(120) NOT NULL, topics TEXT NOT NULL, "
            "title TEXT NOT NULL, body TEXT NOT NULL, "
            "document tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')"
            ") STORED, "
            "CONSTRAINT pk_search_index PRIMARY KEY (kind, record_id))"
        )
        op.execute("CREATE INDEX ix_search_index_document ON search_index USING gin (document)")


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
