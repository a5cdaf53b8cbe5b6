from datetime import date

from pydantic import Field

from app import vocab
from app.schemas_base import ApiModel
from app.sources.schemas import SourceSummary


class RegulatorySource(ApiModel):
    source: SourceSummary = Field(description="The cited document.")
    role: vocab.SourceRole = Field(
        description="primary (the legal text or notice) or context (secondary)."
    )


class JurisdictionSummary(ApiModel):
    """The regulatory status of kratom or one alkaloid in one place."""

    id: str = Field(description="Entry slug.", examples=["us-federal-dea-2016"])
    code: str = Field(
        description="ISO 3166 code (country or subdivision); INT for international bodies.",
        examples=["US-AL"],
    )
    name: str = Field(description="Place or body.", examples=["Alabama"])
    level: vocab.JurisdictionLevel = Field(description="international, national or subnational.")
    status: vocab.RegulatoryStatus = Field(description="Status of the substances listed.")
    substances: list[str] = Field(
        description="Compound slugs covered.", examples=[["mitragynine", "7-hydroxymitragynine"]]
    )
    effective_date: date | None = Field(description="When the status took effect.")
    as_of: date = Field(description="When this entry was last checked; statuses change.")

    def topics(self) -> set[str]:
        return {vocab.ClaimCategory.regulatory.value}


class JurisdictionRead(JurisdictionSummary):
    summary: str = Field(description="What the rule says, in plain words.")
    sources: list[RegulatorySource] = Field(
        description="Primary text first; secondary pages as context."
    )
