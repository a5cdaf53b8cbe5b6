"""The reads behind the pages: the evidence map grid, and what links to a source or a claim."""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import vocab
from app.claims.schemas import ClaimSummary
from app.jurisdictions.schemas import JurisdictionSummary
from app.models import Claim, ClaimCondition, ClaimSource, Jurisdiction, JurisdictionSource
from app.web.topics import ROWS, Topic, claim_topics

# Columns of the map, from the verdict that backs a claim most to the one that refutes it.
VERDICTS: tuple[vocab.Verdict, ...] = tuple(vocab.Verdict)


@dataclass
class MapRow:
    topic: Topic
    cells: dict[vocab.Verdict, list[ClaimSummary]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(claims) for claims in self.cells.values())


@dataclass(frozen=True)
class EvidenceMap:
    rows: list[MapRow]
    claims: list[ClaimSummary]


def evidence_map(
    session: Session,
    condition: vocab.Condition | None = None,
    min_certainty: vocab.Certainty | None = None,
) -> EvidenceMap:
    """Every claim that passes the filters, placed by topic (rows) and verdict (columns); rows
    left empty by the filters are dropped. Within a cell, surer claims come first."""
    stmt = select(Claim).options(selectinload(Claim.condition_rows), selectinload(Claim.caveats))
    if condition is not None:
        stmt = stmt.where(
            Claim.id.in_(
                select(ClaimCondition.claim_id).where(ClaimCondition.condition == condition.value)
            )
        )
    if min_certainty is not None:
        stmt = stmt.where(Claim.certainty_rank >= min_certainty.rank)
    rows = {t.id: MapRow(t, {v: [] for v in VERDICTS}) for t in ROWS}
    claims = []
    for claim in session.scalars(stmt.order_by(Claim.certainty_rank.desc(), Claim.id)):
        summary = ClaimSummary.from_row(claim, {"caveats"})
        claims.append(summary)
        caveats = [vocab.CaveatCategory(c.category) for c in claim.caveats]
        for topic_id in claim_topics(summary.id, summary.category, summary.conditions, caveats):
            rows[topic_id].cells[summary.verdict].append(summary)
    return EvidenceMap([r for r in rows.values() if r.count], claims)


def claims_citing(session: Session, source_id: str) -> list[tuple[ClaimSummary, vocab.Stance]]:
    """The claims that cite a source, with the stance each gives it."""
    stmt = (
        select(Claim, ClaimSource.stance)
        .join(ClaimSource, ClaimSource.claim_id == Claim.id)
        .where(ClaimSource.source_id == source_id)
        .options(selectinload(Claim.condition_rows))
        .order_by(Claim.id)
    )
    return [
        (ClaimSummary.from_row(claim, ()), vocab.Stance(stance))
        for claim, stance in session.execute(stmt)
    ]


def jurisdictions_sharing_sources(
    session: Session, source_ids: list[str]
) -> list[JurisdictionSummary]:
    """The regulatory entries that rest on one of these sources: the places a claim's legal texts
    govern. Claims and jurisdictions are linked only through the documents both cite."""
    if not source_ids:
        return []
    stmt = (
        select(Jurisdiction)
        .where(
            Jurisdiction.id.in_(
                select(JurisdictionSource.jurisdiction_id).where(
                    JurisdictionSource.source_id.in_(source_ids)
                )
            )
        )
        .order_by(Jurisdiction.name, Jurisdiction.id)
    )
    return [JurisdictionSummary.model_validate(j) for j in session.scalars(stmt)]
