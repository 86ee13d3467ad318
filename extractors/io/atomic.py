"""Writes that never leave a half-written file, and cells no spreadsheet evaluates.

Every output file is written to a temporary file beside it and renamed over it, so a crash
leaves the old file or the new one. Text cells that a spreadsheet would read as a formula
get a leading apostrophe (``inert``), undone when a reviewer's file is read back.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

_umask = os.umask(0)
os.umask(_umask)
_FILE_MODE = 0o666 & ~_umask
# Spreadsheet programs evaluate cells that start with these; reviewers' files must be inert.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@contextlib.contextmanager
def atomic_path(path: Path):
    """Yield a temporary path next to ``path``; on success it replaces ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, _FILE_MODE)  # mkstemp makes 0600; outputs are shared like any written file
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    with atomic_path(path) as tmp:
        write(tmp)


def atomic_write_text(path: Path, text: str) -> None:
    """``text`` into ``path`` (UTF-8, line breaks as given) atomically."""
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=""))


def inert(value: str) -> str:
    """A cell value no spreadsheet evaluates: formula-like text gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def uninert(value: str) -> str:
    """The inverse of ``inert`` for text read back from a CSV export."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value
