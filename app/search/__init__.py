"""The /v1/search resource: full-text search across record types, on SQLite FTS5 or PostgreSQL."""
