"""The search_index table as SQL Core sees it; created per engine by migration 0002."""

from sqlalchemy import column, table

search_index = table(
    "search_index",
    column("kind"),
    column("record_id"),
    column("topics"),
    column("title"),
    column("body"),
)
SEARCHABLE_KINDS = ("claim", "compound", "caveat", "source", "mechanism", "jurisdiction")
