"""SIGTERM lets in-flight requests finish: a read waiting on a database lock still gets its answer,
and its log line reaches stdout before the process ends; log lines still batched at shutdown are
written."""

import json
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
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.http.observability import configure_logging
from app.ingest.validate import Dataset
from app.main import create_app
from tests.conftest import DATA_DIR, MIGRATIONS_DIR, build_database, settings_for
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
    out = (tmp_path / "stdout.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app", "--port", str(port), "--no-access-log"],
        env={**env, "PYTHONUNBUFFERED": "1"}, stdout=out, stderr=subprocess.DEVNULL,
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
            target=lambda: result.update(
                r=httpx.get(f"{base}/v1/claims", headers={"X-Request-ID": "in-flight"}, timeout=20)
            )
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
        out.close()
        logged = {
            line["request_id"]: line
            for line in map(json.loads, (tmp_path / "stdout.log").read_text().splitlines())
            if line.get("logger") == "app.access"
        }
        assert logged["in-flight"]["status"] == 200
        assert logged["in-flight"]["path"] == "/v1/claims"
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


def test_log_lines_batched_at_shutdown_are_written(
    tmp_path: Path, dataset: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    # Uvicorn re-raises SIGTERM after shutting down, so exit handlers never run: the lifespan's
    # end must write what the batching handler still holds.
    url = f"sqlite:///{tmp_path / 'k.sqlite3'}"
    build_database(url, dataset)
    configure_logging()  # the JSON handler now writes to the captured stdout
    try:
        with TestClient(create_app(settings_for(url))) as client:
            for i in range(4):  # within the 0.5 s batch: only the first is written at once
                client.get("/v1/evidence-scale", headers={"X-Request-ID": f"last-{i}"})
        out = capsys.readouterr().out
    finally:
        with capsys.disabled():  # back to the real stdout, before the capture is closed
            configure_logging()
    for i in range(4):
        assert f'"request_id": "last-{i}"' in out
