"""PostgreSQL disappears mid-run: quick 503s (no hang), /healthz up, recovery when it returns.

A TCP proxy between the app and the test server stands in for the network; cutting it drops every
open connection and refuses new ones.
"""

import contextlib
import socket
import socketserver
import threading
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from app.config import Settings
from app.ingest.validate import Dataset
from app.main import create_app
from tests.conftest import DATA_DIR, MIGRATIONS_DIR, build_database
from tests.helpers import problem


class _Pipe(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        server: Proxy = self.server  # type: ignore[assignment]
        upstream = socket.create_connection(server.upstream)
        server.track(self.request, upstream)

        def pump(src: socket.socket, dst: socket.socket) -> None:
            try:
                while data := src.recv(65536):
                    dst.sendall(data)
            except OSError:
                pass
            finally:
                for s in (src, dst):
                    with contextlib.suppress(OSError):
                        s.shutdown(socket.SHUT_RDWR)

        back = threading.Thread(target=pump, args=(upstream, self.request), daemon=True)
        back.start()
        try:
            pump(self.request, upstream)
            back.join(timeout=5)
        finally:
            # cut() closes the sockets it knows of, but a connection accepted while it ran would
            # otherwise leave this one open (a ResourceWarning, an error under filterwarnings).
            upstream.close()


class Proxy(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port: int, upstream: tuple[str, int]) -> None:
        super().__init__(("127.0.0.1", port), _Pipe)
        self.upstream = upstream
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def track(self, *socks: socket.socket) -> None:
        self.sockets.extend(socks)

    def cut(self) -> None:
        self.shutdown()
        self.server_close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass


@pytest.fixture
def pg_url(postgres: Any, dataset: Dataset) -> str:
    url: str = postgres.new()
    build_database(url, dataset)
    return url


def test_postgres_outage_gives_fast_503s_and_recovers(pg_url: str) -> None:
    real = make_url(pg_url)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    upstream = (real.host or "127.0.0.1", real.port or 5432)
    proxy = Proxy(port, upstream)
    via_proxy = real.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
    app = create_app(
        Settings(
            database_url=via_proxy,
            data_dir=DATA_DIR,
            migrations_dir=MIGRATIONS_DIR,
            db_connect_timeout=2,
        )
    )
    with TestClient(app) as client:
        assert client.get("/v1/claims").status_code == 200
        proxy.cut()
        started = time.perf_counter()
        response = client.get("/v1/claims?limit=7")  # not answered before: needs the database
        assert time.perf_counter() - started < 5, "a dead database must not hang requests"
        problem(response, 503)
        assert client.get("/v1/claims").status_code == 200, "recorded answers outlive the outage"
        assert response.headers["retry-after"] == "5"
        assert client.get("/readyz").status_code == 503
        assert client.get("/healthz").status_code == 200
        proxy = Proxy(port, upstream)
        try:
            assert client.get("/v1/claims").status_code == 200
            assert client.get("/readyz").status_code == 200
        finally:
            proxy.cut()
