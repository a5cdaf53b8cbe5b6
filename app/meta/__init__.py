"""Dataset metadata, the evidence scale and health probes."""
