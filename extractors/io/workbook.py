"""The review workbook (``review.xlsx``): writer and reader, and the reader of review CSVs.

Sheets, in order:

``targets``       the targets.csv columns in order; the value's words bold and red in the
                  sentence; drop-downs for kind, comparator, frequency, review_status,
                  indicator_code (strict) and unit (a warning: units are an open list);
                  frozen header, filters, column widths.
``documents``     the documents.csv columns.
``vocabularies``  the lists the drop-downs read, with unit families, indicator
                  descriptions, body types and levels.
``_original``     (very hidden) target_id and the editable cells as written, so an import
                  compares each cell with what the reviewer was shown, not with whatever a
                  later run extracted.

No cell is ever a formula: text is written as strings (inline strings), so a sentence that
starts with ``=HYPERLINK(...)`` stays text in every spreadsheet program. The reader refuses
formulas a reviewer typed.
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..records import COLUMNS, SCHEMA_VERSION
from .. import schema
from ..schema import EDITABLE
from .atomic import atomic_write, uninert

TARGETS_SHEET = "targets"
DOCUMENTS_SHEET = "documents"
VOCAB_SHEET = "vocabularies"
ORIGINAL_SHEET = "_original"
MAX_ROW = 1048576
VALUE_FONT = {"b": True, "color": "C00000"}
# Columns a reviewer fills from a closed list (strict) or an open one (warning only).
STRICT_LISTS = ("kind", "comparator", "frequency", "review_status", "indicator_code")
OPEN_LISTS = ("unit",)
# What the hidden sheet keeps of each row: the cells a reviewer may change.
ORIGINAL_COLUMNS = ("target_id", *EDITABLE)
# Columns formatted as text, so that a reviewer's "2025-10" stays text, not a date.
TEXT_FORMAT_COLUMNS = ("target_id", "doc_id", "deadline", "responsible", "issuer")
# Widths (characters) of the sheets' columns; other columns get DEFAULT_WIDTH.
WIDTHS = {"sentence": 80, "indicator": 30, "responsible": 34, "issuer": 30, "deadline_text": 20,
          "target_id": 18, "doc_id": 18, "missing": 22, "extractor": 16, "review_note": 30,
          "source": 40, "title": 40, "error": 50}
DEFAULT_WIDTH = 12


def _values(df: pd.DataFrame) -> list[list]:
    """The frame's rows as Python values: None when missing, text without the control
    characters XML cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    clean = df.copy()
    for name in df.columns:
        if df[name].dtype == "string":
            clean[name] = df[name].str.replace(ILLEGAL_CHARACTERS_RE, "", regex=True)
    return clean.astype(object).where(clean.notna(), None).values.tolist()


def _sentence_cell(sentence: str, start, value_start, value_end):
    """The sentence with the value's words bold and red (rich text), or None for plain."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    if any(x is None or x is pd.NA for x in (start, value_start, value_end)):
        return None
    a, b = int(value_start) - int(start), int(value_end) - int(start)
    if not 0 <= a < b <= len(sentence):
        return None
    before, after = sentence[:a], sentence[b:]
    value = TextBlock(InlineFont(**VALUE_FONT), sentence[a:b])
    return CellRichText(([before] if before else []) + [value] + ([after] if after else []))


def _header(ws, columns) -> None:
    from openpyxl.styles import Font

    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"


def _append(ws, rows: list[list]) -> None:
    """Rows below the header. Text is always a string cell: openpyxl would make text that
    starts with "=" a formula, so those cells are typed back to strings."""
    first = ws.max_row + 1
    for i, values in enumerate(rows, start=first):
        ws.append(values)
        for j, v in enumerate(values, start=1):
            if v.__class__ is str and v.startswith("="):
                ws.cell(row=i, column=j).data_type = "s"


def _table_sheet(ws, df: pd.DataFrame) -> None:
    from openpyxl.utils import get_column_letter

    _header(ws, df.columns)
    _append(ws, _values(df))
    for j, col in enumerate(df.columns, start=1):
        ws.column_dimensions[get_column_letter(j)].width = WIDTHS.get(col, DEFAULT_WIDTH)
    last = get_column_letter(max(1, len(df.columns)))
    ws.auto_filter.ref = f"A1:{last}{len(df) + 1}"


def _vocab_sheet(wb) -> dict[str, str]:
    """Write the vocabularies sheet; return column name -> absolute range of its values."""
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(VOCAB_SHEET)
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
    _header(ws, columns)
    ranges: dict[str, str] = {}
    for j, (name, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(j)
        for i, v in enumerate(values, start=2):
            ws.cell(row=i, column=j, value=v).data_type = "s"
        ranges[name] = f"'{VOCAB_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        ws.column_dimensions[letter].width = max(12, min(48, max(map(len, [name, *values]))) + 2)
    ws.cell(row=1, column=len(columns) + 2,
            value="Body codes are written type:level:place, several joined with ' | '.")
    return ranges


def _validations(ws, columns: list[str], ranges: dict[str, str]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for name in (*STRICT_LISTS, *OPEN_LISTS):
        if name not in columns:
            continue
        strict = name in STRICT_LISTS
        dv = DataValidation(
            type="list", formula1=ranges[name], allow_blank=name != "kind",
            showErrorMessage=True, errorStyle="stop" if strict else "warning",
            errorTitle=f"restrack: {name}",
            error=(f"Pick a {name} from the list (sheet {VOCAB_SHEET})." if strict else
                   f"Not a known {name}; keep it only if it is right (see sheet {VOCAB_SHEET})."))
        letter = get_column_letter(columns.index(name) + 1)
        dv.add(f"{letter}2:{letter}{MAX_ROW}")
        ws.add_data_validation(dv)


def write_review(path: Path, targets: pd.DataFrame, documents: pd.DataFrame) -> None:
    """review.xlsx from the targets and documents frames (``writers.frame`` dtypes)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = TARGETS_SHEET
    _table_sheet(ws, targets)
    columns = list(targets.columns)
    if "sentence" in columns:
        k = columns.index("sentence") + 1
        wrap = Alignment(wrap_text=True, vertical="top")
        offsets = targets[["sentence", "start", "value_start", "value_end"]].itertuples(index=False)
        for i, (sentence, start, vs, ve) in enumerate(offsets, start=2):
            cell = ws.cell(row=i, column=k)
            if isinstance(sentence, str) and sentence and sentence == cell.value:
                rich = _sentence_cell(sentence, start, vs, ve)
                if rich is not None:
                    cell.value = rich
                    cell.data_type = "s"
            cell.alignment = wrap
    for name in TEXT_FORMAT_COLUMNS:
        if name in columns:
            # Text format on the column (so on rows a reviewer adds) and on its cells.
            k = columns.index(name) + 1
            ws.column_dimensions[get_column_letter(k)].number_format = "@"
            for i in range(2, len(targets) + 2):
                ws.cell(row=i, column=k).number_format = "@"
    _table_sheet(wb.create_sheet(DOCUMENTS_SHEET), documents)
    ranges = _vocab_sheet(wb)
    _validations(ws, columns, ranges)
    original = wb.create_sheet(ORIGINAL_SHEET)
    kept = [c for c in ORIGINAL_COLUMNS if c in columns]
    original.append(kept)
    _append(original, _values(targets[kept]))
    original.sheet_state = "veryHidden"
    wb.properties.subject = f"restrack review workbook, schema {SCHEMA_VERSION}"
    wb.properties.keywords = f"restrack_schema_version={SCHEMA_VERSION}"
    atomic_write(Path(path), wb.save)


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
        header, rows = _sheet_rows(wb[TARGETS_SHEET], TARGETS_SHEET)
        original = None
        if ORIGINAL_SHEET in wb.sheetnames:
            oh, orows = _sheet_rows(wb[ORIGINAL_SHEET], ORIGINAL_SHEET)
            if "target_id" in oh:
                original = {str(r.cells["target_id"]): r.cells for r in orows
                            if not _empty(r.cells.get("target_id"))}
    finally:
        wb.close()
    return ReviewTable(path, digest, "xlsx", TARGETS_SHEET, header, rows, original)


def _sheet_rows(ws, sheet: str) -> tuple[list[str], list[SheetRow]]:
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
