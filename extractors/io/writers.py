"""Dataset writers: CSV + Parquet twins, texts, and the Excel review workbook (SPEC §4).

The workbook itself is built in ``workbook.py``; ``write_dataset`` calls it.

Every file is written to a temporary sibling and moved into place with ``os.replace``, so a
crash leaves either the previous table or the new one, never half of one.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..records import COLUMNS, SCHEMA_VERSION
from .atomic import atomic_path, atomic_write, inert, uninert  # noqa: F401 (re-exported)

TABLES = ("documents", "targets", "mentions")
REVIEW_FILE = "review.xlsx"
# Widths (characters) for the review sheet; other columns get DEFAULT_WIDTH.
WIDTHS = {"sentence": 80, "indicator": 30, "responsible": 34, "issuer": 30, "deadline_text": 20,
          "target_id": 18, "doc_id": 18, "missing": 22, "extractor": 16, "review_note": 30,
          "source": 40, "title": 40, "error": 50}
DEFAULT_WIDTH = 12


def write_text(out_dir: Path, doc_id: str, text: str) -> Path:
    path = Path(out_dir) / "texts" / f"{doc_id}.txt"
    # newline="" keeps "\n" as is on every platform: offsets index this exact text.
    atomic_write(path, lambda p: p.write_text(text, encoding="utf-8", newline=""))
    return path


def frame(table: str, records: Iterable) -> pd.DataFrame:
    """Records (dataclasses or dicts) as a DataFrame with the contract's columns and dtypes."""
    cols = COLUMNS[table]
    data = [dataclasses.asdict(r) if dataclasses.is_dataclass(r) else dict(r) for r in records]
    df = pd.DataFrame(data, columns=list(cols))
    for name, dtype in cols.items():
        if dtype == "string":
            df[name] = df[name].where(df[name].notna(), "").astype("string")
        else:
            df[name] = pd.to_numeric(df[name], errors="coerce").astype(dtype)
    return df


def write_csv(df: pd.DataFrame, path: Path) -> None:
    safe = df.copy()
    for name in safe.columns:
        if safe[name].dtype == "string":
            safe[name] = safe[name].map(inert, na_action="ignore")
    atomic_write(path, lambda p: safe.to_csv(p, index=False, encoding="utf-8", lineterminator="\r\n"))


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                           b"restrack_schema_version": SCHEMA_VERSION.encode()})
    atomic_write(path, lambda p: pq.write_table(table, p))


def write_review(path: Path, targets: pd.DataFrame, documents: pd.DataFrame) -> None:
    """review.xlsx (see ``workbook.write_review``)."""
    from .workbook import write_review as write  # workbook.py imports this module's helpers

    write(Path(path), targets, documents)


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
