"""The sync client against the app in process: records, paging, filters, helpers, errors."""

import json
import math
from pathlib import Path

import pytest
from kratom_evidence import BadRequest, Client, NotFound, ValidationFailed
from kratom_evidence.models import ClaimRead, SourceRead

from app.ingest.validate import Dataset
from tests.client.conftest import contradicted
from tests.helpers import ALWAYS_ON


def test_paging_follows_links_to_every_record(api: Client, dataset: Dataset) -> None:
    claims = api.claims(page_size=7)
    ids = [claim.id for claim in claims]
    assert sorted(ids) == sorted(c.id for c in dataset.claims)
    assert len(ids) == len(set(ids))
    assert claims.pages == math.ceil(len(dataset.claims) / 7)
    assert claims.total == len(dataset.claims)
    assert {d.id for d in claims.disclaimers} >= ALWAYS_ON


@pytest.mark.parametrize(
    "resource", ["sources", "compounds", "targets", "mechanisms", "caveats", "jurisdictions",
                 "disclaimers", "documents"],
)  # fmt: skip
def test_every_list_reaches_every_record(api: Client, dataset: Dataset, resource: str) -> None:
    pager = getattr(api, resource)(page_size=9)
    assert sorted(r.id for r in pager) == sorted(r.id for r in getattr(dataset, resource))


def test_contradicted_claims_with_their_sources(api: Client, dataset: Dataset) -> None:
    expected = contradicted(dataset)
    found = {
        claim.id: {(cited.source.id, cited.stance) for cited in claim.sources or []}
        for claim in api.claims(verdict="contradicted", include="sources")
    }
    assert expected
    assert found == expected


def test_records_read_by_id(api: Client, dataset: Dataset) -> None:
    claim = dataset.claims[0]
    answer = api.claim(claim.id)
    assert isinstance(answer.data, ClaimRead)
    assert answer.data.statement == claim.statement
    assert answer.data.verdict == claim.verdict.value
    assert {d.id for d in answer.disclaimers} >= ALWAYS_ON
    assert answer.meta.dataset_version == dataset.meta.version
    source = api.source(dataset.sources[0].id).data
    assert isinstance(source, SourceRead)
    assert source.title == dataset.sources[0].title
    for name in ("compound", "target", "mechanism", "caveat", "jurisdiction", "disclaimer",
                 "document"):  # fmt: skip
        record = getattr(dataset, name + "s")[-1]
        assert getattr(api, name)(record.id).data.id == record.id


def test_repeated_get_is_revalidated_with_a_304(api: Client, dataset: Dataset) -> None:
    claim_id = dataset.claims[1].id
    first = api.claim(claim_id)
    assert api.last_response is not None
    assert api.last_response.status_code == 200
    second = api.claim(claim_id)
    assert api.last_response.status_code == 304
    assert api.last_response.content == b""
    assert second == first


def test_a_second_walk_of_the_pages_costs_only_304s(api: Client) -> None:
    statuses: list[int] = []
    pager = api.compounds(page_size=2)
    first = list(pager)
    assert pager.pages > 2
    walked = []
    for compound in pager:
        walked.append(compound)
        assert api.last_response is not None
        statuses.append(api.last_response.status_code)
    assert walked == first
    assert set(statuses) == {304}


def test_match_review_and_scale(api: Client, dataset: Dataset) -> None:
    target = next(c for c in dataset.claims if c.id == "kratom-relieves-depression-symptoms")
    matches = api.match(target.statement, limit=3).data
    assert matches[0].claim.id == target.id
    assert matches[0].stance == "asserts"
    review = api.review(
        f"Kratom is a tropical tree. {target.statement}", url="https://example.org/a"
    )
    assert review.data.url == "https://example.org/a"
    assert [s.index for s in review.data.sentences] == [0, 1]
    assert target.id in {m.claim.id for m in review.data.sentences[1].matches}
    graph = api.review_jsonld(target.statement)["@graph"]
    assert isinstance(graph, list)
    assert graph[0]["@type"] == "ClaimReview"
    axes = {axis.name for axis in api.evidence_scale().data}
    assert {"verdict", "certainty"} <= axes


def test_export_streams_to_a_file_and_as_chunks(
    api: Client, dataset: Dataset, tmp_path: Path
) -> None:
    path = api.export("json", to=tmp_path / "all.json")
    document = json.loads(path.read_text())
    assert len(document["data"]["claims"]) == len(dataset.claims)
    lines = b"".join(api.export("ndjson", resource="sources")).decode().splitlines()
    records = [json.loads(line) for line in lines]
    sources = sorted(r["record"]["id"] for r in records if r.get("type") == "source")
    assert sources == sorted(s.id for s in dataset.sources)


def test_citation_claimreview_dataset_and_health(api: Client, dataset: Dataset) -> None:
    source = dataset.sources[0]
    assert source.title.split()[0] in api.citation(source.id, "ris")
    assert api.claimreview(dataset.claims[0].id)["@type"] == "ClaimReview"
    info = api.dataset().data
    assert info.version == dataset.meta.version
    assert info.counts["claims"] == len(dataset.claims)
    assert api.health().status == "ok"
    assert api.ready().status == "ready"


def test_unknown_id_raises_not_found_with_the_problem_fields(api: Client) -> None:
    with pytest.raises(NotFound) as caught:
        api.claim("no-such-claim")
    error = caught.value
    assert error.status == 404
    assert error.type.endswith("/not-found")
    assert error.instance == "/v1/claims/no-such-claim"
    assert "no-such-claim" in error.detail
    assert [p.name for p in error.invalid_params] == ["claim_id"]


def test_bad_parameters_raise_bad_request_and_validation_failed(api: Client) -> None:
    with pytest.raises(BadRequest) as unknown:
        api.get_raw("/v1/claims", {"verdcit": "contradicted"})
    assert [p.name for p in unknown.value.invalid_params] == ["verdcit"]
    with pytest.raises(ValidationFailed) as invalid:
        list(api.claims(page_size=1000))
    assert invalid.value.status == 422
    assert "limit" in {p.name for p in invalid.value.invalid_params}


def test_ids_that_are_not_slugs_never_reach_the_server(api: Client) -> None:
    with pytest.raises(ValueError, match="not a record id"):
        api.claim("../dataset")
