"""Alembic environment: migrations run on the writable engine, against DATABASE_URL."""

from logging.config import fileConfig

from alembic import context

import app.models  # noqa: F401 - registers every table on Base.metadata
from app.config import get_settings
from app.db import Base, create_writer_engine

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


# Engine-specific full-text tables (FTS5 and its shadow tables; the PostgreSQL tsvector table) are
# created by raw DDL in a migration, not modelled in the ORM, so autogenerate must not compare them.
SEARCH_TABLE_PREFIX = "search_index"


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    return not (
        type_ in ("table", "index") and name is not None and name.startswith(SEARCH_TABLE_PREFIX)
    )


def run_migrations_online() -> None:
    url = config.attributes.get("database_url") or get_settings().database_url
    engine = create_writer_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run against a database.")
run_migrations_online()
