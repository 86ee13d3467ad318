"""Tables as files: records as typed frames, and frames as CSV or Parquet (SPEC §4).

``frame`` gives every table the contract's columns and dtypes (``records.COLUMNS``); the
run folder (``runfolder.py``), the export and orphans.csv all write through it. CSV cells a
spreadsheet would evaluate are made inert; Parquet files carry the schema version. Every
file is written to a temporary sibling and moved into place (``atomic.py``).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..records import COLUMNS, SCHEMA_VERSION
from .atomic import atomic_write, inert


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
