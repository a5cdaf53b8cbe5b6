"""Bulk export of the loaded release: /v1/export and `python -m app.export`."""
