"""Malformed input gets a 4xx problem+json on both engines, never a 500 or a silent guess."""

import pytest
from fastapi.testclient import TestClient

from tests.helpers import problem


@pytest.mark.parametrize(
    "url",
    [
        "/v1/claims?compound=%00",
        "/v1/claims/%00bad",
        "/v1/sources?doi=%01",
        "/v1/search?q=kratom%0A%0D",
        "/v1/claims/match?text=kratom%7F",
    ],
)
def test_control_characters_are_a_400(client: TestClient, url: str) -> None:
    assert (
        problem(client.get(url), 400)["invalid_params"][0]["reason"]
        == "contains control characters"
    )


def test_repeated_parameters_are_a_400(client: TestClient) -> None:
    body = problem(client.get("/v1/claims?limit=1&limit=2"), 400)
    assert body["invalid_params"] == [{"name": "limit", "reason": "given more than once"}]


def test_query_strings_over_the_limit_are_a_414(client: TestClient) -> None:
    problem(client.get("/v1/claims?q=" + "a" * 5000), 414)


def test_path_traversal_is_404_and_non_slug_ids_are_422(client: TestClient) -> None:
    problem(client.get("/v1/claims/..%2F..%2Fetc%2Fpasswd"), 404)
    assert (
        problem(client.get("/v1/claims/' OR '1'='1"), 422)["invalid_params"][0]["name"]
        == "claim_id"
    )


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"limit": "ten"}, 422),
        ({"limit": "-1"}, 422),
        ({"offset": "1e9"}, 422),
        ({"verdict": ""}, 422),
        ({"q": ""}, 422),
    ],
)
def test_wrong_types_and_empty_values(
    client: TestClient, params: dict[str, str], status: int
) -> None:
    problem(client.get("/v1/claims", params=params), status)


@pytest.mark.parametrize("url", ["/v1/search?q=%FF%FE", "/v1/claims?q=caf%E9", "/v1/claims/%C3%28"])
def test_non_utf8_input_is_a_400(client: TestClient, url: str) -> None:
    assert problem(client.get(url), 400)["invalid_params"][0]["reason"] == "is not valid UTF-8"


@pytest.mark.parametrize(
    "text", ["'; DROP TABLE claims; --", '" OR 1=1', "kratom NEAR(depression)", "a* AND -b"]
)
def test_sql_and_fts_syntax_in_text_is_just_text(client: TestClient, text: str) -> None:
    response = client.get("/v1/claims/match", params={"text": text})
    assert response.status_code == 200
    assert client.get("/v1/claims").json()["meta"]["total"] > 0
    assert "Traceback" not in response.text
