from fastapi.testclient import TestClient

from tests.helpers import disclaimer_ids, envelope, items, problem


def test_country_includes_its_subdivisions(client: TestClient) -> None:
    codes = {j["code"] for j in items(client.get("/v1/jurisdictions", params={"country": "US"}))}
    assert "US" in codes
    assert any(c.startswith("US-") for c in codes)
    assert all(c == "US" or c.startswith("US-") for c in codes)


def test_status_filter_and_regulatory_disclaimer(client: TestClient) -> None:
    response = client.get("/v1/jurisdictions", params={"status": "prohibited"})
    assert {j["status"] for j in items(response)} == {"prohibited"}
    assert "legal-status-not-legal-advice" in disclaimer_ids(response)


def test_read_one_has_a_primary_source(client: TestClient) -> None:
    entry = envelope(client.get("/v1/jurisdictions/us-federal"))["data"]
    assert entry["as_of"]
    assert entry["summary"]
    assert "primary" in {s["role"] for s in entry["sources"]}
    problem(client.get("/v1/jurisdictions", params={"code": "usa"}), 422)
