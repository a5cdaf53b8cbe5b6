"""The async client against the app in process, over httpx.ASGITransport."""

import asyncio
import csv
import io
from collections.abc import Awaitable, Callable

import httpx
import pytest
from kratom_evidence import AsyncClient, NotFound

from app.ingest.validate import Dataset
from app.main import create_app
from tests.client.conftest import BASE, contradicted
from tests.conftest import settings_for
from tests.helpers import ALWAYS_ON


def run_in_app(database_url: str, body: Callable[[AsyncClient], Awaitable[None]]) -> None:
    """Run ``body`` with an AsyncClient on a fresh app whose lifespan runs in this event loop."""
    app = create_app(settings_for(database_url))

    async def main() -> None:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with AsyncClient(BASE, transport=transport) as api:
                await body(api)

    asyncio.run(main())


def test_async_paging_and_filters(database_url: str, dataset: Dataset) -> None:
    async def body(api: AsyncClient) -> None:
        claims = api.claims(page_size=6)
        ids = [claim.id async for claim in claims]
        assert sorted(ids) == sorted(c.id for c in dataset.claims)
        assert {d.id for d in claims.disclaimers} >= ALWAYS_ON
        found = {
            claim.id: {(cited.source.id, cited.stance) for cited in claim.sources or []}
            async for claim in api.claims(verdict="contradicted", include="sources")
        }
        assert found == contradicted(dataset)

    run_in_app(database_url, body)


def test_async_revalidation_helpers_and_errors(database_url: str, dataset: Dataset) -> None:
    source = dataset.sources[2]

    async def body(api: AsyncClient) -> None:
        first = await api.source(source.id)
        assert api.last_response is not None
        assert api.last_response.status_code == 200
        second = await api.source(source.id)
        assert api.last_response.status_code == 304
        assert second == first
        assert second.data.title == source.title
        matches = (await api.match(dataset.claims[0].statement)).data
        assert dataset.claims[0].id in {m.claim.id for m in matches}
        review = (await api.review(dataset.claims[0].statement)).data
        assert review.summary.sentences == 1
        chunks = [chunk async for chunk in api.export("csv", resource="claims")]
        text = b"".join(chunks).decode()
        rows = list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))
        assert sorted(row["id"] for row in rows) == sorted(c.id for c in dataset.claims)
        assert (await api.dataset()).data.version == dataset.meta.version
        with pytest.raises(NotFound) as caught:
            await api.target("no-such-target")
        assert caught.value.instance == "/v1/targets/no-such-target"

    run_in_app(database_url, body)


def test_a_pager_refuses_the_wrong_kind_of_loop(database_url: str) -> None:
    async def body(api: AsyncClient) -> None:
        with pytest.raises(TypeError, match="async for"):
            list(api.claims())

    run_in_app(database_url, body)
