import datetime as dt
from typing import Any

from pydantic import BaseModel, Field


class ScaleValue(BaseModel):
    value: str = Field(description="The enum value used in the data.", examples=["very_low"])
    definition: str = Field(description="What it means.")


class ScaleAxis(BaseModel):
    name: str = Field(description="Axis name.", examples=["certainty"])
    description: str = Field(description="What the axis grades.")
    values: list[ScaleValue] = Field(description="Allowed values, strongest or most certain first.")


class ChangelogEntry(BaseModel):
    version: str = Field(
        description="Release version (calendar versioning).", examples=["2026.11.24"]
    )
    date: dt.date = Field(description="Release date.")
    changes: list[str] = Field(description="What changed.")


class DatasetRead(BaseModel):
    version: str = Field(description="Loaded release.", examples=["2026.11.24"])
    released_on: dt.date = Field(description="Release date.")
    content_hash: str = Field(description="SHA-256 of the canonical JSON of every record.")
    loaded_at: dt.datetime = Field(description="When this release was loaded into this database.")
    license: str = Field(description="Terms of reuse.")
    counts: dict[str, int] = Field(description="Records per resource.", examples=[{"claims": 18}])
    changelog: list[ChangelogEntry] = Field(description="Release history, newest first.")


class Health(BaseModel):
    status: str = Field(description="'ok' when the process is up.", examples=["ok"])


class Readiness(BaseModel):
    status: str = Field(description="'ready' or 'not_ready'.", examples=["ready"])
    checks: dict[str, Any] = Field(description="Each check and its result.")
