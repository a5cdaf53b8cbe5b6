"""``make bench-load``: overload test. Finds the saturation rate of one endpoint, then drives it at
twice that rate for 60 s, and checks for 5xx and that latency recovers once the load stops.

Traffic goes only to 127.0.0.1; every phase is bounded in time. Needs `hey` (Debian package).
"""

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

from bench.harness import ROOT, Servers

URL_PATH = "/v1/claims?limit=20"


@dataclass
class Phase:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    ok: int
    server_errors: int
    other: int


def hey(url: str, seconds: int, connections: int, rate_per_connection: float = 0) -> str:
    cmd = ["hey", "-z", f"{seconds}s", "-c", str(connections), "-t", "30"]
    if rate_per_connection:
        cmd += ["-q", f"{rate_per_connection:.2f}"]
    return subprocess.run(  # noqa: S603 - fixed argv, local URL
        [*cmd, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout


def parse(name: str, out: str) -> Phase:
    def num(pattern: str) -> float:
        m = re.search(pattern, out)
        return float(m.group(1)) if m else 0.0

    codes = {int(c): int(n) for c, n in re.findall(r"\[(\d{3})\]\s+(\d+) responses", out)}
    # Requests that got no answer at all (client timeouts, resets) are failures too.
    failed = sum(int(n) for n in re.findall(r"\[(\d+)\]\s+Get ", out))
    return Phase(
        name, num(r"Requests/sec:\s+([\d.]+)"), 1000 * num(r"50% in ([\d.]+) secs"),
        1000 * num(r"99% in ([\d.]+) secs"), codes.get(200, 0),
        sum(n for c, n in codes.items() if c >= 500) + failed, sum(n for c, n in codes.items() if c < 500 and c != 200),
    )  # fmt: skip


def main() -> int:
    if shutil.which("hey") is None:
        print("bench-load needs `hey`: apt-get install hey")
        return 2
    servers = Servers()
    try:
        argv = [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app", "--host", "127.0.0.1",
                "--port", "{port}", "--no-access-log", "--log-level", "warning"]  # fmt: skip
        server = servers.start("api", argv, URL_PATH)
        url = server.base + URL_PATH
        phases = [parse("baseline (1 connection, 5 s)", hey(url, 5, 1))]
        saturation = parse("saturation (32 connections, 10 s)", hey(url, 10, 32))
        phases.append(saturation)
        target = 2 * saturation.rps
        phases.append(
            parse(
                f"overload at {target:.0f} req/s offered (64 connections, 60 s)",
                hey(url, 60, 64, target / 64),
            )
        )
        phases.append(parse("after the load (1 connection, 5 s)", hey(url, 5, 1)))
    finally:
        servers.close()
    print(f"{'phase':<58}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'200':>8}{'fail':>6}{'other':>7}")
    for p in phases:
        print(
            f"{p.name:<58}{p.rps:>8.0f}{p.p50_ms:>9.1f}{p.p99_ms:>9.1f}{p.ok:>8}{p.server_errors:>6}{p.other:>7}"
        )
    errors = sum(p.server_errors for p in phases)
    recovered = phases[-1].p50_ms <= 3 * max(phases[0].p50_ms, 1.0)
    print(
        f"5xx or unanswered requests: {errors}; latency recovered after the load: {'yes' if recovered else 'NO'}"
    )
    return 0 if errors == 0 and recovered else 1


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
