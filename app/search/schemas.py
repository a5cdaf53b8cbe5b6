from pydantic import BaseModel, Field


class SearchHit(BaseModel):
    """One matching record, ranked."""

    type: str = Field(
        description="Record type: claim, compound, caveat, source, mechanism, jurisdiction."
    )
    id: str = Field(
        description="Record slug; read it at /v1/<type>s/<id>.",
        examples=["kratom-relieves-depression-symptoms"],
    )
    title: str = Field(description="The record's title or statement.")
    snippet: str = Field(
        description="Matching text with the matched words wrapped in <mark>...</mark>."
    )
    score: float = Field(
        description="Relevance; higher is better. Comparable within one response only."
    )
    url: str = Field(
        description="Path of the record.",
        examples=["/v1/claims/kratom-relieves-depression-symptoms"],
    )
