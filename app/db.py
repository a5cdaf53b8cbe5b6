"""Database plumbing: naming convention, the read-only serving engine, the writable one for ingest."""

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import anyio
from fastapi import Depends, Request
from sqlalchemy import Connection, Engine, MetaData, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for an in-memory database."""
    if not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _configure_sqlite_writer(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Keep a load's changes in memory until it commits: a load killed halfway then leaves the
        # file untouched, so read-only readers (which cannot roll back a hot journal) keep serving
        # the previous release. A release is a few MB; the claim-text embeddings are most of it.
        cursor.execute("PRAGMA cache_spill=OFF")
        cursor.close()


def create_writer_engine(database_url: str, connect_timeout: int = 5) -> Engine:
    """Engine for migrations and the loader; the only code that may write."""
    url = make_url(database_url)
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        _configure_sqlite_writer(engine)
        return engine
    return create_engine(url, connect_args={"connect_timeout": connect_timeout})


# As many connections as the thread pool has threads (AnyIO's default is 40), so a sync route
# never queues for a connection; a request that still cannot get one within 10 s fails fast.
READER_POOL = {"pool_size": 10, "max_overflow": 30, "pool_timeout": 10}


def create_reader_engine(database_url: str, connect_timeout: int = 5) -> Engine:
    """Engine for serving: read-only at the connection, so no code path can write.

    SQLite opens the file with ``mode=ro`` (a missing file is an error, never an empty new
    database); PostgreSQL sessions start with ``default_transaction_read_only``.
    """
    url = make_url(database_url)
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is None:
            raise ValueError("The server needs a SQLite file, not an in-memory database.")
        # SQLAlchemy passes query parameters of a `file:` database through as a SQLite URI.
        ro_url = make_url(f"sqlite:///file:{path.resolve()}?mode=ro&uri=true")
        return create_engine(
            ro_url, connect_args={"check_same_thread": False, "timeout": 5}, **READER_POOL
        )
    return create_engine(
        url,
        pool_pre_ping=True,
        **READER_POOL,
        connect_args={
            "connect_timeout": connect_timeout,
            "options": "-c default_transaction_read_only=on -c statement_timeout=5000",
        },
    )


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One read-only session per request, from the engine the app opened at startup.

    Async on purpose: its teardown (which hands the connection back) then runs on the event loop.
    As a sync dependency it needs a thread-pool thread, and under overload every thread can be
    waiting for a pooled connection that only that teardown would free: a deadlock until timeout.
    """
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    with factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

T = TypeVar("T")


async def run_read(request: Request, work: Callable[[Connection], T]) -> T:
    """Run ``work`` on a pooled read-only connection, for async routes on the hot path.

    SQLite answers in-process in well under a millisecond, so its reads run right here on the
    event loop: a thread hop would cost more than the query. A PostgreSQL read waits on the
    network, so it goes to a worker thread and the loop stays free.
    """
    engine: Engine = request.app.state.sessionmaker.kw["bind"]

    def read() -> T:
        with engine.connect() as conn:
            return work(conn)

    if engine.dialect.name == "sqlite":
        return read()
    return await anyio.to_thread.run_sync(read)
