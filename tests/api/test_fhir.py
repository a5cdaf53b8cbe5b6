"""The FHIR R5 view: every resource of the real dataset validates; read, search, paging, errors."""

import json
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from fhir.resources import get_fhir_model_class
from pydantic import ValidationError

from app.ingest.validate import Dataset
from tests.helpers import ALWAYS_ON

FHIR_JSON = "application/fhir+json"
VERDICT_SYSTEM = "https://kratom-evidence.invalid/fhir/CodeSystem/verdict"
DISCLAIMER_SYSTEM = "https://kratom-evidence.invalid/fhir/CodeSystem/disclaimer"


def valid_r5(body: dict[str, Any]) -> dict[str, Any]:
    """The body parses as its R5 model (fhir.resources' default release is R5)."""
    get_fhir_model_class(body["resourceType"]).model_validate(body)
    return body


def fhir(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == FHIR_JSON
    return valid_r5(response.json())


def tags(resource: dict[str, Any]) -> set[str]:
    return {t["code"] for t in resource["meta"]["tag"] if t["system"] == DISCLAIMER_SYSTEM}


def walk(client: TestClient, url: str) -> list[dict[str, Any]]:
    """Every entry of a search, following the Bundles' next links (each page validated)."""
    found: list[dict[str, Any]] = []
    while url:
        page = fhir(client.get(url))
        assert page["type"] == "searchset"
        found += [entry["resource"] for entry in page["entry"]]
        nxt = [link["url"] for link in page["link"] if link["relation"] == "next"]
        parts = urlsplit(nxt[0]) if nxt else None
        url = f"{parts.path}?{parts.query}" if parts else ""
    return found


def test_the_validator_rejects_what_r5_forbids() -> None:
    """The validation below can fail: an Evidence without its required variableDefinition does."""
    with pytest.raises(ValidationError):
        valid_r5({"resourceType": "Evidence", "status": "active"})
    with pytest.raises(ValidationError):
        valid_r5({"resourceType": "Citation", "status": "active", "bogus": 1})


def test_every_evidence_and_assessment_of_the_real_dataset_validates(
    client: TestClient, dataset: Dataset
) -> None:
    for claim in dataset.claims:
        evidence = fhir(client.get(f"/fhir/Evidence/{claim.id}"))
        assert evidence["description"] == claim.statement
        [overall] = evidence["certainty"]
        assert overall["type"]["coding"][0]["code"] == "Overall"
        rating = overall["rating"]["coding"][0]
        assert rating["system"] == "http://hl7.org/fhir/certainty-rating"
        assert rating["code"] == claim.certainty.value.replace("_", "-")
        domains = [s["type"]["coding"][0]["code"] for s in overall.get("subcomponent", [])]
        assert len(domains) == len(claim.downgrade_reasons)
        cited = [a["resourceReference"]["reference"] for a in evidence["relatedArtifact"]]
        assert cited == [f"Citation/{s.source}" for s in claim.sources]
        assessment = fhir(client.get(f"/fhir/ArtifactAssessment/{claim.id}"))
        assert assessment["artifactReference"]["reference"] == f"Evidence/{claim.id}"
        [content] = assessment["content"]
        assert content["classifier"][0]["coding"][0]["system"] == VERDICT_SYSTEM
        assert content["classifier"][0]["coding"][0]["code"] == claim.verdict.value
        assert tags(evidence) >= ALWAYS_ON


def test_every_citation_of_the_real_dataset_validates(client: TestClient, dataset: Dataset) -> None:
    for source in dataset.sources:
        citation = fhir(client.get(f"/fhir/Citation/{source.id}"))
        artifact = citation["citedArtifact"]
        identifiers = {i["system"]: i["value"] for i in artifact.get("identifier", [])}
        assert identifiers.get("https://pubmed.ncbi.nlm.nih.gov") == source.pmid
        assert identifiers.get("https://doi.org") == source.doi
        assert identifiers.get("https://www.ncbi.nlm.nih.gov/pmc") == source.pmcid
        locations = [w["url"] for w in artifact.get("webLocation", [])]
        assert locations == ([source.url] if source.url else [])
        if source.seen_at is not None:
            assert source.seen_at.url not in json.dumps(citation)
        names = [e["contributor"]["display"] for e in artifact["contributorship"]["entry"]]
        assert names == list(source.authors)
        assert str(source.year) in artifact["publicationForm"][0]["articleDate"]


def test_every_search_page_validates_and_paging_reaches_every_resource(
    client: TestClient, dataset: Dataset
) -> None:
    expected = {
        "Evidence": [c.id for c in dataset.claims],
        "ArtifactAssessment": [c.id for c in dataset.claims],
        "Citation": [s.id for s in dataset.sources],
        "CodeSystem": ["verdict"],
    }
    for resource_type, ids in expected.items():
        found = walk(client, f"/fhir/{resource_type}?_count=50")
        assert [r["id"] for r in found] == ids, resource_type


def test_search_bundle_has_total_and_self_next_previous_links(
    client: TestClient, dataset: Dataset
) -> None:
    first = fhir(client.get("/fhir/Evidence", params={"_count": 10}))
    assert first["total"] == len(dataset.claims)
    assert len(first["entry"]) == 10
    relations = {link["relation"]: link["url"] for link in first["link"]}
    assert set(relations) == {"self", "next"}
    assert relations["next"].endswith("/fhir/Evidence?_count=10&_offset=10")
    second = fhir(client.get("/fhir/Evidence", params={"_count": 10, "_offset": 10}))
    relations = {link["relation"]: link["url"] for link in second["link"]}
    assert set(relations) == {"self", "next", "previous"}
    assert relations["previous"].endswith("_count=10&_offset=0")
    assert second["entry"][0]["fullUrl"].endswith(f"/fhir/Evidence/{dataset.claims[10].id}")


def test_search_by_id_and_count_zero(client: TestClient, dataset: Dataset) -> None:
    a, b = dataset.claims[0].id, dataset.claims[3].id
    found = fhir(client.get("/fhir/Evidence", params={"_id": f"{b},{a},no-such-claim"}))
    assert found["total"] == 2
    assert [e["resource"]["id"] for e in found["entry"]] == [a, b]
    only_total = fhir(client.get("/fhir/Citation", params={"_count": 0}))
    assert only_total["total"] == len(dataset.sources)
    assert only_total.get("entry", []) == []


def test_capability_statement_lists_what_is_served(client: TestClient) -> None:
    statement = fhir(client.get("/fhir/metadata"))
    assert (statement["status"], statement["kind"], statement["fhirVersion"]) == (
        "active",
        "instance",
        "5.0.0",
    )
    assert statement["format"] == ["json"]
    [rest] = statement["rest"]
    assert rest["mode"] == "server"
    served = {r["type"]: r for r in rest["resource"]}
    assert set(served) == {"Evidence", "Citation", "ArtifactAssessment", "CodeSystem"}
    for resource in served.values():
        assert [i["code"] for i in resource["interaction"]] == ["read", "search-type"]
        assert {p["name"] for p in resource["searchParam"]} == {"_id", "_count", "_offset"}


def test_verdict_codesystem_has_the_five_verdicts_with_definitions(client: TestClient) -> None:
    codesystem = fhir(client.get("/fhir/CodeSystem/verdict"))
    assert codesystem["url"] == VERDICT_SYSTEM
    concepts = {c["code"]: c["definition"] for c in codesystem["concept"]}
    assert set(concepts) == {
        "supported",
        "partially_supported",
        "insufficient_evidence",
        "not_supported",
        "contradicted",
    }
    assert concepts["contradicted"] == "Good evidence shows the opposite of the claim."


def test_disclaimers_travel_in_meta_tag_and_header(client: TestClient) -> None:
    response = client.get("/fhir/Evidence/kratom-relieves-depression-symptoms")
    header = set(response.headers["kratom-disclaimers"].split(", "))
    body = fhir(response)
    assert header >= ALWAYS_ON
    assert tags(body) == header
    assert "crisis-support" in header  # a claim about depression brings in its topic's disclaimer


def test_unknown_id_is_a_404_operation_outcome(client: TestClient) -> None:
    outcome = fhir(client.get("/fhir/Evidence/no-such-claim"), 404)
    assert outcome["resourceType"] == "OperationOutcome"
    assert outcome["issue"][0]["code"] == "not-found"
    assert "no-such-claim" in outcome["issue"][0]["diagnostics"]
    fhir(client.get("/fhir/Patient"), 404)


@pytest.mark.parametrize(
    ("query", "param"),
    [({"_count": "lots"}, "_count"), ({"_count": "101"}, "_count"), ({"bogus": "1"}, "bogus")],
)
def test_bad_parameters_are_a_400_operation_outcome(
    client: TestClient, query: dict[str, str], param: str
) -> None:
    outcome = fhir(client.get("/fhir/Evidence", params=query), 400)
    assert outcome["issue"][0]["code"] == "invalid"
    assert outcome["issue"][0]["expression"] == [param]


def test_fhir_answers_carry_etags_and_revalidate(client: TestClient) -> None:
    first = client.get("/fhir/Citation/kruegel-2016-jacs")
    etag = first.headers["etag"]
    again = client.get("/fhir/Citation/kruegel-2016-jacs", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert client.get("/fhir/Citation/nope").headers.get("etag") is None


def test_export_fhir_is_one_valid_collection_bundle(client: TestClient, dataset: Dataset) -> None:
    response = client.get("/v1/export", params={"format": "fhir"})
    bundle = fhir(response)
    assert bundle["type"] == "collection"
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Evidence") == len(dataset.claims)
    assert kinds.count("ArtifactAssessment") == len(dataset.claims)
    assert kinds.count("Citation") == len(dataset.sources)
    assert kinds.count("CodeSystem") == 1
    assert set(response.headers["kratom-disclaimers"].split(", ")) >= ALWAYS_ON
    assert ".fhir.json" in response.headers["content-disposition"]


def test_export_fhir_ndjson_is_one_valid_resource_per_line(
    client: TestClient, dataset: Dataset
) -> None:
    response = client.get("/v1/export", params={"format": "fhir-ndjson"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/fhir+ndjson"
    lines = response.text.splitlines()
    assert len(lines) == 2 * len(dataset.claims) + len(dataset.sources) + 1
    for line in lines:
        resource = valid_r5(json.loads(line))
        assert tags(resource) >= ALWAYS_ON
