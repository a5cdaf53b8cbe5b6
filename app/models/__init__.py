"""All ORM tables, in two modules: the evidence (evidence.py) and what a release publishes beside it
(publication.py). Import them from here; importing this package registers every table. Here too:
the order in which the loader fills the content tables."""

from sqlalchemy import Table

from app.db import Base
from app.models.evidence import (
    SLUG,
    Caveat,
    Claim,
    ClaimCondition,
    ClaimSource,
    ClaimTextVector,
    Compound,
    Measurement,
    Mechanism,
    Source,
    Target,
    caveat_compounds,
    caveat_sources,
    claim_caveats,
    claim_compounds,
    claim_mechanisms,
    compound_sources,
    mechanism_sources,
)
from app.models.publication import (
    DatasetInfo,
    Disclaimer,
    Document,
    DocumentClaim,
    Jurisdiction,
    JurisdictionSource,
    Release,
    ReleaseRecord,
)

__all__ = [
    "CONTENT_TABLES",
    "SLUG",
    "Caveat",
    "Claim",
    "ClaimCondition",
    "ClaimSource",
    "ClaimTextVector",
    "Compound",
    "DatasetInfo",
    "Disclaimer",
    "Document",
    "DocumentClaim",
    "Jurisdiction",
    "JurisdictionSource",
    "Measurement",
    "Mechanism",
    "Release",
    "ReleaseRecord",
    "Source",
    "Target",
    "caveat_compounds",
    "caveat_sources",
    "claim_caveats",
    "claim_compounds",
    "claim_mechanisms",
    "compound_sources",
    "mechanism_sources",
    "table_of",
]  # fmt: skip


def table_of(model: type[Base]) -> Table:
    """The Core table behind an ORM class (typed, for bulk inserts)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


# Tables in an order that satisfies foreign keys when inserting (reverse it to delete).
CONTENT_TABLES: list[Table] = [
    table_of(Source),
    table_of(Compound),
    table_of(Target),
    table_of(Mechanism),
    table_of(Measurement),
    table_of(Caveat),
    table_of(Claim),
    table_of(Jurisdiction),
    table_of(Disclaimer),
    table_of(Document),
    compound_sources,
    mechanism_sources,
    claim_compounds,
    claim_mechanisms,
    claim_caveats,
    caveat_compounds,
    caveat_sources,
    table_of(ClaimSource),
    table_of(ClaimCondition),
    table_of(ClaimTextVector),
    table_of(JurisdictionSource),
    table_of(DocumentClaim),
    table_of(DatasetInfo),
]
