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


# pdfplumber snaps, joins and intersects edges within 3 points; the test before it is
# looser, so that no page where it would find a table is kept from it.
TOLERANCE = 3.5
# Two corners of cells closer than this are taken for one (a rule drawn as a thin box).
SAME_CORNER = 1.0

# Past this many edges the page is left to pdfplumber (the test is quadratic in them).
MAX_EDGES = 4000
# Form XObjects inside form XObjects deeper than this are left to pdfplumber.
MAX_FORM_DEPTH = 8

Edge = tuple[float, float, float]  # position across the edge, its start and end along it


class _Unjudged(Exception):
    """The page draws what ``_edges`` does not judge."""


Scale = tuple[float, float, float, float]  # x' = a x + e, y' = d y + f


def _scale(obj, outer: Scale) -> Scale:
    """The object's matrix after its container's, when neither rotates nor skews."""
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)) or abs(m.b) > 1e-6 or abs(m.c) > 1e-6:
        raise _Unjudged
    a, d, e, f = outer
    return a * m.a, d * m.d, a * m.e + e, d * m.f + f


def _edges(page) -> tuple[list[Edge], list[Edge]] | None:
    """The horizontal and vertical segments a ``pypdfium2.PdfPage`` draws visibly, in page
    space, as pdfplumber's "lines" strategy sees them (rectangles, lines and paths cut into
    their sides, form XObjects' content too); None when the page draws what this does not
    judge: a Bézier curve, a path or form rotated or skewed, forms nested too deep."""
    across: list[Edge] = []  # horizontal: (y, x0, x1)
    down: list[Edge] = []  # vertical: (x, y0, y1)
    x, y = ctypes.c_float(), ctypes.c_float()

    def add(p: tuple[float, float], q: tuple[float, float], as_line: bool = False) -> None:
        if abs(p[1] - q[1]) <= TOLERANCE:
            across.append(((p[1] + q[1]) / 2, min(p[0], q[0]), max(p[0], q[0])))
        if as_line:
            # pdfplumber takes a line that is not horizontal for a vertical edge at its
            # left end, however slanted (``line_to_edge``): a page of diagonal hatching
            # has "tables" to it, and the test must see them too
            if p[1] != q[1] or abs(p[0] - q[0]) <= TOLERANCE:
                down.append((min(p[0], q[0]), min(p[1], q[1]), max(p[1], q[1])))
        elif abs(p[0] - q[0]) <= TOLERANCE:
            down.append(((p[0] + q[0]) / 2, min(p[1], q[1]), max(p[1], q[1])))

    def subpath(points: list[tuple[float, float]], closed: bool) -> None:
        if len(points) == 2:  # pdfminer's LTLine
            add(*points, as_line=True)
            return
        for p, q in zip(points, points[1:]):
            add(p, q)
        if closed and len(points) > 2:
            add(points[-1], points[0])

    def path(obj, outer: Scale) -> None:
        seen, segments = _visible_path(obj)
        if not seen:
            return
        a, d, e, f = _scale(obj, outer)
        points: list[tuple[float, float]] = []
        closed = False
        for k in range(segments):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
            what = pdfium_c.FPDFPathSegment_GetType(seg)
            if what == pdfium_c.FPDF_SEGMENT_BEZIERTO:
                raise _Unjudged
            pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            point = (a * x.value + e, d * y.value + f)
            if what == pdfium_c.FPDF_SEGMENT_MOVETO and points:
                subpath(points, closed)
                points, closed = [], False
            points.append(point)
            closed = closed or bool(pdfium_c.FPDFPathSegment_GetClose(seg))
        subpath(points, closed)

    def objects(count: int, get, outer: Scale, depth: int) -> None:
        if depth > MAX_FORM_DEPTH:
            raise _Unjudged
        for i in range(count):
            obj = get(i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                path(obj, outer)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                objects(pdfium_c.FPDFFormObj_CountObjects(obj),
                        lambda j, form=obj: pdfium_c.FPDFFormObj_GetObject(form, j),
                        _scale(obj, outer), depth + 1)

    try:
        objects(pdfium_c.FPDFPage_CountObjects(page.raw),
                lambda i: pdfium_c.FPDFPage_GetObject(page.raw, i), (1.0, 1.0, 0.0, 0.0), 0)
    except _Unjudged:
        return None
    return across, down


def _lines(edges: list[Edge]) -> list[tuple[float, float, list[tuple[float, float]]]]:
    """Edges along one line (positions within ``TOLERANCE`` of the next, as pdfplumber
    snaps them) as (lowest position, highest, the spans of its edges)."""
    lines: list[tuple[float, float, list[tuple[float, float]]]] = []
    for pos, a, b in sorted(edges):
        if lines and pos - lines[-1][1] <= TOLERANCE:
            lines[-1] = (lines[-1][0], pos, lines[-1][2])
        else:
            lines.append((pos, pos, []))
        lines[-1][2].append((a, b))
    return lines


def could_rule_cells(across: list[Edge], down: list[Edge]) -> bool:
    """Whether the edges could bound two cells side by side, which a table pdfplumber keeps
    needs (``_is_real_table``): two cells of one row share their top line, their sides are
    three or four verticals crossing it, and their bottoms lie on another horizontal line.
    Looser than pdfplumber everywhere (its tolerances, any segment's span)."""
    if len(across) + len(down) > MAX_EDGES:
        return True
    rows = _lines(across)
    if len(rows) < 2:
        return False
    for lo, hi, spans in rows:
        corners = sorted(x for x, y0, y1 in down
                         if y0 - TOLERANCE <= hi and y1 + TOLERANCE >= lo
                         and any(a - TOLERANCE <= x <= b + TOLERANCE for a, b in spans))
        distinct = sum(1 for i, c in enumerate(corners) if i == 0 or c - corners[i - 1] > SAME_CORNER)
        if distinct >= 3:
            return True
    return False


def may_have_ruled_table(page) -> bool:
    """Whether a ``pypdfium2.PdfPage`` draws what could rule a table pdfplumber keeps:
    lines that could bound two cells side by side (``could_rule_cells``), or something
    this cannot judge (``_edges`` is None)."""
    edges = _edges(page)
    return True if edges is None else could_rule_cells(*edges)


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
