"""Clients of the API under test: in process (sync over the TestClient, async over ASGI)."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from kratom_evidence import Client

from app.ingest.validate import Dataset

BASE = "http://testserver"


@pytest.fixture
def api(client: TestClient) -> Iterator[Client]:
    """The sync client sending through the session's TestClient (the app, lifespan run, in process)."""
    with Client(BASE, http=client) as kc:
        yield kc


def contradicted(dataset: Dataset) -> dict[str, set[tuple[str, str]]]:
    """Each contradicted claim of the data files, with its (source id, stance) pairs."""
    return {
        claim.id: {(cited.source, cited.stance.value) for cited in claim.sources}
        for claim in dataset.claims
        if claim.verdict.value == "contradicted"
    }
