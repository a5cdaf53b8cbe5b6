from fastapi.testclient import TestClient

from tests.helpers import envelope, items, problem


def test_list_and_class_filter(client: TestClient) -> None:
    ids = {c["id"] for c in items(client.get("/v1/compounds", params={"limit": 100}))}
    assert {"mitragynine", "7-hydroxymitragynine", "kratom-leaf"} <= ids
    plants = items(client.get("/v1/compounds", params={"compound_class": "plant_material"}))
    assert [c["id"] for c in plants] == ["kratom-leaf"]


def test_q_finds_synonyms(client: TestClient) -> None:
    assert [c["id"] for c in items(client.get("/v1/compounds", params={"q": "ketum"}))] == [
        "kratom-leaf"
    ]


def test_read_one_has_identifiers_mechanisms_and_sources(client: TestClient) -> None:
    compound = envelope(client.get("/v1/compounds/7-hydroxymitragynine"))["data"]
    assert compound["cas_rn"] == "174418-82-7"
    assert compound["unii"] == "2T3TWA75R0"
    assert "7-hydroxymitragynine-mor" in {m["id"] for m in compound["mechanisms"]}
    assert "gsrs-7-hydroxymitragynine" in {s["id"] for s in compound["sources"]}


def test_unknown_compound_is_404(client: TestClient) -> None:
    problem(client.get("/v1/compounds/unobtanium"), 404)
