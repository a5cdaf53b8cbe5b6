"""The /v1/jurisdictions resource."""
