"""Rows from table rows: action-programme tables (task | lead body | deadline)."""
from __future__ import annotations

from ..bodies import normalize_body
from ..lang import load
from ..records import LIST_SEP, Row, target_id_for
from ..segment import Segment
from .context import EXTRACTOR, FORWARD, DocContext, unique, within
from .fields import INDICATOR_WORDS, missing
from .sentences import value_rows

# --- action-programme tables ----------------------------------------------------------

def _column_roles(ctx: DocContext, header: list[str]) -> dict[str, int]:
    spec = load(ctx.lang, "cues").get("table_headers", {})
    roles_: dict[str, int] = {}
    for i, cell in enumerate(header):
        low = cell.lower()
        for role in ("body", "deadline", "period", "content"):
            if role in roles_:
                continue
            if any(k in low for k in spec.get(role, [])):
                roles_[role] = i
                break
    return roles_


def table_rows(ctx: DocContext, seg: Segment, mode: str) -> list[Row]:
    """Rows of an action-programme table (content | lead body | deadline | period)."""
    cells, header, is_header = _table_cells(ctx, seg)
    if is_header:
        return []
    if cells is None or header is None:
        return value_rows(ctx, seg, mode, 0.0)
    cols = _column_roles(ctx, header)
    text = ctx.text

    def cell(role: str) -> tuple[int, int] | None:
        i = cols.get(role)
        return cells[i] if i is not None and i < len(cells) else None

    body_cell = cell("body")
    responsible: list[str] = []
    if body_cell:
        # Bodies the finder saw inside the cell keep their nesting ("Ban Tuyên giáo và Dân
        # vận Tỉnh ủy" is one commission); a cell it could not parse is normalised whole.
        responsible = [b.canonical for b in within(ctx.bodies, *body_cell)]
        if not responsible:
            b = normalize_body(" ".join(text[body_cell[0]:body_cell[1]].split()), ctx.lang)
            responsible = [b.canonical] if b else []
    if not any(c and c[1] > c[0] for c in (body_cell, cell("deadline"), cell("period"))):
        return []  # a group heading row ("1 | Công tác xây dựng Đảng")
    deadline, dtext, ps, pe = "", "", None, None
    dl = cell("deadline")
    if dl:
        ds = within(ctx.dates, dl[0], dl[1])
        if ds:
            deadline, dtext = ds[-1].deadline or ds[-1].date_end or "", ds[-1].text
            pe = ds[-1].period_end
    pc = cell("period")
    if pc:
        ds = within(ctx.dates, pc[0], pc[1])
        if ds:
            ps = ds[0].period_start or _year(ds[0].date_start)
            pe = ds[-1].period_end or _year(ds[-1].date_end) or pe
            dtext = dtext or ds[-1].text
            if not deadline:
                deadline = ds[-1].deadline or ""
    rows = value_rows(ctx, seg, FORWARD, 1.0)
    for r in rows:
        # The table's columns say who and when for every value in the row.
        r.responsible = r.responsible or LIST_SEP.join(unique(responsible))
        if deadline:
            r.deadline, r.deadline_text = deadline, dtext
        if pe:
            r.period_start, r.period_end = ps, pe
        r.missing = missing(True, bool(r.deadline or r.period_end), bool(r.responsible))
    if any(r.kind == "target" for r in rows):
        return rows
    row = Row(
        target_id=target_id_for(ctx.doc_id, seg.start, seg.end, None, None, "task"),
        doc_id=ctx.doc_id, language=ctx.lang, kind="task", sentence=text[seg.start:seg.end],
        start=seg.start, end=seg.end, period_start=ps, period_end=pe, deadline=deadline,
        deadline_text=dtext, responsible=LIST_SEP.join(unique(responsible)),
        issuer=ctx.issuer, extractor=EXTRACTOR + "+table", confidence=0.8,
    )
    content = cell("content")
    if content:
        row.indicator = " ".join(text[content[0]:content[1]].split()[:INDICATOR_WORDS])
    row.missing = missing(False, bool(deadline or pe), bool(responsible))
    return rows + [row]


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso and iso[:4].isdigit() else None


def _table_cells(ctx: DocContext, seg: Segment):
    """(cells of the table row at ``seg``, header texts of its table, is it the header)."""
    for table in ctx.tables:
        header = None
        for row in table:
            if not row:
                continue
            texts = [ctx.text[s:e] for s, e in row]
            is_header = False
            if _column_roles(ctx, texts).get("body") is not None:
                header, is_header = texts, True
            if row[0][0] >= seg.start and row[-1][1] <= seg.end:
                return row, header, is_header
    return None, None, False

