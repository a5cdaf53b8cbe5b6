from datetime import date

from pydantic import Field

from app import vocab
from app.claims.schemas import ClaimSummary
from app.schemas_base import ApiModel


class DocumentItemRead(ApiModel):
    """One statement of a reviewed document and the graded claim it maps to."""

    key: str = Field(description="Stable key within the document.", examples=["S1"])
    location: str = Field(description="Where in the document the statement is.")
    paraphrase: str = Field(description="The statement, paraphrased.")
    claim: ClaimSummary = Field(description="The dataset claim that grades it.")


class DocumentSummary(ApiModel):
    """A public text whose claims the dataset reviews, like a fact-check."""

    id: str = Field(description="Document slug.", examples=["seed-article-kratom-depression-sud"])
    title: str = Field(description="Title of the reviewed text.")
    kind: vocab.DocumentKind = Field(description="What kind of text it is.")
    url: str | None = Field(description="Where it was published, if known.")
    reviewed_on: date = Field(description="When the review was done.")


class DocumentRead(DocumentSummary):
    description: str = Field(description="What the text is and why it was reviewed.")
    claims: list[DocumentItemRead] = Field(
        description="Each statement with the claim that grades it."
    )

    def topics(self) -> set[str]:
        return set().union(*(item.claim.topics() for item in self.claims))
