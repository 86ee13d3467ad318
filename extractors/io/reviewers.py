"""The reviewers of a run folder: ``DIR/reviewers.json``, names and the SHA-256 of their tokens.

``restrack review user add`` writes it, the review page reads it. A token is shown once, when
it is made; only its digest is kept, so the file gives nobody a way in::

    {"anna": {"token_sha256": "9f86d0…", "added": "2025-06-01T09:30:00Z"}}
"""
from __future__ import annotations

import json
from pathlib import Path

from .atomic import atomic_write

REVIEWERS_FILE = "reviewers.json"


def reviewers_path(out_dir: Path) -> Path:
    return Path(out_dir) / REVIEWERS_FILE


def read_reviewers(out_dir: Path) -> dict[str, dict]:
    """name -> {"token_sha256", "added"}; {} when there is no file or it does not parse."""
    path = reviewers_path(out_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items()
            if isinstance(v, dict) and isinstance(v.get("token_sha256"), str)}


def write_reviewer(out_dir: Path, name: str, token_sha256: str, added: str) -> None:
    """Add ``name`` (or give it a new token), keeping the others."""
    data = read_reviewers(out_dir)
    data[name] = {"token_sha256": token_sha256, "added": added}
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    atomic_write(reviewers_path(out_dir), lambda p: p.write_text(text, encoding="utf-8"))


def reviewers_stamp(out_dir: Path) -> tuple[int, int] | None:
    """(size, mtime in ns) of the file, to see that it changed; None when absent."""
    try:
        st = reviewers_path(out_dir).stat()
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime_ns
