"""The /v1/caveats resource."""
