"""The corrections log of a run folder: ``DIR/corrections.jsonl``, locked and append-only.

Corrections are an input of their own, never edits of the processed tables. Each line is
one changed cell::

    {"entry": "3f0c…", "op": "set", "target_id": "d08f659d3d1aa42e", "doc_id": "42b07add66303988",
     "field": "value", "old": 4.0, "new": 5.0, "reviewer": "anna",
     "time": "2025-06-01T09:30:00Z", "file": "review.xlsx", "file_sha256": "…64 hex…",
     "sheet": "targets", "row": 7, "schema_version": "1.0"}

``op`` is ``set`` (a cell of an extracted row changed) or ``add`` (a cell of a row the
reviewer added). ``old``/``new`` are JSON values typed as the column (string, integer,
number or null). Lines are only ever appended; a line that does not parse is kept in the
file and skipped when read.

Imports hold an exclusive ``fcntl.flock`` on ``DIR/corrections.lock`` from reading the log to
the fsync of the appended lines, so two imports at once never lose or duplicate an entry;
readers take the shared lock.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..records import COLUMNS
from ..schema import plain_value

LOG_FILE = "corrections.jsonl"
LOCK_FILE = "corrections.lock"
# An entry lacking one of these cannot be applied (the others have defaults).
_REQUIRED_KEYS = ("target_id", "field", "new", "reviewer", "time", "file_sha256")


@dataclass
class LogRead:
    entries: list[dict]
    bad_lines: list[int] = field(default_factory=list)  # 1-based line numbers not understood
    needs_newline: bool = False  # the file ends without "\n" (an interrupted write)


def now_utc() -> str:
    """The time of an entry: UTC, to the second, ``2025-06-01T09:30:00Z``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_log(out_dir: Path, lock: bool = False) -> LogRead:
    """The log's entries, in order; lines that do not parse are skipped and listed.
    ``lock``: read under the shared lock (never while an import is appending)."""
    path = Path(out_dir) / LOG_FILE
    if not path.exists():
        return LogRead([])
    if lock:
        with locked(out_dir, shared=True):
            data = path.read_bytes()
    else:
        data = path.read_bytes()
    entries: list[dict] = []
    bad: list[int] = []
    for i, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            e = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            bad.append(i)
            continue
        if not isinstance(e, dict) or any(k not in e for k in _REQUIRED_KEYS) \
                or e["field"] not in COLUMNS["targets"] or not isinstance(e["target_id"], str):
            bad.append(i)
            continue
        try:  # a value the column cannot hold (a hand-edited line) is not applied
            plain_value(e["field"], e["new"])
        except (TypeError, ValueError):
            bad.append(i)
            continue
        e.setdefault("op", "set")
        e.setdefault("old", None)
        e.setdefault("doc_id", "")
        entries.append(e)
    return LogRead(entries, bad, bool(data) and not data.endswith(b"\n"))


def log_sha256(out_dir: Path) -> str:
    """SHA-256 of the log's bytes as they are now (read under the shared lock); "" when
    there is no log: what a run's set depends on of the log."""
    import hashlib

    path = Path(out_dir) / LOG_FILE
    if not path.exists():
        return ""
    with locked(out_dir, shared=True):
        return hashlib.sha256(path.read_bytes()).hexdigest()


@contextlib.contextmanager
def locked(out_dir: Path, shared: bool = False):
    """Hold the lock of ``DIR``'s corrections log (``fcntl.flock`` on ``corrections.lock``):
    exclusive for an import (read, compare, append, fsync), shared for a reader.

    The lock belongs to the open file description, so it is released when the block ends or
    the process dies; it serialises importers across processes on one machine.
    """
    import fcntl

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def append_entries(out_dir: Path, entries: list[dict], needs_newline: bool = False) -> None:
    """Append ``entries`` to the log in one write and fsync it. Call under ``locked``."""
    if not entries:
        return
    path = Path(out_dir) / LOG_FILE
    created = not path.exists()
    payload = "".join(json.dumps(e, ensure_ascii=False, sort_keys=False) + "\n" for e in entries)
    data = (b"\n" if needs_newline else b"") + payload.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        with contextlib.suppress(OSError):
            dfd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)


def entry_id(e: dict) -> str:
    """The entry's stable id: the same change from the same file and row, the same id."""
    key = json.dumps([e["target_id"], e.get("op"), e["field"], e.get("old"), e["new"],
                      e["reviewer"], e["file_sha256"], e.get("row")], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def latest_values(entries: Iterable[dict]) -> dict[tuple[str, str], object]:
    """(target_id, field) -> the newest value the log gives it."""
    out: dict[tuple[str, str], object] = {}
    for e in entries:
        out[(e["target_id"], e["field"])] = e["new"]
    return out
