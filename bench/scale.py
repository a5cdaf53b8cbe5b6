"""``make bench-scale``: how load time and read latency grow with a dataset 100 times the real one.

The large dataset is SYNTHETIC: every record of data/ copied FACTOR times under new ids (suffix
``-synthetic-N``), references rewired inside each copy, identifiers (PMID, DOI, PMCID) dropped from
the copies, and the release named ``...-synthetic-x100`` with a licence line saying it is not
data. It is built in memory, loaded into var/bench/ only, and never into the serving database.

Reads are measured with the response cache off (RESPONSE_CACHE_MB=0): a cached answer costs the
same at any size, so the interesting figure is the database path. Sequential requests over
varying pages, ids and terms; p50 and p99 of the client-side time.
"""

import os
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel

from app.db import create_writer_engine
from app.ingest.load import load_dataset
from app.ingest.validate import Dataset, read_dataset
from bench.harness import ROOT, WORK, Servers, run

FACTOR = int(os.environ.get("BENCH_SCALE_FACTOR", "100"))
REQUESTS = int(os.environ.get("BENCH_SCALE_REQUESTS", "300"))

# For each record type: fields holding one slug, lists of slugs, or lists of {key: slug}.
_ONE = {"mechanisms": ("compound", "target")}
_MANY = {
    "compounds": ("sources",),
    "mechanisms": ("sources",),
    "caveats": ("compounds", "sources"),
    "claims": ("compounds", "mechanisms", "caveats"),
    "jurisdictions": ("substances",),
}
_NESTED = {
    "mechanisms": (("measurements", "source"),),
    "claims": (("sources", "source"),),
    "jurisdictions": (("sources", "source"),),
    "documents": (("claims", "claim"),),
}
REPLICATED = ("sources", "compounds", "targets", "mechanisms", "caveats", "claims", "jurisdictions", "documents")  # fmt: skip


def _copy(kind: str, record: BaseModel, n: int) -> BaseModel:
    if n == 0:
        return record
    tag = f"-synthetic-{n}"
    data: dict[str, Any] = record.model_dump()
    data["id"] += tag
    for name in _ONE.get(kind, ()):
        data[name] += tag
    for name in _MANY.get(kind, ()):
        data[name] = [ref + tag for ref in data[name]]
    for name, key in _NESTED.get(kind, ()):
        data[name] = [item | {key: item[key] + tag} for item in data[name]]
    if kind == "sources":
        data.update(pmid=None, doi=None, pmcid=None)
    return type(record).model_validate(data)


def synthetic(real: Dataset, factor: int) -> Dataset:
    copies: dict[str, list[Any]] = {
        kind: [_copy(kind, r, n) for n in range(factor) for r in getattr(real, kind)]
        for kind in REPLICATED
    }
    meta = real.meta.model_copy(
        update={
            "version": f"{real.meta.version}-synthetic-x{factor}",
            "license": "SYNTHETIC BENCHMARK DATA: copies of the real records under made-up ids. Not for use.",
        }
    )
    return replace(real, meta=meta, **copies)


def build(ds: Dataset, path: Path) -> tuple[str, float]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    run([sys.executable, "-m", "alembic", "upgrade", "head"], os.environ | {"DATABASE_URL": url})
    engine = create_writer_engine(url)
    try:
        started = time.perf_counter()
        load_dataset(engine, ds, str(ROOT / "migrations"))
        return url, time.perf_counter() - started
    finally:
        engine.dispose()


def latencies(client: httpx.Client, paths: list[str]) -> tuple[float, float]:
    times = []
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code} {response.text[:200]}")
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1]


def measure(url: str, ds: Dataset, words: list[str]) -> dict[str, tuple[float, float]]:
    rng = random.Random(7)  # noqa: S311 - reproducible picks, not secrets
    claims = [c.id for c in ds.claims]
    pages = max(1, len(claims) // 20)
    plans = {
        "claims list (random page of 20)": [f"/v1/claims?limit=20&offset={20 * rng.randrange(pages)}" for _ in range(REQUESTS)],
        "claim by id (everything embedded)": [f"/v1/claims/{rng.choice(claims)}" for _ in range(REQUESTS)],
        "search (random term, top 20)": [f"/v1/search?q={rng.choice(words)}&limit=20" for _ in range(REQUESTS)],
    }  # fmt: skip
    servers = Servers()
    env = os.environ | {"DATABASE_URL": url, "RESPONSE_CACHE_MB": "0"}
    argv = [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app", "--host", "127.0.0.1",
            "--port", "{port}", "--no-access-log", "--log-level", "warning"]  # fmt: skip
    try:
        server = servers.start("api", argv, "/readyz", 1, env, WORK / "scale-api.log")
        with httpx.Client(base_url=server.base, timeout=30) as client:
            for paths in plans.values():  # warm up: connections, statement caches
                latencies(client, paths[:20])
            return {name: latencies(client, paths) for name, paths in plans.items()}
    finally:
        servers.close()


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    real = read_dataset(ROOT / "data")
    words = sorted(
        {w.lower() for c in real.claims for w in c.statement.split() if len(w) > 5 and w.isalpha()}
    )
    rows = []
    for factor in (1, FACTOR):
        ds = real if factor == 1 else synthetic(real, factor)
        print(f"x{factor}: {sum(ds.counts().values())} records, loading ...", flush=True)
        path = WORK / f"scale-x{factor}.sqlite3"
        url, load_seconds = build(ds, path)
        figures = measure(url, ds, words)
        rows.append(
            (factor, sum(ds.counts().values()), load_seconds, path.stat().st_size / 2**20, figures)
        )
    print()
    print(
        f"{'dataset':<10}{'records':>9}{'load s':>9}{'db MiB':>8}  "
        + "  ".join(f"{n:<36}" for n in rows[0][4])
    )
    for factor, records, load_s, size, figures in rows:
        cells = "  ".join(
            f"{f'p50 {p50:6.2f} ms  p99 {p99:6.2f} ms':<36}" for p50, p99 in figures.values()
        )
        print(f"{'x' + str(factor):<10}{records:>9}{load_s:>9.2f}{size:>8.1f}  {cells}")
    (small, big) = rows
    print()
    print(f"growth x{FACTOR} data: load time x{big[2] / small[2]:.1f}; "
          + "; ".join(f"{name} p50 x{big[4][name][0] / small[4][name][0]:.2f}" for name in small[4]))  # fmt: skip
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
