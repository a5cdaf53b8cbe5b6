"""The validated dataset in memory, the problems found on the way, and the resource files."""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from app.ingest.records import (
    CaveatRecord,
    ClaimRecord,
    CompoundRecord,
    DatasetRecord,
    DisclaimerRecord,
    DocumentRecord,
    JurisdictionRecord,
    MechanismRecord,
    SourceRecord,
    TargetRecord,
)

RESOURCE_FILES: dict[str, type[BaseModel]] = {
    "sources": SourceRecord,
    "compounds": CompoundRecord,
    "targets": TargetRecord,
    "mechanisms": MechanismRecord,
    "caveats": CaveatRecord,
    "claims": ClaimRecord,
    "jurisdictions": JurisdictionRecord,
    "disclaimers": DisclaimerRecord,
    "documents": DocumentRecord,
}


@dataclass(frozen=True)
class Problem:
    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.record}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class DataInvalidError(Exception):
    """The data directory has problems; all of them are in ``problems``."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the data")


@dataclass
class Dataset:
    """Every validated record, in file order, plus the release metadata and its fingerprint."""

    meta: DatasetRecord
    sources: list[SourceRecord] = field(default_factory=list)
    compounds: list[CompoundRecord] = field(default_factory=list)
    targets: list[TargetRecord] = field(default_factory=list)
    mechanisms: list[MechanismRecord] = field(default_factory=list)
    caveats: list[CaveatRecord] = field(default_factory=list)
    claims: list[ClaimRecord] = field(default_factory=list)
    jurisdictions: list[JurisdictionRecord] = field(default_factory=list)
    disclaimers: list[DisclaimerRecord] = field(default_factory=list)
    documents: list[DocumentRecord] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in RESOURCE_FILES}

    def document(self) -> dict[str, Any]:
        """Every record as plain JSON data, in file order: what the hash covers and export serves."""
        doc: dict[str, Any] = {"dataset": self.meta.model_dump(mode="json")}
        for name in RESOURCE_FILES:
            doc[name] = [r.model_dump(mode="json", exclude_unset=True) for r in getattr(self, name)]
        return doc

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON of every record: equal content, equal hash."""
        blob = json.dumps(
            self.document(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        return hashlib.sha256(blob.encode()).hexdigest()
