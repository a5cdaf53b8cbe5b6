from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.listing import PageParams, SortColumns, apply_sort, paginate, where_equal
from app.models import Target
from app.text import contains

SORTS: SortColumns = {
    "id": Target.id,
    "name": Target.name,
    "gene_symbol": Target.gene_symbol,
}


def list_targets(
    session: Session, page: PageParams, *, family: str | None, q: str | None, sort: str | None
) -> tuple[list[Target], int]:
    stmt = where_equal(select(Target), (Target.family, family))
    if q:
        stmt = stmt.where(contains(Target.search_text, q))
    return paginate(session, apply_sort(stmt, sort, SORTS, Target.id), page)


def get_target(session: Session, target_id: str) -> Target | None:
    return session.get(Target, target_id, options=[selectinload(Target.mechanisms)])
