"""The /v1/disclaimers resource."""
