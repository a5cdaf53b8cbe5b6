from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import vocab
from app.listing import PageParams, SortColumns, apply_sort, paginate, where_equal
from app.models import Caveat, caveat_compounds
from app.text import contains

SORTS: SortColumns = {
    "id": Caveat.id,
    "category": Caveat.category,
    "severity": Caveat.severity,
}


def list_caveats(
    session: Session,
    page: PageParams,
    *,
    category: vocab.CaveatCategory | None,
    severity: vocab.Severity | None,
    compound: str | None,
    q: str | None,
    sort: str | None,
) -> tuple[list[Caveat], int]:
    stmt = where_equal(select(Caveat), (Caveat.category, category), (Caveat.severity, severity))
    if compound:
        linked = select(caveat_compounds.c.caveat_id).where(
            caveat_compounds.c.compound_id == compound
        )
        stmt = stmt.where(Caveat.id.in_(linked))
    if q:
        stmt = stmt.where(contains(Caveat.search_text, q))
    return paginate(session, apply_sort(stmt, sort, SORTS, Caveat.id), page)


def get_caveat(session: Session, caveat_id: str) -> Caveat | None:
    return session.get(
        Caveat, caveat_id, options=[selectinload(Caveat.compounds), selectinload(Caveat.sources)]
    )
