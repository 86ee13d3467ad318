"""Rows from table rows, read through their table's header (``extractors.tables``).

* Value tables (an indicator table, a plan/fact report, a financing plan): one row per value
  cell, its kind from its column (target, plan, a year → target; baseline, actual →
  achievement; forecast → none), its period from the column's years, its unit and scale from
  the value itself, else the unit column, else the header, else the indicator's own words.
* Action-programme tables (task | lead body | deadline | period): a task row per item with
  the lead body and the deadline from their columns, and the values its cells hold.
"""
from __future__ import annotations

import re

from .. import cues
from ..bodies import normalize_body
from ..records import LIST_SEP, Quantity, Row, target_id_for
from ..segment import Segment
from ..tables import Column, TableReading, unit_of
from .context import EXTRACTOR, FORWARD, REVIEW, DocContext, unique
from .fields import INDICATOR_WORDS, indicator_code, missing
from .sentences import value_rows

TABLE_EXTRACTOR = EXTRACTOR + "+table"
# How far before a table its caption may name the period ("Report for the first half of 2019").
CAPTION_REACH = 300
# Footnote marks after a value or a name: "4.5[1]", "Index [40]".
_FOOTNOTE = re.compile(r"\[\d{1,3}\]$")
# Words of an indicator that make a bare number an index ("Index (0 - 100)").
_SCALE_RANGE = re.compile(r"\(\s*0\s*[-–]\s*(?:1|10|100)\s*\)")


def table_rows(ctx: DocContext, seg: Segment, mode: str) -> list[Row]:
    """The rows that one table row gives."""
    found = _locate(ctx, seg)
    if found is None:
        return value_rows(ctx, seg, mode, 0.0)
    t, r, cells = found
    reading = ctx.table_reading(t)
    if r < reading.header_rows:
        return []
    if "body" in reading.roles:
        return _action_row(ctx, seg, reading, cells)
    if reading.values:
        return _value_cells(ctx, seg, reading, cells, mode, t)
    return value_rows(ctx, seg, mode, 0.0)


def _locate(ctx: DocContext, seg: Segment) -> tuple[int, int, list[tuple[int, int]]] | None:
    """(table index, row index, cells) of the table row that ``seg`` is."""
    for t, table in enumerate(ctx.tables):
        if not table or table[0][0][0] > seg.end or table[-1][-1][1] < seg.start:
            continue
        for r, row in enumerate(table):
            # A row whose first cells are empty starts with " | ": its segment was trimmed.
            filled = [c for c in row if c[1] > c[0]]
            if filled and filled[0][0] >= seg.start and row[-1][1] <= seg.end \
                    and row[0][0] <= seg.end:
                return t, r, row
    return None


# --- value tables ---------------------------------------------------------------------

def _cell_values(ctx: DocContext, cell: tuple[int, int]) -> list[Quantity]:
    """The values a cell holds; footnote marks ("4.5[1]") are not values."""
    out = []
    for q in ctx.inside("quantities", *cell):
        before, after = ctx.text[max(cell[0], q.start - 1):q.start], ctx.text[q.end:q.end + 1]
        if before == "[" and after == "]":
            continue
        out.append(q)
    return out


def _label(ctx: DocContext, reading: TableReading, cells: list[tuple[int, int]]) -> str:
    if reading.label is None or reading.label >= len(cells):
        return ""
    s, e = cells[reading.label]
    return " ".join(ctx.text[s:e].split())


def _unit(ctx: DocContext, q: Quantity, column: Column, unit_cell: str, label: str,
          row: str = "") -> tuple[str, float]:
    """(unit, scale) of a cell's value: its own unit, else the unit column's, else the
    header's, else the indicator's words ("(%)", "index", a scale "(0 - 100)" anywhere in the
    row), else a count. A count that a unit cell or header states ("people") yields to what
    the indicator's words say."""
    if q.unit and q.unit != "count":
        return q.unit, 1.0
    counted = None
    for source in (unit_cell, column.header):
        if source:
            unit, scale = unit_of(source, ctx.lang)
            if unit and unit != "count":
                return unit, scale
            if unit and counted is None:
                counted = unit, scale
    unit, scale = unit_of(label, ctx.lang)
    if unit and unit != "count":
        return unit, scale  # "…, тыс. рублей": thousands of roubles
    if cues.has(ctx.lang, "rank_label", label):
        return "rank", 1.0  # "Global Innovation Index (ranking out of 129 countries)"
    if cues.has(ctx.lang, "index", label) or _SCALE_RANGE.search(label) or (
            counted is None and _SCALE_RANGE.search(row)):
        return "index", 1.0
    if not q.unit and q.value <= 100 and cues.has(ctx.lang, "share_label", label):
        return "percent", 1.0  # "Доля умерших …", "Tỷ lệ hộ nghèo": a share is a percentage
    return counted or (q.unit or "count", 1.0)


_VALUE_ROLES = ("target", "plan", "baseline", "actual", "total", "year")


def _scenario_forecast(ctx: DocContext, reading: TableReading,
                       cells: list[tuple[int, int]]) -> bool:
    """Does the row name a forecast scenario ("Оптимистический", "business as usual") in
    its cells that are not values, and no goal?"""
    words = " ".join(ctx.text[s:e] for i, (s, e) in enumerate(cells)
                     if reading.column(i).role not in _VALUE_ROLES)
    return cues.has(ctx.lang, "forecast", words) and not cues.has(ctx.lang, "target", words)


def _parent_label(ctx: DocContext, reading: TableReading, t: int,
                  cells: list[tuple[int, int]]) -> str:
    """The label of the row a sub-row breaks down (" | urban population | 90,0" under
    "1.1 | Satisfaction with care (percent of those asked): | 90,0"): the nearest row above
    whose first cell is filled, when that cell names or numbers it; "" when this row's own
    first cell is filled. A first column of group names beside the label column ("**Health**
    | Neonatal mortality …") leaves its later cells empty for the same group, not a sub-row."""
    if not cells or cells[0][1] > cells[0][0] or reading.label is None:
        return ""
    table = ctx.tables[t]
    r = next((i for i, row in enumerate(table) if row == cells), None)
    for row in reversed(table[reading.header_rows:r] if r is not None else []):
        if row and row[0][1] > row[0][0]:
            named_by_it = reading.label == 0 or _ROW_NUMBER.fullmatch(
                ctx.text, row[0][0], row[0][1]) is not None
            return _label(ctx, reading, row) if named_by_it else ""
    return ""


# A row number in a table's first column: "1", "1.1", "2.3.", "IV".
_ROW_NUMBER = re.compile(r"\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.?)\s*")


def _caption_period(ctx: DocContext, t: int) -> tuple[int, int] | None:
    """The period a table's caption names, just before the table ("за 1 полугодие 2019 года")."""
    start = ctx.tables[t][0][0][0]
    near = [d for d in ctx.dates if start - CAPTION_REACH <= d.end <= start]
    for d in reversed(near):
        s, e = d.period_start or d.period_end, d.period_end or d.period_start
        if s and e:
            return s, e
    return None


def _value_cells(ctx: DocContext, seg: Segment, reading: TableReading,
                 cells: list[tuple[int, int]], mode: str, t: int) -> list[Row]:
    text = ctx.text
    label = _label(ctx, reading, cells)
    label = _FOOTNOTE.sub("", label).strip()
    unit_col = reading.unit_column
    unit_cell = text[slice(*cells[unit_col])] if unit_col is not None and unit_col < len(cells) else ""
    body_col = reading.roles.get("body")
    responsible = [b.canonical for b in ctx.inside("bodies", *cells[body_col])] \
        if body_col is not None and body_col < len(cells) else []
    parent = _FOOTNOTE.sub("", _parent_label(ctx, reading, t, cells)).strip()
    code = indicator_code(ctx.lang, label) if label else "other"
    if parent and code == "other":
        code = indicator_code(ctx.lang, parent)
    if _scenario_forecast(ctx, reading, cells):
        return []  # "… | pessimistic | 2,6% | …": a scenario's forecast, nobody's target
    baselines = _baseline_years(reading, ctx.ref_year)
    out: list[Row] = []
    seen: set[tuple[int, int]] = set()
    for i, cell in enumerate(cells):
        column = reading.column(i)
        if column.role not in _VALUE_ROLES \
                or cell in seen:
            continue
        seen.add(cell)
        if column.kind == "target" and (mode == REVIEW or "status" in reading.roles) \
                and "actual" in reading.roles:
            continue  # a results table's old targets: its results are the rows
        baseline = column.role == "year" and column.years is not None \
            and column.years[0] in baselines
        for q in _cell_values(ctx, cell):
            kind = column.kind or ("achievement" if baseline else _year_column_kind(ctx, reading, mode))
            unit, scale = _unit(ctx, q, column, unit_cell, label, text[seg.start:seg.end])
            if parent and unit == "count" and not q.unit:
                unit, scale = _unit(ctx, q, column, unit_cell, parent)
            years = column.years or (reading.years if column.role == "total" else None) \
                or _caption_period(ctx, t) or (ctx.term if kind == "target" else None)
            row = Row(
                target_id=target_id_for(ctx.text_id, seg.start, seg.end, q.start, q.end, kind),
                doc_id=ctx.doc_id, language=ctx.lang, kind=kind, sentence=text[seg.start:seg.end],
                start=seg.start, end=seg.end, value_start=q.start, value_end=q.end,
                value=q.value * scale, value_max=q.value_max * scale if q.value_max is not None
                else None, unit=unit, comparator=q.comparator,
                frequency="annual" if q.frequency == "annual" or cues.has(ctx.lang, "annual", label)
                else "total",
                indicator=" ".join(label.split()[:INDICATOR_WORDS]), indicator_code=code,
                responsible=LIST_SEP.join(unique(responsible)), issuer=ctx.issuer,
                extractor=TABLE_EXTRACTOR,
            )
            if years and column.by:
                row.period_end, row.deadline = years[1], str(years[1])
            elif years:
                row.period_start, row.period_end = years
            row.deadline_text = column.header if column.years else ""
            row.missing = missing(True, bool(row.deadline or row.period_end), bool(responsible))
            row.confidence = 0.8 if column.kind else 0.7
            out.append(row)
    return out


def _year_column_kind(ctx: DocContext, reading: TableReading, mode: str) -> str:
    """The kind of a value under a bare year (or a total): a plan's when the table reaches
    past the year the document was written (a plan 2017–2021 in a 2019 report), a reported
    figure when every year of the table is behind it (statistics of 2015–2019) or the table
    sits in a results section."""
    if mode == REVIEW:
        return "achievement"
    if ctx.ref_year and reading.years and reading.years[1] < ctx.ref_year:
        return "achievement"
    return "target"


def _baseline_years(reading: TableReading, ref_year: int | None) -> frozenset[int]:
    """The year columns of a strategy table that report its baseline: those before the
    first jump ahead (2019 | 2025 | 2030; 2017 2018 2019 2020 | 2025 | 2030) and not after
    the year the document was written; a series of consecutive years is one plan (2017 …
    2021)."""
    years = sorted({c.years[0] for c in reading.columns
                    if c.role == "year" and c.years and c.years[0] == c.years[1]})
    for i in range(1, len(years)):
        if years[i] - years[i - 1] > 1:
            return frozenset(y for y in years[:i] if ref_year is None or y <= ref_year)
    return frozenset()


# --- action-programme tables ----------------------------------------------------------

def _action_row(ctx: DocContext, seg: Segment, reading: TableReading,
                cells: list[tuple[int, int]]) -> list[Row]:
    """A task row (content | lead body | deadline | period) and the values its cells hold."""
    text = ctx.text

    def cell(role: str) -> tuple[int, int] | None:
        i = reading.roles.get(role)
        return cells[i] if i is not None and i < len(cells) else None

    body_cell = cell("body")
    responsible: list[str] = []
    if body_cell:
        # Bodies the finder saw inside the cell keep their nesting ("Ban Tuyên giáo và Dân
        # vận Tỉnh ủy" is one commission); a cell it could not parse is normalised whole.
        responsible = [b.canonical for b in ctx.inside("bodies", *body_cell)]
        if not responsible:
            b = normalize_body(" ".join(text[body_cell[0]:body_cell[1]].split()), ctx.lang)
            responsible = [b.canonical] if b else []
    if not any(c and c[1] > c[0] for c in (body_cell, cell("deadline"), cell("period"))):
        return []  # a group heading row ("1 | Công tác xây dựng Đảng")
    deadline, dtext, ps, pe = "", "", None, None
    dl = cell("deadline")
    if dl:
        ds = ctx.inside("dates", dl[0], dl[1])
        if ds:
            deadline, dtext = ds[-1].deadline or ds[-1].date_end or "", ds[-1].text
            pe = ds[-1].period_end
    pc = cell("period")
    if pc:
        ds = ctx.inside("dates", pc[0], pc[1])
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
        target_id=target_id_for(ctx.text_id, seg.start, seg.end, None, None, "task"),
        doc_id=ctx.doc_id, language=ctx.lang, kind="task", sentence=text[seg.start:seg.end],
        start=seg.start, end=seg.end, period_start=ps, period_end=pe, deadline=deadline,
        deadline_text=dtext, responsible=LIST_SEP.join(unique(responsible)),
        issuer=ctx.issuer, extractor=TABLE_EXTRACTOR, confidence=0.8,
    )
    content = cell("content")
    if content:
        row.indicator = " ".join(text[content[0]:content[1]].split()[:INDICATOR_WORDS])
    row.missing = missing(False, bool(deadline or pe), bool(responsible))
    return rows + [row]


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso and iso[:4].isdigit() else None
