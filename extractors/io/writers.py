"""Tables as files: records as typed frames, and frames as CSV or Parquet (SPEC §4).

``frame`` gives every table the contract's columns and dtypes (``records.COLUMNS``); the
run folder (``runfolder.py``), the export and orphans.csv all write through it. CSV cells a
spreadsheet would evaluate are made inert; Parquet files carry the schema version. Every
file is written to a temporary sibling and moved into place (``atomic.py``).
"""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..memory import give_back
from ..records import COLUMNS, SCHEMA_VERSION
from .atomic import FORMULA_PREFIXES, atomic_write


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


def make_inert(df: pd.DataFrame) -> None:
    """Every text cell of ``df`` as ``inert`` makes it, column by column: the cells that
    start like a formula are found at once and only those change (a Python call per cell
    cost the assembly of a large run seconds)."""
    for name in df.columns:
        if df[name].dtype == "string":
            col = df[name]
            formula = col.str.startswith(FORMULA_PREFIXES).fillna(False).astype(bool)
            if formula.any():
                df[name] = col.where(~formula, "'" + col)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    safe = df.copy()
    make_inert(safe)
    atomic_write(path, lambda p: safe.to_csv(p, index=False, encoding="utf-8", lineterminator="\r\n"))


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                           b"restrack_schema_version": SCHEMA_VERSION.encode()})
    atomic_write(path, lambda p: pq.write_table(table, p))


# ---------------------------------------------------------------------------------------------
# Arrow: the part files and the tables assembled from them

_SCHEMAS: dict[str, "pa.Schema"] = {}


def arrow_schema(table: str):
    """The Arrow schema of a table, as ``write_parquet`` writes a frame of it."""
    import pyarrow as pa

    if table not in _SCHEMAS:
        schema = pa.Table.from_pandas(frame(table, []), preserve_index=False).schema
        _SCHEMAS[table] = schema.with_metadata({**(schema.metadata or {}),
                                                b"restrack_schema_version": SCHEMA_VERSION.encode()})
    return _SCHEMAS[table]


def _plain_column(values: list, dtype: str) -> list | None:
    """A column's values as ``frame`` would type them (strings: missing is ""; numbers:
    missing is null), or None when a value is of a kind only ``frame`` knows how to take."""
    out = []
    if dtype == "string":
        for v in values:
            if v is None or (v.__class__ is float and v != v):
                out.append("")
            elif v.__class__ is str:
                out.append(v)
            else:
                return None
        return out
    integral = dtype == "Int64"
    for v in values:
        if v is None or (v.__class__ is float and v != v):
            out.append(None)
        elif v.__class__ is int or v.__class__ is bool:
            out.append(int(v) if integral else float(v))
        elif v.__class__ is float and (not integral or v.is_integer()):
            out.append(int(v) if integral else v)
        else:
            return None
    return out


def arrow_table(table: str, records: Iterable):
    """Records as an Arrow table with the contract's columns and types, each value typed
    exactly as ``frame`` (the whole-frame writers) types it. Built column by column from
    the records' plain values: going through pandas cost a worker as much as extracting
    (46% of its time on the generated corpus); a value of any other kind takes that road."""
    import pyarrow as pa

    records = list(records)
    schema = arrow_schema(table)
    if records:
        cols = COLUMNS[table]
        get = (lambda r, c: r.get(c)) if isinstance(records[0], dict) else (lambda r, c: getattr(r, c, None))
        arrays = []
        for (name, dtype), typ in zip(cols.items(), schema.types):
            values = _plain_column([get(r, name) for r in records], dtype)
            if values is None:
                break
            arrays.append(pa.array(values, type=typ))
        else:
            return pa.Table.from_arrays(arrays, schema=schema)
    return pa.Table.from_pandas(frame(table, records), schema=schema, preserve_index=False)


class TableWriter:
    """One table written batch by batch as CSV and Parquet into the given paths.

    The CSV is byte for byte what ``write_csv`` writes for the whole frame (the same pandas
    formatting, batch after batch); the Parquet file has the schema ``write_parquet`` gives,
    one row group per batch. Batches are gathered to ``batch_rows`` before a write, so a
    run of small documents does not pay pandas' cost per document; every
    ``MERGE_PENDING`` of them are merged into one while they wait (an Arrow table of one
    row costs kilobytes of objects: 20,000 documents waiting held 130 MB), and what a write
    frees is handed back (``memory.give_back``), so a table of any length is written at
    the size of one batch. (A merge changes how the Parquet file's pages are cut, not its
    content; documents of the usual few dozen rows fill a batch of targets or mentions
    before a merge.)"""

    MERGE_PENDING = 1024

    def __init__(self, table: str, csv_path: Path, parquet_path: Path, batch_rows: int = 20_000):
        import pyarrow.parquet as pq

        self.table = table
        self.schema = arrow_schema(table)
        self.batch_rows = batch_rows
        self.rows = 0
        self._pending: list = []
        self._n_pending = 0
        self._csv = open(csv_path, "w", encoding="utf-8", newline="")
        self._parquet = pq.ParquetWriter(parquet_path, self.schema)
        self._header = True

    def write(self, batch) -> None:
        if batch.num_rows == 0:
            return
        self._pending.append(batch)
        self._n_pending += batch.num_rows
        if self._n_pending >= self.batch_rows:
            self._flush()
        elif len(self._pending) >= self.MERGE_PENDING:
            import pyarrow as pa

            self._pending = [pa.concat_tables(self._pending).combine_chunks()]

    def _flush(self) -> None:
        import pyarrow as pa

        if not self._pending and not self._header:
            return
        data = pa.concat_tables(self._pending) if self._pending else self.schema.empty_table()
        data = data.cast(self.schema) if data.schema != self.schema else data
        self._pending, self._n_pending = [], 0
        df = frame(self.table, []) if data.num_rows == 0 else data.to_pandas()
        make_inert(df)
        df.to_csv(self._csv, index=False, header=self._header, lineterminator="\r\n")
        self._header = False
        if data.num_rows:
            self._parquet.write_table(data)
        self.rows += data.num_rows
        del data, df
        give_back()

    def close(self) -> None:
        self._flush()
        self._csv.flush()
        os.fsync(self._csv.fileno())
        self._csv.close()
        self._parquet.close()
