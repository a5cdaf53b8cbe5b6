"""The printed comparison of ``make bench`` (bench/run.py) and its raw figures."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.harness import ROOT, WORK, Series, Server, WrkResult


@dataclass
class Table:
    cells: dict[tuple[str, str], Series] = field(default_factory=dict)

    def add(self, scenario: str, target: str, result: WrkResult) -> None:
        self.cells.setdefault((scenario, target), Series()).results.append(result)

    def rps(self, scenario: str, target: str) -> float | None:
        cell = self.cells.get((scenario, target))
        return cell.median("rps") if cell else None


def fmt_ratio(a: float | None, b: float | None, spec: str, suffix: str = "") -> str:
    """``a / b`` formatted with ``spec`` (e.g. ".2f"), or a dash when either side is missing."""
    return "—" if a is None or not b else format(a / b, spec) + suffix


def report(
    table: Table,
    targets: dict[str, Server],
    stall: dict[str, WrkResult],
    rss: dict[str, list[float]],
    ready_1w: float,
    *,
    scenarios: Sequence[str],
    seconds: float,
    rounds: int,
    connections: int,
    stall_connections: int,
) -> None:
    """Print the comparison table, the many-connections run, RSS and start-up; keep the raw figures
    in var/bench/latest.json."""
    print()
    print(f"wrk, {connections} connections, {seconds:g} s per run, {rounds} round(s), medians [min-max]; "
          f"2 cores shared by server and wrk")  # fmt: skip
    head = f"{'scenario':<42}{'target':<12}{'req/s':>8}{'[min-max]':>17}{'p50 ms':>8}{'p99 ms':>8}{'errors':>7}{'/ceiling':>9}{'/datasette':>11}"
    print(head)
    print("-" * len(head))
    for scenario in scenarios:
        for name in targets:
            cell = table.cells.get((scenario, name))
            if cell is None:
                continue
            lo, hi = cell.spread("rps")
            workers = name.split()[-1] if name != "datasette" else ""
            vs_ceiling = vs_peer = "—"
            if name.startswith("api"):
                vs_ceiling = fmt_ratio(
                    cell.median("rps"), table.rps(scenario, f"ceiling {workers}"), ".2f"
                )
                vs_peer = fmt_ratio(
                    cell.median("rps"), table.rps(scenario, "datasette"), ".0f", "x"
                )
            print(f"{scenario:<42}{name:<12}{cell.median('rps'):>8.0f}{f'[{lo:.0f}-{hi:.0f}]':>17}"
                  f"{cell.median('p50_ms'):>8.2f}{cell.median('p99_ms'):>8.2f}{cell.errors:>7}{vs_ceiling:>9}{vs_peer:>11}")  # fmt: skip
    print()
    print(f"{stall_connections} connections on the API (1 worker):")
    for name, r in stall.items():
        print(
            f"  {name:<42}{r.rps:>8.0f} req/s  p99 {r.p99_ms:8.2f} ms  requests {r.requests:>7}  errors {r.errors}"
        )
    for name, values in rss.items():
        print(f"RSS per worker after the run, {name}: " + ", ".join(f"{v:.0f} MiB" for v in values))
    print(f"start to ready (process spawn to /readyz 200), api 1w: {ready_1w:.2f} s")
    results = {
        "seconds": seconds, "rounds": rounds, "connections": connections,
        "cells": {f"{s} | {t}": [r.__dict__ for r in c.results] for (s, t), c in table.cells.items()},
        "stall_256": {k: v.__dict__ for k, v in stall.items()}, "rss_mib": rss, "ready_seconds": ready_1w,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }  # fmt: skip
    out = WORK / "latest.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"raw figures: {out.relative_to(ROOT)}")
