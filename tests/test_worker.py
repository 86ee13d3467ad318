"""The extraction child: replaced after RECYCLE_DOCUMENTS documents with results unchanged,
its step on a shared page, one message a document."""
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


def test_the_stage_board_carries_a_step_from_the_child_to_its_supervisor():
    """The child writes its step into the shared page; the supervisor reads the last one,
    with no message sent (a step longer than the page is cut, never spilled)."""
    import subprocess
    import sys

    fd = worker.board_file()
    board = worker.StageBoard(fd)
    try:
        steps = ["reading the file", "finding mentions", "tìm đề mục " * 40]
        code = ("import sys; from extractors.worker import StageBoard; b = StageBoard(int(sys.argv[1]));"
                "[b.write(s) for s in sys.argv[2:]]")
        subprocess.run([sys.executable, "-c", code, str(fd), *steps], pass_fds=(fd,), check=True)
        got = board.read()
        assert got != steps[1]
        assert steps[2].startswith(got) and len(got.encode()) < worker.StageBoard.SIZE
        board.write("assembling rows")
        assert board.read() == "assembling rows"
    finally:
        board.close()
        import os

        os.close(fd)


def test_a_document_sends_its_supervisor_one_message(tmp_path):
    """Only the result crosses the pipe: the supervisor is not woken for each step."""
    files = sorted(str(p) for p in shared_path("seeds").glob("*.txt"))[:2]
    w = worker.DocumentWorker()
    got = []
    try:
        w._spawn()
        real_recv = w.replies.recv

        def recv():
            message = real_recv()
            got.append(message[0])
            return message

        w.replies.recv = recv
        for f in files:
            assert w.extract(f, None, str(tmp_path), "v", 60).result is not None
    finally:
        w.close()
    assert got == ["done", "done"]


def test_children_started_early_are_taken_by_the_threads_that_extract_and_the_rest_stopped(tmp_path):
    import os
    import threading

    files = sorted(str(p) for p in shared_path("seeds").glob("*.txt"))[:1]
    worker.start_early(2)
    early = [w.proc.pid for w in worker._EARLY]
    assert len(early) == 2 and all(pid is not None for pid in early)
    taken: list = []

    def extract():
        w = worker.worker_for_this_thread()
        taken.append((w.proc.pid if w.proc else None, w.extract(files[0], None, str(tmp_path), "v", 60).result))

    t = threading.Thread(target=extract)
    t.start()
    t.join()
    try:
        assert taken[0][0] in early  # no new child: one started early did the work
        assert taken[0][1] is not None and taken[0][1].rows
        left = [w.proc for w in worker._EARLY]
        assert len(left) == 1 and left[0].poll() is None
    finally:
        worker.close_all()
    assert not worker._EARLY
    assert left[0].poll() is not None  # the one no thread took is stopped
    for pid in early:
        assert not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split()[2] == "Z"
