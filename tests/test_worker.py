"""The extraction child is replaced after RECYCLE_DOCUMENTS documents, results unchanged."""
import pytest

from extractors import worker
from tests.conftest import shared_path


@pytest.mark.slow
def test_a_child_is_replaced_after_its_share_of_documents_and_results_do_not_change(tmp_path, monkeypatch):
    files = sorted(str(p) for p in shared_path("seeds").glob("*.txt"))[:5]
    kept = worker.DocumentWorker()
    try:
        steady = [kept.extract(f, None, str(tmp_path / "a"), "v", 60).result for f in files]
        assert kept.documents == 5
    finally:
        kept.close()
    monkeypatch.setattr(worker, "RECYCLE_DOCUMENTS", 2)
    w = worker.DocumentWorker()
    pids, results = [], []
    try:
        for f in files:
            results.append(w.extract(f, None, str(tmp_path / "b"), "v", 60).result)
            pids.append(w.pid)
    finally:
        w.close()
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4], pids
    for a, b in zip(steady, results):
        assert a.key == b.key and a.rows == b.rows
        for table in ("documents", "targets", "mentions"):
            assert a.tables[table].equals(b.tables[table]), table
    assert sum(sum(r.rows.values()) for r in results) > 0
