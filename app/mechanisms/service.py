from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import vocab
from app.listing import PageParams, SortColumns, apply_sort, paginate, where_equal
from app.models import Mechanism

SORTS: SortColumns = {
    "id": Mechanism.id,
    "compound": Mechanism.compound_id,
    "target": Mechanism.target_id,
    "status": Mechanism.status,
}
_BASE = (selectinload(Mechanism.compound), selectinload(Mechanism.target))


def list_mechanisms(
    session: Session,
    page: PageParams,
    *,
    compound: str | None,
    target: str | None,
    action: vocab.MechanismAction | None,
    status: vocab.MechanismStatus | None,
    sort: str | None,
) -> tuple[list[Mechanism], int]:
    stmt = where_equal(
        select(Mechanism).options(*_BASE),
        (Mechanism.compound_id, compound),
        (Mechanism.target_id, target),
        (Mechanism.action, action),
        (Mechanism.status, status),
    )
    return paginate(session, apply_sort(stmt, sort, SORTS, Mechanism.id), page)


def get_mechanism(session: Session, mechanism_id: str) -> Mechanism | None:
    options = (*_BASE, selectinload(Mechanism.measurements), selectinload(Mechanism.sources))
    return session.get(Mechanism, mechanism_id, options=options)
