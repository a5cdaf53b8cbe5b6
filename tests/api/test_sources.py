from fastapi.testclient import TestClient

from tests.helpers import envelope, items, problem


def test_exact_pmid_and_doi_lookup(client: TestClient) -> None:
    [source] = items(client.get("/v1/sources", params={"pmid": "33384303"}))
    assert source["id"] == "obeng-2021-jpet"
    assert source["doi"] == "10.1124/jpet.120.000189"
    assert [s["id"] for s in items(client.get("/v1/sources", params={"doi": source["doi"]}))] == [
        source["id"]
    ]


def test_design_filter_and_read_one(client: TestClient) -> None:
    rcts = items(client.get("/v1/sources", params={"study_design": "rct"}))
    assert rcts
    assert {s["study_design"] for s in rcts} == {"rct"}
    full = envelope(client.get(f"/v1/sources/{rcts[0]['id']}"))["data"]
    assert full["verified_on"]
    assert {"pmcid", "population", "n", "note", "document_number"} <= set(full)


def test_sort_by_year_and_bad_pmid(client: TestClient) -> None:
    years = [
        s["year"] for s in items(client.get("/v1/sources", params={"sort": "-year", "limit": 100}))
    ]
    assert years == sorted(years, reverse=True)
    problem(client.get("/v1/sources", params={"pmid": "PMID123"}), 422)
