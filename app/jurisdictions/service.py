from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from app import vocab
from app.listing import PageParams, SortColumns, apply_sort, paginate, where_equal
from app.models import Jurisdiction, JurisdictionSource
from app.text import contains

SORTS: SortColumns = {
    "id": Jurisdiction.id,
    "code": Jurisdiction.code,
    "status": Jurisdiction.status,
    "effective_date": Jurisdiction.effective_date,
    "as_of": Jurisdiction.as_of,
}


def list_jurisdictions(
    session: Session,
    page: PageParams,
    *,
    country: str | None,
    code: str | None,
    level: vocab.JurisdictionLevel | None,
    status: vocab.RegulatoryStatus | None,
    q: str | None,
    sort: str | None,
) -> tuple[list[Jurisdiction], int]:
    stmt = select(Jurisdiction)
    if country:
        stmt = stmt.where(
            or_(Jurisdiction.code == country, Jurisdiction.code.startswith(f"{country}-"))
        )
    stmt = where_equal(
        stmt, (Jurisdiction.code, code), (Jurisdiction.level, level), (Jurisdiction.status, status)
    )
    if q:
        stmt = stmt.where(contains(Jurisdiction.search_text, q))
    return paginate(session, apply_sort(stmt, sort, SORTS, Jurisdiction.id), page)


def get_jurisdiction(session: Session, jurisdiction_id: str) -> Jurisdiction | None:
    option = selectinload(Jurisdiction.cited).selectinload(JurisdictionSource.source)
    return session.get(Jurisdiction, jurisdiction_id, options=[option])
