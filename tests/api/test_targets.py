from fastapi.testclient import TestClient

from tests.helpers import envelope, items, problem


def test_family_filter(client: TestClient) -> None:
    opioid = items(client.get("/v1/targets", params={"family": "opioid receptor"}))
    assert {t["gene_symbol"] for t in opioid} == {"OPRM1", "OPRK1", "OPRD1"}


def test_read_one_lists_compounds_acting_there(client: TestClient) -> None:
    target = envelope(client.get("/v1/targets/mu-opioid-receptor"))["data"]
    assert {m["compound_id"] for m in target["mechanisms"]} >= {
        "mitragynine",
        "7-hydroxymitragynine",
    }


def test_sort_by_gene_symbol(client: TestClient) -> None:
    symbols = [
        t["gene_symbol"] for t in items(client.get("/v1/targets", params={"sort": "-gene_symbol"}))
    ]
    assert symbols == sorted(symbols, reverse=True)
    problem(client.get("/v1/targets/OPRM1"), 422)  # ids are lowercase slugs
    problem(client.get("/v1/targets/oprm1"), 404)
