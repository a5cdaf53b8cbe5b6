"""The /v1/targets resource."""
