import datetime as dt
from datetime import date

from pydantic import Field

from app import vocab
from app.schemas_base import ApiModel


class SeenAt(ApiModel):
    """Where a source's record was read: a copy or index, kept as provenance, not as the link."""

    url: str = Field(description="Address of the copy or index that was read.")
    date: dt.date = Field(description="When it was read.")


class SourceSummary(ApiModel):
    """A citable document, as it appears in lists and inside other records."""

    id: str = Field(description="Stable slug.", examples=["olsen-2019-mmwr"])
    kind: vocab.SourceKind = Field(
        description="Journal article, government document, statute or web page."
    )
    title: str = Field(description="Title exactly as the record gives it.")
    authors: list[str] = Field(
        description="Authors, PubMed style; first author first.", examples=[["Olsen EO"]]
    )
    journal: str | None = Field(
        description="Journal, for articles.", examples=["MMWR Morb Mortal Wkly Rep"]
    )
    publisher: str | None = Field(description="Issuing body, for government and legal texts.")
    year: int = Field(description="Year of publication.", examples=[2019])
    pmid: str | None = Field(
        description="PubMed id, checked against PubMed.", examples=["30973850"]
    )
    doi: str | None = Field(
        description="DOI, checked against the publisher.", examples=["10.15585/mmwr.mm6814a2"]
    )
    url: str | None = Field(
        description=(
            "The canonical record: https://doi.org/<doi> or the PubMed page for an article, the "
            "issuer's own address for a law or notice."
        )
    )
    study_design: vocab.StudyDesign = Field(description="What kind of study or document it is.")


class SourceRead(SourceSummary):
    """A source with every bibliographic and provenance field."""

    pmcid: str | None = Field(description="PubMed Central id.", examples=["PMC6474487"])
    population: str | None = Field(description="Who or what was studied.")
    n: int | None = Field(description="Number of human participants, where it applies.")
    document_number: str | None = Field(
        description="Official number of a government or legal document."
    )
    published_on: date | None = Field(description="Date of a government or legal document.")
    verified_on: date | None = Field(
        description="When the identifiers were checked against the record."
    )
    seen_at: SeenAt | None = Field(
        description="Where the record was actually read when it was checked, as provenance."
    )
    note: str | None = Field(description="What could not be verified, or other curation notes.")
