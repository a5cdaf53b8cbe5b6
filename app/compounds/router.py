from typing import Annotated

from fastapi import APIRouter, Query, Request

from app import vocab
from app.compounds import service
from app.compounds.schemas import CompoundRead, CompoundSummary
from app.db import SessionDep
from app.envelope import DatasetDep, Envelope, build_envelope
from app.errors import found, problem_responses
from app.listing import TEXT_PATTERN, PageDep, id_path, page_info, sort_query

router = APIRouter(prefix="/v1/compounds", tags=["compounds"])


@router.get("", summary="List compounds", responses=problem_responses(400, 422, 503))
def list_compounds(
    request: Request,
    session: SessionDep,
    dataset: DatasetDep,
    page: PageDep,
    compound_class: Annotated[
        vocab.CompoundClass | None, Query(description="Only this class.")
    ] = None,
    q: Annotated[
        str | None,
        Query(
            description="Substring of name, synonyms or identifiers.",
            min_length=1,
            max_length=200,
            pattern=TEXT_PATTERN,
        ),
    ] = None,
    sort: Annotated[str | None, sort_query(service.SORTS)] = None,
) -> Envelope[list[CompoundSummary]]:
    """Kratom alkaloids, their metabolites, and the leaf as a whole."""
    rows, total = service.list_compounds(
        session, page, compound_class=compound_class, q=q, sort=sort
    )
    data = [CompoundSummary.model_validate(r) for r in rows]
    return build_envelope(data, dataset, page=page_info(request, page, total))


@router.get("/{compound_id}", summary="Get one compound", responses=problem_responses(404, 503))
def get_compound(
    compound_id: Annotated[str, id_path("compound", "mitragynine")],
    session: SessionDep,
    dataset: DatasetDep,
) -> Envelope[CompoundRead]:
    """One compound with identifiers, leaf abundance, proposed mechanisms and sources."""
    row = found(service.get_compound(session, compound_id), "compound", compound_id)
    return build_envelope(CompoundRead.model_validate(row), dataset)
