"""The /v1/sources resource."""
