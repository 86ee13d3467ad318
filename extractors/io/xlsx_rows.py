"""Rows of a constant-memory XlsxWriter sheet written as XML in one go.

XlsxWriter spends about 7 µs of Python on every cell: argument conversion, a bounds check,
a cell tuple in a dict, then an attribute list escaped and joined when the row is flushed.
The review workbook has a million cells per 35,000 target rows, so that was a fifth of a
whole run's CPU and most of its serial tail (the workbook waits for every document). Here a
row is one string: column letters and style indexes are worked out once per sheet, and
each cell is an f-string.

``RowXml`` makes the XML of rows from plain values and a sheet's ``Styles`` (plain strings,
so rows can be rendered in other processes); ``RowStream`` writes rows, or blocks of rows
rendered elsewhere, into the sheet's row file.

The XML is the one XlsxWriter writes for the same calls (``write_string``, ``write_number``,
``write_boolean``, ``write_rich_string`` with one coloured run, ``set_row`` with a height):
``tests/io/test_xlsx_rows.py`` writes the same rows both ways and compares the sheets byte
for byte, so a change of XlsxWriter that this module would miss fails there. Text is
escaped with XlsxWriter's own functions. Two differences are deliberate: XlsxWriter writes
a string that starts with ``<r>`` and ends with ``</r>`` as raw rich-text XML (a sentence can
say that), and escapes control characters twice in a rich string; here text stays text.

The sheet must be in constant-memory mode, and nothing else may write to it while rows are
streamed (its header goes first, through XlsxWriter).
"""
from __future__ import annotations

import math
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from io import StringIO
from pathlib import Path

from xlsxwriter.format import Format
from xlsxwriter.utility import _preserve_whitespace, _utf16_len, _utf16_truncate, xl_col_to_name
from xlsxwriter.xmlwriter import XMLwriter

_escape_control = XMLwriter._escape_control_characters
_escape_data = XMLwriter()._escape_data
STRMAX = 32767  # Excel's longest cell, in UTF-16 units
# Cells repeat their words (a kind, a unit, a body, a document id): each short text is
# escaped once. Sentences, unique and long, are not kept.
CACHED_CHARS = 200
DEFAULT_ROW_PIXELS = 20  # XlsxWriter's default row (15 points) gets no height attribute


def _t(string: str, run: bool = False) -> str:
    """A whole <t> element, with xml:space="preserve" when the string starts or ends in
    white space: judged, as XlsxWriter does, on the text with its control characters
    escaped for a cell, and on the text as given for a run of a rich string."""
    escaped = _escape_control(string)
    space = ' xml:space="preserve"' if _preserve_whitespace(string if run else escaped) else ""
    return f"<t{space}>{_escape_data(escaped)}</t>"


@lru_cache(maxsize=1 << 16)
def _t_cached(string: str) -> str:
    return _t(string)


def _font_run(fmt: Format) -> str:
    """The <rPr> XlsxWriter writes for a run of a rich string in ``fmt``."""
    from xlsxwriter.worksheet import Worksheet

    fh = StringIO()
    ws = Worksheet()
    ws.rstring = XMLwriter()
    ws.rstring._set_filehandle(fh)
    ws._write_font(fmt)
    return fh.getvalue()


@dataclass(frozen=True)
class Styles:
    """A workbook's cell formats as the XML of a cell refers to them: name -> ' s="N"'
    (fixed once asked: XlsxWriter numbers a format when it is first used), and the font
    runs of a rich string."""

    cell: Mapping[str, str]
    runs: Mapping[str, str]


def styles_of(formats: Mapping[str, Format], run_formats: Mapping[str, Format]) -> Styles:
    cell = {name: f' s="{fmt._get_xf_index()}"' for name, fmt in formats.items()}
    runs = {name: _font_run(fmt) for name, fmt in run_formats.items()}
    return Styles(cell, {**runs, "": _font_run(Format())})


class RowXml:
    """The XML of a sheet's rows and cells. ``style`` names a cell format of ``styles``
    (None: none); a row is zero-based as XlsxWriter counts."""

    def __init__(self, styles: Styles, n_cols: int):
        self.styles = styles
        self.refs = [xl_col_to_name(j) for j in range(n_cols)]
        # A sheet has millions of cells: what follows a cell's reference, per style, and
        # the last row's number are worked out once, not per cell.
        self._string_open = {None: ' t="inlineStr"><is>'}
        self._number_open = {None: "><v>"}
        for name, s in styles.cell.items():
            self._string_open[name] = f'{s} t="inlineStr"><is>'
            self._number_open[name] = f"{s}><v>"
        self._row, self._row_ref = -1, ""

    def _s(self, style: str | None) -> str:
        return self.styles.cell[style] if style is not None else ""

    def _r(self, row: int) -> str:
        """The row's number as a cell reference writes it (one-based)."""
        if row != self._row:
            self._row, self._row_ref = row, str(row + 1)
        return self._row_ref

    def string(self, col: int, row: int, text: str, style: str | None) -> str:
        if len(text) <= CACHED_CHARS:
            body = _t_cached(text)
        else:
            if len(text) > STRMAX // 2 and _utf16_len(text) > STRMAX:
                text = _utf16_truncate(text, STRMAX)
            body = _t(text)
        return f'<c r="{self.refs[col]}{self._r(row)}"{self._string_open[style]}{body}</is></c>'

    def number(self, col: int, row: int, number, style: str | None) -> str:
        if isinstance(number, bool):
            return f'<c r="{self.refs[col]}{self._r(row)}"{self._s(style)} t="b"><v>{int(number)}</v></c>'
        if not isinstance(number, int):
            number = float(number)
            if not math.isfinite(number):
                return ""  # no cell: XlsxWriter refuses NaN and infinity
        return f'<c r="{self.refs[col]}{self._r(row)}"{self._number_open[style]}{number:.16G}</v></c>'

    def rich(self, col: int, row: int, before: str, value: str, after: str, run: str,
             style: str | None) -> str:
        """``before`` + ``value`` (in the font run named ``run``) + ``after``, either of the
        outer two empty (not both: a value alone is a plain string in the value's format)."""
        runs = [f"<r>{_t(before, run=True)}</r>"] if before else []
        runs.append(f"<r>{self.styles.runs[run]}{_t(value, run=True)}</r>")
        if after:
            runs.append(f"<r>{self.styles.runs['']}{_t(after, run=True)}</r>")
        return (f'<c r="{self.refs[col]}{row + 1}"{self._s(style)} t="inlineStr"><is>'
                f'{"".join(runs)}</is></c>')

    @staticmethod
    def row(row: int, cells: list[str], height: float | None = None) -> str:
        """A <row> of ``cells``; ``height`` in points (None: the default), rounded to whole
        pixels as XlsxWriter's ``set_row`` does."""
        pixels = int(height * 4.0 / 3.0 + 0.5) if height is not None else DEFAULT_ROW_PIXELS
        if pixels == DEFAULT_ROW_PIXELS:
            return f'<row r="{row + 1}">{"".join(cells)}</row>'
        return f'<row r="{row + 1}" ht="{pixels * 0.75:.16g}" customHeight="1">{"".join(cells)}</row>'


class RowStream:
    """Writes rows, in increasing order, straight into ``ws``'s row file."""

    def __init__(self, ws, first_row: int):
        if not ws.constant_memory:
            raise ValueError("RowStream needs a worksheet in constant-memory mode")
        self.ws = ws
        # XlsxWriter writes the row it holds (the header) when a later row starts.
        ws._write_single_row(first_row)

    def write(self, xml: str | Path, last_row: int, first_col: int, last_col: int) -> None:
        """Rows made by ``RowXml.row`` (one or a block; a string, or a file of them), the
        last of them ``last_row``, their cells within ``first_col``..``last_col``: the
        sheet's dimensions take them in."""
        ws = self.ws
        ws._check_dimensions(last_row, first_col)
        ws._check_dimensions(last_row, last_col)
        if isinstance(xml, str):
            ws.fh.write(xml)
        else:  # bytes to bytes: the row file is UTF-8 text, as the block is
            ws.fh.flush()
            with open(xml, "rb") as f:
                shutil.copyfileobj(f, ws.fh.buffer, 1 << 20)
        ws.previous_row = last_row
