"""Pages for people: the evidence map, one page per claim, source, compound and jurisdiction.

Server-rendered HTML outside /v1 and outside the OpenAPI document; the disclaimers come from the
same function as the API's (DatasetState.disclaimers_for) with the same topics.
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from app import vocab
from app.claims import claimreview
from app.claims import service as claims_service
from app.claims.schemas import EVERYTHING, ClaimRead, ClaimSummary
from app.compounds import service as compounds_service
from app.compounds.schemas import CompoundRead
from app.config import Settings
from app.db import SessionDep
from app.envelope import DatasetDep, DatasetState
from app.jurisdictions import service as jurisdictions_service
from app.jurisdictions.schemas import JurisdictionRead, JurisdictionSummary
from app.sources import service as sources_service
from app.sources.schemas import SourceRead
from app.web import service
from app.web.pages import STYLESHEET, STYLESHEET_PATH, json_ld, render

router = APIRouter(include_in_schema=False)


def not_found(dataset: DatasetState, kind: str, record_id: str) -> HTMLResponse:
    return render(
        "not_found.html",
        dataset,
        dataset.disclaimers_for(()),
        status_code=404,
        kind=kind,
        record_id=record_id,
    )


@router.get("/")
def evidence_map(
    session: SessionDep,
    dataset: DatasetDep,
    condition: Annotated[vocab.Condition | None, Query()] = None,
    min_certainty: Annotated[vocab.Certainty | None, Query()] = None,
) -> HTMLResponse:
    """The evidence map: topics by verdict, each claim a chip coloured by its certainty."""
    grid = service.evidence_map(session, condition, min_certainty)
    topics = set().union(*(c.topics() for c in grid.claims))
    return render(
        "map.html",
        dataset,
        dataset.disclaimers_for(topics),
        grid=grid,
        condition=condition,
        min_certainty=min_certainty,
        conditions=list(vocab.Condition),
        verdicts=service.VERDICTS,
    )


@router.get("/claims/{claim_id}")
def claim_page(
    request: Request, claim_id: str, session: SessionDep, dataset: DatasetDep
) -> HTMLResponse:
    """One claim: its grade and what the grade means, evidence, sources, caveats."""
    row = claims_service.get_claim(session, claim_id)
    if row is None:
        return not_found(dataset, "claim", claim_id)
    claim = ClaimRead.from_row(row, EVERYTHING)
    disclaimers = dataset.disclaimers_for(claim.topics())
    settings: Settings = request.app.state.settings
    review = {"@context": claimreview.CONTEXT} | claimreview.claim_review(
        ClaimSummary.model_validate(claim.model_dump()),
        base_url=settings.public_url or str(request.base_url),
        evidence_summary=claim.evidence_summary,
        date_published=dataset.released_on,
        disclaimers=disclaimers,
    )
    places = service.jurisdictions_sharing_sources(session, [s.source.id for s in claim.sources])
    return render(
        "claim.html",
        dataset,
        disclaimers,
        claim=claim,
        jurisdictions=places,
        claimreview_json=json_ld(review),
    )


@router.get("/sources/{source_id}")
def source_page(source_id: str, session: SessionDep, dataset: DatasetDep) -> HTMLResponse:
    """One source as a citation, with the claims that cite it and their stance."""
    row = sources_service.get_source(session, source_id)
    if row is None:
        return not_found(dataset, "source", source_id)
    return render(
        "source.html",
        dataset,
        dataset.disclaimers_for(()),
        source=SourceRead.model_validate(row),
        citing=service.claims_citing(session, source_id),
    )


@router.get("/compounds/{compound_id}")
def compound_page(compound_id: str, session: SessionDep, dataset: DatasetDep) -> HTMLResponse:
    """One compound: what it is, its identifiers and its proposed mechanisms."""
    row = compounds_service.get_compound(session, compound_id)
    if row is None:
        return not_found(dataset, "compound", compound_id)
    return render(
        "compound.html",
        dataset,
        dataset.disclaimers_for(()),
        compound=CompoundRead.model_validate(row),
    )


@router.get("/jurisdictions/{jurisdiction_id}")
def jurisdiction_page(
    jurisdiction_id: str, session: SessionDep, dataset: DatasetDep
) -> HTMLResponse:
    """One place's rule on kratom, as of its last check, with its legal sources."""
    row = jurisdictions_service.get_jurisdiction(session, jurisdiction_id)
    if row is None:
        return not_found(dataset, "jurisdiction", jurisdiction_id)
    place = JurisdictionRead.model_validate(
        {
            **JurisdictionSummary.model_validate(row).model_dump(),
            "summary": row.summary,
            "sources": row.cited,
        }
    )
    return render(
        "jurisdiction.html", dataset, dataset.disclaimers_for(place.topics()), place=place
    )


@router.get(STYLESHEET_PATH)
def stylesheet() -> Response:
    """The one stylesheet every page uses."""
    return Response(
        STYLESHEET,
        media_type="text/css",
        headers={"Cache-Control": "public, max-age=3600"},
    )
