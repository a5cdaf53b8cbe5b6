"""The clients against a real uvicorn server in a subprocess, over the network on a free port."""

import asyncio
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from kratom_evidence import AsyncClient, Client, NotFound

from app.config import PROJECT_ROOT
from app.ingest.validate import Dataset
from tests.client.conftest import contradicted
from tests.conftest import build_database
from tests.live import uvicorn_server

EXAMPLE = re.compile(r"<!-- client-example:.*?-->\n```python\n(.*?)```", re.S)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, dataset: Dataset) -> Iterator[str]:
    """The base URL of a uvicorn server on a loaded SQLite database."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('server') / 'kratom.sqlite3'}"
    build_database(database_url, dataset)
    with uvicorn_server(database_url) as base:
        yield base


def test_readme_example_lists_contradicted_claims_with_sources(
    server: str, dataset: Dataset
) -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    match = EXAMPLE.search(readme)
    assert match, "the README's client example is missing"
    code = match.group(1)
    assert len(code.strip().splitlines()) <= 11
    code = code.replace("http://127.0.0.1:8000", server)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    titles = {source.id: source.title for source in dataset.sources}
    statements = {claim.id: claim.statement for claim in dataset.claims}
    for claim_id, cited in contradicted(dataset).items():
        assert statements[claim_id] in out
        for source_id, stance in cited:
            assert f"  {stance}: {titles[source_id]}" in out
    assert "Note: " in out


def test_sync_client_over_the_network(server: str, dataset: Dataset, tmp_path: Path) -> None:
    statuses: list[int] = []
    http = httpx.Client(event_hooks={"response": [lambda r: statuses.append(r.status_code)]})
    with http, Client(server, http=http) as api:
        ids = [c.id for c in api.claims(page_size=25)]
        assert sorted(ids) == sorted(c.id for c in dataset.claims)
        pages = len(statuses)
        assert set(statuses) == {200}
        again = [c.id for c in api.claims(page_size=25)]
        assert again == ids
        assert statuses[pages:] == [304] * pages
        path = api.export("json", to=tmp_path / "export.json")
        assert len(json.loads(path.read_bytes())["data"]["sources"]) == len(dataset.sources)
        with pytest.raises(NotFound):
            api.mechanism("no-such-mechanism")


def test_async_client_over_the_network(server: str, dataset: Dataset) -> None:
    statuses: list[int] = []

    async def record(response: httpx.Response) -> None:
        statuses.append(response.status_code)

    async def main() -> None:
        async with (
            httpx.AsyncClient(event_hooks={"response": [record]}) as http,
            AsyncClient(server, http=http) as api,
        ):
            first = await api.claim(dataset.claims[0].id)
            second = await api.claim(dataset.claims[0].id)
            assert second == first
            assert statuses == [200, 304]
            hits = [hit async for hit in api.search("withdrawal", type="claim")]
            assert hits
            assert {hit.type for hit in hits} == {"claim"}
            results = await asyncio.gather(*(api.compound(c.id) for c in dataset.compounds))
            assert [r.data.name for r in results] == [c.name for c in dataset.compounds]

    asyncio.run(main())
