"""``kill -9`` of a run at any point, then a re-run: the same dataset as a run never killed.

The run is killed (the main process only, as the OOM killer or an operator does) while a
worker extracts, once chunks are on disk, and while the set is assembled and committed; its server and workers must die with it, the folder must hold the old set
or none — never a mix — and the next run must finish the job from the parts already on disk.
A commit cut between its journal and ``run.json`` is finished by the next reader.
"""
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractors.io.runfolder import JOURNAL, MANIFEST, STAGING_DIR, read_run, settle

from .proc_tree import alive, children, cmdline

ROOT = Path(__file__).resolve().parents[2]
TABLES = ("documents", "targets", "mentions")
pytestmark = pytest.mark.slow


def _start(src: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flows.cli", "run", str(src), "--out", str(out), "--quiet"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            errors="replace", start_new_session=True)


def _dataset(out: Path) -> dict[str, bytes]:
    data = {f"{t}.csv": (out / f"{t}.csv").read_bytes() for t in TABLES}
    data.update({f"texts/{p.name}": p.read_bytes() for p in sorted((out / "texts").iterdir())})
    return data


def _consistent(out: Path) -> None:
    """The folder holds one set (the manifest's) or none."""
    manifest = out / MANIFEST
    if not manifest.exists():
        assert not (out / "documents.csv").exists()
        return
    facts = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    for name, f in facts.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == f["sha256"], name


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from bench.corpus import generate

    src = tmp_path_factory.mktemp("corpus")
    generate(src, n_docs=40, n_pdfs=2)
    return src


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("reference") / "out"
    proc = _start(corpus, out)
    _, err = proc.communicate(timeout=900)
    assert proc.returncode in (0, 1), err[-2000:]
    return out, None


def _parts(out: Path) -> int:
    return sum(1 for p in (out / "parts").glob("*/*") if not p.name.startswith("."))


# When to kill: as soon as a worker is extracting, once two chunks are on disk, and while
# the set is being assembled and committed.
MOMENTS = {
    "extracting": lambda out, family: any("extractors.worker" in cmdline(p) for p in family),
    "chunks on disk": lambda out, family: _parts(out) >= 2,
    "assembling": lambda out, family: (out / STAGING_DIR).exists(),
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_kill_9_then_rerun_gives_the_uninterrupted_dataset(corpus, reference, tmp_path, moment):
    ref_out, _ = reference
    out = tmp_path / "out"
    proc = _start(corpus, out)
    family: set[int] = set()
    while proc.poll() is None:
        family.update(c for p in [proc.pid, *family] for c in children(p))
        if MOMENTS[moment](out, family):
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.02)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, f"the run ended before the moment ({moment})"
    # the temporary server and the extraction workers die with the run
    gone = time.monotonic() + 15
    while time.monotonic() < gone and any(alive(p) for p in family):
        time.sleep(0.2)
    assert not [p for p in family if alive(p)], "processes outlived the killed run"
    _consistent(out)
    again = _start(corpus, out)
    _, err = again.communicate(timeout=900)
    assert again.returncode in (0, 1), err[-2000:]
    assert _dataset(out) == _dataset(ref_out)
    assert not list(out.rglob("*.tmp")) and not (out / STAGING_DIR).exists()


def test_a_commit_cut_short_is_finished_before_reading(corpus, reference, tmp_path):
    """Killed after the journal, before every file moved: the next reader completes it."""
    ref_out, _ = reference
    out = tmp_path / "out"
    staging = out / STAGING_DIR
    staging.mkdir(parents=True)
    names = [f"{t}.{e}" for t in TABLES for e in ("csv", "parquet")]
    for name in names:
        (staging / name).write_bytes((ref_out / name).read_bytes())
    (out / "texts").mkdir()
    manifest = {"run_id": "x", "files": {}}
    (staging / JOURNAL).write_text(json.dumps({"files": names, "manifest": manifest}), encoding="utf-8")
    # half the files already moved when the run died
    for name in names[:3]:
        os.replace(staging / name, out / name)
    folder = read_run(out)
    assert len(folder.documents) == len(read_run(ref_out).documents)
    assert not staging.exists() and json.loads((out / MANIFEST).read_text())["run_id"] == "x"
    for name in names:
        assert (out / name).read_bytes() == (ref_out / name).read_bytes()
    settle(out)  # nothing left to do: harmless
