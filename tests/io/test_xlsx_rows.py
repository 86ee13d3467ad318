"""Rows streamed as XML (``io/xlsx_rows.py``) are the rows XlsxWriter's own calls write."""
from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from extractors.io.xlsx_rows import RowStream, RowXml, styles_of

TEXTS = [
    "target", "Ủy ban nhân dân tỉnh", "إلى 30% بحلول 2030", "  leading space", "trailing\n",
    "tab\tinside", "carriage\rreturn", "\rstarts with a control", "a _x0041_ escape-looking text",
    "x & y < z > w \"quoted\"", "=HYPERLINK(\"http://x\")", "emoji 😀 here", "long " * 60,
    "row 1\nrow 2\nrow 3",
]
NUMBERS = [0, 7, -3, 2030, 1_000_000_000_000, 0.1, 11.5, 1e20, 123456789.123456, 1 / 3, True, False]
# (before, value, after): the sentence cell with its value in the value font. (No control
# character and no "_xHHHH_": XlsxWriter escapes those twice in a rich string, "\r" as
# "_x005F_x000D_", so a reader shows "_x000D_"; RowStream escapes them once.)
RICH = [("GDP grows ", "7%", " a year."), ("", "100%", " of agencies"), ("exports over ", "33 million USD", ""),
        ("  spaced ", " 5 ", "  "), ("a & b ", "<10%>", " c")]
HEIGHTS = [None, 30.0, 409.0, 45.0]


def _formats(wb):
    return {"text": wb.add_format({"num_format": "@", "valign": "top"}),
            "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
            "value": wb.add_format({"bold": True, "font_color": "#C00000"}),
            "whole": wb.add_format({"num_format": "#,##0", "valign": "top"})}


def _rows():
    """Row number -> (height, [(col, kind, payload, format name)])."""
    rows = {}
    r = 1
    for i, text in enumerate(TEXTS):
        rows[r] = (HEIGHTS[i % len(HEIGHTS)], [(0, "s", text, "text"), (2, "s", text, None)])
        r += 1
    for i, number in enumerate(NUMBERS):
        rows[r] = (None, [(1, "n", number, "whole" if i % 2 else None), (3, "s", "x", "wrap")])
        r += 1
    for i, parts in enumerate(RICH):
        rows[r] = (HEIGHTS[i % len(HEIGHTS)], [(0, "r", parts, "wrap"), (4, "n", i, None)])
        r += 1
    return rows


def _write(path: Path, fast: bool) -> None:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})
    f = _formats(wb)
    ws = wb.add_worksheet("t")
    for j, name in enumerate(("a", "b", "c", "d", "e")):
        ws.write_string(0, j, name)
    # Formats are numbered when first used: both ways number them here, in one order.
    styles = styles_of(f, {"value": f["value"]})
    if fast:
        stream, xml = RowStream(ws, 1), RowXml(styles, 5)
    for r, (height, cells) in _rows().items():
        if fast:
            made = []
            for col, kind, payload, fmt in cells:
                if kind == "s":
                    made.append(xml.string(col, r, payload, fmt))
                elif kind == "n":
                    made.append(xml.number(col, r, payload, fmt))
                else:
                    made.append(xml.rich(col, r, *payload, "value", fmt))
            stream.write(xml.row(r, made, height), r, 0, 4)
            continue
        if height is not None:
            ws.set_row(r, height)
        for col, kind, payload, fmt in cells:
            fmt = f[fmt] if fmt else None
            if kind == "s":
                ws.write_string(r, col, payload, fmt)
            elif kind == "n" and isinstance(payload, bool):
                ws.write_boolean(r, col, payload, fmt)
            elif kind == "n":
                ws.write_number(r, col, payload, fmt)
            else:
                before, value, after = payload
                parts = [p for p in (before, f["value"], value, after) if p != ""]
                ws.write_rich_string(r, col, *parts, fmt)
    wb.close()


def _sheet(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml")


def test_streamed_rows_are_xlsxwriters_rows_byte_for_byte(tmp_path):
    _write(tmp_path / "api.xlsx", fast=False)
    _write(tmp_path / "fast.xlsx", fast=True)
    api, fast = _sheet(tmp_path / "api.xlsx"), _sheet(tmp_path / "fast.xlsx")
    assert b"<r><rPr>" in api and b'ht="' in api and b"_x000D_" in api  # the cases are in it
    assert fast == api


def test_a_text_that_looks_like_rich_xml_stays_text(tmp_path):
    # XlsxWriter writes a string between <r> and </r> as raw rich-text XML: a sentence
    # that says so must reach the reviewer as the words it is.
    path = tmp_path / "r.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("t")
    ws.write_string(0, 0, "h")
    stream, xml = RowStream(ws, 1), RowXml(styles_of({}, {}), 1)
    text = "<r><t>injected</t></r>"
    stream.write(xml.row(1, [xml.string(0, 1, text, None)]), 1, 0, 0)
    wb.close()
    assert openpyxl.load_workbook(path)["t"]["A2"].value == text


def test_a_stream_needs_constant_memory(tmp_path):
    wb = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"))
    with pytest.raises(ValueError):
        RowStream(wb.add_worksheet("t"), 1)
    wb.close()
