"""Ranked full-text search; the engine-specific SQL lives here and nowhere else."""

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Connection, Select, bindparam, false, func, literal_column, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.errors import BadParameterError
from app.listing import PageParams
from app.search.index import search_index
from app.search.query import fts5_query, parse_terms, websearch_query

MARK = ("<mark>", "</mark>")


@dataclass(frozen=True)
class Hit:
    kind: str
    record_id: str
    title: str
    snippet: str
    score: float
    topics: frozenset[str]


def _is_sqlite(db: Session | Connection) -> bool:
    bind = db if isinstance(db, Connection) else db.get_bind()
    return bind.dialect.name == "sqlite"


def matching_ids(session: Session, kind: str, q: str) -> Select[tuple[str]]:
    """Record ids of one kind that match ``q``, for filtering a resource list through the index."""
    terms = parse_terms(q)
    stmt = select(search_index.c.record_id).where(search_index.c.kind == kind)
    if not terms:
        return stmt.where(false())
    if _is_sqlite(session):
        return stmt.where(literal_column("search_index").op("MATCH")(fts5_query(terms)))
    tsquery = func.websearch_to_tsquery("english", websearch_query(terms))
    return stmt.where(literal_column("document").op("@@")(tsquery))


_SQLITE_SEARCH = text(
    "SELECT kind, record_id, topics, title, "
    "snippet(search_index, -1, :open, :close, '…', 16) AS snippet, "
    "-bm25(search_index, 0, 0, 0, 5.0, 1.0) AS score "
    "FROM search_index WHERE search_index MATCH :query AND kind IN :kinds "
    "ORDER BY score DESC, kind, record_id LIMIT :limit OFFSET :offset"
).bindparams(bindparam("kinds", expanding=True))
_SQLITE_COUNT = text(
    "SELECT count(*) FROM search_index WHERE search_index MATCH :query AND kind IN :kinds"
).bindparams(bindparam("kinds", expanding=True))

_PG_SEARCH = text(
    "SELECT kind, record_id, topics, title, "
    "ts_headline('english', title || ' — ' || body, q, "
    "'StartSel=<mark>, StopSel=</mark>, MaxFragments=1, MaxWords=24, MinWords=8') AS snippet, "
    "ts_rank_cd(document, q) AS score "
    "FROM search_index, websearch_to_tsquery('english', :query) AS q "
    "WHERE document @@ q AND kind IN :kinds "
    "ORDER BY score DESC, kind, record_id LIMIT :limit OFFSET :offset"
).bindparams(bindparam("kinds", expanding=True))
_PG_COUNT = text(
    "SELECT count(*) FROM search_index WHERE document @@ websearch_to_tsquery('english', :query) "
    "AND kind IN :kinds"
).bindparams(bindparam("kinds", expanding=True))


def search(
    db: Session | Connection, q: str, kinds: Collection[str], page: PageParams
) -> tuple[list[Hit], int]:
    terms = parse_terms(q)
    if not terms:
        return [], 0
    if _is_sqlite(db):
        query, search_sql, count_sql = fts5_query(terms), _SQLITE_SEARCH, _SQLITE_COUNT
    else:
        query, search_sql, count_sql = websearch_query(terms), _PG_SEARCH, _PG_COUNT
    params = {"query": query, "kinds": sorted(kinds), "open": MARK[0], "close": MARK[1]}
    try:
        total = db.execute(count_sql, params).scalar_one()
        rows = db.execute(search_sql, params | {"limit": page.limit, "offset": page.offset})
    except OperationalError as exc:  # e.g. a term FTS5 still rejects; never a 500
        if "fts5" in str(exc).lower() or "syntax" in str(exc).lower():
            raise BadParameterError("q", "the search engine could not parse this query") from exc
        raise
    hits = [
        Hit(
            r.kind,
            r.record_id,
            r.title,
            r.snippet,
            round(float(r.score), 6),
            frozenset(r.topics.split()),
        )
        for r in rows
    ]
    return hits, total
