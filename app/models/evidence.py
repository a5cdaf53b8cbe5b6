"""The evidence tables: sources, compounds, targets, mechanisms, caveats, claims, and the
claim-text embeddings. Ids are the stable slugs from ``data/``; join tables carry the relations."""

from datetime import date

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base

SLUG = String(120)


def _link(name: str, left: str, right: str) -> Table:
    """A plain many-to-many table between two slug-keyed tables."""
    return Table(
        name,
        Base.metadata,
        Column(f"{left}_id", SLUG, ForeignKey(f"{left}s.id", ondelete="CASCADE"), primary_key=True),
        Column(
            f"{right}_id",
            SLUG,
            ForeignKey(f"{right}s.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
    )


compound_sources = _link("compound_sources", "compound", "source")
mechanism_sources = _link("mechanism_sources", "mechanism", "source")
claim_compounds = _link("claim_compounds", "claim", "compound")
claim_mechanisms = _link("claim_mechanisms", "claim", "mechanism")
claim_caveats = _link("claim_caveats", "claim", "caveat")
caveat_compounds = _link("caveat_compounds", "caveat", "compound")
caveat_sources = _link("caveat_sources", "caveat", "source")


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(SLUG, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON)
    journal: Mapped[str | None] = mapped_column(String(200))
    publisher: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer, index=True)
    pmid: Mapped[str | None] = mapped_column(String(12), unique=True)
    pmcid: Mapped[str | None] = mapped_column(String(16))
    doi: Mapped[str | None] = mapped_column(String(200), unique=True)
    url: Mapped[str | None] = mapped_column(Text)
    study_design: Mapped[str] = mapped_column(String(40), index=True)
    population: Mapped[str | None] = mapped_column(Text)
    n: Mapped[int | None] = mapped_column(Integer)
    document_number: Mapped[str | None] = mapped_column(String(120))
    published_on: Mapped[date | None] = mapped_column(Date)
    verified_on: Mapped[date | None] = mapped_column(Date)
    # Where the record was actually read ({"url": ..., "date": "YYYY-MM-DD"}): provenance, not a link.
    seen_at: Mapped[dict[str, str] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text)


class Compound(Base):
    __tablename__ = "compounds"

    id: Mapped[str] = mapped_column(SLUG, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    synonyms: Mapped[list[str]] = mapped_column(JSON)
    compound_class: Mapped[str] = mapped_column(String(60), index=True)
    description: Mapped[str] = mapped_column(Text)
    pubchem_cid: Mapped[int | None] = mapped_column(Integer)
    cas_rn: Mapped[str | None] = mapped_column(String(20))
    chembl_id: Mapped[str | None] = mapped_column(String(20))
    inchikey: Mapped[str | None] = mapped_column(String(27))
    unii: Mapped[str | None] = mapped_column(String(10))
    formula: Mapped[str | None] = mapped_column(String(60))
    molar_mass: Mapped[float | None] = mapped_column(Float)
    leaf_abundance: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text)

    sources: Mapped[list[Source]] = relationship(secondary=compound_sources, order_by=Source.id)
    mechanisms: Mapped[list["Mechanism"]] = relationship(viewonly=True, order_by="Mechanism.id")


class Target(Base):
    __tablename__ = "targets"

    id: Mapped[str] = mapped_column(SLUG, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    gene_symbol: Mapped[str] = mapped_column(String(20), index=True)
    family: Mapped[str] = mapped_column(String(60), index=True)
    uniprot_id: Mapped[str | None] = mapped_column(String(12))
    description: Mapped[str] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text)

    mechanisms: Mapped[list["Mechanism"]] = relationship(viewonly=True, order_by="Mechanism.id")


class Mechanism(Base):
    __tablename__ = "mechanisms"

    id: Mapped[str] = mapped_column(SLUG, primary_key=True)
    compound_id: Mapped[str] = mapped_column(ForeignKey("compounds.id"), index=True)
    target_id: Mapped[str] = mapped_column(ForeignKey("targets.id"), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    relevance: Mapped[list[str]] = mapped_column(JSON)
    summary: Mapped[str] = mapped_column(Text)

    compound: Mapped[Compound] = relationship()
    target: Mapped[Target] = relationship()
    measurements: Mapped[list["Measurement"]] = relationship(order_by="Measurement.position")
    sources: Mapped[list[Source]] = relationship(secondary=mechanism_sources, order_by=Source.id)


class Measurement(Base):
    """One measured value behind a mechanism (ChEMBL-style activity)."""

    __tablename__ = "measurements"

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[str] = mapped_column(
        ForeignKey("mechanisms.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    parameter: Mapped[str] = mapped_column(String(10))
    relation: Mapped[str] = mapped_column(String(2), server_default="=")
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    species: Mapped[str] = mapped_column(String(40))
    assay: Mapped[str] = mapped_column(Text)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)

    source: Mapped[Source] = relationship()


class Caveat(Base):
    __tablename__ = "caveats"

    id: Mapped[str] = mapped_column(SLUG, primary_key=True)
    category: Mapped[str] = mapped_column(String(40), index=True)
    severity: Mapped[str] = mapped_column(String(20), index=True)
    statement: Mapped[str] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text)

    compounds: Mapped[list[Compound]] = relationship(
        secondary=caveat_compounds, order_by=Compound.id
    )
    sources: Mapped[list[Source]] = relationship(secondary=caveat_sources, order_by=Source.id)


class ClaimSource(Base):
    """A source cited by a claim, with the direction it points."""

    __tablename__ = "claim_sources"

    claim_id: Mapped[str] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), primary_key=True, index=True)
    stance: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)

    source: Mapped[Source] = relationship()


class ClaimCondition(Base):
    __tablename__ = "claim_conditions"

    claim_id: Mapped[str] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    condition: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class Claim(Base):
    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(SLUG, primary_key=True)
    statement: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(40), index=True)
    about_people: Mapped[bool] = mapped_column(Boolean)
    verdict: Mapped[str] = mapped_column(String(40), index=True)
    certainty: Mapped[str] = mapped_column(String(20))
    certainty_rank: Mapped[int] = mapped_column(Integer, index=True)
    evidence_level: Mapped[str] = mapped_column(String(40), index=True)
    downgrade_reasons: Mapped[list[str]] = mapped_column(JSON)
    evidence_summary: Mapped[str] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(Text)
    alternative_phrasings: Mapped[list[str]] = mapped_column(JSON)
    last_reviewed: Mapped[date] = mapped_column(Date)

    condition_rows: Mapped[list[ClaimCondition]] = relationship(order_by=ClaimCondition.condition)
    cited: Mapped[list[ClaimSource]] = relationship(order_by=ClaimSource.source_id)
    compounds: Mapped[list[Compound]] = relationship(
        secondary=claim_compounds, order_by=Compound.id
    )
    mechanisms: Mapped[list[Mechanism]] = relationship(
        secondary=claim_mechanisms, order_by=Mechanism.id
    )
    caveats: Mapped[list[Caveat]] = relationship(secondary=claim_caveats, order_by=Caveat.id)

    @property
    def conditions(self) -> list[str]:
        return [row.condition for row in self.condition_rows]


class ClaimTextVector(Base):
    """The sentence embedding of one of a claim's texts (position 0 is the statement, then its
    alternative phrasings in order), computed by the loader once per release for the matcher."""

    __tablename__ = "claim_text_vectors"

    claim_id: Mapped[str] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    model: Mapped[str] = mapped_column(String(120))
    vector: Mapped[bytes] = mapped_column(LargeBinary)
