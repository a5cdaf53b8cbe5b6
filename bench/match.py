"""``make bench-match`` (also run by ``make bench``): the cost of claim matching on real-length text.

Builds the real dataset into var/bench/match.sqlite3, then:
1. one uvicorn worker: start to ready (/readyz 200) and to the first match answered; then wrk at
   ``MATCH_CONNECTIONS`` (8) connections for ``MATCH_SECONDS`` (20 s), every request a sentence never
   sent before (the evaluation sentences of evals/, each made new with a counter), printing req/s,
   p50 and p99;
2. two workers after the same load: resident memory (RSS) per worker, and its proportional share
   (PSS), which counts the model's memory-mapped pages once across the two.
Targets (issue 19): at least 50 new sentences/s on one worker with p99 under 150 ms, RSS at most
300 MB per worker with two workers, start to ready under 3 s.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import yaml

from bench.harness import ROOT, WORK, Servers, build_database, need, wrk

SECONDS = float(os.environ.get("MATCH_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("MATCH_CONNECTIONS", "8"))


def sentences() -> list[str]:
    texts = []
    for path in sorted((ROOT / "evals").glob("match_*.yaml")):
        texts += [case["text"] for case in yaml.safe_load(path.read_text())]
    for page in yaml.safe_load((ROOT / "evals" / "real" / "dev.yaml").read_text()):
        texts += [s["text"] for s in page["sentences"]]
    return texts


def pss_mib(pid: int) -> float:
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else 0.0


def first_match_seconds(base: str, began: float) -> float:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if httpx.get(f"{base}/v1/claims/match", params={"text": "warm-up"}, timeout=30).is_success:
            return time.perf_counter() - began
        time.sleep(0.01)
    raise RuntimeError("no match answered within 60 s")


def main() -> int:
    need("wrk", "apt-get install wrk")
    WORK.mkdir(parents=True, exist_ok=True)
    print("building the dataset database (embeds every claim text) ...", flush=True)
    env = os.environ | {"DATABASE_URL": build_database(WORK / "match.sqlite3")}
    texts = sentences()
    paths = [
        f"/v1/claims/match?text={quote(f'{texts[i % len(texts)]} ({i})')}"
        for i in range(int(200 * SECONDS) + 2000)
    ]
    paths_file = WORK / "match-paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    api = [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app", "--host",
           "127.0.0.1", "--port", "{port}", "--no-access-log", "--log-level", "warning"]  # fmt: skip
    servers = Servers()
    try:
        began = time.perf_counter()
        one = servers.start("api 1w", [*api, "--workers", "1"], "/readyz", 1, env)
        first = first_match_seconds(one.base, began)
        result = wrk(one.base, SECONDS, CONNECTIONS, paths_file)
        rss_one = one.rss_per_worker()
        servers.close()
        two = servers.start("api 2w", [*api, "--workers", "2"], "/readyz", 2, env)
        wrk(two.base, min(SECONDS, 10), CONNECTIONS, paths_file)
        rss_two = two.rss_per_worker()
        pss_two = [pss_mib(pid) for pid in two.worker_pids()]
    finally:
        servers.close()
    print(
        f"claim matching, {CONNECTIONS} connections, {SECONDS:.0f} s, a new sentence each request"
    )
    print(
        f"  one worker: {result.rps:.1f} req/s, p50 {result.p50_ms:.0f} ms, p99 {result.p99_ms:.0f} ms, {result.errors} errors (target >= 50 req/s, p99 < 150 ms)"
    )
    print(
        f"  start to ready {one.ready_seconds:.2f} s (target < 3 s); to the first match answered {first:.2f} s"
    )
    print(f"  RSS one worker after the run: {rss_one[0]:.0f} MiB")
    print(
        "  two workers after a run: RSS "
        + ", ".join(f"{r:.0f}" for r in rss_two)
        + " MiB (target: 300 MB, 286 MiB, each); PSS "
        + ", ".join(f"{p:.0f}" for p in pss_two)
        + " MiB (shared pages counted once)"
    )
    return 0 if result.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
