"""The response envelope every 2xx JSON body uses, and the one function that builds it."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import Connection, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app import models, vocab
from app.db import SessionDep
from app.errors import ServiceUnavailableError, database_unavailable


class DisclaimerRef(BaseModel):
    id: str = Field(description="Disclaimer id.", examples=["not-medical-advice"])
    text: str = Field(description="Text the consumer must show alongside the data.")
    severity: vocab.Severity = Field(description="How prominently to show it.")


class Links(BaseModel):
    self: str = Field(description="This page.", examples=["/v1/claims?limit=20&offset=0"])
    next: str | None = Field(default=None, description="The next page, if any.")
    prev: str | None = Field(default=None, description="The previous page, if any.")
    first: str = Field(description="The first page.", examples=["/v1/claims?limit=20&offset=0"])
    last: str = Field(description="The last page.", examples=["/v1/claims?limit=20&offset=40"])

    def header(self) -> str:
        """The same links as an RFC 8288 ``Link`` header."""
        rels = {"next": self.next, "prev": self.prev, "first": self.first, "last": self.last}
        return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in rels.items() if url)


class Meta(BaseModel):
    dataset_version: str = Field(
        description="Release of the dataset that answered.", examples=["2026.11.24"]
    )
    dataset_released_on: date = Field(description="Release date of that dataset.")
    license: str = Field(description="Terms under which the data may be reused.")
    limit: int | None = Field(default=None, description="Page size (lists only).", examples=[20])
    offset: int | None = Field(
        default=None, description="Records skipped (lists only).", examples=[0]
    )
    total: int | None = Field(
        default=None, description="Records matching the filters (lists only)."
    )
    links: Links | None = Field(default=None, description="Paging links (lists only).")


T = TypeVar("T")


class Envelope(BaseModel, Generic[T]):
    data: T = Field(description="The record, or the list of records.")
    disclaimers: list[DisclaimerRef] = Field(
        description="Every disclaimer that applies to this data; consumers must show them."
    )
    meta: Meta = Field(description="Dataset version and paging.")


@dataclass(frozen=True)
class ScopedDisclaimer:
    ref: DisclaimerRef
    scope: frozenset[str]


@dataclass(frozen=True)
class DatasetState:
    """What the loaded release says about itself; refreshed when its content hash changes."""

    version: str
    released_on: date
    content_hash: str
    license: str
    disclaimers: tuple[ScopedDisclaimer, ...]

    def disclaimers_for(self, topics: Iterable[str]) -> list[DisclaimerRef]:
        wanted = set(topics) | {vocab.ALWAYS}
        return [d.ref for d in self.disclaimers if d.scope & wanted]


# The per-request release check; the fast lanes (app/http/lanes.py) run the same text on a driver cursor.
CURRENT_HASH_SQL = "SELECT content_hash FROM dataset_info WHERE id = 1"
_CURRENT_HASH = text(CURRENT_HASH_SQL)


def read_dataset_state(
    db: Session | Connection, cached: DatasetState | None
) -> DatasetState | None:
    """The loaded release as the database has it now (``cached`` when its hash is unchanged);
    None when no dataset is loaded. Plain column reads: this runs on every database-backed request."""
    if cached is not None:
        # The common case, in one plain statement: is the cached release still the loaded one?
        current = db.execute(_CURRENT_HASH).scalar()
        if current == cached.content_hash:
            return cached
    info = db.execute(
        select(
            models.DatasetInfo.version,
            models.DatasetInfo.released_on,
            models.DatasetInfo.content_hash,
            models.DatasetInfo.license,
        ).where(models.DatasetInfo.id == 1)
    ).first()
    if info is None:
        return None
    if cached is not None and cached.content_hash == info.content_hash:
        return cached
    rows = db.execute(
        select(
            models.Disclaimer.id,
            models.Disclaimer.text,
            models.Disclaimer.severity,
            models.Disclaimer.scope,
        ).order_by(models.Disclaimer.position)
    )
    return DatasetState(
        version=info.version,
        released_on=info.released_on,
        content_hash=info.content_hash,
        license=info.license,
        disclaimers=tuple(
            ScopedDisclaimer(
                DisclaimerRef(id=d.id, text=d.text, severity=vocab.Severity(d.severity)),
                frozenset(d.scope),
            )
            for d in rows
        ),
    )


def dataset_now(request: Request, db: Session | Connection) -> DatasetState:
    """The release the database holds now, remembered on the app; 503 when it cannot be read or
    none is loaded. Sync routes get it as ``DatasetDep``; async routes call it on their connection."""
    try:
        state = read_dataset_state(db, getattr(request.app.state, "dataset", None))
    except DBAPIError as exc:
        if not database_unavailable(exc):
            raise
        raise ServiceUnavailableError(
            "The database cannot be read right now; retry shortly."
        ) from exc
    if state is None:
        raise ServiceUnavailableError("No dataset is loaded; run `make data-load`.")
    request.app.state.dataset = state
    return state


def get_dataset_state(request: Request, session: SessionDep) -> DatasetState:
    return dataset_now(request, session)


DatasetDep = Annotated[DatasetState, Depends(get_dataset_state)]


@dataclass(frozen=True)
class PageInfo:
    limit: int
    offset: int
    total: int
    links: Links


def build_envelope(
    data: T, state: DatasetState, topics: Iterable[str] = (), page: PageInfo | None = None
) -> Envelope[T]:
    """Wrap ``data`` with the disclaimers its topics call for and the dataset metadata."""
    meta = Meta(
        dataset_version=state.version,
        dataset_released_on=state.released_on,
        license=state.license,
    )
    if page is not None:
        meta.limit, meta.offset, meta.total, meta.links = (
            page.limit,
            page.offset,
            page.total,
            page.links,
        )
    return Envelope[T](data=data, disclaimers=state.disclaimers_for(topics), meta=meta)


def json_response(envelope: BaseModel) -> Response:
    """The envelope serialized once by pydantic, for routes that return a Response themselves (the
    route's ``response_model`` still documents it)."""
    return Response(envelope.model_dump_json().encode(), media_type="application/json")
