"""Request ids, access logs without user text, Prometheus metrics, and security headers."""

import json
import logging

import pytest
from fastapi.testclient import TestClient

from app.http.observability import configure_logging, flush_logs


def test_request_id_is_echoed_or_generated(client: TestClient) -> None:
    assert (
        client.get("/v1/claims", headers={"X-Request-ID": "trace-42"}).headers["x-request-id"]
        == "trace-42"
    )
    generated = client.get("/v1/claims").headers["x-request-id"]
    assert len(generated) == 32
    hostile = client.get("/v1/claims", headers={"X-Request-ID": "x" * 500}).headers["x-request-id"]
    assert hostile != "x" * 500
    assert client.get("/v1/claims/nope").headers["x-request-id"]


def test_one_json_log_line_per_request_without_query_values(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    logger = logging.getLogger("app.access")
    logger.addHandler(caplog.handler)
    try:
        client.get(
            "/v1/claims/match",
            params={"text": "my private sentence"},
            headers={"X-Request-ID": "log-1"},
        )
    finally:
        logger.removeHandler(caplog.handler)
    [record] = [r for r in caplog.records if getattr(r, "fields", {}).get("request_id") == "log-1"]
    fields = record.fields  # type: ignore[attr-defined]
    assert fields["path"] == "/v1/claims/match"
    assert fields["params"] == ["text"]
    assert fields["status"] == 200
    assert fields["duration_ms"] >= 0
    assert "private" not in json.dumps(fields)


def test_metrics_count_requests_by_route_template_and_show_the_dataset(client: TestClient) -> None:
    client.get("/v1/claims/kratom-can-injure-the-liver")
    client.get("/v1/claims/nope")
    body = client.get("/metrics").text
    assert (
        'kratom_api_requests_total{method="GET",route="/v1/claims/{claim_id}",status="200"}' in body
    )
    assert 'route="/v1/claims/{claim_id}",status="404"' in body
    assert "kratom_api_request_duration_seconds_bucket" in body
    version = client.get("/v1/dataset").json()["data"]["version"]
    assert 'kratom_api_dataset_info{content_hash="' in body
    assert f'version="{version}"' in body


def test_security_headers_everywhere_and_a_docs_csp_that_allows_only_self(
    client: TestClient,
) -> None:
    for path in ("/v1/claims", "/v1/claims/nope", "/healthz"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    docs_csp = client.get("/docs").headers["content-security-policy"]
    assert "default-src 'self'" in docs_csp
    assert "http" not in docs_csp


def test_head_requests_are_counted_under_their_route(client: TestClient) -> None:
    assert client.head("/v1/targets/mu-opioid-receptor").status_code == 200
    body = client.get("/metrics").text
    assert 'method="HEAD",route="/v1/targets/{target_id}",status="200"' in body


def test_access_lines_on_stdout_are_json_with_the_request_fields(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    # Re-point the JSON handler at the captured stdout: the hot path writes it directly.
    configure_logging()
    try:
        for _ in range(2):  # the second is a response-cache hit, logged by the cache
            client.get("/v1/claims", params={"limit": 3}, headers={"X-Request-ID": "cap-1"})
        flush_logs()
        lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if '"cap-1"' in x]
    finally:
        with capsys.disabled():  # back to the real stdout, before the capture is closed
            configure_logging()
    assert len(lines) == 2
    for line in lines:
        assert list(line) == [
            "ts", "level", "logger", "request_id", "method", "path", "params", "status",
            "duration_ms",
        ]  # fmt: skip
        assert line["logger"] == "app.access"
        assert (line["path"], line["params"], line["status"]) == ("/v1/claims", ["limit"], 200)
