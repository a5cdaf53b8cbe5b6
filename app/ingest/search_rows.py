"""What each record contributes to the full-text index: a title, a body and its topics."""

from collections.abc import Set
from typing import Any

from app import vocab
from app.ingest.validate import Dataset


def _text(*parts: object) -> str:
    return " ".join(str(p) for p in parts if p)


def search_rows(ds: Dataset) -> list[dict[str, Any]]:
    names = {c.id: c.name for c in ds.compounds} | {t.id: t.name for t in ds.targets}
    rows: list[dict[str, Any]] = []

    def add(
        kind: str, record_id: str, title: str, body: str, topics: Set[str] = frozenset()
    ) -> None:
        rows.append(
            {
                "kind": kind,
                "record_id": record_id,
                "topics": " ".join(sorted(topics)),
                "title": title,
                "body": body,
            }
        )

    for c in ds.claims:
        topics = {x.value for x in c.conditions} | {c.category.value}
        add("claim", c.id, c.statement, _text(*c.alternative_phrasings, c.evidence_summary), topics)
    for cp in ds.compounds:
        add(
            "compound",
            cp.id,
            cp.name,
            _text(*cp.synonyms, cp.description, cp.leaf_abundance, cp.cas_rn, cp.unii),
        )
    for cv in ds.caveats:
        add(
            "caveat",
            cv.id,
            cv.statement,
            _text(cv.category.value.replace("_", " "), cv.severity.value),
            {cv.category.value},
        )
    for s in ds.sources:
        body = _text(
            *s.authors,
            s.journal,
            s.publisher,
            s.year,
            s.pmid,
            s.doi,
            s.population,
            s.document_number,
        )
        add("source", s.id, s.title, body)
    for m in ds.mechanisms:
        title = f"{names[m.compound]} at the {names[m.target]}"
        add(
            "mechanism",
            m.id,
            title,
            _text(m.action.value.replace("_", " "), m.status.value, m.summary),
        )
    for j in ds.jurisdictions:
        add(
            "jurisdiction",
            j.id,
            j.name,
            _text(j.code, j.status.value, j.summary),
            {vocab.ClaimCategory.regulatory.value},
        )
    return rows
