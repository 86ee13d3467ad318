"""Freed memory handed back to the system: a run's process stays at its working size.

A run's parent process writes every part, then reads them all back batch by batch into the
tables and the workbook. What a batch frees stays with the allocators unless it is handed
back, and the process then holds its high-water mark and more as the corpus grows (10,000
generated documents: assembly took the parent from 205 to 436 MB, of which 13 MB were live
Arrow buffers and 10 MB live Python objects; 100,000: 667 MB before the workbook):

* Arrow's default pool (mimalloc) keeps the pages it was given, ``release_unused`` or not;
  the system allocator frees them (same run: 310 MB at the peak, 220 MB before the
  workbook);
* glibc keeps freed heap pages that lie below a live allocation; ``malloc_trim`` returns
  every whole free page (about a millisecond).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable


def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim  # glibc only: musl has none
    except (OSError, AttributeError):
        return None


_TRIM = _malloc_trim()


def use_system_allocator() -> None:
    """Arrow allocates from the system allocator in this process from now on (buffers
    already made keep their own pool)."""
    import pyarrow as pa

    if pa.default_memory_pool().backend_name != "system":
        pa.set_memory_pool(pa.system_memory_pool())


def give_back() -> None:
    """Hand the memory freed so far back to the system: Arrow's unused pages, and glibc's
    free heap pages."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    if _TRIM is not None:
        _TRIM(0)
