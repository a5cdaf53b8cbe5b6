"""The /v1/mechanisms resource."""
