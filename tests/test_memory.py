"""A run's process hands freed memory back (``extractors/memory.py``): Arrow on the system
allocator from the first import of ``flows``, and glibc's free heap pages returned."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str) -> str:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DO_NOT_TRACK": "1"}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_run_process_reads_parts_without_arrows_caching_pools(tmp_path):
    """Reading Parquet the way the assembly does (``pq.read_table``, which scans through
    Arrow's C++ default pool, not the one ``pa.set_memory_pool`` sets) allocates nothing
    from mimalloc or jemalloc once ``flows`` is imported: those pools keep the pages a part
    freed, and the parent grew with the corpus."""
    got = _run(f"""
        import flows  # what the restrack command imports first
        import pyarrow as pa, pyarrow.parquet as pq
        from extractors.io.writers import arrow_table
        path = {str(tmp_path / "t.parquet")!r}
        pq.write_table(arrow_table("mentions", [{{"doc_id": "d", "text": "x" * 1000}}] * 5000), path)
        table = pq.read_table(path)
        used = 0
        for make in (pa.mimalloc_memory_pool, pa.jemalloc_memory_pool):
            try:
                used += make().max_memory()
            except NotImplementedError:  # a build without that allocator
                pass
        print(pa.default_memory_pool().backend_name, table.num_rows, used)
    """)
    assert got == "system 5000 0"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_give_back_returns_freed_heap_pages():
    """100 MB of 1 kB blocks freed below a live block stay resident until ``give_back``."""
    got = _run("""
        import ctypes, os
        import pyarrow  # loaded, as in a run (give_back asks its pool too)
        from extractors import memory
        assert memory._TRIM is not None, "no malloc_trim in this libc"
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc.restype, libc.free.argtypes = ctypes.c_void_p, [ctypes.c_void_p]
        page = os.sysconf("SC_PAGE_SIZE")
        def rss():
            with open("/proc/self/statm") as f:
                return int(f.read().split()[1]) * page
        blocks = [libc.malloc(1024) for _ in range(100_000)]
        for b in blocks:
            ctypes.memset(b, 1, 1024)
        pin = libc.malloc(100_000)  # live above them: the heap's top cannot shrink
        for b in blocks:
            libc.free(b)
        before = rss()
        memory.give_back()
        print(round((before - rss()) / 2**20))
    """)
    assert int(got) >= 50


def test_the_workbook_reads_its_rows_without_holding_what_it_read(tmp_path):
    """``parquet_rows`` over a table of many row groups: Arrow's live memory does not grow
    with the rows read (Parquet's pre-buffering held every column chunk read until the
    file closed: 165 MB more by the end of 3.5 million rows)."""
    got = _run(f"""
        import flows
        import pyarrow as pa, pyarrow.parquet as pq
        from extractors.io.workbook import parquet_rows
        from extractors.io.writers import arrow_table
        path = {str(tmp_path / "t.parquet")!r}
        import os
        rows = [{{"doc_id": f"d{{i}}", "text": os.urandom(1000).hex()}} for i in range(1000)]
        with pq.ParquetWriter(path, arrow_table("mentions", rows[:1]).schema) as w:
            for _ in range(60):
                w.write_table(arrow_table("mentions", rows))
        seen = []
        for n, row in enumerate(parquet_rows(path), start=1):
            if n % 15000 == 0:
                seen.append(pa.default_memory_pool().bytes_allocated())
        print(n, max(seen[1:]) - seen[1] < 8 * 2**20, len(seen))
    """)
    assert got == "60000 True 4"
