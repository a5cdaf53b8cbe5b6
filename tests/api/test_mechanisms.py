from fastapi.testclient import TestClient

from tests.helpers import envelope, items


def test_disputed_mechanism_carries_each_laboratorys_result(client: TestClient) -> None:
    mech = envelope(client.get("/v1/mechanisms/mitragynine-mor"))["data"]
    assert mech["status"] == "disputed"
    assert {"kruegel-2016-jacs", "obeng-2021-jpet"} <= {s["id"] for s in mech["sources"]}
    assert all(m["source_id"] in {s["id"] for s in mech["sources"]} for m in mech["measurements"])
    ki = [m for m in mech["measurements"] if m["parameter"] == "Ki"]
    assert ki
    assert ki[0]["unit"] == "nM"


def test_filters_by_compound_target_status_and_action(client: TestClient) -> None:
    for m in items(client.get("/v1/mechanisms", params={"target": "mu-opioid-receptor"})):
        assert m["target"]["id"] == "mu-opioid-receptor"
    for m in items(client.get("/v1/mechanisms", params={"compound": "mitragynine"})):
        assert m["compound"]["id"] == "mitragynine"
    assert {
        m["status"] for m in items(client.get("/v1/mechanisms", params={"status": "disputed"}))
    } == {"disputed"}
    assert {
        m["action"] for m in items(client.get("/v1/mechanisms", params={"action": "inhibitor"}))
    } == {"inhibitor"}


def test_a_bound_is_served_as_a_bound_and_a_measured_value_as_equal(client: TestClient) -> None:
    bound = envelope(client.get("/v1/mechanisms/mitragynine-cyp1a2-inhibition"))["data"]
    [ic50] = bound["measurements"]
    assert (ic50["parameter"], ic50["relation"], ic50["value"], ic50["unit"]) == (
        "IC50",
        ">",
        45,
        "uM",
    )
    measured = envelope(client.get("/v1/mechanisms/mitragynine-mor"))["data"]["measurements"]
    assert {m["relation"] for m in measured} == {"="}
