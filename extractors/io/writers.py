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
from operator import attrgetter
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


# What pandas' ``to_csv`` (the ``csv`` module, QUOTE_MINIMAL, "\r\n") quotes: a text holding
# the delimiter, the quote or a line break; and what ``make_inert`` prefixes with "'".
_NEEDS_QUOTES = '[,"\r\n]'
_FORMULA_START = "^[" + "".join("\\" + c if c in "-\\]^" else c for c in FORMULA_PREFIXES) + "]"


def _lit(value: str):
    """A text scalar of the cells' type (compute functions do not mix string and large_string)."""
    import pyarrow as pa

    return pa.scalar(value, pa.large_string())


def _text_cells(text):
    """Texts (an Arrow large_string array, no nulls) as CSV cells: made inert, quoted where
    needed; each step only where some cell needs it (most columns need none)."""
    import pyarrow.compute as pc

    formula = pc.match_substring_regex(text, _FORMULA_START)
    if pc.any(formula).as_py():
        text = pc.if_else(formula, pc.binary_join_element_wise(_lit("'"), text, _lit("")), text)
    needs = pc.match_substring_regex(text, _NEEDS_QUOTES)
    if not pc.any(needs).as_py():
        return text
    inner = pc.replace_substring(text, '"', '""') if pc.any(pc.match_substring(text, '"')).as_py() else text
    return pc.if_else(needs, pc.binary_join_element_wise(_lit('"'), inner, _lit('"'), _lit("")), text)


def _csv_cells(column):
    """One Arrow column as the text of its CSV cells (an Arrow string array, no nulls), as
    ``make_inert`` and ``to_csv`` render it: text made inert and quoted where needed, an
    integer in decimal, a float as its ``repr`` (worked out once per distinct value), a
    missing value (or NaN) empty."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    typ = column.type
    if pa.types.is_string(typ) or pa.types.is_large_string(typ):
        # each distinct text rendered once: most columns hold a few (kinds, units, bodies)
        codes = pc.fill_null(column.cast(pa.large_string()), _lit("")).dictionary_encode()
        return pc.take(_text_cells(codes.dictionary), codes.indices)
    if pa.types.is_floating(typ):
        codes = column.dictionary_encode()
        reprs = pa.array(["" if v != v else repr(v) for v in codes.dictionary.to_pylist()],
                         pa.large_string())
        return pc.fill_null(pc.take(reprs, codes.indices), _lit(""))
    return pc.fill_null(column.cast(pa.large_string()), _lit(""))


def csv_bytes(table, header: bool) -> bytes:
    """An Arrow table of the contract's columns as CSV (UTF-8), byte for byte what
    ``make_inert`` and pandas' ``to_csv`` write for its frame (``tests/io/test_writers.py``
    checks it), built by Arrow's compute functions: the rows of a 10,000-document run cost
    pandas 15 s of its serial tail, a tenth of that here."""
    import numpy as np
    import pyarrow.compute as pc

    head = (",".join(table.column_names) + "\r\n").encode() if header else b""
    if table.num_rows == 0:
        return head
    cells = [_csv_cells(col) for col in table.columns]
    lines = pc.binary_join_element_wise(*cells, _lit(","))
    lines = pc.binary_join_element_wise(lines, _lit("\r\n"), _lit(""))
    # the lines' characters lie end to end in the array's data buffer: that is the file
    _validity, offsets, data = lines.buffers()
    bounds = np.frombuffer(offsets, dtype=np.int64)[lines.offset:lines.offset + len(lines) + 1]
    return head + data.to_pybytes()[bounds[0]:bounds[-1]]


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


_NONE_TYPE = type(None)
_STR_ONLY = frozenset((str, _NONE_TYPE))
_INT_ONLY = frozenset((int, _NONE_TYPE))
_FLOAT_ONLY = frozenset((int, float, _NONE_TYPE))


def _column_array(values: tuple | list, dtype: str, typ):
    """``_plain_column``'s values as an Arrow array, the common kinds handed to Arrow whole:
    text with gaps, integers with gaps, and numbers with gaps or NaN in a float column (Arrow
    turns ints to floats and, from pandas' rules, NaN to null, as ``_plain_column`` does). A
    value Arrow will not take as it is (a bool, an int beyond a double's exact range, a
    float in an integer column) sends the column down the value-by-value road; None when
    that road cannot take it either."""
    import pyarrow as pa

    kinds = set(map(type, values))
    try:
        if dtype == "string" and kinds <= _STR_ONLY:
            return pa.array([v if v is not None else "" for v in values] if _NONE_TYPE in kinds
                            else values, type=typ)
        if dtype == "Int64" and kinds <= _INT_ONLY:
            return pa.array(values, type=typ)
        if dtype != "string" and dtype != "Int64" and kinds <= _FLOAT_ONLY:
            return pa.array(values, type=typ, from_pandas=True)
    except (pa.ArrowInvalid, OverflowError):
        pass
    plain = _plain_column(list(values), dtype)
    return None if plain is None else pa.array(plain, type=typ)


def arrow_table(table: str, records: Iterable):
    """Records as an Arrow table with the contract's columns and types, each value typed
    exactly as ``frame`` (the whole-frame writers) types it. Built column by column from
    the records' plain values: going through pandas cost a worker as much as extracting
    (46% of its time on the generated corpus); a value of any other kind takes that road.
    The values are taken a record at a time (one ``attrgetter`` call fetches all of a
    record's) and turned into columns by ``zip``: a document's tables were 6% of a
    worker's time when each value was fetched on its own."""
    import pyarrow as pa

    records = list(records)
    schema = arrow_schema(table)
    if records:
        names = list(COLUMNS[table])
        if isinstance(records[0], dict):
            rows = [tuple(r.get(c) for c in names) for r in records]
        else:
            try:
                rows = list(map(attrgetter(*names), records))
            except AttributeError:  # a record without some column: missing, as ``frame`` takes it
                rows = [tuple(getattr(r, c, None) for c in names) for r in records]
        arrays = []
        for values, dtype, typ in zip(zip(*rows), COLUMNS[table].values(), schema.types):
            array = _column_array(values, dtype, typ)
            if array is None:
                break
            arrays.append(array)
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
        self._csv = open(csv_path, "wb")
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
        self._csv.write(csv_bytes(data, self._header))
        self._header = False
        if data.num_rows:
            self._parquet.write_table(data)
        self.rows += data.num_rows
        del data
        give_back()

    def close(self) -> None:
        self._flush()
        self._csv.flush()
        os.fsync(self._csv.fileno())
        self._csv.close()
        self._parquet.close()
