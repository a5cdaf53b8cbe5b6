"""Ranked full-text search; the engine-specific SQL lives here and nowhere else."""

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Connection, Select, bindparam, false, func, literal_column, select, text
from sqlalchemy.engine.interfaces import DBAPICursor
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.errors import BadParameterError
from app.listing import PageParams
from app.search.index import SEARCHABLE_KINDS, search_index
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


# One statement text for both drivers: SQLAlchemy expands ``:kinds``; the direct lane (app/search/
# fast.py) writes one named placeholder per kind.
SQLITE_SEARCH_SQL = (
    "SELECT kind, record_id, topics, title, "
    "snippet(search_index, -1, :open, :close, '…', 16) AS snippet, "
    "-bm25(search_index, 0, 0, 0, 5.0, 1.0) AS score "
    "FROM search_index WHERE search_index MATCH :query AND kind IN {kinds} "
    "ORDER BY score DESC, kind, record_id LIMIT :limit OFFSET :offset"
)
SQLITE_COUNT_SQL = (
    "SELECT count(*) FROM search_index WHERE search_index MATCH :query AND kind IN {kinds}"
)
_SQLITE_SEARCH = text(SQLITE_SEARCH_SQL.format(kinds=":kinds")).bindparams(
    bindparam("kinds", expanding=True)
)
_SQLITE_COUNT = text(SQLITE_COUNT_SQL.format(kinds=":kinds")).bindparams(
    bindparam("kinds", expanding=True)
)

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
        rows = db.execute(search_sql, params | {"limit": page.limit, "offset": page.offset})
        hits = [to_hit(*r) for r in rows]
        total = known_total(hits, page)
        if total is None:
            total = db.execute(count_sql, params).scalar_one()
    except OperationalError as exc:  # e.g. a term FTS5 still rejects; never a 500
        if "fts5" in str(exc).lower() or "syntax" in str(exc).lower():
            raise BadParameterError("q", "the search engine could not parse this query") from exc
        raise
    return hits, total


def known_total(hits: list[Hit], page: PageParams) -> int | None:
    """The match count when the page itself shows it (a short page that is not past the end);
    None when it takes a count."""
    if len(hits) < page.limit and (hits or page.offset == 0):
        return page.offset + len(hits)
    return None


def to_hit(kind: str, record_id: str, topics: str, title: str, snippet: str, score: float) -> Hit:
    """One result row (the columns of the search statements, in order) as a Hit."""
    return Hit(kind, record_id, title, snippet, round(float(score), 6), frozenset(topics.split()))


@lru_cache(maxsize=len(SEARCHABLE_KINDS))
def _dbapi_statements(n_kinds: int) -> tuple[str, str]:
    placeholders = "(" + ", ".join(f":k{i}" for i in range(n_kinds)) + ")"
    return (
        SQLITE_COUNT_SQL.format(kinds=placeholders),
        SQLITE_SEARCH_SQL.format(kinds=placeholders),
    )


def search_sqlite_dbapi(
    cursor: DBAPICursor, terms: list[str], kinds: Collection[str], page: PageParams
) -> tuple[list[Hit], int]:
    """The SQLite search above, on a driver cursor (the statements are the same text), for the
    direct lane. ``terms`` must be non-empty; driver errors propagate."""
    count_sql, search_sql = _dbapi_statements(len(kinds))
    params: dict[str, str | int] = {f"k{i}": kind for i, kind in enumerate(sorted(kinds))}
    params |= {"query": fts5_query(terms), "open": MARK[0], "close": MARK[1]}
    page_params = params | {"limit": page.limit, "offset": page.offset}
    hits = [to_hit(*r) for r in cursor.execute(search_sql, page_params)]
    total = known_total(hits, page)
    if total is None:
        total = cursor.execute(count_sql, params).fetchone()[0]
    return hits, total
