"""The /v1/claims resource."""
