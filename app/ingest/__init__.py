"""Offline pipeline: read ``data/*.yaml``, validate every record and reference, load in one transaction."""
