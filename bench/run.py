"""``make bench``: the API against a ceiling and a peer, in one run, on 127.0.0.1.

Targets: the API with 1 and 2 uvicorn workers; the ceiling (bench/ceiling.py: a bare ASGI app
replaying the exact bytes the API sent for the same request) with 1 and 2 workers; Datasette
serving the same SQLite file with the closest equivalent query. Scenarios and targets are
interleaved, round after round; the table gives medians with min-max over the rounds.

Environment: BENCH_SECONDS (per wrk run, default 10), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS
(default 32), BENCH_QUICK=1 (1 s runs, 1 round, no Datasette, no 2-worker targets: the smoke test).
"""

import base64
import json
import os
import random
import re
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx

from bench.harness import (
    ROOT,
    WORK,
    Server,
    Servers,
    WrkResult,
    build_database,
    need,
    run,
    wrk,
)
from bench.report import Table, report

QUICK = os.environ.get("BENCH_QUICK") == "1"
SECONDS = float(os.environ.get("BENCH_SECONDS", "1" if QUICK else "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1" if QUICK else "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
STALL_CONNECTIONS = 256
# Quiet time before each 256-connection run. Started right after another 256-connection run, a run
# on the same server has a p99 of about 3.6 s instead of about 0.2 s; a bare ASGI app that only
# burns 0.4 ms per request on uvicorn shows the same (bench/README.md), so it is not this API's.
STALL_PAUSE = float(os.environ.get("BENCH_STALL_PAUSE", "0" if QUICK else "5"))
DATASETTE_VERSION = "0.65.2"
CLAIM = "kratom-relieves-depression-symptoms"


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str | None = None  # one fixed request (cacheable)
    varying: str | None = None  # "search" or "match": a new request each time
    datasette: str | None = None  # the closest Datasette request, if there is one
    revalidate: bool = False  # send If-None-Match with the current ETag (304 expected)


SCENARIOS = (
    Scenario("claims list, limit=20", "/v1/claims?limit=20", datasette="/kratom/claims.json?_size=20"),
    Scenario("claim by id (sources, caveats embedded)", f"/v1/claims/{CLAIM}", datasette=f"/kratom/claims/{CLAIM}.json"),
    Scenario("compounds list", "/v1/compounds", datasette="/kratom/compounds.json"),
    Scenario("evidence scale", "/v1/evidence-scale"),
    Scenario("304 revalidation (claims list)", "/v1/claims?limit=20", revalidate=True),
    Scenario("search, new term each request", varying="search", datasette="search"),
    Scenario("claim match, new sentence each request", varying="match"),
)  # fmt: skip


def vocabulary(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        text = " ".join(
            r[0] + " " + r[1] for r in conn.execute("SELECT title, body FROM search_index")
        )
    words = sorted({w for w in re.findall(r"[a-z]{4,}", text.lower())})
    return words


class PathFiles:
    """Distinct request paths for the varying scenarios: every (target, round) gets its own slice,
    so no request of the run repeats and the response cache cannot help."""

    def __init__(self, words: list[str], per_run: int) -> None:
        rng = random.Random(20261125)  # noqa: S311 - reproducible test data, not secrets
        self.per_run = per_run
        search = [
            f"/v1/search?q={w}&limit={n}&offset={o}"
            for w in words
            for n in range(1, 21)
            for o in range(3)
        ]
        rng.shuffle(search)
        templates = (
            "Kratom {a} may help {b} in people with {c}",
            "Studies suggest {a} and {b} change when people take kratom for {c}",
            "Mitragynine {a} the {b} of {c}",
            "Users report that kratom {a} their {b} and {c}",
        )
        match = []
        for i in range(per_run * 12):
            a, b, c = rng.choice(words), rng.choice(words), rng.choice(words)
            sentence = rng.choice(templates).format(a=a, b=b, c=c) + f" ({i})"
            match.append("/v1/claims/match?text=" + quote(sentence))
        self.pools = {"search": search, "match": match, "datasette-search": [
            f"/kratom/search_index.json?_search={w}&_size=20" for w in words
        ]}  # fmt: skip
        self.used = {name: 0 for name in self.pools}

    def next_file(self, kind: str) -> Path:
        pool = self.pools[kind]
        start = self.used[kind]
        chunk = pool[start : start + self.per_run] or pool[: self.per_run]
        self.used[kind] = start + len(chunk)
        path = WORK / f"paths-{kind}-{start}.txt"
        path.write_text("\n".join(chunk) + "\n")
        return path


def record_ceiling(
    api: Server, scenarios: tuple[Scenario, ...], varying: dict[str, list[str]]
) -> Path:
    """What the API answers, byte for byte, for every request the ceiling will be asked."""
    answers: dict[str, tuple[int, list[tuple[str, str]], str]] = {}
    with httpx.Client(base_url=api.base) as client:

        def keep(key: str, response: httpx.Response) -> None:
            headers = [(k, v) for k, v in response.headers.items() if k not in ("date", "server")]
            answers[key] = (
                response.status_code,
                headers,
                base64.b64encode(response.content).decode(),
            )

        for s in scenarios:
            if s.path:
                first = client.get(s.path)
                keep(s.path, first)
                keep(
                    s.path + " 304",
                    client.get(s.path, headers={"If-None-Match": first.headers["etag"]}),
                )
        for paths in varying.values():
            for p in paths:
                keep(p, client.get(p))
    path = WORK / "ceiling.json"
    path.write_text(json.dumps(answers))
    return path


def datasette_argv() -> list[str] | None:
    """Datasette in its own environment (bench only), installed on first use."""
    venv = WORK / "datasette-venv"
    python = venv / "bin" / "python"
    if not (venv / "bin" / "datasette").exists():
        print(f"installing datasette=={DATASETTE_VERSION} into {venv} (bench only) ...", flush=True)
        try:
            run([sys.executable, "-m", "venv", str(venv)])
            run(
                [str(python), "-m", "pip", "install", "-q", f"datasette=={DATASETTE_VERSION}"],
                timeout=600,
            )
        except RuntimeError as exc:
            print(f"Datasette could not be installed, so its column stays empty:\n{exc}")
            return None
    return [str(venv / "bin" / "datasette"), "serve", "--host", "127.0.0.1", "--port", "{port}"]


def main() -> int:
    need("wrk", "apt-get install wrk")
    WORK.mkdir(parents=True, exist_ok=True)
    db = WORK / "kratom.sqlite3"  # Datasette names the database after the file: /kratom/...
    print("building the dataset database ...", flush=True)
    url = build_database(db)
    env = os.environ | {"DATABASE_URL": url}
    words = vocabulary(db)
    per_run = int(max(2_000, 2_500 * SECONDS))
    files = PathFiles(words, per_run)
    servers = Servers()
    table = Table()
    targets: dict[str, Server] = {}
    try:
        api = [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app", "--host", "127.0.0.1",
               "--port", "{port}", "--no-access-log", "--log-level", "warning"]  # fmt: skip
        targets["api 1w"] = servers.start(
            "api 1w", [*api, "--workers", "1"], "/readyz", 1, env, WORK / "api1.log"
        )
        ready_1w = targets["api 1w"].ready_seconds
        if not QUICK:
            targets["api 2w"] = servers.start(
                "api 2w", [*api, "--workers", "2"], "/readyz", 2, env, WORK / "api2.log"
            )
        sample = {kind: files.pools[kind][-500:] for kind in ("search", "match")}
        ceiling_file = record_ceiling(targets["api 1w"], SCENARIOS, sample)
        sample_files = {}
        for kind, paths in sample.items():
            sample_files[kind] = WORK / f"ceiling-{kind}.txt"
            sample_files[kind].write_text("\n".join(paths) + "\n")
        ceiling = [sys.executable, "-m", "uvicorn", "bench.ceiling:app", "--host", "127.0.0.1", "--port", "{port}",
                   "--no-access-log", "--log-level", "warning"]  # fmt: skip
        cenv = env | {"BENCH_CEILING_FILE": str(ceiling_file)}
        targets["ceiling 1w"] = servers.start(
            "ceiling 1w", [*ceiling, "--workers", "1"], "/v1/evidence-scale", 1, cenv
        )
        if not QUICK:
            targets["ceiling 2w"] = servers.start(
                "ceiling 2w", [*ceiling, "--workers", "2"], "/v1/evidence-scale", 2, cenv
            )
            argv = datasette_argv()
            if argv:
                targets["datasette"] = servers.start(
                    "datasette",
                    [*argv, "--immutable", str(db)],
                    "/-/versions.json",
                    1,
                    env,
                    WORK / "datasette.log",
                )
        for round_no in range(1, ROUNDS + 1):
            for s in SCENARIOS:
                for name, server in targets.items():
                    request = plan(s, name, server, files, sample_files)
                    if request is None:
                        continue
                    print(
                        f"round {round_no}/{ROUNDS}  {s.name:<42} {name:<11}", end=" ", flush=True
                    )
                    result = request(CONNECTIONS, SECONDS)
                    print(
                        f"{result.rps:>9.0f} req/s  p99 {result.p99_ms:7.2f} ms  errors {result.errors}"
                    )
                    table.add(s.name, name, result)
        stall: dict[str, WrkResult] = {}
        for s in SCENARIOS:
            request = plan(s, "api 1w", targets["api 1w"], files, sample_files)
            assert request is not None
            time.sleep(STALL_PAUSE)
            stall[s.name] = request(STALL_CONNECTIONS, max(2.0, SECONDS / 2))
        rss = {
            name: server.rss_per_worker()
            for name, server in targets.items()
            if name.startswith("api")
        }
    finally:
        servers.close()
    report(
        table, targets, stall, rss, ready_1w,
        scenarios=[s.name for s in SCENARIOS], seconds=SECONDS, rounds=ROUNDS,
        connections=CONNECTIONS, stall_connections=STALL_CONNECTIONS,
    )  # fmt: skip
    bad = sum(c.errors for c in table.cells.values()) + sum(r.errors for r in stall.values())
    return 1 if bad else 0


def preflight(url: str, headers: dict[str, str] | None = None) -> None:
    """A benchmark of error pages measures nothing: every fixed request must answer 200 or 304."""
    status = httpx.get(url, headers=headers).status_code
    if status not in (200, 304):
        raise SystemExit(f"preflight: {url} answered {status}; fix the scenario before measuring")


def plan(
    s: Scenario, target: str, server: Server, files: PathFiles, sample_files: dict[str, Path]
) -> Callable[[int, float], WrkResult] | None:
    base = server.base
    if target == "datasette":
        if s.datasette == "search":
            path_file = files.next_file("datasette-search")
            preflight(base + path_file.read_text().split("\n", 1)[0])
            return lambda c, d: wrk(base, d, c, paths_file=path_file)
        if s.datasette:
            peer_url = base + s.datasette
            preflight(peer_url)
            return lambda c, d: wrk(peer_url, d, c)
        return None
    if s.varying:
        path_file = (
            sample_files[s.varying] if target.startswith("ceiling") else files.next_file(s.varying)
        )
        return lambda c, d: wrk(base, d, c, paths_file=path_file)
    assert s.path is not None
    url = base + s.path
    preflight(url)
    if s.revalidate:
        etag = httpx.get(url).headers["etag"]
        return lambda c, d: wrk(url, d, c, headers=[f"If-None-Match: {etag}"])
    return lambda c, d: wrk(url, d, c)


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
