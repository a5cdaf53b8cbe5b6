from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import vocab
from app.listing import PageParams, SortColumns, apply_sort, paginate, where_equal
from app.models import Claim, Document, DocumentClaim

SORTS: SortColumns = {"id": Document.id, "reviewed_on": Document.reviewed_on}


def list_documents(
    session: Session, page: PageParams, *, kind: vocab.DocumentKind | None, sort: str | None
) -> tuple[list[Document], int]:
    stmt = where_equal(select(Document), (Document.kind, kind))
    return paginate(session, apply_sort(stmt, sort, SORTS, Document.id), page)


def get_document(session: Session, document_id: str) -> Document | None:
    option = (
        selectinload(Document.items)
        .selectinload(DocumentClaim.claim)
        .selectinload(Claim.condition_rows)
    )
    return session.get(Document, document_id, options=[option])
