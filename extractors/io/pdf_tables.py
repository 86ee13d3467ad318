"""Ruled tables of a PDF page (pdfplumber), and what pdfium can tell before asking it.

pdfplumber's table finder needs pdfminer's full layout parse of the page, which is most
of the cost of reading a PDF. pdfium lists a page's drawing objects in microseconds, so
pdfplumber is only asked about pages that draw visible lines or boxes that could rule a
table (:func:`may_have_ruled_table`).
"""
from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c

# pdfplumber's "lines" strategy: only ruled tables. Text-aligned "tables" are prose.
TABLE_SETTINGS: dict[str, Any] = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# A char belongs to a table when its centre is inside the table's box (points).
TABLE_BBOX_TOLERANCE = 1.0
# A single path with more segments than a rectangle's (move + 4 lines + close) may rule
# several cells; otherwise at least two visible paths are needed for two cells.
RECT_SEGMENTS = 6

_WHITE = {(1,), (1, 1, 1), (0, 0, 0, 0)}

Bbox = tuple[float, float, float, float]
Table = tuple[Bbox, list[list[str | None]]]


def _is_white(color: Any) -> bool:
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        return tuple(float(c) for c in color) in _WHITE
    except (TypeError, ValueError):
        return False


def is_visible_edge(obj: dict[str, Any]) -> bool:
    """False for rectangles and lines nobody can see: white fills behind text, no stroke.

    Word and PDF24 draw white boxes behind highlighted text; pdfplumber would take them
    for table cells (the real congress document has such phantom "tables" in prose).
    """
    kind = obj.get("object_type")
    if kind not in ("rect", "line", "curve"):
        return True
    stroked = obj.get("stroke") and not _is_white(obj.get("stroking_color"))
    filled = obj.get("fill") and not _is_white(obj.get("non_stroking_color"))
    if kind == "line":
        return bool(obj.get("stroke", True)) and not _is_white(obj.get("stroking_color"))
    return bool(stroked or filled)


def _visible_path(obj) -> tuple[bool, int]:
    """(drawn in a colour other than white, number of segments) of a path object."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    refs = [ctypes.byref(x) for x in (r, g, b, a)]
    seen = False
    if stroke.value and pdfium_c.FPDFPageObj_GetStrokeColor(obj, *refs):
        seen = a.value > 0 and (r.value, g.value, b.value) != (255, 255, 255)
    if not seen and fill.value and pdfium_c.FPDFPageObj_GetFillColor(obj, *refs):
        seen = a.value > 0 and (r.value, g.value, b.value) != (255, 255, 255)
    return seen, pdfium_c.FPDFPath_CountSegments(obj)


def may_have_ruled_table(page) -> bool:
    """Whether a ``pypdfium2.PdfPage`` draws what could rule a table: two visible paths,
    one path with many segments, or a form XObject (its content is not looked into)."""
    visible = 0
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            return True
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        seen, segments = _visible_path(obj)
        if seen:
            visible += 1
            if visible >= 2 or segments > RECT_SEGMENTS:
                return True
    return False


def _is_real_table(rows: list[list[str | None]]) -> bool:
    """A ruled table has a row with at least two cells; boxes around prose do not."""
    return any(sum(c is not None for c in row) >= 2 for row in rows)


def _inside(inner: Bbox, outer: Bbox, tol: float = 1.0) -> bool:
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol
            and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)


def find_tables(page) -> list[Table]:
    """The ruled tables of a ``pdfplumber`` page: (bbox, rows of cells), top-down
    coordinates. A table drawn inside another table's cell is part of that cell."""
    if not (page.rects or page.lines or page.curves):
        return []
    tables: list[Table] = []
    for table in page.filter(is_visible_edge).find_tables(TABLE_SETTINGS):
        rows = table.extract()
        if _is_real_table(rows):
            tables.append((tuple(table.bbox), rows))
    return [t for t in tables
            if not any(o is not t and _inside(t[0], o[0]) and o[0] != t[0] for o in tables)]


def in_any(x: float, y: float, boxes: list[Bbox], tol: float = TABLE_BBOX_TOLERANCE) -> bool:
    """Whether the point lies in one of ``boxes`` (a character's centre in a table)."""
    return any(b[0] - tol <= x <= b[2] + tol and b[1] - tol <= y <= b[3] + tol for b in boxes)
