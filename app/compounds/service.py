from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import vocab
from app.listing import PageParams, SortColumns, apply_sort, paginate, where_equal
from app.models import Compound
from app.text import contains

SORTS: SortColumns = {
    "id": Compound.id,
    "name": Compound.name,
    "molar_mass": Compound.molar_mass,
}


def list_compounds(
    session: Session,
    page: PageParams,
    *,
    compound_class: vocab.CompoundClass | None,
    q: str | None,
    sort: str | None,
) -> tuple[list[Compound], int]:
    stmt = where_equal(select(Compound), (Compound.compound_class, compound_class))
    if q:
        stmt = stmt.where(contains(Compound.search_text, q))
    return paginate(session, apply_sort(stmt, sort, SORTS, Compound.id), page)


def get_compound(session: Session, compound_id: str) -> Compound | None:
    return session.get(
        Compound,
        compound_id,
        options=[selectinload(Compound.sources), selectinload(Compound.mechanisms)],
    )
