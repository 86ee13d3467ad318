"""A run folder's tables and texts, written and read: the one place that knows its layout.

``restrack run --out DIR`` writes, and export, corpus, review import (and a review page)
read back through here::

    DIR/documents.csv .parquet   DIR/targets.csv .parquet   DIR/mentions.csv .parquet
    DIR/texts/<doc_id>.txt       DIR/review.xlsx            DIR/run.json (the set's manifest)
    DIR/parts/…                  each chunk's results, the cache (``parts.py``)
    DIR/run.lock                 held by the run writing into DIR

One run at a time writes into a folder (``lock``), and it switches the whole set at once:
tables, workbook and orphans.csv are written into ``DIR/.staging``, a journal naming them
(``.staging/COMMIT``) is written atomically — the commit point — and the files are moved
into place, ``run.json`` last. A run killed before the journal leaves the old set; one
killed after it is finished by the next run, or by any reader, before it reads
(``settle``). Texts are named by their document's bytes, so a new one never overwrites
another document's text; texts no document of the new set uses go at the commit.

Tables are read from Parquet when present, else from CSV (a reviewer may hand a folder of
CSVs), and come back with the contract's dtypes (``writers.frame``). The corrections log and
orphans.csv that live in the same folder are written by ``corrections_log`` and ``review``.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..records import COLUMNS, Row
from .atomic import atomic_write, uninert
from .workbook import file_sha256, parquet_rows, write_review
from .writers import frame, write_csv, write_parquet

TABLES = ("documents", "targets", "mentions")
REVIEW_FILE = "review.xlsx"
TEXTS_DIR = "texts"
MANIFEST = "run.json"
LOCK_FILE = "run.lock"
STAGING_DIR = ".staging"
JOURNAL = "COMMIT"


# ---------------------------------------------------------------------------------------------
# Writing

def write_text(out_dir: Path, doc_id: str, text: str) -> Path:
    path = Path(out_dir) / TEXTS_DIR / f"{doc_id}.txt"
    # newline="" keeps "\n" as is on every platform: offsets index this exact text.
    atomic_write(path, lambda p: p.write_text(text, encoding="utf-8", newline=""))
    return path


def write_dataset(out_dir: Path, documents: list, targets: list, mentions: list) -> dict[str, Path]:
    """All tables of SPEC §4 into ``out_dir``: CSV, Parquet and review.xlsx."""
    out_dir = Path(out_dir)
    frames = {"documents": frame("documents", documents), "targets": frame("targets", targets),
              "mentions": frame("mentions", mentions)}
    written: dict[str, Path] = {}
    for name, df in frames.items():
        write_csv(df, out_dir / f"{name}.csv")
        write_parquet(df, out_dir / f"{name}.parquet")
        written[name] = out_dir / f"{name}.csv"
    write_review(out_dir / REVIEW_FILE, frames["targets"], frames["documents"])
    written["review"] = out_dir / REVIEW_FILE
    return written


def write_workbook(path: Path, targets_parquet: Path, documents_parquet: Path, workers: int = 1) -> None:
    """review.xlsx from the assembled tables (``io/workbook.py`` writes it), streamed batch
    by batch: its memory does not grow with the run. ``workers`` processes render the
    target rows of a large run."""
    write_review(path, targets_parquet, parquet_rows(documents_parquet), workers=workers)


# ---------------------------------------------------------------------------------------------
# One run at a time, one consistent set

class FolderBusy(RuntimeError):
    """Another run holds the run folder."""


@contextlib.contextmanager
def lock(out_dir: Path):
    """Hold ``DIR/run.lock`` for the length of a run; a second run is refused at once with
    who holds it. The lock goes with the process (``flock``), however it ends."""
    import fcntl

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            raise FolderBusy(f"{out_dir} is in use by another restrack run ({holder})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, started {_now()}\n".encode(), 0)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def staging_dir(out_dir: Path) -> Path:
    """An empty folder for the next set (whatever an unfinished run left there is gone)."""
    path = Path(out_dir) / STAGING_DIR
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _file_facts(path: Path) -> dict:
    with open(path, "rb") as f:
        os.fsync(f.fileno())
    return {"bytes": path.stat().st_size, "sha256": file_sha256(path)}


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def commit(out_dir: Path, staging: Path, manifest: dict) -> dict:
    """Switch the run folder to the set in ``staging``; ``manifest`` (with each file's size
    and SHA-256 added) becomes ``run.json``. Returns the manifest written."""
    names = sorted(p.name for p in staging.iterdir() if p.is_file() and not p.name.startswith("."))
    manifest = {**manifest, "files": {n: _file_facts(staging / n) for n in names}}
    atomic_write(staging / JOURNAL, lambda p: p.write_text(
        json.dumps({"files": names, "manifest": manifest}, ensure_ascii=False, indent=1),
        encoding="utf-8"))
    _fsync_dir(staging)
    _roll_forward(Path(out_dir), staging)
    return manifest


def files_as_committed(out_dir: Path, manifest: dict) -> bool:
    """Whether every file ``manifest`` (a run.json) lists is in ``out_dir`` with the size and
    SHA-256 it was committed with: nobody edited, replaced or removed one since."""
    files = manifest.get("files")
    if not files:
        return False
    for name, facts in files.items():
        path = Path(out_dir) / name
        try:
            if path.stat().st_size != facts["bytes"] or file_sha256(path) != facts["sha256"]:
                return False
        except (OSError, KeyError, TypeError):
            return False
    return True


def recommit(out_dir: Path, manifest: dict) -> dict:
    """The set in ``out_dir`` kept as it is, under a new run.json (``manifest``, which lists
    the kept files): the commit of a run whose set is the one already there."""
    atomic_write(Path(out_dir) / MANIFEST, lambda p: p.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"))
    _fsync_dir(Path(out_dir))
    return manifest


def _roll_forward(out_dir: Path, staging: Path) -> None:
    # A reader may finish the same commit at the same moment: whichever moves a file first
    # wins, and both write the same run.json.
    try:
        journal = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    for name in journal["files"]:
        with contextlib.suppress(FileNotFoundError):
            os.replace(staging / name, out_dir / name)
    atomic_write(out_dir / MANIFEST, lambda p: p.write_text(
        json.dumps(journal["manifest"], ensure_ascii=False, indent=1) + "\n", encoding="utf-8"))
    _fsync_dir(out_dir)
    shutil.rmtree(staging, ignore_errors=True)


def settle(out_dir: Path) -> None:
    """Finish what a killed run left: a committed set moved into place, an uncommitted one
    dropped, half-written temporary files removed. Call with the folder locked (a run), or
    before reading (a set whose journal is written is complete and safe to finish)."""
    out_dir = Path(out_dir)
    staging = out_dir / STAGING_DIR
    if (staging / JOURNAL).is_file():
        _roll_forward(out_dir, staging)


def clear_leftovers(out_dir: Path) -> None:
    """Remove an uncommitted set and temporary files a killed run left (folder locked)."""
    out_dir = Path(out_dir)
    settle(out_dir)
    shutil.rmtree(out_dir / STAGING_DIR, ignore_errors=True)
    for folder in (out_dir, out_dir / TEXTS_DIR):
        if folder.is_dir():
            for tmp in folder.glob(".*.tmp"):
                tmp.unlink(missing_ok=True)


def prune_texts(out_dir: Path, keep: set[str]) -> int:
    """Remove texts of documents that are not in the set just committed."""
    folder = Path(out_dir) / TEXTS_DIR
    if not folder.is_dir():
        return 0
    removed = 0
    for entry in os.scandir(folder):
        if entry.name.endswith(".txt") and entry.name[:-4] not in keep:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed


def has_text(out_dir: Path, doc_id: str) -> bool:
    return (Path(out_dir) / TEXTS_DIR / f"{doc_id}.txt").is_file()


def read_manifest(out_dir: Path) -> dict | None:
    """``run.json`` of the set in ``out_dir``; None before the first finished run."""
    path = Path(out_dir) / MANIFEST
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# Reading

def read_text(out_dir: Path, doc_id: str) -> str | None:
    """The text a document's offsets index, exactly as written; None when it is not there."""
    p = Path(out_dir) / TEXTS_DIR / f"{doc_id}.txt"
    if not p.exists():
        return None
    with open(p, encoding="utf-8", newline="") as f:
        return f.read()


def has_table(out_dir: Path, table: str) -> bool:
    return any((Path(out_dir) / f"{table}.{ext}").exists() for ext in ("parquet", "csv"))


def is_run_folder(out_dir: Path) -> bool:
    return has_table(out_dir, "targets") and has_table(out_dir, "documents")


def _frame_records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts of Python values, None where missing."""
    return df.astype(object).where(df.notna(), None).to_dict("records")


def read_table(out_dir: Path, table: str) -> pd.DataFrame:
    """A table of a run folder as a frame with the contract's dtypes (Parquet, else CSV)."""
    out_dir = Path(out_dir)
    pq = out_dir / f"{table}.parquet"
    if pq.exists():
        df = pd.read_parquet(pq)
        cols = COLUMNS[table]
        # Written by writers.frame: already the contract's columns and dtypes, used as read.
        if list(df.columns) == list(cols) and all(str(df[c].dtype) == t for c, t in cols.items()):
            return df
    else:
        csv_path = out_dir / f"{table}.csv"
        if not csv_path.exists():
            raise FileNotFoundError(csv_path)
        df = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8")
        for c in df.columns:
            df[c] = df[c].map(uninert)
        df = df.replace({"": None})
    return frame(table, _frame_records(df))


def rows_of(df: pd.DataFrame) -> list[Row]:
    """A targets frame as ``Row`` objects with plain Python values ('' for empty text)."""
    import pyarrow as pa

    cols = COLUMNS["targets"]
    data = pa.Table.from_pandas(df[list(cols)], preserve_index=False).to_pydict()
    # Arrow gives None for empty, int and float for the numeric columns: Row's own values.
    values = [[("" if v is None else v) for v in data[c]] if dtype == "string" else data[c]
              for c, dtype in cols.items()]
    names = list(cols)
    return [Row(**dict(zip(names, vals))) for vals in zip(*values)]


@dataclass
class RunFolder:
    """A run's output folder as written: its documents, its target rows and their texts."""

    path: Path
    documents: pd.DataFrame
    targets: list[Row]

    def text(self, doc_id: str) -> str | None:
        return read_text(self.path, doc_id)

    def languages(self) -> dict[str, str]:
        """doc_id -> language of every document read ``ok`` (the ones that have rows)."""
        return {str(d): str(lang or "") for d, lang, st in
                self.documents[["doc_id", "language", "status"]].itertuples(index=False) if st == "ok"}


def read_run(out_dir: Path) -> RunFolder:
    """The documents and targets tables of the run in ``out_dir``, without corrections."""
    out_dir = Path(out_dir)
    settle(out_dir)
    return RunFolder(out_dir, read_table(out_dir, "documents"), rows_of(read_table(out_dir, "targets")))
