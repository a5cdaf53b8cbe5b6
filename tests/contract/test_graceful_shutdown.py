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
from fastapi.testclient import TestClient

from app.config import Settings
from app.ingest.validate import Dataset
from app.main import create_app
from tests.conftest import DATA_DIR, MIGRATIONS_DIR, build_database
from tests.helpers import problem


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


def test_slow_request_is_answered_504_at_the_time_limit(tmp_path: Path, dataset: Dataset) -> None:
    path = tmp_path / "slow.sqlite3"
    build_database(f"sqlite:///{path}", dataset)
    settings = Settings(
        database_url=f"sqlite:///{path}",
        data_dir=DATA_DIR,
        migrations_dir=MIGRATIONS_DIR,
        request_timeout=1,
    )
    with TestClient(create_app(settings)) as client:
        lock = sqlite3.connect(path, isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")  # the next read waits up to the 5 s busy timeout
        try:
            started = time.perf_counter()
            response = client.get("/v1/claims")
            elapsed = time.perf_counter() - started
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        assert problem(response, 504)["status"] == 504
        assert response.headers["retry-after"] == "5"
        assert elapsed < 3
        assert client.get("/v1/claims").status_code == 200
