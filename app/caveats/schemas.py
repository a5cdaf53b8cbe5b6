from pydantic import Field

from app import vocab
from app.compounds.schemas import CompoundRef
from app.schemas_base import ApiModel
from app.sources.schemas import SourceSummary


class CaveatSummary(ApiModel):
    """A risk or limit to keep in mind."""

    id: str = Field(description="Caveat slug.", examples=["dependence-and-withdrawal"])
    category: vocab.CaveatCategory = Field(description="Kind of risk or limit.")
    severity: vocab.Severity = Field(description="How serious it is.")
    statement: str = Field(description="The caveat in plain words.")

    def topics(self) -> set[str]:
        return {self.category.value}


class CaveatRead(CaveatSummary):
    compounds: list[CompoundRef] = Field(description="Compounds it applies to.")
    sources: list[SourceSummary] = Field(description="Sources behind it.")
