"""A real uvicorn serving the real dataset, and a headless Chromium to look at its pages."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from app.ingest.validate import Dataset
from tests.conftest import build_database
from tests.live import uvicorn_server
from tests.web.cdp import Page, chromium

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = PROJECT_ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"


def _missing(what: str, fix: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI: {fix}")
    pytest.skip(f"{what} is not installed ({fix}); CI runs this test")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, dataset: Dataset) -> Iterator[str]:
    database_url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'kratom.sqlite3'}"
    build_database(database_url, dataset)
    with uvicorn_server(database_url) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    if CHROMIUM is None:
        _missing("Chromium", "apt-get install chromium; .ci/run installs it")
    assert CHROMIUM is not None
    with chromium(CHROMIUM, tmp_path_factory.mktemp("chromium") / "profile") as page:
        yield page


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        _missing("axe-core", "make browser-tools installs it into .tools/")
    return AXE.read_text(encoding="utf-8")


def screenshot_path(name: str, width: int) -> Path:
    return SCREENSHOTS / f"{name}-{width}.png"
