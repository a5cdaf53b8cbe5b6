"""The /v1/compounds resource."""
