"""Walk every operation in the OpenAPI document: envelope, disclaimers, errors, read-only methods."""

from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from app.http.methods import COMPUTE_PATHS, FORM_PAGES
from tests.helpers import ALWAYS_ON, envelope, problem

PROBES = {"/healthz", "/readyz"}
# Operations whose default answer is a file in a standard format, not the envelope.
FILES = {
    "/v1/sources/{source_id}/citation": "application/vnd.citationstyles.csl+json",
    "/v1/dataset/feed.atom": "application/atom+xml",
}
# The FHIR view answers FHIR JSON (resources, Bundles, OperationOutcome errors), not the envelope;
# its disclaimers travel in meta.tag and the Kratom-Disclaimers header (docs/fhir.md).
FHIR_JSON = "application/fhir+json"
FHIR_DISCLAIMERS = "https://kratom-evidence.invalid/fhir/CodeSystem/disclaimer"


def operations(client: TestClient) -> list[tuple[str, dict[str, Any]]]:
    """The read operations (every path but the ones that compute over a posted body)."""
    spec = client.get("/openapi.json").json()
    return [(path, item) for path, item in spec["paths"].items() if path not in COMPUTE_PATHS]


def concrete(client: TestClient, path: str) -> str:
    """A callable URL: `{..._id}` filled with the first listed id, required parameters with their
    documented example (so the examples in the docs are exercised too)."""
    spec = client.get("/openapi.json").json()["paths"][path]["get"]
    required = {
        p["name"]: p["schema"]["examples"][0]
        for p in spec.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    query = "?" + urlencode(required) if required else ""
    if "{" not in path:
        return path + query
    collection, _, rest = path.partition("/{")
    view = rest.partition("}")[2]  # what follows the id, e.g. /claimreview
    if path.startswith("/fhir/"):
        bundle = client.get(collection, params={"_count": 1}).json()
        return f"{collection}/{bundle['entry'][0]['resource']['id']}{view}{query}"
    first = client.get(collection, params={"limit": 1}).json()["data"][0]["id"]
    return f"{collection}/{first}{view}{query}"


def media_type(client: TestClient, path: str) -> str:
    """The media type an operation documents for its 200 answer (JSON unless it says otherwise)."""
    spec = client.get("/openapi.json").json()["paths"][path]["get"]
    kind: str = next(iter(spec["responses"]["200"]["content"]))
    return kind


def test_only_get_operations_are_documented_but_for_the_review_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()["paths"]
    for path, item in spec.items():
        assert set(item) == ({"post"} if path in COMPUTE_PATHS else {"get"}), path
    # The review page's form posts to /review, a page outside the API and its document.
    assert set(spec) >= COMPUTE_PATHS - FORM_PAGES
    assert not set(spec) & FORM_PAGES


def test_every_operation_is_documented_and_declares_its_errors(client: TestClient) -> None:
    for path, item in client.get("/openapi.json").json()["paths"].items():
        [op] = item.values()
        assert op.get("summary"), path
        assert op.get("description"), path
        if path.startswith("/v1/"):
            assert "503" in op["responses"], path
            assert op["responses"]["503"]["content"]["application/problem+json"], path
        if "{" in path:
            assert "404" in op["responses"], path
        for param in op.get("parameters", []):
            assert param.get("description"), f"{path} {param['name']}"


def test_every_resource_answers_with_the_envelope(client: TestClient) -> None:
    for path, _ in operations(client):
        if path in PROBES or media_type(client, path) in ("application/ld+json", FHIR_JSON):
            continue
        response = client.get(concrete(client, path))
        if path in FILES:
            assert response.status_code == 200, path
            assert response.headers["content-type"] == FILES[path]
            assert response.headers["kratom-disclaimers"], path
            continue
        envelope(response)


def test_every_json_ld_view_has_a_context_and_names_its_disclaimers(client: TestClient) -> None:
    """JSON-LD has no envelope: the disclaimers go in the body and in a header (docs/claimreview.md)."""
    views = [path for path, _ in operations(client) if media_type(client, path).endswith("ld+json")]
    assert views
    for path in views:
        response = client.get(concrete(client, path))
        assert response.status_code == 200, path
        assert response.headers["content-type"] == "application/ld+json"
        assert response.json()["@context"] == "https://schema.org"
        assert set(response.headers["kratom-disclaimers"].split(", ")) >= ALWAYS_ON, path


def test_every_fhir_view_answers_fhir_json_and_names_its_disclaimers(client: TestClient) -> None:
    views = [path for path, _ in operations(client) if media_type(client, path) == FHIR_JSON]
    assert views
    for path in views:
        assert path.startswith("/fhir/"), path
        response = client.get(concrete(client, path))
        assert response.status_code == 200, path
        assert response.headers["content-type"] == FHIR_JSON
        body = response.json()
        assert body["resourceType"], path
        header = set(response.headers["kratom-disclaimers"].split(", "))
        assert header >= ALWAYS_ON, path
        tagged = {t["code"] for t in body["meta"]["tag"] if t["system"] == FHIR_DISCLAIMERS}
        assert tagged == header, path


def fhir_outcome(response: Any, status: int) -> dict[str, Any]:
    """A FHIR error: an OperationOutcome in application/fhir+json."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == FHIR_JSON
    body: dict[str, Any] = response.json()
    assert body["resourceType"] == "OperationOutcome"
    assert body["issue"][0]["severity"] == "error"
    return body


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "TRACE"])
def test_writes_are_405_with_allow_everywhere(client: TestClient, method: str) -> None:
    for path, _ in operations(client):
        response = client.request(method, concrete(client, path))
        problem(response, 405)
        assert response.headers["allow"] == "GET, HEAD, OPTIONS"


def test_head_and_options(client: TestClient) -> None:
    for path, _ in operations(client):
        url = concrete(client, path)
        head = client.head(url)
        assert head.status_code == 200, url
        assert head.content == b""
        assert head.headers["content-type"] == client.get(url).headers["content-type"]
        options = client.options(url)
        assert options.status_code == 204
        assert options.headers["allow"] == "GET, HEAD, OPTIONS"


def test_unknown_query_parameters_are_400_everywhere(client: TestClient) -> None:
    for path, _ in operations(client):
        url = concrete(client, path)
        response = client.get(url + ("&" if "?" in url else "?") + "bogus=1")
        if path.startswith("/fhir/"):
            assert fhir_outcome(response, 400)["issue"][0]["expression"] == ["bogus"]
            continue
        body = problem(response, 400)
        assert body["invalid_params"] == [
            {"name": "bogus", "reason": "not a parameter of this endpoint"}
        ]


def test_unknown_path_is_problem_json(client: TestClient) -> None:
    problem(client.get("/v2/claims"), 404)


def test_cors_allows_any_origin_for_get(client: TestClient) -> None:
    response = client.get("/v1/claims", headers={"Origin": "https://factcheck.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/v1/claims",
        headers={"Origin": "https://factcheck.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert "GET" in preflight.headers["access-control-allow-methods"]


def test_openapi_document_matches_the_committed_copy(client: TestClient) -> None:
    import json
    from pathlib import Path

    committed = json.loads((Path(__file__).parents[2] / "docs" / "openapi.json").read_text())
    assert client.get("/openapi.json").json() == committed, (
        "run `make openapi` and commit docs/openapi.json"
    )


def test_every_schema_field_is_described(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    undocumented = [
        f"{name}.{field}"
        for name, schema in schemas.items()
        for field, spec in schema.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert undocumented == []


def test_errors_carry_cors_headers_too(client: TestClient) -> None:
    origin = {"Origin": "https://factcheck.example"}
    for response in (
        client.get("/v1/claims/nope", headers=origin),
        client.get("/v1/claims", params={"bogus": "1"}, headers=origin),
        client.delete("/v1/claims", headers=origin),
    ):
        assert response.status_code >= 400
        assert response.headers["access-control-allow-origin"] == "*"


def test_the_parameter_guard_accepts_exactly_the_documented_parameters(
    client: TestClient,
) -> None:
    """The guard reads names from the routes, the docs from the OpenAPI document: they must agree.
    An unknown parameter's 400 lists what the endpoint accepts; compare it with the docs."""
    for template, item in operations(client):
        parameters = item["get"].get("parameters", [])
        path = template
        for p in parameters:
            if p["in"] == "path":
                path = path.replace("{" + p["name"] + "}", str(p["schema"]["examples"][0]))
        documented = sorted(p["name"] for p in parameters if p["in"] == "query")
        response = client.get(path, params={"not_a_parameter": "1"})
        assert response.status_code == 400, path
        body = response.json()
        detail = (
            body["issue"][0]["diagnostics"] if template.startswith("/fhir/") else body["detail"]
        )
        assert f"accepts {documented or 'none'}" in detail, path
