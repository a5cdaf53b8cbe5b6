import datetime as dt

from pydantic import BaseModel, Field


class ReleaseRead(BaseModel):
    version: str = Field(
        description="Release version (calendar versioning).", examples=["2026.12.07"]
    )
    released_on: dt.date = Field(description="Release date.")
    content_hash: str = Field(description="SHA-256 of the canonical JSON of every record.")
    loaded_at: dt.datetime = Field(
        description="When this release was last loaded into this database."
    )
    current: bool = Field(description="Whether this is the release being served now.")
    counts: dict[str, int] = Field(description="Records per resource.", examples=[{"claims": 115}])
    changes: list[str] = Field(
        description="Changelog lines for this release, from the served dataset's changelog "
        "(empty when it has no entry for this version)."
    )


class ChangedRecord(BaseModel):
    id: str = Field(description="Id of the record.", examples=["kratom-is-an-opioid"])
    fields: list[str] = Field(
        description="Top-level fields whose value differs (or that one release lacks), sorted.",
        examples=[["verdict"]],
    )


class ResourceChanges(BaseModel):
    added: list[str] = Field(description="Ids in the newer release only, sorted.")
    removed: list[str] = Field(description="Ids in the older release only, sorted.")
    changed: list[ChangedRecord] = Field(
        description="Records in both whose content differs, sorted by id."
    )


class DatasetChanges(BaseModel):
    since: str = Field(description="The older release compared.", examples=["2026.12.07"])
    until: str = Field(description="The newer release compared.", examples=["2026.12.07.1"])
    resources: dict[str, ResourceChanges] = Field(
        description="Per resource (every resource either release has), what was added, removed "
        "and changed."
    )
