"""drop claims.search_text: claim lists search through the full-text index

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("search_text")


def downgrade() -> None:
    # Restored empty: `make data-load` refills every row (the column is derived data).
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
