"""SIGTERM lets in-flight requests finish: a read waiting on a database lock still gets its answer."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from app.ingest.validate import Dataset
from tests.conftest import DATA_DIR, MIGRATIONS_DIR, build_database


def test_in_flight_request_completes_after_sigterm(tmp_path: Path, dataset: Dataset) -> None:
    path = tmp_path / "k.sqlite3"
    build_database(f"sqlite:///{path}", dataset)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "DATA_DIR": str(DATA_DIR),
        "MIGRATIONS_DIR": str(MIGRATIONS_DIR),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app", "--port", str(port), "--no-access-log"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/healthz", timeout=0.5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        lock = sqlite3.connect(path, isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")  # readers now wait on the busy timeout
        result: dict[str, httpx.Response] = {}
        reader = threading.Thread(
            target=lambda: result.update(r=httpx.get(f"{base}/v1/claims", timeout=20))
        )
        reader.start()
        time.sleep(0.5)
        server.send_signal(signal.SIGTERM)  # the request above is in flight
        time.sleep(1.0)
        lock.execute("ROLLBACK")
        lock.close()
        reader.join(timeout=20)
        assert result["r"].status_code == 200
        assert result["r"].json()["meta"]["total"] == len(dataset.claims)
        # Uvicorn re-raises the signal once it has shut down gracefully, so -SIGTERM is a clean exit.
        assert server.wait(timeout=15) in (0, -signal.SIGTERM)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
