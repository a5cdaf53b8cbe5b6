"""Keeping a worker's resident memory down, where the C library is glibc (elsewhere: no-ops).

glibc gives threads that allocate at once arenas of their own, up to eight per core, and each
arena keeps what its threads freed for reuse; a worker's thread pool and the matcher's start-up
build (many short-lived objects) leave tens of megabytes resident that nothing uses.
"""

from __future__ import annotations

import ctypes
import os

_M_ARENA_MAX = -8  # mallopt parameter, from glibc's malloc.h
# The cores this process may run on: matching runs one sentence per core at once
# (app/claims/router.py), and each of those threads keeps one malloc arena.
CORES = len(os.sched_getaffinity(0))


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None)  # the running process's symbols, the C library's among them
    except OSError:
        return None


def limit_malloc_arenas(arenas: int | None = None) -> None:
    """At most ``arenas`` malloc arenas (default: one per core this process may use): the
    threads that match sentences at once (one per core, app/claims/router.py) each keep one."""
    mallopt = getattr(_libc(), "mallopt", None)
    if mallopt is not None:
        mallopt(_M_ARENA_MAX, arenas or CORES)


def release_free_memory() -> None:
    """Give the memory that malloc holds free back to the system (after a large build)."""
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)
