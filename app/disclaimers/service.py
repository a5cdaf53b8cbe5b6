from sqlalchemy import select
from sqlalchemy.orm import Session

from app.listing import PageParams
from app.models import Disclaimer


def list_disclaimers(
    session: Session, page: PageParams, *, topic: str | None
) -> tuple[list[Disclaimer], int]:
    # Scopes are short JSON lists; filtering the handful of rows here keeps SQLite and PostgreSQL alike.
    rows = list(session.scalars(select(Disclaimer).order_by(Disclaimer.position)))
    if topic:
        rows = [d for d in rows if topic in d.scope]
    return rows[page.offset : page.offset + page.limit], len(rows)


def get_disclaimer(session: Session, disclaimer_id: str) -> Disclaimer | None:
    return session.get(Disclaimer, disclaimer_id)
