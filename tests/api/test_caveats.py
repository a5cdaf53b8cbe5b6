from fastapi.testclient import TestClient

from tests.helpers import disclaimer_ids, envelope, items


def test_category_filter_and_topic_disclaimer(client: TestClient) -> None:
    response = client.get("/v1/caveats", params={"category": "pregnancy_neonatal"})
    assert [c["category"] for c in items(response)] == ["pregnancy_neonatal"]
    assert "pregnancy" in disclaimer_ids(response)


def test_compound_filter_and_read_one(client: TestClient) -> None:
    for c in items(client.get("/v1/caveats", params={"compound": "7-hydroxymitragynine"})):
        caveat = envelope(client.get(f"/v1/caveats/{c['id']}"))["data"]
        assert "7-hydroxymitragynine" in {x["id"] for x in caveat["compounds"]}
        assert caveat["sources"]
