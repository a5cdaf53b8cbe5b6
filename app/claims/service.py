import logging
import threading
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from app import vocab
from app.claims.matching import ClaimMatcher
from app.claims.matching.embedding import MODEL_NAME, Vectors
from app.claims.schemas import ClaimSummary
from app.listing import PageParams, SortColumns, apply_sort, paginate, where_equal
from app.memory import release_free_memory
from app.models import (
    Claim,
    ClaimCondition,
    ClaimSource,
    ClaimTextVector,
    Mechanism,
    claim_compounds,
    claim_mechanisms,
)
from app.search.service import matching_ids

SORTS: SortColumns = {
    "id": Claim.id,
    "certainty": Claim.certainty_rank,
    "verdict": Claim.verdict,
    "category": Claim.category,
    "last_reviewed": Claim.last_reviewed,
}
INCLUDES = ("sources", "caveats", "compounds", "summary")
# What /v1/claims/match can embed; caveats always come (the matching index holds them all).
MATCH_INCLUDES = ("summary", "sources", "caveats")
_EMBED: dict[str, LoaderOption] = {
    "sources": selectinload(Claim.cited).selectinload(ClaimSource.source),
    "caveats": selectinload(Claim.caveats),
    "compounds": selectinload(Claim.compounds),
}


def list_claims(
    session: Session,
    page: PageParams,
    *,
    compound: str | None,
    target: str | None,
    condition: vocab.Condition | None,
    category: vocab.ClaimCategory | None,
    verdict: vocab.Verdict | None,
    min_certainty: vocab.Certainty | None,
    evidence_level: vocab.EvidenceLevel | None,
    q: str | None,
    sort: str | None,
    include: Collection[str],
) -> tuple[list[Claim], int]:
    stmt = select(Claim).options(
        selectinload(Claim.condition_rows), *(_EMBED[n] for n in include if n in _EMBED)
    )
    if compound:
        stmt = stmt.where(
            Claim.id.in_(
                select(claim_compounds.c.claim_id).where(claim_compounds.c.compound_id == compound)
            )
        )
    if target:
        via = (
            select(claim_mechanisms.c.claim_id)
            .join(Mechanism, Mechanism.id == claim_mechanisms.c.mechanism_id)
            .where(Mechanism.target_id == target)
        )
        stmt = stmt.where(Claim.id.in_(via))
    if condition:
        stmt = stmt.where(
            Claim.id.in_(
                select(ClaimCondition.claim_id).where(ClaimCondition.condition == condition.value)
            )
        )
    stmt = where_equal(
        stmt,
        (Claim.category, category),
        (Claim.verdict, verdict),
        (Claim.evidence_level, evidence_level),
    )
    if min_certainty:
        stmt = stmt.where(Claim.certainty_rank >= min_certainty.rank)
    if q:
        stmt = stmt.where(Claim.id.in_(matching_ids(session, "claim", q)))
    return paginate(session, apply_sort(stmt, sort, SORTS, Claim.id), page)


def get_claim_summary(session: Session, claim_id: str) -> Claim | None:
    """The claim's own columns and conditions, without its relations."""
    return session.get(Claim, claim_id, options=(selectinload(Claim.condition_rows),))


def get_claim(session: Session, claim_id: str) -> Claim | None:
    options = (
        selectinload(Claim.condition_rows),
        *_EMBED.values(),
        selectinload(Claim.mechanisms).selectinload(Mechanism.compound),
        selectinload(Claim.mechanisms).selectinload(Mechanism.target),
    )
    return session.get(Claim, claim_id, options=options)


@dataclass(frozen=True)
class MatchIndex:
    """Everything /v1/claims/match needs, built once per loaded release and kept in memory: the
    matcher and each claim already shaped as the endpoint returns it: with its caveats
    (``summaries``), and also with its sources and evidence summary (``complete``)."""

    content_hash: str
    matcher: ClaimMatcher
    summaries: dict[str, ClaimSummary]
    complete: dict[str, ClaimSummary]

    def claim(self, claim_id: str, include: Collection[str] = ()) -> ClaimSummary:
        """The claim with its caveats and whichever of MATCH_INCLUDES ``include`` names."""
        if not {"summary", "sources"} & set(include):
            return self.summaries[claim_id]
        complete = self.complete[claim_id]
        left_out: dict[str, object] = {}
        if "summary" not in include:
            left_out["evidence_summary"] = None
        if "sources" not in include:
            left_out["sources"] = None
        return complete.model_copy(update=left_out) if left_out else complete


# One build at a time: on PostgreSQL, reads run in worker threads, and every request that arrives
# before the first build finishes would otherwise build its own copy (measured: 8 concurrent first
# requests took up to 2.1 s instead of one build's few hundred milliseconds).
_BUILDING = threading.Lock()
_log = logging.getLogger(__name__)


def match_index(conn: Connection, state: object, content_hash: str) -> MatchIndex:
    """The index for ``content_hash``, kept on ``state`` (the app's state object)."""
    cached: MatchIndex | None = getattr(state, "match_index", None)
    if cached is not None and cached.content_hash == content_hash:
        return cached
    with _BUILDING:
        built: MatchIndex | None = getattr(state, "match_index", None)
        if built is not None and built.content_hash == content_hash:
            return built  # built by another request while this one waited
        return _build_match_index(conn, state, content_hash)


def _build_match_index(conn: Connection, state: object, content_hash: str) -> MatchIndex:
    with Session(bind=conn) as session:
        claims = session.scalars(
            select(Claim)
            .order_by(Claim.id)
            .options(selectinload(Claim.condition_rows), _EMBED["caveats"], _EMBED["sources"])
        ).all()
        texts = [(c.id, [c.statement, *c.alternative_phrasings]) for c in claims]
        index = MatchIndex(
            content_hash=content_hash,
            matcher=ClaimMatcher(texts, _stored_vectors(session, texts)),
            summaries={c.id: ClaimSummary.from_row(c, {"caveats"}) for c in claims},
            complete={c.id: ClaimSummary.from_row(c, MATCH_INCLUDES) for c in claims},
        )
    state.match_index = index  # type: ignore[attr-defined]
    # The build's temporaries (claims read through the ORM, the lexical index's counting) leave
    # freed memory in malloc's keeping; measured, handing it back saves 10-17 MB per worker.
    release_free_memory()
    return index


def _stored_vectors(session: Session, texts: list[tuple[str, list[str]]]) -> Vectors | None:
    """The loader's embeddings of ``texts`` in order, or None (the matcher then computes them) when
    the database lacks some or holds another model's."""
    rows = session.execute(
        select(ClaimTextVector.claim_id, ClaimTextVector.position, ClaimTextVector.vector).where(
            ClaimTextVector.model == MODEL_NAME
        )
    ).all()
    stored = {(claim_id, position): vector for claim_id, position, vector in rows}
    keys = [(cid, i) for cid, group in texts for i in range(len(group))]
    if any(key not in stored for key in keys):
        _log.warning("claim-text embeddings missing from the database: computing them (slow)")
        return None
    return np.frombuffer(b"".join(stored[key] for key in keys), dtype="<f4").reshape(len(keys), -1)
