"""Substring matching shared by the ``q`` filters."""

from sqlalchemy import ColumnElement
from sqlalchemy.orm import QueryableAttribute


def contains(column: QueryableAttribute[str], q: str) -> ColumnElement[bool]:
    """Case-insensitive substring test; ``%`` and ``_`` in the query match themselves."""
    escaped = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")
