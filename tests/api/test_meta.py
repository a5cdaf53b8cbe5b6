from fastapi.testclient import TestClient

from app import vocab
from app.ingest.validate import Dataset
from tests.helpers import envelope


def test_evidence_scale_defines_every_value(client: TestClient) -> None:
    axes = {a["name"]: a for a in envelope(client.get("/v1/evidence-scale"))["data"]}
    assert [v["value"] for v in axes["certainty"]["values"]] == [c.value for c in vocab.Certainty]
    assert {v["value"] for v in axes["verdict"]["values"]} == {v.value for v in vocab.Verdict}
    assert all(v["definition"] for a in axes.values() for v in a["values"])


def test_dataset_reports_the_loaded_release(client: TestClient, dataset: Dataset) -> None:
    info = envelope(client.get("/v1/dataset"))["data"]
    assert info["version"] == dataset.meta.version
    assert info["content_hash"] == dataset.content_hash()
    assert info["counts"]["claims"] == len(dataset.claims)
    assert info["changelog"][0]["version"] == dataset.meta.version


def test_probes(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["schema"] == "ok"
