"""Kratom Evidence API: a read-only, cited and graded map of the kratom evidence."""

import os

# One BLAS thread per request: matching runs in the thread pool, so a worker's concurrency comes
# from requests in parallel, and BLAS threads on top would fight them for the cores (measured:
# bench/README.md). Set OPENBLAS_NUM_THREADS to override; it must be set before NumPy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
