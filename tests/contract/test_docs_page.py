"""/docs renders Swagger UI with every operation, using only assets the app serves itself.

Chromium runs headless against a real uvicorn on 127.0.0.1, with every other host unresolvable,
so a page that needed a CDN would render empty. CI installs Chromium; elsewhere the test skips.
"""

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.ingest.validate import Dataset
from tests.conftest import build_database
from tests.live import uvicorn_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, dataset: Dataset) -> Iterator[str]:
    """A real uvicorn on its own SQLite file; the docs page does not depend on the engine."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('docs') / 'kratom.sqlite3'}"
    build_database(database_url, dataset)
    with uvicorn_server(database_url) as base:
        yield base


def test_docs_html_references_only_local_assets(server: str) -> None:
    for page in ("/docs", "/redoc"):
        html = httpx.get(server + page).text
        external = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", html)
        assert external == [], f"{page} loads {external}"


def test_swagger_ui_renders_every_operation_offline(server: str, tmp_path: Path) -> None:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI; .ci/run installs the Debian package 'chromium'")
        pytest.skip("Chromium is not installed (apt-get install chromium); CI runs this test")
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            "--virtual-time-budget=15000",
            "--dump-dom",
            f"{server}/docs",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    dom = result.stdout
    spec = httpx.get(f"{server}/openapi.json").json()
    assert "swagger-ui" in dom, result.stderr[-2000:]
    rendered = set(re.findall(r'data-path="([^"]+)"', dom))
    assert rendered == set(spec["paths"]), f"missing: {set(spec['paths']) - rendered}"
