"""What a release publishes beside the evidence: its metadata and history, jurisdictions,
disclaimers and reviewed documents."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base
from app.models.evidence import SLUG, Claim, Source


class DatasetInfo(Base):
    """One row: which release is loaded, and its fingerprint."""

    __tablename__ = "dataset_info"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40))
    released_on: Mapped[date] = mapped_column(Date)
    content_hash: Mapped[str] = mapped_column(String(64))
    license: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    counts: Mapped[dict[str, int]] = mapped_column(JSON)
    changelog: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # The release exactly as validated (the records the content hash covers), for /v1/export.
    # Deferred: it is the whole dataset, and every request reads this row for the version.
    document: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)


class JurisdictionSource(Base):
    __tablename__ = "jurisdiction_sources"

    jurisdiction_id: Mapped[str] = mapped_column(
        ForeignKey("jurisdictions.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(20))

    source: Mapped[Source] = relationship()


class Jurisdiction(Base):
    __tablename__ = "jurisdictions"

    id: Mapped[str] = mapped_column(SLUG, primary_key=True)
    code: Mapped[str] = mapped_column(String(10), index=True)
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    substances: Mapped[list[str]] = mapped_column(JSON)
    effective_date: Mapped[date | None] = mapped_column(Date)
    as_of: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text)

    cited: Mapped[list[JurisdictionSource]] = relationship(order_by=JurisdictionSource.source_id)


class Disclaimer(Base):
    __tablename__ = "disclaimers"

    id: Mapped[str] = mapped_column(SLUG, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    scope: Mapped[list[str]] = mapped_column(JSON)
    severity: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)


class DocumentClaim(Base):
    """One statement of a reviewed document and the dataset claim that grades it."""

    __tablename__ = "document_claims"

    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(20), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    location: Mapped[str] = mapped_column(Text)
    paraphrase: Mapped[str] = mapped_column(Text)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id"), index=True)

    claim: Mapped[Claim] = relationship()


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(SLUG, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    reviewed_on: Mapped[date] = mapped_column(Date)

    items: Mapped[list[DocumentClaim]] = relationship(order_by=DocumentClaim.position)


Index("ix_claims_certainty_verdict", Claim.certainty_rank, Claim.verdict)


class Release(Base):
    """One row per release ever loaded here; kept across loads (not a content table)."""

    __tablename__ = "releases"

    version: Mapped[str] = mapped_column(String(40), primary_key=True)
    released_on: Mapped[date] = mapped_column(Date)
    content_hash: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    counts: Mapped[dict[str, int]] = mapped_column(JSON)


class ReleaseRecord(Base):
    """A record's fingerprint in one release: the hash of its canonical JSON, and one hash per
    top-level field so that a comparison can name the fields that changed."""

    __tablename__ = "release_records"

    version: Mapped[str] = mapped_column(
        ForeignKey("releases.version", ondelete="CASCADE"), primary_key=True
    )
    resource: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[str] = mapped_column(SLUG, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    field_hashes: Mapped[dict[str, str]] = mapped_column(JSON)
