"""Replace the database content with a validated dataset, in one transaction."""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, Table, delete, insert

from app import models
from app.db import Base
from app.ingest.releases import fingerprint_rows, record_release
from app.ingest.search_rows import search_rows
from app.ingest.validate import Dataset
from app.ingest.vectors import vector_rows
from app.models import table_of
from app.schema_head import head_revision
from app.search.index import search_index


class SchemaNotReadyError(Exception):
    """The database is not migrated to the head revision."""


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _joined(*parts: Iterable[str | None]) -> str:
    """Lower-cased text that the substring filter ``q`` searches in."""
    return " ".join(p for group in parts for p in group if p).lower()


def _rows(ds: Dataset) -> dict[Table, list[dict[str, Any]]]:
    m = models
    rows: dict[Table, list[dict[str, Any]]] = {table: [] for table in m.CONTENT_TABLES}

    def add(model: type[Base], *records: dict[str, Any]) -> None:
        rows[table_of(model)].extend(records)

    for s in ds.sources:
        text = _joined([s.title, s.journal, s.publisher, s.pmid, s.doi], s.authors)
        seen_at = s.seen_at.model_dump(mode="json") if s.seen_at else None
        add(m.Source, s.model_dump() | {"search_text": text, "seen_at": seen_at})
    for cp in ds.compounds:
        text = _joined([cp.name, cp.description, cp.cas_rn, cp.inchikey], cp.synonyms)
        add(m.Compound, cp.model_dump(exclude={"sources"}) | {"search_text": text})
        rows[m.compound_sources] += [{"compound_id": cp.id, "source_id": s} for s in cp.sources]
    for tg in ds.targets:
        add(
            m.Target,
            tg.model_dump() | {"search_text": _joined([tg.name, tg.gene_symbol, tg.family])},
        )
    for mech in ds.mechanisms:
        data = mech.model_dump(exclude={"measurements", "sources", "compound", "target"})
        add(m.Mechanism, data | {"compound_id": mech.compound, "target_id": mech.target})
        rows[m.mechanism_sources] += [
            {"mechanism_id": mech.id, "source_id": s} for s in mech.sources
        ]
        add(
            m.Measurement,
            *(
                meas.model_dump(exclude={"source"})
                | {"mechanism_id": mech.id, "position": i, "source_id": meas.source}
                for i, meas in enumerate(mech.measurements)
            ),
        )
    for cv in ds.caveats:
        add(
            m.Caveat,
            cv.model_dump(exclude={"compounds", "sources"}) | {"search_text": cv.statement.lower()},
        )
        rows[m.caveat_compounds] += [{"caveat_id": cv.id, "compound_id": x} for x in cv.compounds]
        rows[m.caveat_sources] += [{"caveat_id": cv.id, "source_id": x} for x in cv.sources]
    for c in ds.claims:
        data = c.model_dump(exclude={"conditions", "compounds", "mechanisms", "sources", "caveats"})
        add(m.Claim, data | {"certainty_rank": c.certainty.rank})
        add(m.ClaimCondition, *({"claim_id": c.id, "condition": x.value} for x in c.conditions))
        add(
            m.ClaimSource,
            *(
                {"claim_id": c.id, "source_id": s.source, "stance": s.stance.value, "note": s.note}
                for s in c.sources
            ),
        )
        rows[m.claim_compounds] += [{"claim_id": c.id, "compound_id": x} for x in c.compounds]
        rows[m.claim_mechanisms] += [{"claim_id": c.id, "mechanism_id": x} for x in c.mechanisms]
        rows[m.claim_caveats] += [{"claim_id": c.id, "caveat_id": x} for x in c.caveats]
    for j in ds.jurisdictions:
        add(
            m.Jurisdiction,
            j.model_dump(exclude={"sources"})
            | {"search_text": _joined([j.name, j.code, j.summary])},
        )
        add(
            m.JurisdictionSource,
            *(
                {"jurisdiction_id": j.id, "source_id": rs.source, "role": rs.role.value}
                for rs in j.sources
            ),
        )
    add(m.Disclaimer, *(d.model_dump() | {"position": i} for i, d in enumerate(ds.disclaimers)))
    for doc in ds.documents:
        add(m.Document, doc.model_dump(exclude={"claims"}))
        add(
            m.DocumentClaim,
            *(
                it.model_dump(exclude={"claim"})
                | {"document_id": doc.id, "position": i, "claim_id": it.claim}
                for i, it in enumerate(doc.claims)
            ),
        )
    add(
        m.DatasetInfo,
        {
            "id": 1,
            "version": ds.meta.version,
            "released_on": ds.meta.released_on,
            "content_hash": ds.content_hash(),
            "license": ds.meta.license,
            "loaded_at": datetime.now(UTC),
            "counts": ds.counts(),
            "changelog": [e.model_dump(mode="json") for e in ds.meta.changelog],
            "document": ds.document(),
        },
    )
    return rows


def load_dataset(
    engine: Engine, ds: Dataset, migrations_dir: str, progress: bool = False
) -> dict[str, int]:
    """Swap in ``ds`` atomically: readers see the old content until the commit, never a mix."""
    rows = _rows(ds)  # build everything before touching the database
    rows[table_of(models.ClaimTextVector)] = vector_rows(ds, progress=progress)
    index_rows = search_rows(ds)
    [info] = rows[table_of(models.DatasetInfo)]
    fingerprints = fingerprint_rows(ds.meta.version, info["document"])
    head = head_revision(migrations_dir)
    with engine.begin() as conn:
        current = current_revision(conn)
        if current != head:
            raise SchemaNotReadyError(
                f"database schema is at {current or 'no revision'}, expected {head}: run `make migrate`"
            )
        for table in reversed(models.CONTENT_TABLES):
            conn.execute(delete(table))
        for table in models.CONTENT_TABLES:
            if rows[table]:
                conn.execute(insert(table), rows[table])
        conn.execute(delete(search_index))
        conn.execute(insert(search_index), index_rows)
        record_release(conn, info, fingerprints)
    return ds.counts()
