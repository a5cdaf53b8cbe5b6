from fastapi.testclient import TestClient

from tests.helpers import envelope, items, problem


def test_topic_filter(client: TestClient) -> None:
    ids = [d["id"] for d in items(client.get("/v1/disclaimers", params={"topic": "depression"}))]
    assert "crisis-support" in ids
    assert "not-medical-advice" not in ids
    assert envelope(client.get("/v1/disclaimers/crisis-support"))["data"]["severity"] == "critical"
    problem(client.get("/v1/disclaimers", params={"topic": "astrology"}), 422)
