from typing import Annotated

import anyio
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import Connection
from starlette.datastructures import State

from app import vocab
from app.claims import claimreview, service
from app.claims.matching import DEFAULT_THRESHOLD, REVIEW_THRESHOLD
from app.claims.schemas import EVERYTHING, ClaimMatch, ClaimRead, ClaimSummary
from app.config import Settings
from app.db import SessionDep, run_read
from app.envelope import (
    DatasetDep,
    DatasetState,
    Envelope,
    build_envelope,
    dataset_now,
    json_response,
)
from app.errors import found, problem_responses
from app.listing import (
    SENTENCE_PATTERN,
    SLUG_PATTERN,
    TEXT_PATTERN,
    PageDep,
    choices_pattern,
    id_path,
    page_info,
    parse_include,
    sort_query,
)
from app.memory import CORES

router = APIRouter(prefix="/v1/claims", tags=["claims"])
# Limits of /v1/claims/match.
TEXT_MAX_LENGTH = 1000
MATCH_MAX_LIMIT = 20
# Sentences matched at once per worker: one per core. Matching is CPU-bound, so more at once only
# makes each take longer and hold its memory longer (bench/README.md); the rest wait their turn.
MATCH_CONCURRENCY = CORES


@router.get("", summary="List claims", responses=problem_responses(400, 422, 503))
def list_claims(
    request: Request,
    session: SessionDep,
    dataset: DatasetDep,
    page: PageDep,
    compound: Annotated[
        str | None,
        Query(
            description="Claims about this compound (slug).", pattern=SLUG_PATTERN, max_length=120
        ),
    ] = None,
    target: Annotated[
        str | None,
        Query(
            description="Claims relying on a mechanism at this target (slug).",
            pattern=SLUG_PATTERN,
            max_length=120,
        ),
    ] = None,
    condition: Annotated[
        vocab.Condition | None, Query(description="Claims about this condition.")
    ] = None,
    category: Annotated[vocab.ClaimCategory | None, Query(description="Kind of claim.")] = None,
    verdict: Annotated[vocab.Verdict | None, Query(description="Exact verdict.")] = None,
    min_certainty: Annotated[
        vocab.Certainty | None, Query(description="Certainty at least this high.")
    ] = None,
    evidence_level: Annotated[
        vocab.EvidenceLevel | None, Query(description="Exact evidence level.")
    ] = None,
    q: Annotated[
        str | None,
        Query(
            description='Full-text search in the statement, phrasings and summary (stemmed; "quoted" for a phrase).',
            min_length=1,
            max_length=200,
            pattern=TEXT_PATTERN,
        ),
    ] = None,
    sort: Annotated[str | None, sort_query(service.SORTS)] = None,
    include: Annotated[
        str | None,
        Query(
            description=f"Comma-separated relations to embed: {', '.join(service.INCLUDES)}.",
            pattern=choices_pattern(service.INCLUDES),
            max_length=100,
        ),
    ] = None,
) -> Envelope[list[ClaimSummary]]:
    """Graded claims about kratom: verdict, GRADE certainty, evidence level and sources."""
    wanted = parse_include(include, service.INCLUDES)
    rows, total = service.list_claims(
        session,
        page,
        compound=compound,
        target=target,
        condition=condition,
        category=category,
        verdict=verdict,
        min_certainty=min_certainty,
        evidence_level=evidence_level,
        q=q,
        sort=sort,
        include=wanted,
    )
    data = [ClaimSummary.from_row(r, wanted) for r in rows]
    topics = set().union(*(c.topics() for c in data))
    return build_envelope(data, dataset, topics, page=page_info(request, page, total))


@router.get(
    "/match",
    summary="Match a sentence to graded claims",
    responses=problem_responses(400, 422, 503),
    response_model=Envelope[list[ClaimMatch]],
)
async def match_claims(
    request: Request,
    text: Annotated[
        str,
        Query(
            description=(
                "A sentence from an article or post, up to 1,000 characters, not only spaces."
            ),
            min_length=1,
            max_length=TEXT_MAX_LENGTH,
            pattern=SENTENCE_PATTERN,
            examples=["Kratom can relieve the low mood and anhedonia of depression."],
        ),
    ],
    limit: Annotated[
        int, Query(ge=1, le=MATCH_MAX_LIMIT, description="Most matches to return.")
    ] = 5,
    min_score: Annotated[
        float,
        Query(
            ge=0,
            le=1,
            description=(
                "Lowest score returned. A score is the estimated probability that the sentence "
                f"takes a position on the claim; the default ({DEFAULT_THRESHOLD}) is the lowest "
                "threshold at which at least 9 in 10 first matches are right on real text "
                "(docs/matching.md): sure matches, but most sentences that make a claim get none. "
                f"Lower it ({REVIEW_THRESHOLD}, /v1/reviews' default, answers far more sentences, "
                "about 7 in 10 first matches right); use 0 to see the closest claims whatever "
                "their score."
            ),
        ),
    ] = DEFAULT_THRESHOLD,
    include: Annotated[
        str | None,
        Query(
            description=(
                "Comma-separated parts of each matched claim to embed: summary (its evidence "
                "summary), sources (each cited source with its stance), caveats (always embedded; "
                "accepted for symmetry with /v1/claims)."
            ),
            pattern=choices_pattern(service.MATCH_INCLUDES),
            max_length=100,
        ),
    ] = None,
) -> Response:
    """The claims a sentence takes a position on, best first, with stance, score and grade; empty when none."""
    wanted = parse_include(include, service.MATCH_INCLUDES)

    def read(conn: Connection) -> tuple[DatasetState, service.MatchIndex]:
        dataset = dataset_now(request, conn)
        return dataset, service.match_index(conn, request.app.state, dataset.content_hash)

    # The release check reads the database; the matching itself (mostly the encoder, which runs
    # outside the GIL) runs in the thread pool, so one worker matches a sentence per core at once.
    dataset, index = await run_read(request, read)
    return await anyio.to_thread.run_sync(
        match_response, index, dataset, text, limit, min_score, wanted,
        limiter=match_limiter(request.app.state),
    )  # fmt: skip


def match_limiter(state: State) -> anyio.CapacityLimiter:
    """The worker's queue for matching: MATCH_CONCURRENCY at once, the others in arrival order.
    Made on first use, on the event loop (so never twice)."""
    limiter: anyio.CapacityLimiter | None = getattr(state, "match_limiter", None)
    if limiter is None:
        limiter = state.match_limiter = anyio.CapacityLimiter(MATCH_CONCURRENCY)
    return limiter


def match_response(
    index: service.MatchIndex,
    dataset: DatasetState,
    text: str,
    limit: int,
    min_score: float,
    include: frozenset[str] = frozenset(),
) -> Response:
    """The matching answer for a sentence (runs in the thread pool: see match_claims)."""
    data = [
        ClaimMatch(
            score=m.score,
            stance=vocab.MatchStance(m.stance),
            matched_text=m.matched_text,
            claim=index.claim(m.claim_id, include),
        )
        for m in index.matcher.match(text, limit, min_score)
    ]
    topics = set().union(*(m.claim.topics() for m in data))
    return json_response(build_envelope(data, dataset, topics))


@router.get("/{claim_id}", summary="Get one claim", responses=problem_responses(404, 503))
def get_claim(
    claim_id: Annotated[str, id_path("claim", "kratom-relieves-depression-symptoms")],
    session: SessionDep,
    dataset: DatasetDep,
) -> Envelope[ClaimRead]:
    """One claim with its evidence summary, sources and their stance, caveats and mechanisms."""
    row = found(service.get_claim(session, claim_id), "claim", claim_id)
    data = ClaimRead.from_row(row, EVERYTHING)
    return build_envelope(data, dataset, data.topics())


class JsonLdResponse(JSONResponse):
    media_type = claimreview.MEDIA_TYPE


@router.get(
    "/{claim_id}/claimreview",
    summary="Get one claim as schema.org ClaimReview (JSON-LD)",
    description=claimreview.ENDPOINT_DESCRIPTION,
    response_class=JsonLdResponse,
    responses={
        200: {
            "description": "The ClaimReview, with its @context.",
            "content": {claimreview.MEDIA_TYPE: {"schema": claimreview.DOCUMENT_SCHEMA}},
        },
        **problem_responses(404, 503),
    },
)
def get_claim_review(
    request: Request,
    claim_id: Annotated[str, id_path("claim", "kratom-relieves-depression-symptoms")],
    session: SessionDep,
    dataset: DatasetDep,
) -> JsonLdResponse:
    """The claim as a schema.org ClaimReview in JSON-LD, for fact-check markup."""
    row = found(service.get_claim_summary(session, claim_id), "claim", claim_id)
    claim = ClaimSummary.from_row(row, {"summary"})
    disclaimers = dataset.disclaimers_for(claim.topics())
    settings: Settings = request.app.state.settings
    document = {"@context": claimreview.CONTEXT} | claimreview.claim_review(
        claim,
        base_url=settings.public_url or str(request.base_url),
        evidence_summary=claim.evidence_summary,
        date_published=dataset.released_on,
        disclaimers=disclaimers,
    )
    # The same header as the other bodies without an envelope (export).
    headers = {"Kratom-Disclaimers": ", ".join(d.id for d in disclaimers)}
    return JsonLdResponse(document, headers=headers)
