"""A worker's memory: the malloc settings (app/memory.py) are harmless calls wherever they run, and
libraries only some answers need are not loaded with the app."""

import ctypes
import subprocess
import sys

from app.config import PROJECT_ROOT
from app.memory import limit_malloc_arenas, release_free_memory


def test_the_malloc_settings_run_with_or_without_glibc() -> None:
    limit_malloc_arenas()
    limit_malloc_arenas(2)
    release_free_memory()
    libc = ctypes.CDLL(None)
    if hasattr(libc, "gnu_get_libc_version"):  # glibc: both calls reach it
        assert hasattr(libc, "mallopt")
        assert hasattr(libc, "malloc_trim")


def test_a_new_worker_does_not_load_the_feed_and_bibtex_libraries() -> None:
    # feedgen (with lxml) and bibtexparser cost about 6 MB per worker; they load with the first feed
    # or BibTeX answer. A fresh interpreter, because this test session has imported them already.
    code = (
        "import sys; from app.main import create_app; create_app(); "
        "print(sorted(m for m in ('feedgen', 'lxml', 'bibtexparser') if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT
    )
    assert found.stdout.strip() == "[]"
