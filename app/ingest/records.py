"""File-level record models: one per YAML file, strict, unknown fields rejected."""

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, model_validator

from app import vocab

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=120)]
Text = Annotated[str, Field(min_length=1)]
Pmid = Annotated[str, Field(pattern=r"^[1-9][0-9]{0,8}$")]
Pmcid = Annotated[str, Field(pattern=r"^PMC[0-9]+$")]
Doi = Annotated[str, Field(pattern=r"^10\.[0-9]{4,9}/[^\s]+$")]
HttpUrl = Annotated[str, Field(pattern=r"^https?://[^\s]+$")]


# YAML gives strings; strict mode would otherwise demand enum instances.
LAX = Strict(False)


def _cas_check_digit(value: str) -> str:
    digits = value.replace("-", "")
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (i + 1) for i, d in enumerate(reversed(body)))
    if total % 10 != check:
        raise ValueError(f"CAS RN {value} fails its check digit")
    return value


CasRn = Annotated[
    str, Field(pattern=r"^[0-9]{2,7}-[0-9]{2}-[0-9]$"), AfterValidator(_cas_check_digit)
]


def _not_future(value: date) -> date:
    if value > date.today():
        raise ValueError(f"date {value.isoformat()} is in the future")
    return value


PastDate = Annotated[date, AfterValidator(_not_future)]


class FileRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SeenAtRecord(FileRecord):
    """Where a source's record was actually read (a copy, a mirror, an index): provenance."""

    url: HttpUrl
    date: PastDate


class SourceRecord(FileRecord):
    id: Slug
    kind: Annotated[vocab.SourceKind, LAX]
    title: Text
    authors: list[Text] = Field(min_length=1)
    journal: Text | None = None
    publisher: Text | None = None
    year: int = Field(ge=1800, le=2100)
    pmid: Pmid | None = None
    pmcid: Pmcid | None = None
    doi: Doi | None = None
    url: HttpUrl | None = None
    study_design: Annotated[vocab.StudyDesign, LAX]
    population: Text | None = None
    n: int | None = Field(default=None, ge=1)
    document_number: Text | None = None
    published_on: PastDate | None = None
    verified_on: PastDate | None = None
    seen_at: SeenAtRecord | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _locatable(self) -> "SourceRecord":
        if not (self.pmid or self.doi or self.url or self.seen_at):
            raise ValueError(
                "a source needs at least one of pmid, doi or url (or, when no canonical record "
                "can be found, seen_at: the copy it was read on)"
            )
        if (self.pmid or self.doi) and self.verified_on is None:
            raise ValueError("a source with a PMID or DOI needs verified_on (when it was checked)")
        return self


class CompoundRecord(FileRecord):
    id: Slug
    name: Text
    synonyms: list[Text] = []
    compound_class: Annotated[vocab.CompoundClass, LAX]
    description: Text
    pubchem_cid: int | None = Field(default=None, ge=1)
    cas_rn: CasRn | None = None
    chembl_id: Annotated[str, Field(pattern=r"^CHEMBL[0-9]+$")] | None = None
    inchikey: Annotated[str, Field(pattern=r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$")] | None = None
    unii: Annotated[str, Field(pattern=r"^[A-Z0-9]{10}$")] | None = None
    formula: Annotated[str, Field(pattern=r"^([A-Z][a-z]?[0-9]*)+$")] | None = None
    molar_mass: float | None = Field(default=None, gt=0)
    leaf_abundance: Text | None = None
    note: Text | None = None
    sources: list[Slug] = Field(min_length=1)


class TargetRecord(FileRecord):
    id: Slug
    name: Text
    gene_symbol: Annotated[str, Field(pattern=r"^[A-Z0-9]+$")]
    family: Text
    uniprot_id: (
        Annotated[
            str,
            Field(
                pattern=r"^[OPQ][0-9][A-Z0-9]{3}[0-9]$|^[A-NR-Z][0-9]([A-Z][A-Z0-9]{2}[0-9]){1,2}$"
            ),
        ]
        | None
    ) = None
    description: Text


class MeasurementRecord(FileRecord):
    parameter: Annotated[vocab.MeasurementParameter, LAX]
    relation: Annotated[vocab.MeasurementRelation, LAX] = vocab.MeasurementRelation.eq
    value: float
    unit: Annotated[str, Field(pattern=r"^(nM|uM|mM|%|mg/kg)$")]
    species: Text
    assay: Text
    source: Slug
    note: Text | None = None


class MechanismRecord(FileRecord):
    id: Slug
    compound: Slug
    target: Slug
    action: Annotated[vocab.MechanismAction, LAX]
    status: Annotated[vocab.MechanismStatus, LAX]
    relevance: list[Annotated[vocab.Relevance, LAX]] = []
    summary: Text
    measurements: list[MeasurementRecord] = []
    sources: list[Slug] = Field(min_length=1)


class CitedSource(FileRecord):
    source: Slug
    stance: Annotated[vocab.Stance, LAX]
    note: Text | None = None


class ClaimRecord(FileRecord):
    id: Slug
    statement: Text
    category: Annotated[vocab.ClaimCategory, LAX]
    conditions: list[Annotated[vocab.Condition, LAX]] = []
    compounds: list[Slug] = []
    mechanisms: list[Slug] = []
    about_people: bool = Field(
        default=True,
        description="The claim is about an effect in people; false for laboratory, product or legal facts.",
    )
    verdict: Annotated[vocab.Verdict, LAX]
    certainty: Annotated[vocab.Certainty, LAX]
    evidence_level: Annotated[vocab.EvidenceLevel, LAX]
    downgrade_reasons: list[Annotated[vocab.DowngradeReason, LAX]] = []
    evidence_summary: Annotated[str, Field(min_length=80)]
    sources: list[CitedSource] = Field(min_length=1)
    caveats: list[Slug] = []
    origin: Text | None = None
    alternative_phrasings: list[Text] = []
    last_reviewed: PastDate


class CaveatRecord(FileRecord):
    id: Slug
    category: Annotated[vocab.CaveatCategory, LAX]
    severity: Annotated[vocab.Severity, LAX]
    statement: Text
    compounds: list[Slug] = []
    sources: list[Slug] = Field(min_length=1)


class RegulatorySource(FileRecord):
    source: Slug
    role: Annotated[vocab.SourceRole, LAX]


class JurisdictionRecord(FileRecord):
    id: Slug
    code: Annotated[str, Field(pattern=r"^(INT|[A-Z]{2}(-[A-Z0-9]{1,3})?)$")]
    name: Text
    level: Annotated[vocab.JurisdictionLevel, LAX]
    status: Annotated[vocab.RegulatoryStatus, LAX]
    substances: list[Slug] = Field(min_length=1)
    effective_date: PastDate | None = None
    as_of: PastDate
    summary: Text
    sources: list[RegulatorySource] = Field(min_length=1)


class DisclaimerRecord(FileRecord):
    id: Slug
    text: Text
    scope: list[Text] = Field(min_length=1)
    severity: Annotated[vocab.Severity, LAX]


class DocumentItem(FileRecord):
    key: Annotated[str, Field(pattern=r"^[A-Z][0-9]+$")]
    location: Text
    paraphrase: Text
    claim: Slug


class DocumentRecord(FileRecord):
    id: Slug
    title: Text
    kind: Annotated[vocab.DocumentKind, LAX]
    url: HttpUrl | None = None
    description: Text
    reviewed_on: PastDate
    claims: list[DocumentItem] = Field(min_length=1)


CALVER = re.compile(r"^[0-9]{4}\.[0-9]{2}\.[0-9]{2}(\.[0-9]+)?$")


class ChangelogEntry(FileRecord):
    version: Annotated[str, Field(pattern=CALVER.pattern)]
    date: PastDate
    changes: list[Text] = Field(min_length=1)


class DatasetRecord(FileRecord):
    version: Annotated[str, Field(pattern=CALVER.pattern)]
    released_on: PastDate
    license: Text
    changelog: list[ChangelogEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _current_release_logged(self) -> "DatasetRecord":
        if self.changelog[0].version != self.version:
            raise ValueError("the first changelog entry must describe the current version")
        return self
