from collections.abc import Collection
from datetime import date
from typing import Self

from pydantic import Field

from app import vocab
from app.caveats.schemas import CaveatSummary
from app.compounds.schemas import CompoundRef
from app.mechanisms.schemas import MechanismSummary
from app.models import Claim
from app.schemas_base import ApiModel
from app.sources.schemas import SourceSummary

# ``include`` name -> the Claim attribute that fills it (relations, and the summary text).
_INCLUDED = {
    "sources": "cited",
    "caveats": "caveats",
    "compounds": "compounds",
    "mechanisms": "mechanisms",
    "summary": "evidence_summary",
}
_INCLUDED_FIELDS = {"evidence_summary" if name == "summary" else name for name in _INCLUDED}
EVERYTHING = frozenset(_INCLUDED)


def claim_path(claim_id: str) -> str:
    return f"/v1/claims/{claim_id}"


def claimreview_path(claim_id: str) -> str:
    return f"{claim_path(claim_id)}/claimreview"


class CitedSource(ApiModel):
    """A source as a claim cites it: which way it points, and why."""

    source: SourceSummary = Field(description="The cited source.")
    stance: vocab.Stance = Field(description="supports, contradicts, or context.")
    note: str | None = Field(description="What this source contributes to the grade.")


class ClaimSummary(ApiModel):
    """A statement people make about kratom, with its grade."""

    id: str = Field(description="Claim slug.", examples=["kratom-relieves-depression-symptoms"])
    statement: str = Field(description="The claim, stated plainly as people make it.")
    category: vocab.ClaimCategory = Field(description="What kind of claim it is.")
    conditions: list[vocab.Condition] = Field(description="Conditions the claim is about.")
    verdict: vocab.Verdict = Field(description="How well the claim holds; see /v1/evidence-scale.")
    certainty: vocab.Certainty = Field(description="GRADE certainty of the evidence behind it.")
    evidence_level: vocab.EvidenceLevel = Field(description="Best study design behind it.")
    downgrade_reasons: list[vocab.DowngradeReason] = Field(
        description="GRADE domains that lowered certainty."
    )
    last_reviewed: date = Field(description="When the grade was last reviewed.")
    claimreview_url: str = Field(
        description="Path of the claim as a schema.org ClaimReview (JSON-LD).",
        examples=["/v1/claims/kratom-relieves-depression-symptoms/claimreview"],
    )
    evidence_summary: str | None = Field(
        default=None,
        description=(
            "What the evidence is and what it cannot show; present when include=summary, "
            "otherwise null."
        ),
    )
    sources: list[CitedSource] | None = Field(
        default=None, description="Cited sources; present when include=sources, otherwise null."
    )
    caveats: list[CaveatSummary] | None = Field(
        default=None, description="Caveats; present when include=caveats, otherwise null."
    )
    compounds: list[CompoundRef] | None = Field(
        default=None, description="Compounds; present when include=compounds, otherwise null."
    )

    def topics(self) -> set[str]:
        return {c.value for c in self.conditions} | {self.category.value}

    @classmethod
    def from_row(cls, row: Claim, include: Collection[str] = ()) -> Self:
        """Touch only the relations asked for, so a plain list never loads them."""
        fields: dict[str, object] = {
            name: getattr(row, name)
            for name in cls.model_fields
            if name not in _INCLUDED_FIELDS and name != "claimreview_url"
        }
        fields["claimreview_url"] = claimreview_path(row.id)
        for name in include:
            fields["evidence_summary" if name == "summary" else name] = getattr(
                row, _INCLUDED[name]
            )
        return cls.model_validate(fields)


class ClaimRead(ClaimSummary):
    """A claim with its evidence summary and every relation resolved."""

    about_people: bool = Field(
        description="True when the claim is about an effect in people, not a lab or legal fact."
    )
    evidence_summary: str = Field(
        description="What the evidence is and what it cannot show, in plain words."
    )
    origin: str | None = Field(
        description="Where the claim was found (e.g. a section of a reviewed article)."
    )
    alternative_phrasings: list[str] = Field(description="Other ways people state the same claim.")
    sources: list[CitedSource] = Field(description="Cited sources, each with its stance.")
    caveats: list[CaveatSummary] = Field(description="Caveats that go with the claim.")
    compounds: list[CompoundRef] = Field(description="Compounds the claim is about.")
    mechanisms: list[MechanismSummary] = Field(description="Mechanisms the claim relies on.")


class ClaimMatch(ApiModel):
    """A graded claim that a sentence takes a position on: how likely, which way, and why."""

    score: float = Field(
        description=(
            "Estimated probability, 0 to 1, that the sentence takes a position on this claim "
            "(asserts, denies or mentions it); only matches at or above min_score are returned."
        ),
        examples=[0.83],
    )
    stance: vocab.MatchStance = Field(
        description=(
            "The sentence's stance toward the claim: asserts it, denies it, or mentions it "
            "(reports or questions it without taking a side). The claim's verdict grades the "
            "claim, not the sentence."
        ),
        examples=["asserts"],
    )
    matched_text: str = Field(
        description="The claim's statement or alternative phrasing the sentence came closest to.",
        examples=["Kratom can lead to dependence."],
    )
    claim: ClaimSummary = Field(
        description=(
            "The matched claim with its grade and caveats embedded, and its evidence summary and "
            "sources when include asks for them."
        )
    )
