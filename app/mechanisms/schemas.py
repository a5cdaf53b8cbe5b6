from pydantic import Field

from app import vocab
from app.compounds.schemas import CompoundRef
from app.schemas_base import ApiModel
from app.sources.schemas import SourceSummary
from app.targets.schemas import TargetRef


class MeasurementRead(ApiModel):
    """One measured value (ChEMBL-style activity) behind a mechanism."""

    parameter: vocab.MeasurementParameter = Field(description="Ki, EC50, IC50, Emax or ED50.")
    relation: vocab.MeasurementRelation = Field(
        description=(
            "How the true value relates to `value`: `=` when measured; `>` (or `<`) when the "
            "study only bounds it, e.g. IC50 > 45 uM when inhibition stayed under half at the "
            "highest concentration tested."
        ),
        examples=["="],
    )
    value: float = Field(description="The reported value (or bound; see relation).", examples=[7.2])
    unit: str = Field(description="nM, uM, % (Emax) or mg/kg.", examples=["nM"])
    species: str = Field(description="Species of the receptor or animal.", examples=["human"])
    assay: str = Field(description="Assay used.", examples=["[35S]GTPgammaS binding, HEK cells"])
    source_id: str = Field(description="Source that reported the value.")
    note: str | None = Field(description="Caveats about the value.")


class MechanismSummary(ApiModel):
    """A proposed compound -> target action."""

    id: str = Field(description="Mechanism slug.", examples=["mitragynine-mor"])
    compound: CompoundRef = Field(description="The acting compound.")
    target: TargetRef = Field(description="The target acted on.")
    action: vocab.MechanismAction = Field(description="Proposed action.")
    status: vocab.MechanismStatus = Field(
        description="established, proposed, disputed or speculative."
    )
    relevance: list[vocab.Relevance] = Field(
        description="What the mechanism is proposed to matter for."
    )
    summary: str = Field(description="What the studies found, in plain words.")

    def topics(self) -> set[str]:
        return {r.value for r in self.relevance} & vocab.TOPICS


class MechanismRead(MechanismSummary):
    measurements: list[MeasurementRead] = Field(
        description="Measured values, each with its source."
    )
    sources: list[SourceSummary] = Field(description="Sources for the mechanism.")
