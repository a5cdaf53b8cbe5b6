"""Runtime settings, read once from the environment."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "kratom.sqlite3"


class Settings(BaseSettings):
    """Every knob the service and the loader read; names are the environment variables."""

    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_SQLITE_PATH}",
        description="SQLAlchemy URL; SQLite file by default, postgresql+psycopg://... for PostgreSQL.",
    )
    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="Curated YAML files.")
    migrations_dir: Path = Field(default=PROJECT_ROOT / "migrations")
    cache_max_age: int = Field(default=300, ge=0, description="Cache-Control max-age, in seconds.")
    rate_limit_per_minute: int = Field(
        default=0,
        ge=0,
        description="Requests per minute per client; 0 (default) turns limiting off.",
    )
    public_url: str | None = Field(
        default=None,
        pattern=r"^https?://[^/?#\s]+(/[^?#\s]*)?$",
        description=(
            "Address clients reach the service at (e.g. https://kratom.example.org), for the "
            "absolute links of the JSON-LD views; unset: each request's own scheme and Host."
        ),
    )
    trusted_hosts: str = Field(
        default="*",
        description="Comma-separated Host names to accept (e.g. api.example.org); * for any.",
    )
    request_timeout: float = Field(
        default=30, gt=0, description="Seconds before a request is answered 504."
    )
    response_cache_mb: float = Field(
        default=16,
        ge=0,
        description="Memory for recorded responses per worker, in MiB; 0 turns the cache off.",
    )
    fast_lanes: bool = Field(
        default=True,
        description="On SQLite, answer plain search and matching requests without the framework (same bytes).",
    )
    dataset_check_seconds: float = Field(
        default=2,
        gt=0,
        description="How often each worker checks whether a new release was loaded.",
    )
    db_connect_timeout: int = Field(
        default=5, ge=1, description="Seconds to wait for a connection."
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
