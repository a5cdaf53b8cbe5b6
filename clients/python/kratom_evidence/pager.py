"""Iterators over list endpoints that follow the API's ``Link: rel="next"`` pages."""

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Generic, TypeVar

from pydantic import TypeAdapter

from kratom_evidence._core import Fetched, checked, next_link
from kratom_evidence.models import DisclaimerRef, Envelope, Meta

T = TypeVar("T")


class Pager(Generic[T]):
    """Every record of a list endpoint, page after page: ``for`` with :class:`Client`, ``async for``
    with :class:`AsyncClient`. ``total``, ``meta`` and ``disclaimers`` fill in as pages arrive;
    each iteration starts again from the first page (a repeated page costs a 304)."""

    def __init__(
        self,
        url: str,
        item: type[T],
        *,
        fetch: Callable[[str], Fetched] | None = None,
        afetch: Callable[[str], Awaitable[Fetched]] | None = None,
    ) -> None:
        self.first_url = url
        self._adapter: TypeAdapter[Envelope[list[T]]] = TypeAdapter(Envelope[list[item]])  # type: ignore[valid-type]
        self._fetch = fetch
        self._afetch = afetch
        self.meta: Meta | None = None
        self.pages = 0
        self._disclaimers: dict[str, DisclaimerRef] = {}

    @property
    def total(self) -> int | None:
        """Records matching the filters, known once the first page has arrived."""
        return self.meta.total if self.meta else None

    @property
    def disclaimers(self) -> list[DisclaimerRef]:
        """Every disclaimer that applied to the pages read so far; show them with the data."""
        return list(self._disclaimers.values())

    def _page(self, fetched: Fetched) -> tuple[list[T], str | None]:
        envelope = checked(self._adapter, fetched)
        self.meta = envelope.meta
        self.pages += 1
        for disclaimer in envelope.disclaimers:
            self._disclaimers.setdefault(disclaimer.id, disclaimer)
        return list(envelope.data), next_link(fetched.headers, envelope.meta)

    def __iter__(self) -> Iterator[T]:
        if self._fetch is None:
            raise TypeError("this pager belongs to an AsyncClient: use 'async for'")
        url: str | None = self.first_url
        while url is not None:
            items, url = self._page(self._fetch(url))
            yield from items

    async def __aiter__(self) -> AsyncIterator[T]:
        if self._afetch is None:
            raise TypeError("this pager belongs to a Client: use 'for'")
        url: str | None = self.first_url
        while url is not None:
            items, url = self._page(await self._afetch(url))
            for item in items:
                yield item
