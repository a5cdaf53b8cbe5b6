"""The access line written on the hot path is the line the JSON log formatter would write, and
log lines reach the stream in batches, all of them, in order."""

import io
import json
import logging

import pytest

from app.http.observability import (
    BatchedStreamHandler,
    JsonFormatter,
    access_line,
    json_line,
)

# method, path, query, status, the parameter names the line must show
CASES = [
    ("GET", "/v1/claims", b"limit=20", 200, ["limit"]),
    ("HEAD", "/v1/claims/kratom-can-injure-the-liver", b"", 304, []),
    ("GET", '/v1/odd"path\\with/quotes', b"a=1&b=2&a=3&&c", 404, ["a", "b", "c"]),
    ("GET", "/v1/søk/ünïcode/日本", b"q=%C3%A9&type=claim,source", 200, ["q", "type"]),
    ("GET", "/v1/control\x01char\ttab", b"=x&%20=y&text=private", 422, ["", "%20", "text"]),
    ("GET", "/v1/" + "long/" * 80, b"q=x", 404, ["q"]),  # past the memo's path limit
]
TIMES = [(1795587277.6189999, 0.0), (0.1, 1e-7), (1700000000.0, 12.3456), (1795587277.5, 0.0155)]


@pytest.mark.parametrize(("method", "path", "query", "status", "names"), CASES)
def test_access_line_is_byte_identical_to_the_formatter(
    method: str, path: str, query: bytes, status: int, names: list[str]
) -> None:
    for created, elapsed in TIMES:
        for request_id in ("trace-42", "0bcaa8fca3267c6ed4353eed37f72358", "A.b_c-1"):
            fields: dict[str, object] = {
                "request_id": request_id, "method": method, "path": path,
                "params": names, "status": status,
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


class CountingStream(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, s: str) -> int:
        self.writes += 1
        return super().write(s)


def test_log_lines_are_written_together_and_all_arrive_in_order() -> None:
    stream = CountingStream()
    handler = BatchedStreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("test.batched")
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(logging.INFO)
    handler.write_line("first")  # the first line of a process is written at once
    assert (stream.writes, stream.getvalue()) == (1, "first\n")
    for i in range(200):
        handler.write_line(f"access {i}")
        logger.info("app %d", i)
    assert stream.writes == 1  # 400 lines within FLUSH_SECONDS: nothing written yet
    handler.flush()  # what logging calls: still inside the interval
    assert stream.writes == 1
    handler.flush_now()  # what the dataset watcher and shutdown call
    assert stream.writes == 2
    lines = stream.getvalue().splitlines()
    assert lines[0] == "first"
    assert lines[1::2] == [f"access {i}" for i in range(200)]
    assert [json.loads(x)["message"] for x in lines[2::2]] == [f"app {i}" for i in range(200)]
    handler.write_line("last")
    handler.close()
    assert stream.getvalue().endswith("last\n")
