"""The review workbook (``review.xlsx``): writer and reader, and the reader of review CSVs.

Sheets, in order:

``targets``       one row per target row. The sentence first (the value's words bold and red
                  in it; the row tall enough to show it all, or, past Excel's tallest row, the
                  sentence cut around the value), then the cells a reviewer decides:
                  review_status, kind, value, value_max, unit, comparator, period, deadline,
                  responsible, indicator; then the other columns; ids and offsets last, in a
                  collapsed column group. Drop-downs (strict: a cell off the list is refused,
                  as the import refuses it) for kind, comparator, frequency, review_status,
                  indicator_code and unit; numbers with thousands separators, never
                  scientific; header and sentence frozen; filters; printed landscape, fit to
                  the page width, header repeated on every page.
``documents``     the documents.csv columns.
``vocabularies``  the lists the drop-downs read, with unit families, indicator
                  descriptions, body types and levels.
``_original``     (very hidden) target_id and the editable cells as written, so an import
                  compares each cell with what the reviewer was shown, not with whatever a
                  later run extracted.
``targets_2``, ``_original_2`` …  the rows past Excel's 1,048,575 a sheet (a note beside the
                  headers, and on ``documents``, says so).

The writer takes iterables of rows and streams them (XlsxWriter's constant-memory mode: each
row goes to disk as it is written), so a run of any size is written in constant memory.
No cell is ever a formula: text is written as strings, so a sentence that starts with
``=HYPERLINK(...)`` stays text in every spreadsheet program. The reader refuses formulas a
reviewer typed.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path

import pandas as pd

from ..records import COLUMNS, SCHEMA_VERSION
from .. import schema
from ..schema import EDITABLE
from .atomic import atomic_write, uninert
from ..memory import give_back
from .xlsx_rows import CACHED_CHARS, RowStream, RowXml, Styles, styles_of

TARGETS_SHEET = "targets"
DOCUMENTS_SHEET = "documents"
VOCAB_SHEET = "vocabularies"
ORIGINAL_SHEET = "_original"
MAX_ROW = 1048576  # Excel's rows per sheet, the header included
VALUE_FONT = {"bold": True, "font_color": "#C00000"}
# The sentence, then what a reviewer decides, in the order the eye checks it; ids and
# offsets last, grouped and hidden. Columns named nowhere here go before the ids.
FRONT_COLUMNS = ("sentence", "review_status", "kind", "value", "value_max", "unit", "comparator",
                 "period_start", "period_end", "deadline", "responsible", "indicator",
                 "indicator_code", "frequency", "deadline_text", "issuer", "review_note",
                 "missing", "confidence", "language", "extractor", "reviewed_by", "reviewed_at")
ID_COLUMNS = ("target_id", "doc_id", "start", "end", "value_start", "value_end")
# Columns a reviewer fills from a list; a cell off the list is refused (as the import does).
LIST_COLUMNS = ("kind", "comparator", "frequency", "review_status", "indicator_code", "unit")
# What the hidden sheet keeps of each row: the cells a reviewer may change.
ORIGINAL_COLUMNS = ("target_id", *EDITABLE)
# Columns formatted as text, so that a reviewer's "2025-10" stays text, not a date.
TEXT_FORMAT_COLUMNS = ("target_id", "doc_id", "deadline", "responsible", "issuer")
# Number formats: amounts with thousands separators (never scientific), years and offsets
# plain.
WHOLE_FORMAT, DECIMAL_FORMAT, PLAIN_FORMAT, SHARE_FORMAT = "#,##0", "#,##0.######", "0", "0.00"
AMOUNT_COLUMNS = ("value", "value_max")
# Widths (characters) of the sheets' columns; other columns get DEFAULT_WIDTH.
WIDTHS = {"sentence": 80, "indicator": 30, "responsible": 34, "issuer": 30, "deadline_text": 20,
          "target_id": 18, "doc_id": 18, "missing": 22, "extractor": 16, "review_note": 30,
          "value": 16, "value_max": 16, "review_status": 13, "indicator_code": 22,
          "source": 40, "title": 40, "error": 50}
DEFAULT_WIDTH = 12
# Row heights: points per line of 11 pt text, and Excel's tallest row.
LINE_POINTS, MAX_ROW_POINTS = 15.0, 409.0
# Characters of ordinary text per unit of column width (Calibri 11: a unit is one digit).
CHARS_PER_WIDTH = 1.15
# XML 1.0 cannot hold these control characters; they are dropped from cells.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
MAX_CELL_CHARS = 32767


def target_columns(columns: Iterable[str]) -> list[str]:
    """The order of the targets sheet's columns (``FRONT_COLUMNS``, the rest, ``ID_COLUMNS``)."""
    cols = list(columns)
    front = [c for c in FRONT_COLUMNS if c in cols]
    ids = [c for c in ID_COLUMNS if c in cols]
    return front + [c for c in cols if c not in front and c not in ids] + ids


def clean_text(v):
    """A value as a cell holds it: text without the control characters XML cannot hold,
    cut to Excel's longest cell."""
    if isinstance(v, str):
        return ILLEGAL_CHARACTERS_RE.sub("", v)[:MAX_CELL_CHARS]
    return v


@lru_cache(maxsize=1 << 16)
def _clean_cached(v: str) -> str:
    return clean_text(v)


def _short_clean(v: str) -> str:
    """``clean_text`` of a cell; a short text (cells repeat their words) cleaned once."""
    return _clean_cached(v) if len(v) <= CACHED_CHARS else clean_text(v)


def _lines(text: str, width: float) -> int:
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def sentence_shown(sentence: str, start, value_start, value_end,
                   width: float = WIDTHS["sentence"]) -> tuple[str, tuple[int, int] | None]:
    """The sentence as the workbook shows it and where the value is in it (or None).

    A sentence taller than Excel's tallest row is cut around the value ("… text …"), so the
    value stays visible; the import reads that cut as the unchanged sentence."""
    span = None
    if not any(x is None or x is pd.NA for x in (start, value_start, value_end)):
        a, b = int(value_start) - int(start), int(value_end) - int(start)
        if 0 <= a < b <= len(sentence):
            span = (a, b)
    max_lines = int(MAX_ROW_POINTS // LINE_POINTS)
    if _lines(sentence, width) <= max_lines:
        return sentence, span
    keep = int((max_lines - 1) * width * CHARS_PER_WIDTH)
    a, b = span or (0, 0)
    lo = max(0, min(a - keep // 2, len(sentence) - keep))
    hi = min(len(sentence), lo + keep)
    head, tail = ("… " if lo else ""), (" …" if hi < len(sentence) else "")
    shown = head + sentence[lo:hi].replace("\n", " ") + tail
    return shown, ((a - lo + len(head), b - lo + len(head)) if span else None)


def _records(rows, columns: list[str]) -> Iterator[dict]:
    """Rows (a frame, dataclasses or dicts) one at a time as dicts; missing values None."""
    if isinstance(rows, pd.DataFrame):
        names = list(rows.columns)
        for values in rows.itertuples(index=False, name=None):
            yield {n: (None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v)
                   for n, v in zip(names, values)}
        return
    for r in rows:
        yield {c: getattr(r, c) for c in columns} if dataclasses.is_dataclass(r) else r


class _Formats:
    """The cell formats of one workbook, made once."""

    def __init__(self, wb):
        self.header = wb.add_format({"bold": True, "bg_color": "#F2F2F2", "bottom": 1,
                                     "text_wrap": True, "valign": "top"})
        self.text = wb.add_format({"num_format": "@", "valign": "top"})
        self.plain_text = wb.add_format({"valign": "top"})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.value = wb.add_format(VALUE_FONT)
        self.wrap_value = wb.add_format({**VALUE_FONT, "text_wrap": True, "valign": "top"})
        self.whole = wb.add_format({"num_format": WHOLE_FORMAT, "valign": "top"})
        self.decimal = wb.add_format({"num_format": DECIMAL_FORMAT, "valign": "top"})
        self.plain = wb.add_format({"num_format": PLAIN_FORMAT, "valign": "top"})
        self.share = wb.add_format({"num_format": SHARE_FORMAT, "valign": "top"})
        self.note = wb.add_format({"italic": True, "font_color": "#7F7F7F"})

    def column(self, name: str, dtype: str):
        if name in TEXT_FORMAT_COLUMNS:
            return self.text
        if name == "sentence":
            return self.wrap
        if dtype == "Int64":
            return self.plain
        if name == "confidence":
            return self.share
        return self.plain_text if dtype == "string" else self.decimal

    def styles(self) -> Styles:
        """The formats target rows are written in, as their cells name them."""
        return styles_of({name: getattr(self, name) for name in ROW_STYLES}, {"value": self.value})


# The formats of the targets sheet's cells, by name (``_Formats`` attributes).
ROW_STYLES = ("text", "wrap", "wrap_value", "whole", "decimal", "plain", "share")


def _number_style(name: str, v) -> str:
    if name in AMOUNT_COLUMNS or COLUMNS["targets"].get(name) == "Float64":
        if name == "confidence":
            return "share"
        return "whole" if float(v).is_integer() else "decimal"
    return "plain"


def _sentence_cell(xml: RowXml, r: int, c: int, row: dict) -> tuple[str, float | None]:
    """The sentence cell (the value's words in the value font) and the row's height."""
    sentence = clean_text(row.get("sentence") or "")
    if not sentence:
        return "", None
    shown, span = sentence_shown(sentence, row.get("start"), row.get("value_start"), row.get("value_end"))
    lines = _lines(shown, WIDTHS["sentence"])
    height = min(MAX_ROW_POINTS, LINE_POINTS * lines) if lines > 1 else None
    if span is None:
        return xml.string(c, r, shown, "wrap"), height
    a, b = span
    if a == 0 and b == len(shown):  # the value is the whole cell
        return xml.string(c, r, shown, "wrap_value"), height
    return xml.rich(c, r, shown[:a], shown[a:b], shown[b:], "value", "wrap"), height


def _target_row(xml: RowXml, r: int, row: dict, columns: list[str]) -> str:
    """One target row of the targets sheet: text always as a string (never a formula),
    numbers as numbers in their column's format; as tall as its sentence."""
    cells: list[str] = []
    height = None
    for j, col in enumerate(columns):
        if col == "sentence":
            cell, height = _sentence_cell(xml, r, j, row)
            if cell:
                cells.append(cell)
            continue
        v = row.get(col)
        if v is None or v is pd.NA or v == "":
            continue
        if isinstance(v, str):
            cells.append(xml.string(j, r, _short_clean(v), "text"))
        else:
            cells.append(xml.number(j, r, v, "text" if col in TEXT_FORMAT_COLUMNS else _number_style(col, v)))
    return xml.row(r, cells, height)


def _plain_row(xml: RowXml, r: int, row: dict, columns: list[str], styles: list[str | None]) -> str:
    """A row of plain cells (the _original and documents sheets): text always as a string
    (never a formula), numbers as numbers, each column in its style; empty fields no cell."""
    cells = []
    for j, col in enumerate(columns):
        v = row.get(col)
        if v is None or v is pd.NA or v == "":
            continue
        cells.append(xml.string(j, r, _short_clean(v), styles[j]) if isinstance(v, str)
                     else xml.number(j, r, v, styles[j]))
    return xml.row(r, cells)


@dataclass(frozen=True)
class _RowPlan:
    """What rendering target rows needs, in plain values (it may run in another process)."""

    columns: tuple[str, ...]
    kept: tuple[str, ...]
    styles: Styles


def _render(rows: Iterable[dict], first_row: int, plan: _RowPlan) -> Iterator[tuple[str, str]]:
    """(targets sheet row, _original row) of each row, from sheet row ``first_row`` on."""
    columns, kept = list(plan.columns), list(plan.kept)
    shown, original = RowXml(plan.styles, len(columns)), RowXml(plan.styles, len(kept))
    unstyled: list[str | None] = [None] * len(kept)
    for r, row in enumerate(rows, start=first_row):
        yield _target_row(shown, r, row, columns), _plain_row(original, r, row, kept, unstyled)


def _header(ws, columns: list[str], f: _Formats, note: str = "") -> None:
    for j, name in enumerate(columns):
        ws.write_string(0, j, name, f.header)
    if note:
        ws.write_string(0, len(columns) + 1, note, f.note)


def _setup_targets(ws, columns: list[str], f: _Formats, ranges: dict[str, str], last_row: int) -> None:
    """Widths, column formats, the hidden id group, drop-downs, filters, panes, printing."""
    dtypes = COLUMNS["targets"]
    for j, name in enumerate(columns):
        opts = {"level": 1, "hidden": True} if name in ID_COLUMNS else {}
        ws.set_column(j, j, WIDTHS.get(name, DEFAULT_WIDTH), f.column(name, dtypes.get(name, "string")), opts)
    ws.outline_settings(True, False, True, False)
    for name in LIST_COLUMNS:
        if name not in columns or name not in ranges:
            continue
        j = columns.index(name)
        ws.data_validation(1, j, MAX_ROW - 1, j, {
            "validate": "list", "source": ranges[name], "ignore_blank": name != "kind",
            "error_type": "stop", "error_title": f"restrack: {name}"[:32],
            "error_message": f"Pick a {name} from the list (sheet {VOCAB_SHEET}). A new "
                             f"{name} belongs in the project's data first."[:255]})
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(1, last_row), len(columns) - 1)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.hide_gridlines(0)


def _vocab_sheet(ws, f: _Formats) -> dict[str, str]:
    """Write the vocabularies sheet; return column name -> absolute range of its values."""
    from xlsxwriter.utility import xl_col_to_name

    vocab = schema.vocabularies()
    names = schema.indicator_descriptions()
    btypes = schema.body_type_names()
    columns = {
        "kind": vocab["kind"], "comparator": vocab["comparator"],
        "frequency": vocab["frequency"], "review_status": vocab["review_status"],
        "unit": vocab["unit"], "unit_family": vocab["unit_family"],
        "indicator_code": vocab["indicator_code"],
        "indicator": [names.get(c, "") for c in vocab["indicator_code"]],
        "body_type": vocab["body_type"],
        "body_type_name": [btypes.get(t, "") for t in vocab["body_type"]],
        "body_level": vocab["body_level"],
    }
    _header(ws, list(columns), f)
    ranges: dict[str, str] = {}
    longest = max(len(v) for v in columns.values())
    for i in range(longest):  # row by row: constant-memory sheets are written in row order
        for j, values in enumerate(columns.values()):
            if i < len(values) and values[i]:
                ws.write_string(i + 1, j, values[i])
    for j, (name, values) in enumerate(columns.items()):
        letter = xl_col_to_name(j)
        ranges[name] = f"='{VOCAB_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        ws.set_column(j, j, max(12, min(48, max(map(len, [name, *values]))) + 2))
    ws.write_string(0, len(columns) + 1, "Body codes are written type:level:place, several joined with ' | '.")
    return ranges


TABLE_BLOCK_ROWS = 1_000  # rows of a plain sheet joined into one write


def _table_sheet(ws, rows, columns: list[str], dtypes: dict[str, str], f: _Formats, styles: Styles,
                 note: str = "") -> None:
    """A sheet of ``rows`` under a header of ``columns``: text always as a string (never a
    formula), numbers as numbers; rows go straight into the sheet's row file as XML
    (``RowXml``), a block at a time, as the target rows do."""
    _header(ws, columns, f, note=note)
    xml = RowXml(styles, len(columns))
    style = ["text" if dtypes.get(col) == "string" else "plain" for col in columns]
    stream = RowStream(ws, 1)
    block: list[str] = []
    n = 0
    for n, row in enumerate(_records(rows, columns), start=1):
        block.append(_plain_row(xml, n, row, columns, style))
        if len(block) == TABLE_BLOCK_ROWS:
            stream.write("".join(block), n, 0, len(columns) - 1)
            block.clear()
    if block:
        stream.write("".join(block), n, 0, len(columns) - 1)
    for j, col in enumerate(columns):
        ws.set_column(j, j, WIDTHS.get(col, DEFAULT_WIDTH))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, n), len(columns) - 1)


def _sheet_name(base: str, part: int) -> str:
    return base if part == 1 else f"{base}_{part}"


# Rendering the target rows is most of a workbook's time, and the workbook waits for every
# document: a run with several workers renders blocks of rows in as many processes, when the
# rows are enough to pay for starting them (about a second each).
PARALLEL_ROWS = 40_000
BLOCK_ROWS = 25_000


def write_review(path: Path, targets, documents, max_rows: int = MAX_ROW - 1, workers: int = 1) -> int:
    """review.xlsx from the target rows and documents (frames, dataclasses or dicts, any
    iterable: rows are streamed, not held; or the path of a Parquet table of target rows,
    which ``workers`` > 1 processes render block by block). Rows past ``max_rows`` per sheet
    (Excel's limit) go on ``targets_2``, ``targets_3`` …. Returns the number of target rows
    written."""
    from .xlsx_zip import Workbook

    path = Path(path)
    columns = target_columns(COLUMNS["targets"])
    kept = [c for c in ORIGINAL_COLUMNS if c in columns]
    total = 0

    def write(tmp: Path) -> None:
        nonlocal total
        wb = Workbook(str(tmp), {"constant_memory": True, "strings_to_formulas": False,
                                             "strings_to_urls": False, "strings_to_numbers": False,
                                             "tmpdir": str(path.parent)})
        f = _Formats(wb)
        plan = _RowPlan(tuple(columns), tuple(kept), f.styles())
        # The vocabularies the drop-downs read are written after the rows: ranges known ahead.
        ranges = {name: f"='{VOCAB_SHEET}'!${col}$2:${col}${n + 1}" for name, col, n in _vocab_ranges()}
        # Sheets in their order of display: targets, documents, vocabularies, the hidden
        # _original; rows past a sheet's limit go on targets_2 (and _original_2) after them.
        first = wb.add_worksheet(TARGETS_SHEET)
        docs_ws = wb.add_worksheet(DOCUMENTS_SHEET)
        vocab_ws = wb.add_worksheet(VOCAB_SHEET)
        sheets: list = []
        streams: list[RowStream] = []
        last, orig_last = len(columns) - 1, len(kept) - 1

        def start_sheet(part: int) -> None:
            ws = first if part == 1 else wb.add_worksheet(_sheet_name(TARGETS_SHEET, part))
            orig = _original_sheet(wb, part, kept, f)
            _header(ws, columns, f, note=_split_note(part, max_rows))
            sheets.append([ws, 0])
            streams[:] = [RowStream(ws, 1), RowStream(orig, 1)]

        start_sheet(1)
        for part, rows_in, last_row, shown, original in _row_blocks(targets, max_rows, plan, workers,
                                                                   path.parent):
            if part > len(sheets):
                start_sheet(part)
            streams[0].write(shown, last_row, 0, last)
            streams[1].write(original, last_row, 0, orig_last)
            sheets[-1][1] = last_row
            total += rows_in
        for sheet, rows in sheets:
            _setup_targets(sheet, columns, f, ranges, rows)
        _table_sheet(docs_ws, documents, list(COLUMNS["documents"]), COLUMNS["documents"], f, plan.styles,
                     note=_split_note(len(sheets), max_rows, total) if len(sheets) > 1 else "")
        got = _vocab_sheet(vocab_ws, f)
        assert got == ranges, "vocabulary ranges known ahead differ from the sheet"
        wb.set_properties({"subject": f"restrack review workbook, schema {SCHEMA_VERSION}",
                           "keywords": f"restrack_schema_version={SCHEMA_VERSION}"})
        wb.close()

    atomic_write(path, write)
    return total


_Block = tuple[int, int, int, "str | Path", "str | Path"]  # part, rows, last row, XML of both sheets


def _row_blocks(targets, max_rows: int, plan: _RowPlan, workers: int, tmp_dir: Path) -> Iterator[_Block]:
    """The target rows as blocks of XML in sheet order: (sheet part, rows in the block, its
    last sheet row, targets sheet XML, _original XML); the XML is a string, or a file when
    processes rendered it."""
    if isinstance(targets, (str, Path)):
        n_rows = _parquet_rows_count(Path(targets))
        if workers > 1 and n_rows >= PARALLEL_ROWS:
            yield from _rendered_elsewhere(Path(targets), n_rows, max_rows, plan, workers, tmp_dir)
            return
        targets = parquet_rows(Path(targets))
    rows = iter(_records(targets, list(COLUMNS["targets"])))
    part, n = 0, max_rows
    while n == max_rows:  # a sheet at a time; a full one may have rows after it
        part, n = part + 1, 0
        for n, (shown, original) in enumerate(_render(islice(rows, max_rows), 1, plan), start=1):
            yield part, 1, n, shown, original


def _parquet_rows_count(path: Path) -> int:
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as f:
        return f.metadata.num_rows


def parquet_rows(path: Path, lo: int = 0, hi: int | None = None, batch_rows: int = 4_000) -> Iterator[dict]:
    """Rows ``lo`` to ``hi`` (all by default) of a Parquet table as dicts of plain values
    (None where missing), a batch at a time from the row groups that hold them: a large
    table is never held whole, the rows before ``lo`` are not decoded (each of a workbook's
    renderers reads its own block), and what each batch freed is handed back."""
    import pyarrow.parquet as pq

    # Without pre-buffering: its cache keeps every column chunk read until the reader
    # closes, and the rows of 100,000 documents (3.5 million) took the process from 99 to
    # 265 MB where it stays flat without it.
    with pq.ParquetFile(path, pre_buffer=False) as f:
        meta = f.metadata
        hi = meta.num_rows if hi is None else min(hi, meta.num_rows)
        groups, at, first = [], 0, 0
        for g in range(meta.num_row_groups):
            n = meta.row_group(g).num_rows
            if at + n > lo and at < hi:
                first = first if groups else at
                groups.append(g)
            at += n
        at = first
        for batch in f.iter_batches(batch_size=batch_rows, row_groups=groups) if groups else ():
            n = batch.num_rows
            a, b = max(lo, at), min(hi, at + n)
            if a < b:
                rows = batch.slice(a - at, b - a).to_pylist()
                del batch
                yield from rows
                del rows
                give_back()  # what each batch freed goes back: memory stays flat
            at += n
            if at >= hi:
                break


def _render_block(parquet: str, lo: int, hi: int, first_row: int, plan: _RowPlan,
                  out_prefix: str) -> tuple[str, str]:
    """Rows ``lo``..``hi`` of the table rendered from sheet row ``first_row`` on into two
    files (targets sheet, _original): run in a worker process."""
    shown_path, original_path = f"{out_prefix}.targets.xml", f"{out_prefix}.original.xml"
    with open(shown_path, "w", encoding="utf-8") as fs, open(original_path, "w", encoding="utf-8") as fo:
        for shown, original in _render(parquet_rows(Path(parquet), lo, hi), first_row, plan):
            fs.write(shown)
            fo.write(original)
    return shown_path, original_path


def _blocks_of(n_rows: int, max_rows: int) -> list[tuple[int, int, int, int]]:
    """(sheet part, first table row, end table row, first sheet row) of each block: blocks
    of at most BLOCK_ROWS that never straddle two sheets."""
    out = []
    for start in range(0, n_rows, max_rows):
        part, end = start // max_rows + 1, min(n_rows, start + max_rows)
        for lo in range(start, end, BLOCK_ROWS):
            out.append((part, lo, min(end, lo + BLOCK_ROWS), lo - start + 1))
    return out


def _rendered_elsewhere(parquet: Path, n_rows: int, max_rows: int, plan: _RowPlan, workers: int,
                        tmp_dir: Path) -> Iterator[_Block]:
    """Blocks rendered by ``workers`` processes, taken in order; a few blocks ahead at most
    are on disk at a time, and each block's files go once copied."""
    import multiprocessing
    import tempfile
    from concurrent.futures import ProcessPoolExecutor

    blocks = _blocks_of(n_rows, max_rows)
    with tempfile.TemporaryDirectory(dir=tmp_dir, prefix=".rows-") as tmp, \
            ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending = []
        ahead = iter(enumerate(blocks))

        def submit() -> None:
            got = next(ahead, None)
            if got is not None:
                i, (_, lo, hi, first_row) = got
                pending.append(pool.submit(_render_block, str(parquet), lo, hi, first_row, plan,
                                           str(Path(tmp) / f"block{i}")))

        for _ in range(workers + 1):
            submit()
        for part, lo, hi, first_row in blocks:
            shown, original = pending.pop(0).result()
            submit()
            yield part, hi - lo, first_row + hi - lo - 1, Path(shown), Path(original)
            Path(shown).unlink()
            Path(original).unlink()


def _split_note(part: int, max_rows: int, total: int | None = None) -> str:
    """The note beside a header when the targets do not fit one sheet (written as the sheet
    starts: a streamed sheet cannot go back to its header)."""
    if total is not None:
        return (f"{total:,} target rows on sheets "
                + ", ".join(_sheet_name(TARGETS_SHEET, k) for k in range(1, part + 1))
                + f" (Excel holds {max_rows:,} rows a sheet).")
    if part == 1:
        return ""
    first = (part - 1) * max_rows + 1
    return (f"Target rows from {first:,} on: Excel holds {max_rows:,} rows a sheet, the rows "
            f"before are on sheet {_sheet_name(TARGETS_SHEET, part - 1)}.")


def _original_sheet(wb, part: int, kept: list[str], f: _Formats):
    """The very hidden sheet of what a part of the targets sheet showed (created beside it,
    written row by row with it)."""
    ws = wb.add_worksheet(_sheet_name(ORIGINAL_SHEET, part))
    for j, name in enumerate(kept):
        ws.write_string(0, j, name)
    ws.very_hidden()
    return ws


def _vocab_ranges() -> list[tuple[str, str, int]]:
    """(column name, column letter, number of values) of the vocabularies sheet's lists."""
    from xlsxwriter.utility import xl_col_to_name

    vocab = schema.vocabularies()
    order = ("kind", "comparator", "frequency", "review_status", "unit", "unit_family",
             "indicator_code", "indicator", "body_type", "body_type_name", "body_level")
    sizes = {**{k: len(v) for k, v in vocab.items()}, "indicator": len(vocab["indicator_code"]),
             "body_type_name": len(vocab["body_type"])}
    return [(name, xl_col_to_name(j), sizes[name]) for j, name in enumerate(order)]


# ---------------------------------------------------------------------------------------------
# Reading an edited workbook or CSV

@dataclass
class SheetRow:
    """One data row of an edited table: where it is, and its cells by column name."""

    sheet: str
    row: int  # as a spreadsheet shows it: the header is row 1
    cells: dict[str, object]
    formulas: set[str] = field(default_factory=set)  # columns whose cell is a formula


@dataclass
class ReviewTable:
    path: Path
    sha256: str
    format: str  # "xlsx" or "csv"
    sheet: str
    columns: list[str]  # header as found
    rows: list[SheetRow]
    # target_id -> cells as the workbook was written (sheet _original); None for CSV.
    original: dict[str, dict[str, object]] | None = None

    def letter(self, column: str) -> str:
        """Where ``column`` is: a spreadsheet column letter (or the CSV field number)."""
        from openpyxl.utils import get_column_letter

        if column not in self.columns:
            return "?"
        i = self.columns.index(column) + 1
        return get_column_letter(i) if self.format == "xlsx" else str(i)


class ReviewFileError(ValueError):
    """The file is not a review workbook or CSV (wrong type, no ``targets`` sheet, ...)."""


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_review_table(path: Path) -> ReviewTable:
    """An edited ``review.xlsx`` (sniffed by its zip signature) or a CSV of targets columns."""
    path = Path(path)
    with open(path, "rb") as f:
        head = f.read(4)
    digest = file_sha256(path)
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, digest)
    return _read_csv(path, digest)


def _empty(v) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "")


def _read_xlsx(path: Path, digest: str) -> ReviewTable:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # zip but not a workbook, or a damaged one
        raise ReviewFileError(f"{path.name}: not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from exc
    try:
        if TARGETS_SHEET not in wb.sheetnames:
            raise ReviewFileError(f"{path.name}: the workbook has no sheet {TARGETS_SHEET!r}")
        header: list[str] = []
        rows: list[SheetRow] = []
        original: dict[str, dict[str, object]] | None = None
        for name in _parts(wb.sheetnames, TARGETS_SHEET):
            h, part = _sheet_rows(wb[name], name)
            header = header or h
            rows += part
        for name in _parts(wb.sheetnames, ORIGINAL_SHEET):
            oh, orows = _sheet_rows(wb[name], name)
            if "target_id" in oh:
                original = original or {}
                original.update({str(r.cells["target_id"]): r.cells for r in orows
                                 if not _empty(r.cells.get("target_id"))})
    finally:
        wb.close()
    return ReviewTable(path, digest, "xlsx", TARGETS_SHEET, header, rows, original)


def _parts(sheetnames: list[str], base: str) -> list[str]:
    """``base`` and its continuation sheets ``base_2``, ``base_3`` … in order."""
    found = {1: base} if base in sheetnames else {}
    for name in sheetnames:
        m = re.fullmatch(re.escape(base) + r"_(\d+)", name)
        if m and int(m.group(1)) > 1:
            found[int(m.group(1))] = name
    return [found[k] for k in sorted(found)]


def _sheet_rows(ws, sheet: str) -> tuple[list[str], list[SheetRow]]:
    from openpyxl.utils.escape import unescape

    it = ws.iter_rows()
    try:
        first = next(it)
    except StopIteration:
        return [], []
    header = [str(c.value).strip() if c.value is not None else "" for c in first]
    rows: list[SheetRow] = []
    for i, cells in enumerate(it, start=2):
        values: dict[str, object] = {}
        formulas: set[str] = set()
        for name, cell in zip(header, cells):
            if not name:
                continue
            v = cell.value
            if isinstance(v, str) and "_x" in v:  # Excel's escapes of control characters
                v = unescape(v)
            if getattr(cell, "data_type", None) == "f":
                formulas.add(name)
            values[name] = v
        if all(_empty(v) for v in values.values()):
            continue
        rows.append(SheetRow(sheet, i, values, formulas))
    return header, rows


def _read_csv(path: Path, digest: str) -> ReviewTable:
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            try:
                header = [h.strip() for h in next(reader)]
            except StopIteration:
                raise ReviewFileError(f"{path.name}: the CSV is empty") from None
            rows: list[SheetRow] = []
            for i, record in enumerate(reader, start=2):
                values = {name: uninert(v) for name, v in zip(header, record) if name}
                if all(_empty(v) for v in values.values()):
                    continue
                rows.append(SheetRow(path.name, i, values))
    except UnicodeDecodeError as exc:
        raise ReviewFileError(f"{path.name}: neither an .xlsx workbook nor a UTF-8 CSV") from exc
    except csv.Error as exc:
        raise ReviewFileError(f"{path.name}: not a CSV ({exc})") from exc
    return ReviewTable(path, digest, "csv", path.name, header, rows, None)


def targets_columns() -> list[str]:
    return list(COLUMNS["targets"])
