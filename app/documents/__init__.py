"""The /v1/documents resource."""
