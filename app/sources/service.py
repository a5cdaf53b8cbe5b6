from sqlalchemy import select
from sqlalchemy.orm import Session

from app import vocab
from app.listing import PageParams, SortColumns, apply_sort, paginate, where_equal
from app.models import Source
from app.text import contains

SORTS: SortColumns = {
    "id": Source.id,
    "year": Source.year,
    "title": Source.title,
}


def list_sources(
    session: Session,
    page: PageParams,
    *,
    kind: vocab.SourceKind | None,
    study_design: vocab.StudyDesign | None,
    pmid: str | None,
    doi: str | None,
    q: str | None,
    sort: str | None,
) -> tuple[list[Source], int]:
    stmt = where_equal(
        select(Source),
        (Source.kind, kind),
        (Source.study_design, study_design),
        (Source.pmid, pmid),
        (Source.doi, doi),
    )
    if q:
        stmt = stmt.where(contains(Source.search_text, q))
    return paginate(session, apply_sort(stmt, sort, SORTS, Source.id), page)


def get_source(session: Session, source_id: str) -> Source | None:
    return session.get(Source, source_id)
