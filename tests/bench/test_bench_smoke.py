"""A small run of the benchmark tools, so `make bench` and `make bench-scale` cannot rot unnoticed.
The figures themselves are printed by the benchmarks, never asserted here."""

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT
from app.ingest.validate import Dataset, check_references
from bench.harness import parse_wrk
from bench.scale import synthetic

WRK_OUTPUT = """Running 1s test @ http://127.0.0.1:8000/v1/claims?limit=20
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     7.01ms    9.30ms  57.35ms   91.80%
    Req/Sec     2.08k   243.54     2.40k    75.00%
  Latency Distribution
     50%    7.83ms
     75%    8.10ms
     90%    9.40ms
     99%    1.45s
  4137 requests in 1.00s, 40.47MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 5
Requests/sec:   4137.02
Transfer/sec:     40.42MB
"""


def test_wrk_output_is_read_with_units_and_every_kind_of_error() -> None:
    result = parse_wrk(WRK_OUTPUT)
    assert result.rps == pytest.approx(4137.02)
    assert result.p50_ms == pytest.approx(7.83)
    assert result.p99_ms == pytest.approx(1450.0)
    assert result.requests == 4137
    assert result.errors == 3 + 2 + 5


def test_the_ceiling_replays_recorded_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = {
        "/v1/claims?limit=20": [200, [["content-type", "application/json"], ["etag", '"a"']], base64.b64encode(b'{"x":1}').decode()],
        "/v1/claims?limit=20 304": [304, [["etag", '"a"']], ""],
    }  # fmt: skip
    recorded = tmp_path / "ceiling.json"
    recorded.write_text(json.dumps(answers))
    monkeypatch.setenv("BENCH_CEILING_FILE", str(recorded))
    sys.modules.pop("bench.ceiling", None)
    from bench import ceiling

    with TestClient(ceiling.app) as client:
        first = client.get("/v1/claims?limit=20")
        assert (first.status_code, first.content, first.headers["etag"]) == (200, b'{"x":1}', '"a"')
        assert (
            client.get("/v1/claims?limit=20", headers={"If-None-Match": '"a"'}).status_code == 304
        )
        assert client.get("/v1/other").status_code == 404


def test_the_synthetic_dataset_is_consistent_and_marked(dataset: Dataset) -> None:
    big = synthetic(dataset, 3)
    assert len(big.claims) == 3 * len(dataset.claims)
    assert len({c.id for c in big.claims}) == len(big.claims)
    assert check_references(big) == []
    assert "synthetic" in big.meta.version
    assert "SYNTHETIC" in big.meta.license
    copies = [s for s in big.sources if s.id.endswith("-synthetic-2")]
    assert copies
    assert all(s.pmid is None and s.doi is None for s in copies)


@pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk); CI installs it"
)
def test_a_quick_benchmark_run_prints_its_table() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.run"], cwd=PROJECT_ROOT, env=os.environ | {"BENCH_QUICK": "1"},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "/ceiling" in done.stdout
    for name in ("claims list", "search, new term", "claim match", "304 revalidation"):
        assert name in done.stdout
    assert "RSS per worker" in done.stdout
    # Every API row ends with its errors, then its ratio to the ceiling as a two-decimal number.
    table = [line for line in done.stdout.splitlines() if not line.startswith("round")]
    api_rows = [line for line in table if re.search(r"\bapi 1w\s+\d", line)]
    assert len(api_rows) >= 7
    for row in api_rows:
        assert re.search(r"\s\d+\s+\d+\.\d{2}\s+(—|\d+x)$", row), row


def test_the_review_benchmark_builds_articles_of_the_sizes_it_reports() -> None:
    from bench.review import article

    assert len(article(words=2000).split()) >= 2000
    longest = article(chars=100_000)
    assert len(longest) == 100_000
    assert longest.count("\n\n") > 10  # paragraphs, as articles have
