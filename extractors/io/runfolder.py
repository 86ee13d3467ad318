"""A run folder's tables and texts, written and read: the one place that knows its layout.

``restrack run --out DIR`` writes, and export, corpus, review import (and a review page)
read back through here::

    DIR/documents.csv .parquet   DIR/targets.csv .parquet   DIR/mentions.csv .parquet
    DIR/texts/<doc_id>.txt       DIR/review.xlsx

Tables are read from Parquet when present, else from CSV (a reviewer may hand a folder of
CSVs), and come back with the contract's dtypes (``writers.frame``). The corrections log and
orphans.csv that live in the same folder are written by ``corrections_log`` and ``review``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..records import COLUMNS, Row
from .atomic import atomic_write, uninert
from .workbook import write_review
from .writers import frame, write_csv, write_parquet

TABLES = ("documents", "targets", "mentions")
REVIEW_FILE = "review.xlsx"
TEXTS_DIR = "texts"


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
    return RunFolder(out_dir, read_table(out_dir, "documents"), rows_of(read_table(out_dir, "targets")))
