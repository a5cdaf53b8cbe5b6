"""A graded claim as an R5 ``Evidence``: the statement, its GRADE certainty and its sources."""

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from app import vocab
from app.envelope import DisclaimerRef
from app.fhir.common import (
    BASE_URI,
    CERTAINTY_RATING,
    CERTAINTY_TYPE,
    CLAIM_ID_SYSTEM,
    PUBLISHER,
    STUDY_DESIGN,
    coding,
    concept,
    disclaimer_meta,
    fhir_id,
    in_words,
)

VARIABLE_ROLE = "http://terminology.hl7.org/CodeSystem/variable-role"

# GRADE certainty -> certainty-rating code.
RATING: Mapping[vocab.Certainty, str] = MappingProxyType(
    {
        vocab.Certainty.high: "high",
        vocab.Certainty.moderate: "moderate",
        vocab.Certainty.low: "low",
        vocab.Certainty.very_low: "very-low",
    }
)
# GRADE domain -> certainty-type code.
DOMAIN: Mapping[vocab.DowngradeReason, str] = MappingProxyType(
    {
        vocab.DowngradeReason.risk_of_bias: "RiskOfBias",
        vocab.DowngradeReason.inconsistency: "Inconsistency",
        vocab.DowngradeReason.indirectness: "Indirectness",
        vocab.DowngradeReason.imprecision: "Imprecision",
        vocab.DowngradeReason.publication_bias: "PublicationBias",
    }
)
# The data names the domains a claim was rated down for, not by how much: each is at least a
# serious concern, the smallest concern that lowers a GRADE rating.
DOMAIN_RATING = "serious-concern"

# Evidence level -> study-design (SEVCO) codes, where one fits; the level in words is always the
# concept's text. Laboratory, animal, computer and expert evidence have no SEVCO design: text only.
STUDY_DESIGNS: Mapping[vocab.EvidenceLevel, tuple[str, ...]] = MappingProxyType(
    {
        # The reviewed trials' design; the review itself is not a SEVCO design code.
        vocab.EvidenceLevel.systematic_review_of_rcts: ("SEVCO:01003",),
        vocab.EvidenceLevel.rct: ("SEVCO:01003",),  # randomized assignment
        # observational research; comparative study design
        vocab.EvidenceLevel.controlled_observational: ("SEVCO:01002", "SEVCO:01010"),
        # observational research; non-comparative study design
        vocab.EvidenceLevel.uncontrolled_observational: ("SEVCO:01002", "SEVCO:01023"),
        # observational research; a single participant evaluated
        vocab.EvidenceLevel.case_report: ("SEVCO:01002", "SEVCO:01017"),
        vocab.EvidenceLevel.animal: (),
        vocab.EvidenceLevel.in_vitro: (),
        vocab.EvidenceLevel.in_silico: (),
        vocab.EvidenceLevel.expert_or_regulatory_statement: (),
    }
)


def study_design(level: vocab.EvidenceLevel) -> dict[str, object]:
    text = f"{in_words(level)}: {vocab.DEFINITIONS[vocab.EvidenceLevel][level]}"
    codes = STUDY_DESIGNS[level]
    found: dict[str, object] = {"text": text}
    if codes:
        found["coding"] = [coding(STUDY_DESIGN, code) for code in codes]
    return found


def certainty(claim: Mapping[str, Any]) -> dict[str, object]:
    """The overall GRADE rating with one subcomponent per domain it was rated down for."""
    grade = vocab.Certainty(claim["certainty"])
    overall: dict[str, object] = {
        "description": f"GRADE certainty of the evidence: {in_words(grade)}. "
        + vocab.DEFINITIONS[vocab.Certainty][grade],
        "type": concept(CERTAINTY_TYPE, "Overall", "Overall certainty"),
        "rating": concept(CERTAINTY_RATING, RATING[grade]),
        "rater": PUBLISHER,
    }
    reasons = [vocab.DowngradeReason(r) for r in claim.get("downgrade_reasons", [])]
    if reasons:
        overall["subcomponent"] = [
            {
                "description": vocab.DEFINITIONS[vocab.DowngradeReason][reason],
                "type": concept(CERTAINTY_TYPE, DOMAIN[reason]),
                "rating": concept(CERTAINTY_RATING, DOMAIN_RATING),
            }
            for reason in reasons
        ]
    return overall


def variables(claim: Mapping[str, Any], compounds: Mapping[str, str]) -> list[dict[str, object]]:
    """What the claim is about: the exposure (its compounds, or kratom) and, when it names
    conditions, the population. R5 requires at least one variable definition."""
    exposed = [compounds.get(c, c) for c in claim.get("compounds", [])] or ["kratom"]
    found: list[dict[str, object]] = [
        {
            "description": "Exposure: " + ", ".join(exposed),
            "variableRole": concept(VARIABLE_ROLE, "exposure"),
        }
    ]
    conditions = claim.get("conditions", [])
    if conditions:
        found.append(
            {
                "description": "Population: people with or using it for "
                + ", ".join(in_words(c) for c in conditions),
                "variableRole": concept(VARIABLE_ROLE, "population"),
            }
        )
    return found


def build_evidence(
    claim: Mapping[str, Any],
    *,
    compounds: Mapping[str, str],
    disclaimers: Sequence[DisclaimerRef],
) -> dict[str, object]:
    """One claim as Evidence; ``compounds`` maps compound ids to names."""
    resource_id = fhir_id(claim["id"])
    return {
        "resourceType": "Evidence",
        "id": resource_id,
        "meta": disclaimer_meta(disclaimers),
        "url": f"{BASE_URI}/Evidence/{resource_id}",
        "identifier": [{"system": CLAIM_ID_SYSTEM, "value": claim["id"]}],
        "title": claim["statement"],
        "status": "active",
        "lastReviewDate": claim["last_reviewed"],
        "publisher": PUBLISHER,
        "description": claim["statement"],
        "assertion": claim["statement"],
        "note": [{"text": claim["evidence_summary"]}],
        "relatedArtifact": [
            {
                "type": "citation",
                "label": cited["stance"],
                "display": cited.get("note") or f"{cited['stance']}: {cited['source']}",
                "resourceReference": {"reference": f"Citation/{fhir_id(cited['source'])}"},
            }
            for cited in claim["sources"]
        ],
        "variableDefinition": variables(claim, compounds),
        "studyDesign": [study_design(vocab.EvidenceLevel(claim["evidence_level"]))],
        "certainty": [certainty(claim)],
    }
