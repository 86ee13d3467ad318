"""Rows of a constant-memory XlsxWriter sheet written as XML in one go.

XlsxWriter spends about 7 µs of Python on every cell: argument conversion, a bounds check,
a cell tuple in a dict, then an attribute list escaped and joined when the row is flushed.
The review workbook has a million cells per 35,000 target rows, so that was a fifth of a
whole run's CPU and most of its serial tail (the workbook waits for every document). Here a
row's cells become one string: column letters and style indexes are worked out once per
sheet, and each cell is an f-string.

The XML is the one XlsxWriter writes for the same calls (``write_string``, ``write_number``,
``write_boolean``, ``write_rich_string`` with one coloured run, ``set_row`` with a height):
``tests/io/test_xlsx_rows.py`` writes the same rows both ways and compares the sheets byte
for byte, so a change of XlsxWriter that this module would miss fails there. Text is
escaped with XlsxWriter's own functions. One difference is deliberate: XlsxWriter writes a
string that starts with ``<r>`` and ends with ``</r>`` as raw rich-text XML (a sentence can
say that); here it stays text.

The sheet must be in constant-memory mode and nothing else may write to it while rows are
streamed through a :class:`RowStream` (its header goes first, through XlsxWriter).
"""
from __future__ import annotations

import math
from functools import lru_cache
from io import StringIO

from xlsxwriter.format import Format
from xlsxwriter.utility import _preserve_whitespace, _utf16_len, _utf16_truncate, xl_col_to_name
from xlsxwriter.xmlwriter import XMLwriter

_escape_control = XMLwriter._escape_control_characters
_escape_data = XMLwriter()._escape_data


def _t(string: str, run: bool = False) -> str:
    """A whole <t> element, with xml:space="preserve" when the string starts or ends in
    white space: judged, as XlsxWriter does, on the text with its control characters
    escaped for a cell, and on the text as given for a run of a rich string."""
    escaped = _escape_control(string)
    space = ' xml:space="preserve"' if _preserve_whitespace(string if run else escaped) else ""
    return f"<t{space}>{_escape_data(escaped)}</t>"


# Cells repeat their words (a kind, a unit, a body, a document id): each short text is
# escaped once. Sentences, unique and long, are not kept.
CACHED_CHARS = 200


@lru_cache(maxsize=1 << 16)
def _t_cached(string: str) -> str:
    return _t(string)


def _font_run(ws, fmt: Format) -> str:
    """The <rPr> XlsxWriter writes for a run in ``fmt`` (made once per format)."""
    fh = StringIO()
    ws.rstring = XMLwriter()
    ws.rstring._set_filehandle(fh)
    ws._write_font(fmt)
    return fh.getvalue()


class RowStream:
    """Writes data rows, in increasing order, straight into ``ws``'s row file."""

    def __init__(self, ws, n_cols: int, first_row: int, strmax: int = 32767):
        if not ws.constant_memory:
            raise ValueError("RowStream needs a worksheet in constant-memory mode")
        self.ws = ws
        # XlsxWriter writes the row it holds (the header) when a later row starts.
        ws._write_single_row(first_row)
        self.refs = [xl_col_to_name(j) for j in range(n_cols)]
        self.strmax = strmax
        self._fonts: dict[int, str] = {}
        self._styles: dict[int, str] = {}
        self._default_font = _font_run(ws, Format())

    def _style(self, fmt: Format | None) -> str:
        if fmt is None:
            return ""
        style = self._styles.get(id(fmt))
        if style is None:
            style = self._styles[id(fmt)] = f' s="{fmt._get_xf_index()}"'
        return style

    def string(self, col: int, row: int, text: str, fmt: Format | None) -> str:
        if len(text) <= CACHED_CHARS:
            body = _t_cached(text)
        else:
            if len(text) > self.strmax // 2 and _utf16_len(text) > self.strmax:
                text = _utf16_truncate(text, self.strmax)
            body = _t(text)
        return f'<c r="{self.refs[col]}{row + 1}"{self._style(fmt)} t="inlineStr"><is>{body}</is></c>'

    def number(self, col: int, row: int, number, fmt: Format | None) -> str:
        if isinstance(number, bool):
            return f'<c r="{self.refs[col]}{row + 1}"{self._style(fmt)} t="b"><v>{int(number)}</v></c>'
        if not isinstance(number, int):
            number = float(number)
            if not math.isfinite(number):
                return ""  # no cell: XlsxWriter refuses NaN and infinity
        return f'<c r="{self.refs[col]}{row + 1}"{self._style(fmt)}><v>{number:.16G}</v></c>'

    def rich(self, col: int, row: int, before: str, value: str, after: str, value_fmt: Format,
             fmt: Format | None) -> str:
        """``before`` + ``value`` (in ``value_fmt``) + ``after``, any of the outer two empty
        (not all three: a value alone is a plain string in ``value_fmt``)."""
        font = self._fonts.get(id(value_fmt))
        if font is None:
            font = self._fonts[id(value_fmt)] = _font_run(self.ws, value_fmt)
        runs = [f"<r>{_t(before, run=True)}</r>"] if before else []
        runs.append(f"<r>{font}{_t(value, run=True)}</r>")
        if after:
            runs.append(f"<r>{self._default_font}{_t(after, run=True)}</r>")
        return (f'<c r="{self.refs[col]}{row + 1}"{self._style(fmt)} t="inlineStr"><is>'
                f'{"".join(runs)}</is></c>')

    def row(self, row: int, cells: list[str], first_col: int, last_col: int,
            height: float | None = None) -> None:
        """Write ``row`` (zero-based) made of ``cells`` (from the methods above), whose
        columns run from ``first_col`` to ``last_col``; ``height`` in points, or the default."""
        ws = self.ws
        ws._check_dimensions(row, first_col)
        ws._check_dimensions(row, last_col)
        if height is None:
            ws.fh.write(f'<row r="{row + 1}">')
        else:
            ws.set_row(row, height)
            ws._write_row(row, None, ws.row_info.pop(row))
            ws.row_sizes.pop(row, None)
        ws.fh.write("".join(cells))
        ws.fh.write("</row>")
        ws.previous_row = row
