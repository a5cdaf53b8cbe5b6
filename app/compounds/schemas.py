from pydantic import Field

from app import vocab
from app.schemas_base import ApiModel
from app.sources.schemas import SourceSummary


class CompoundRef(ApiModel):
    id: str = Field(description="Compound slug.", examples=["mitragynine"])
    name: str = Field(description="Common name.", examples=["Mitragynine"])


class CompoundSummary(CompoundRef):
    """An alkaloid, metabolite or the leaf as a whole."""

    compound_class: vocab.CompoundClass = Field(description="Chemical class, or plant material.")
    synonyms: list[str] = Field(description="Other names in use.", examples=[["MG"]])
    formula: str | None = Field(description="Molecular formula.", examples=["C23H30N2O4"])
    molar_mass: float | None = Field(description="Molar mass in g/mol.", examples=[398.5])


class MechanismRef(ApiModel):
    id: str = Field(description="Mechanism slug.", examples=["mitragynine-mor"])
    target_id: str = Field(description="Target slug.", examples=["mu-opioid-receptor"])
    compound_id: str = Field(description="Compound slug.", examples=["mitragynine"])
    action: vocab.MechanismAction = Field(description="Proposed action at the target.")
    status: vocab.MechanismStatus = Field(description="How settled the mechanism is.")


class CompoundRead(CompoundSummary):
    """A compound with its identifiers, leaf abundance, mechanisms and sources."""

    description: str = Field(description="What the compound is, in plain words.")
    pubchem_cid: int | None = Field(description="PubChem compound id.")
    cas_rn: str | None = Field(description="CAS Registry Number.")
    chembl_id: str | None = Field(description="ChEMBL id.")
    inchikey: str | None = Field(description="Standard InChIKey.")
    unii: str | None = Field(description="FDA UNII.")
    leaf_abundance: str | None = Field(
        description="Share of the leaf or its alkaloids, with the source's figure."
    )
    note: str | None = Field(description="Disagreements between sources and other notes.")
    mechanisms: list[MechanismRef] = Field(description="Proposed actions of this compound.")
    sources: list[SourceSummary] = Field(description="Sources for the identifiers and abundance.")
