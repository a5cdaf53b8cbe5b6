"""The access line written on the hot path is the line the JSON log formatter would write."""

import json

import pytest

from app.observability import _param_names, access_line, json_line

CASES = [
    ("GET", "/v1/claims", b"limit=20", 200),
    ("HEAD", "/v1/claims/kratom-can-injure-the-liver", b"", 304),
    ("GET", '/v1/odd"path\\with/quotes', b"a=1&b=2&a=3&&c", 404),
    ("GET", "/v1/søk/ünïcode/日本", b"q=%C3%A9&type=claim,source", 200),
    ("GET", "/v1/control\x01char\ttab", b"=x&%20=y&text=private", 422),
]
TIMES = [(1795587277.6189999, 0.0), (0.1, 1e-7), (1700000000.0, 12.3456), (1795587277.5, 0.0155)]


@pytest.mark.parametrize(("method", "path", "query", "status"), CASES)
def test_access_line_is_byte_identical_to_the_formatter(
    method: str, path: str, query: bytes, status: int
) -> None:
    for created, elapsed in TIMES:
        for request_id in ("trace-42", "0bcaa8fca3267c6ed4353eed37f72358", "A.b_c-1"):
            fields: dict[str, object] = {
                "request_id": request_id, "method": method, "path": path,
                "params": _param_names(query), "status": status,
                "duration_ms": round(elapsed * 1000, 2),
            }  # fmt: skip
            expected = json_line(created, "info", "app.access", fields)
            got = access_line(created, request_id, method, path, query, status, elapsed)
            assert got == expected
            assert json.loads(got)["path"] == path


def test_parameter_names_only_never_values() -> None:
    line = access_line(1.0, "r", "GET", "/v1/claims/match", b"text=my+private&limit=3", 200, 0.01)
    assert json.loads(line)["params"] == ["limit", "text"]
    assert "private" not in line
