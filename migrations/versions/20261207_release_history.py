"""releases and release_records: every loaded release and a fingerprint per record, kept across loads

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "releases",
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("released_on", sa.Date(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_releases")),
    )
    op.create_table(
        "release_records",
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("resource", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=120), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("field_hashes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version"],
            ["releases.version"],
            name=op.f("fk_release_records_version_releases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "version", "resource", "record_id", name=op.f("pk_release_records")
        ),
    )


def downgrade() -> None:
    op.drop_table("release_records")
    op.drop_table("releases")
