"""The dataset's records: sources, compounds, targets, mechanisms, claims, caveats, places, texts."""

import datetime as dt

from kratom_evidence.models.common import Model


class CompoundRef(Model):
    id: str
    name: str


class TargetRef(Model):
    id: str
    name: str
    gene_symbol: str


class MechanismRef(Model):
    id: str
    compound_id: str
    target_id: str
    action: str
    status: str


class SeenAt(Model):
    url: str
    date: dt.date


class SourceSummary(Model):
    id: str
    kind: str
    title: str
    authors: list[str]
    journal: str | None
    publisher: str | None
    year: int
    pmid: str | None
    doi: str | None
    url: str | None
    study_design: str


class SourceRead(SourceSummary):
    pmcid: str | None
    document_number: str | None
    published_on: dt.date | None
    seen_at: SeenAt | None
    population: str | None
    n: int | None
    note: str | None
    verified_on: dt.date | None


class CitedSource(Model):
    source: SourceSummary
    stance: str
    note: str | None


class CaveatSummary(Model):
    id: str
    category: str
    severity: str
    statement: str


class CaveatRead(CaveatSummary):
    compounds: list[CompoundRef]
    sources: list[SourceSummary]


class CompoundSummary(Model):
    id: str
    name: str
    synonyms: list[str]
    compound_class: str
    formula: str | None
    molar_mass: float | None


class CompoundRead(CompoundSummary):
    description: str
    pubchem_cid: int | None
    cas_rn: str | None
    chembl_id: str | None
    inchikey: str | None
    unii: str | None
    leaf_abundance: str | None
    note: str | None
    mechanisms: list[MechanismRef]
    sources: list[SourceSummary]


class TargetSummary(Model):
    id: str
    name: str
    gene_symbol: str
    family: str
    uniprot_id: str | None


class TargetRead(TargetSummary):
    description: str
    mechanisms: list[MechanismRef]


class MeasurementRead(Model):
    parameter: str
    relation: str
    value: float
    unit: str
    species: str
    assay: str
    source_id: str
    note: str | None


class MechanismSummary(Model):
    id: str
    compound: CompoundRef
    target: TargetRef
    action: str
    status: str
    relevance: list[str]
    summary: str


class MechanismRead(MechanismSummary):
    measurements: list[MeasurementRead]
    sources: list[SourceSummary]


class ClaimSummary(Model):
    """A claim in a list; ``sources``, ``caveats``, ``compounds`` and ``evidence_summary`` are
    filled only when asked for with ``include``."""

    id: str
    statement: str
    category: str
    conditions: list[str]
    verdict: str
    certainty: str
    evidence_level: str
    downgrade_reasons: list[str]
    last_reviewed: dt.date
    claimreview_url: str
    evidence_summary: str | None = None
    compounds: list[CompoundRef] | None = None
    sources: list[CitedSource] | None = None
    caveats: list[CaveatSummary] | None = None


class ClaimRead(Model):
    id: str
    statement: str
    category: str
    conditions: list[str]
    verdict: str
    certainty: str
    evidence_level: str
    downgrade_reasons: list[str]
    last_reviewed: dt.date
    claimreview_url: str
    evidence_summary: str
    about_people: bool
    alternative_phrasings: list[str]
    origin: str | None
    compounds: list[CompoundRef]
    mechanisms: list[MechanismSummary]
    sources: list[CitedSource]
    caveats: list[CaveatSummary]


class RegulatorySource(Model):
    source: SourceSummary
    role: str


class JurisdictionSummary(Model):
    id: str
    code: str
    name: str
    level: str
    status: str
    substances: list[str]
    effective_date: dt.date | None
    as_of: dt.date


class JurisdictionRead(JurisdictionSummary):
    summary: str
    sources: list[RegulatorySource]


class DisclaimerRead(Model):
    id: str
    text: str
    scope: list[str]
    severity: str


class DocumentSummary(Model):
    id: str
    title: str
    kind: str
    url: str | None
    reviewed_on: dt.date


class DocumentItemRead(Model):
    key: str
    location: str
    paraphrase: str
    claim: ClaimSummary


class DocumentRead(DocumentSummary):
    description: str
    claims: list[DocumentItemRead]
