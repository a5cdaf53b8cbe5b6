from fastapi.testclient import TestClient

from tests.helpers import disclaimer_ids, envelope, items

SEED = "seed-article-kratom-depression-sud"


def test_seed_article_maps_s1_to_s18_to_graded_claims(client: TestClient) -> None:
    response = client.get(f"/v1/documents/{SEED}")
    doc = envelope(response)["data"]
    assert [item["key"] for item in doc["claims"]] == [f"S{i}" for i in range(1, 19)]
    for item in doc["claims"]:
        assert item["claim"]["verdict"]
        assert item["claim"]["certainty"]
        envelope(client.get(f"/v1/claims/{item['claim']['id']}"))
    assert "crisis-support" in disclaimer_ids(response)


def test_list(client: TestClient) -> None:
    assert SEED in {d["id"] for d in items(client.get("/v1/documents"))}
