"""app/memory.py: the malloc settings a worker applies are harmless calls wherever they run."""

import ctypes

from app.memory import limit_malloc_arenas, release_free_memory


def test_the_malloc_settings_run_with_or_without_glibc() -> None:
    limit_malloc_arenas()
    limit_malloc_arenas(2)
    release_free_memory()
    libc = ctypes.CDLL(None)
    if hasattr(libc, "gnu_get_libc_version"):  # glibc: both calls reach it
        assert hasattr(libc, "mallopt")
        assert hasattr(libc, "malloc_trim")
