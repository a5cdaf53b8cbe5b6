from typing import Annotated

from fastapi import APIRouter, Query, Request

from app import vocab
from app.claims.schemas import ClaimSummary
from app.db import SessionDep
from app.documents import service
from app.documents.schemas import DocumentItemRead, DocumentRead, DocumentSummary
from app.envelope import DatasetDep, Envelope, build_envelope
from app.errors import found, problem_responses
from app.listing import PageDep, id_path, page_info, sort_query

router = APIRouter(prefix="/v1/documents", tags=["documents"])


@router.get("", summary="List reviewed documents", responses=problem_responses(400, 422, 503))
def list_documents(
    request: Request,
    session: SessionDep,
    dataset: DatasetDep,
    page: PageDep,
    kind: Annotated[vocab.DocumentKind | None, Query(description="Kind of text.")] = None,
    sort: Annotated[str | None, sort_query(service.SORTS)] = None,
) -> Envelope[list[DocumentSummary]]:
    """Public texts about kratom whose claims the dataset has graded, like fact-checks."""
    rows, total = service.list_documents(session, page, kind=kind, sort=sort)
    data = [DocumentSummary.model_validate(r) for r in rows]
    return build_envelope(data, dataset, page=page_info(request, page, total))


@router.get(
    "/{document_id}", summary="Get one reviewed document", responses=problem_responses(404, 503)
)
def get_document(
    document_id: Annotated[str, id_path("document", "seed-article-kratom-depression-sud")],
    session: SessionDep,
    dataset: DatasetDep,
) -> Envelope[DocumentRead]:
    """A reviewed document with each of its statements mapped to the graded claim."""
    row = found(service.get_document(session, document_id), "document", document_id)
    items = [
        DocumentItemRead(
            key=it.key,
            location=it.location,
            paraphrase=it.paraphrase,
            claim=ClaimSummary.from_row(it.claim),
        )
        for it in row.items
    ]
    data = DocumentRead.model_validate(
        {
            **DocumentSummary.model_validate(row).model_dump(),
            "description": row.description,
            "claims": items,
        }
    )
    return build_envelope(data, dataset, data.topics())
