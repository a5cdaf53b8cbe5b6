"""Assertions shared by API and contract tests."""

from typing import Any

import httpx

ALWAYS_ON = {"not-medical-advice", "not-an-approved-treatment", "harms-reported"}


def envelope(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert set(body) == {"data", "disclaimers", "meta"}
    assert {d["id"] for d in body["disclaimers"]} >= ALWAYS_ON
    assert body["meta"]["dataset_version"]
    return body


def items(response: httpx.Response) -> list[dict[str, Any]]:
    body = envelope(response)
    assert isinstance(body["data"], list)
    return body["data"]


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert body["type"].startswith("https://")
    assert "Traceback" not in response.text
    return body


def disclaimer_ids(response: httpx.Response) -> set[str]:
    return {d["id"] for d in response.json()["disclaimers"]}


def stable_headers(response: httpx.Response) -> dict[str, str]:
    """Response headers without the ones that differ on every request (request id, date)."""
    return {k: v for k, v in response.headers.items() if k not in {"x-request-id", "date"}}
