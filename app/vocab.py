"""Controlled vocabularies shared by the data files, the database and the API.

Each enum's members carry a definition so that ``/v1/evidence-scale`` and the docs page are
generated from the same place the validator checks against.
"""

from enum import StrEnum


class Certainty(StrEnum):
    """GRADE certainty in the body of evidence behind a claim."""

    high = "high"
    moderate = "moderate"
    low = "low"
    very_low = "very_low"

    @property
    def rank(self) -> int:
        return _CERTAINTY_RANK[self]


_CERTAINTY_RANK = {
    Certainty.very_low: 1,
    Certainty.low: 2,
    Certainty.moderate: 3,
    Certainty.high: 4,
}


class Verdict(StrEnum):
    """How well the claim, as people state it, holds up."""

    supported = "supported"
    partially_supported = "partially_supported"
    insufficient_evidence = "insufficient_evidence"
    not_supported = "not_supported"
    contradicted = "contradicted"


class EvidenceLevel(StrEnum):
    """The best study design behind a claim, strongest first."""

    systematic_review_of_rcts = "systematic_review_of_rcts"
    rct = "rct"
    controlled_observational = "controlled_observational"
    uncontrolled_observational = "uncontrolled_observational"
    case_report = "case_report"
    animal = "animal"
    in_vitro = "in_vitro"
    in_silico = "in_silico"
    expert_or_regulatory_statement = "expert_or_regulatory_statement"


class DowngradeReason(StrEnum):
    """The five GRADE domains for rating certainty down."""

    risk_of_bias = "risk_of_bias"
    inconsistency = "inconsistency"
    indirectness = "indirectness"
    imprecision = "imprecision"
    publication_bias = "publication_bias"


class MatchStance(StrEnum):
    """A sentence's stance toward a claim it matched."""

    asserts = "asserts"
    denies = "denies"
    mentions = "mentions"


class Stance(StrEnum):
    supports = "supports"
    contradicts = "contradicts"
    context = "context"


class StudyDesign(StrEnum):
    """What kind of document or study a source is."""

    systematic_review = "systematic_review"
    narrative_review = "narrative_review"
    rct = "rct"
    controlled_observational = "controlled_observational"
    uncontrolled_trial = "uncontrolled_trial"
    cross_sectional_survey = "cross_sectional_survey"
    ecological_momentary_assessment = "ecological_momentary_assessment"
    case_report = "case_report"
    case_series = "case_series"
    surveillance = "surveillance"
    animal = "animal"
    in_vitro = "in_vitro"
    in_silico = "in_silico"
    regulatory_document = "regulatory_document"
    legal_text = "legal_text"
    reference_database = "reference_database"


PRECLINICAL_DESIGNS = frozenset({StudyDesign.animal, StudyDesign.in_vitro, StudyDesign.in_silico})
CONTROLLED_DESIGNS = frozenset({StudyDesign.rct, StudyDesign.controlled_observational})


class SourceKind(StrEnum):
    journal_article = "journal_article"
    government_document = "government_document"
    legal_text = "legal_text"
    web_page = "web_page"


class ClaimCategory(StrEnum):
    efficacy = "efficacy"
    mechanism = "mechanism"
    pharmacokinetics = "pharmacokinetics"
    safety = "safety"
    regulatory = "regulatory"
    botany = "botany"
    clinical_practice = "clinical_practice"
    epidemiology = "epidemiology"


class Condition(StrEnum):
    """Health conditions and uses that claims are about."""

    depression = "depression"
    anxiety = "anxiety"
    opioid_use_disorder = "opioid_use_disorder"
    opioid_withdrawal = "opioid_withdrawal"
    substance_use_disorder = "substance_use_disorder"
    pain = "pain"
    self_harm = "self_harm"


class MechanismAction(StrEnum):
    agonist = "agonist"
    partial_agonist = "partial_agonist"
    antagonist = "antagonist"
    competitive_antagonist = "competitive_antagonist"
    inhibitor = "inhibitor"
    substrate = "substrate"
    binder = "binder"


class MechanismStatus(StrEnum):
    established = "established"
    proposed = "proposed"
    disputed = "disputed"
    speculative = "speculative"


class MeasurementRelation(StrEnum):
    """How the reported value relates to the true one (ChEMBL's standard_relation): ``=`` for a
    measured value, ``>`` when the effect stayed below half-maximal at the highest concentration
    tested, and so on."""

    eq = "="
    gt = ">"
    ge = ">="
    lt = "<"
    le = "<="


class MeasurementParameter(StrEnum):
    Ki = "Ki"
    EC50 = "EC50"
    IC50 = "IC50"
    Emax = "Emax"
    ED50 = "ED50"


class CaveatCategory(StrEnum):
    dependence = "dependence"
    withdrawal = "withdrawal"
    abuse_liability = "abuse_liability"
    hepatotoxicity = "hepatotoxicity"
    interaction = "interaction"
    contamination = "contamination"
    adulteration = "adulteration"
    overdose = "overdose"
    seizure = "seizure"
    cardiovascular = "cardiovascular"
    pregnancy_neonatal = "pregnancy_neonatal"
    product_variability = "product_variability"
    evidence_gap = "evidence_gap"
    regulatory = "regulatory"


class Severity(StrEnum):
    info = "info"
    moderate = "moderate"
    serious = "serious"
    critical = "critical"


class RegulatoryStatus(StrEnum):
    unregulated = "unregulated"
    regulated = "regulated"
    controlled = "controlled"
    prohibited = "prohibited"
    under_review = "under_review"


class JurisdictionLevel(StrEnum):
    international = "international"
    national = "national"
    subnational = "subnational"


class DocumentKind(StrEnum):
    web_article = "web_article"
    news = "news"
    journal_article = "journal_article"
    social_media = "social_media"


DEFINITIONS: dict[type[StrEnum], dict[str, str]] = {
    Certainty: {
        "high": "Further research is very unlikely to change confidence in the estimate. For "
        "laboratory findings: independent laboratories agree.",
        "moderate": "Further research is likely to change confidence and may change the "
        "estimate. For laboratory findings: one laboratory, or agreement on direction only.",
        "low": "Further research is very likely to change the estimate. For laboratory "
        "findings: results conflict between laboratories or assays.",
        "very_low": "Any estimate is very uncertain. Animal, cell or computer findings offered "
        "as evidence of an effect in people sit here.",
    },
    Verdict: {
        "supported": "The evidence directly backs the claim as people state it.",
        "partially_supported": "Part of the claim holds (for example in animals but not in "
        "people, or for one alkaloid but not another).",
        "insufficient_evidence": "No adequate study exists to decide either way.",
        "not_supported": "Studies looked for the effect and did not find it.",
        "contradicted": "Good evidence shows the opposite of the claim.",
    },
    EvidenceLevel: {
        "systematic_review_of_rcts": "A systematic review or meta-analysis of randomised trials.",
        "rct": "At least one randomised controlled trial.",
        "controlled_observational": "A cohort, case-control or other study with a comparison group.",
        "uncontrolled_observational": "Surveys, ecological momentary assessment, surveillance "
        "counts and other studies without a comparison group.",
        "case_report": "Reports of single patients or small case series.",
        "animal": "Experiments in animals.",
        "in_vitro": "Experiments on cells, membranes or enzymes.",
        "in_silico": "Computer models and docking only.",
        "expert_or_regulatory_statement": "A statement by an expert body, regulator or statute.",
    },
    DowngradeReason: {
        "risk_of_bias": "Flaws in design or conduct (self-selection, no control group, "
        "self-report, confounding).",
        "inconsistency": "Studies disagree more than chance explains.",
        "indirectness": "The studies answer a different question (other population, other "
        "substance, animals or cells instead of people, surrogate outcomes).",
        "imprecision": "Few participants or events; wide confidence intervals.",
        "publication_bias": "Studies with unwelcome results are likely missing.",
    },
}


class CompoundClass(StrEnum):
    indole_alkaloid = "indole_alkaloid"
    oxindole_alkaloid = "oxindole_alkaloid"
    metabolite = "metabolite"
    plant_material = "plant_material"


class Relevance(StrEnum):
    """What a mechanism is proposed to matter for."""

    depression = "depression"
    opioid_withdrawal = "opioid_withdrawal"
    analgesia = "analgesia"
    abuse_liability = "abuse_liability"
    respiratory_depression = "respiratory_depression"
    drug_interaction = "drug_interaction"
    metabolism = "metabolism"


class SourceRole(StrEnum):
    """How a regulatory entry uses a source: the primary text, or secondary context."""

    primary = "primary"
    context = "context"


ALWAYS = "always"
# Topics a disclaimer can be scoped to: anything a returned record can be about.
TOPICS = frozenset(
    {c.value for c in Condition}
    | {c.value for c in ClaimCategory}
    | {c.value for c in CaveatCategory}
)
