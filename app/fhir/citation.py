"""A cited source as an R5 ``Citation``: identifiers, title, where it was published, its authors."""

from collections.abc import Mapping, Sequence
from typing import Any

from app.envelope import DisclaimerRef
from app.fhir.common import BASE_URI, SOURCE_ID_SYSTEM, disclaimer_meta, fhir_id, in_words

# Identifier systems for the cited work (the services that issue or resolve each identifier).
PUBMED = "https://pubmed.ncbi.nlm.nih.gov"
DOI = "https://doi.org"
PMC = "https://www.ncbi.nlm.nih.gov/pmc"
_IDENTIFIERS = (("pmid", PUBMED), ("doi", DOI), ("pmcid", PMC))


def cited_identifiers(source: Mapping[str, Any]) -> list[dict[str, object]]:
    return [
        {"system": system, "value": source[field]}
        for field, system in _IDENTIFIERS
        if source.get(field)
    ]


def publication_form(source: Mapping[str, Any]) -> dict[str, object]:
    """Where and when it appeared: the journal (or publisher) and the year, the day when known."""
    form: dict[str, object] = {"publicationDateText": str(source["year"])}
    venue = source.get("journal") or source.get("publisher")
    if venue:
        published_in: dict[str, object] = {"title": venue}
        if source.get("journal") and source.get("publisher"):
            published_in["publisher"] = {"display": source["publisher"]}
        form["publishedIn"] = published_in
    form["articleDate"] = source.get("published_on") or str(source["year"])
    return form


def build_citation(
    source: Mapping[str, Any], *, disclaimers: Sequence[DisclaimerRef]
) -> dict[str, object]:
    """One source as a Citation. The web location is the canonical record (``url``); where the
    record was read (``seen_at``) is provenance and stays out."""
    resource_id = fhir_id(source["id"])
    artifact: dict[str, object] = {}
    identifiers = cited_identifiers(source)
    if identifiers:
        artifact["identifier"] = identifiers
    artifact["title"] = [{"text": source["title"]}]
    artifact["publicationForm"] = [publication_form(source)]
    if source.get("url"):
        artifact["webLocation"] = [{"url": source["url"]}]
    artifact["classification"] = [
        {
            "type": {"text": "kind of document"},
            "classifier": [{"text": in_words(source["kind"])}],
        },
        {
            "type": {"text": "study design"},
            "classifier": [{"text": in_words(source["study_design"])}],
        },
    ]
    authors = source.get("authors", [])
    if authors:
        artifact["contributorship"] = {
            "complete": True,
            "entry": [
                {"contributor": {"display": name}, "rankingOrder": rank}
                for rank, name in enumerate(authors, start=1)
            ],
            "summary": [{"value": ", ".join(authors)}],
        }
    return {
        "resourceType": "Citation",
        "id": resource_id,
        "meta": disclaimer_meta(disclaimers),
        "url": f"{BASE_URI}/Citation/{resource_id}",
        "identifier": [{"system": SOURCE_ID_SYSTEM, "value": source["id"]}],
        "title": source["title"],
        "status": "active",
        "citedArtifact": artifact,
    }
