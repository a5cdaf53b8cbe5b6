"""Property-based contract tests: every operation, generated inputs, all Schemathesis checks.

Driven through Schemathesis' Python API (its pytest fixture loader does not work with pytest 9).
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Ok

from app.config import Settings
from app.ingest.validate import Dataset
from app.main import create_app
from tests.conftest import DATA_DIR, MIGRATIONS_DIR, build_database

OPERATIONS = sorted(
    f"{method.upper()} {path}"
    for path, item in create_app(Settings()).openapi()["paths"].items()
    for method in item
)  # the document, not a database, decides what is tested


@pytest.fixture(scope="module")
def started_app(tmp_path_factory: pytest.TempPathFactory, dataset: Dataset) -> Iterator[FastAPI]:
    url = f"sqlite:///{tmp_path_factory.mktemp('st') / 'k.sqlite3'}"
    build_database(url, dataset)
    app = create_app(Settings(database_url=url, data_dir=DATA_DIR, migrations_dir=MIGRATIONS_DIR))
    with TestClient(app):  # runs the lifespan, so the app has its read-only session factory
        yield app


@pytest.mark.parametrize("label", OPERATIONS)
def test_operation_honours_its_contract(started_app: FastAPI, label: str) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", started_app)
    operations = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
    [operation] = [op for op in operations if op.label == label]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def run(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate()

    run()


def test_stateful_run_follows_links_from_lists_to_records(started_app: FastAPI) -> None:
    """Schemathesis infers the links (list item id -> read-one; disclaimer id -> /v1/disclaimers/{id})
    and walks them with generated sequences of calls, checking every response."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", started_app)
    workflow = schema.as_state_machine()
    workflow.run(
        settings=settings(
            max_examples=15, stateful_step_count=4, deadline=None, database=None,
            suppress_health_check=list(HealthCheck),
        )
    )  # fmt: skip
