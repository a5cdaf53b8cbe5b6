"""A real uvicorn serving a loaded database on a free port of 127.0.0.1, for tests that need the
network path (browsers, the Python client over HTTP)."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from tests.conftest import DATA_DIR, MIGRATIONS_DIR


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def uvicorn_server(database_url: str) -> Iterator[str]:
    """The base URL once /readyz answers 200 (the database read, the matching index built); the
    server is stopped on exit."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(DATA_DIR),
        "MIGRATIONS_DIR": str(MIGRATIONS_DIR),
    }
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app",
           "--port", str(port), "--no-access-log"]  # fmt: skip
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/readyz", timeout=0.5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, "uvicorn exited during start-up"
            time.sleep(0.1)
        else:
            pytest.fail("uvicorn did not become ready in 30 s")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
