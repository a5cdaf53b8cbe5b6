"""Plumbing shared by the benchmarks: build a database, start servers on 127.0.0.1, drive wrk.

Every process started here is stopped in ``Servers.close``; every wrk run is bounded by its
duration plus a fixed margin. Nothing here talks to anything but 127.0.0.1.
"""

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
LUA = Path(__file__).resolve().parent / "paths.lua"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(cmd: Sequence[str], env: dict[str, str] | None = None, timeout: float = 600) -> str:
    done = subprocess.run(  # noqa: S603 - fixed argv built here
        list(cmd), cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def build_database(path: Path) -> str:
    """Migrate and load the real data/ into a fresh SQLite file; returns its URL."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    env = os.environ | {"DATABASE_URL": url}
    run([sys.executable, "-m", "alembic", "upgrade", "head"], env)
    run([sys.executable, "-m", "app.ingest", "load"], env)
    return url


def rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else 0.0


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def is_helper_process(pid: int) -> bool:
    """multiprocessing's resource tracker, which uvicorn's supervisor also starts: not a worker."""
    try:
        return b"resource_tracker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    workers: int
    ready_seconds: float = 0.0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        if self.workers == 1:
            return [self.process.pid]
        return [pid for pid in children(self.process.pid) if not is_helper_process(pid)]

    def rss_per_worker(self) -> list[float]:
        return [rss_mib(pid) for pid in self.worker_pids()]


@dataclass
class Servers:
    started: list[Server] = field(default_factory=list)

    def start(
        self,
        name: str,
        argv: Sequence[str],
        ready_path: str,
        workers: int = 1,
        env: dict[str, str] | None = None,
        log: Path | None = None,
    ) -> Server:
        port = free_port()
        argv = [a.replace("{port}", str(port)) for a in argv]
        out = log.open("wb") if log else subprocess.DEVNULL
        began = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603 - fixed argv built by the caller
            argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        server = Server(name, port, process, workers)
        self.started.append(server)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode} (log: {log})")
            try:
                if httpx.get(server.base + ready_path, timeout=1).status_code == 200:
                    server.ready_seconds = time.perf_counter() - began
                    return server
            except httpx.TransportError:
                pass
            time.sleep(0.01)
        raise RuntimeError(f"{name} not ready within 60 s (log: {log})")

    def close(self) -> None:
        for server in self.started:
            if server.process.poll() is None:
                os.killpg(server.process.pid, signal.SIGTERM)
        for server in self.started:
            try:
                server.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.process.pid, signal.SIGKILL)
                server.process.wait()
        self.started.clear()


@dataclass(frozen=True)
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers, plus connect/read/write errors and timeouts


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(out: str) -> WrkResult:
    def latency(pct: str) -> float:
        match = re.search(rf"^\s+{pct}%\s+(\S+)", out, re.MULTILINE)
        return _ms(match.group(1)) if match else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return WrkResult(
        rps=float(rps.group(1)) if rps else 0.0,
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        requests=int(total.group(1)) if total else 0,
        errors=errors,
    )


def wrk(
    url: str,
    seconds: float,
    connections: int,
    paths_file: Path | None = None,
    headers: Sequence[str] = (),
) -> WrkResult:
    """One bounded wrk run; with ``paths_file``, each request takes the next path from the file.

    Two client threads, except for the many-connection runs (128 or more), which use one: on 2
    cores shared with the server, two wrk threads at 256 connections reported multi-second p99s
    (3.2-3.9 s) that the server does not have; on the same server, one wrk thread and ``hey`` (256
    connections) both gave p99 of about 0.2 s. See bench/README.md.
    """
    threads = 1 if connections >= 128 else min(2, connections)
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "5s",
    ]
    for header in headers:
        cmd += ["-H", header]
    if paths_file is not None:
        cmd += ["-s", str(LUA), url, "--", str(paths_file)]
    else:
        cmd.append(url)
    return parse_wrk(run(cmd, timeout=seconds + 60))


def need(tool: str, how: str) -> None:
    if shutil.which(tool) is None:
        raise SystemExit(f"the benchmark needs `{tool}`: {how}")


@dataclass
class Series:
    """The rounds of one (scenario, target) cell."""

    results: list[WrkResult] = field(default_factory=list)

    def median(self, attr: str) -> float:
        return float(statistics.median(getattr(r, attr) for r in self.results))

    def spread(self, attr: str) -> tuple[float, float]:
        values = [getattr(r, attr) for r in self.results]
        return min(values), max(values)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.results)
