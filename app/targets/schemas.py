from pydantic import Field

from app.compounds.schemas import MechanismRef
from app.schemas_base import ApiModel


class TargetRef(ApiModel):
    id: str = Field(description="Target slug.", examples=["mu-opioid-receptor"])
    name: str = Field(
        description="Receptor, transporter or enzyme name.", examples=["Mu-opioid receptor"]
    )
    gene_symbol: str = Field(description="HGNC gene symbol.", examples=["OPRM1"])


class TargetSummary(TargetRef):
    """A receptor, transporter or enzyme that kratom compounds are tested against."""

    family: str = Field(description="Protein family.", examples=["opioid receptor"])
    uniprot_id: str | None = Field(description="UniProt accession (human).", examples=["P35372"])


class TargetRead(TargetSummary):
    description: str = Field(description="What the target does and why it matters here.")
    mechanisms: list[MechanismRef] = Field(description="Compounds proposed to act at this target.")
