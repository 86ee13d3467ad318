"""Tables read as tables: the role of every column, from the header rows.

A strategy's indicator table (indicator | unit | baseline 2019 | 2025 | 2030), a plan/fact
report (indicator | unit | plan | actual), a financing plan (source | total | 2017 … 2021,
"thousand roubles") and an action programme (task | lead body | deadline) all say in their
header what each cell of a row means. ``read_table`` reads that once per table:

* which leading rows are the header (no value in them, or the "1 | 2 | 3" numbering row);
* each column's role, by the longest header phrase of the language's ``table_headers``
  (``lang/<code>/cues.json``): content/indicator, unit, body, deadline, period, target,
  plan, baseline, actual, forecast, total, skip;
* the year or years a column names ("2025", "2026–2030", "target 2045"), the unit and scale
  it states ("thousand roubles", "(%)"), and the kind of row its values give: target (a
  target, plan or future-year column), achievement (baseline, actual), none (forecast,
  notes, shares of the plan).

A header cell that spans several columns (a merged cell) applies to all of them: readers
repeat a merged cell's span once per grid column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .lang import load
from .numbers import find_quantities
from .periods import find_dates

# Column roles whose cells hold the values of a row, and the kind of row such a value is.
VALUE_KINDS = {"target": "target", "plan": "target", "baseline": "achievement",
               "actual": "achievement", "total": "", "year": "", "forecast": None}
# Roles that describe the row rather than hold its values.
LABEL_ROLES = ("content", "indicator")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d|2100)(?!\d)")
_YEAR_RANGE = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)\s*[-–—/]\s*(19[5-9]\d|20\d\d)(?!\d)")
_FRAGMENTS = re.compile(r"[,;()\[\]]")
_NUMBERING = re.compile(r"\s*\d{1,2}\.?\s*")
MAX_HEADER_ROWS = 4


@dataclass(frozen=True, slots=True)
class Column:
    role: str = ""  # see the module docstring; "" when the header names nothing known
    kind: str | None = ""  # for value columns: "target", "achievement", None (no row), ""
    years: tuple[int, int] | None = None  # the years the header names
    by: bool = False  # "target 2045", "к 2030 году": the year is a deadline, not a period
    unit: str = ""  # the unit the header states
    scale: float = 1.0  # "thousand roubles": values are in thousands
    header: str = ""


@dataclass(slots=True)
class TableReading:
    header_rows: int
    columns: list[Column]
    label: int | None  # the column that names the row (indicator, task), if any
    unit_column: int | None
    years: tuple[int, int] | None  # every year the value columns name
    values: bool  # whether any column holds values (an indicator or plan/fact table)
    roles: dict[str, int] = field(default_factory=dict)  # first column of each role

    def column(self, i: int) -> Column:
        return self.columns[i] if i < len(self.columns) else Column()


@cache
def _header_phrases(lang: str) -> list[tuple[str, str]]:
    """(phrase, role) of the language's table headers, longest phrase first."""
    spec = load(lang, "cues").get("table_headers", {})
    pairs = [(p.lower(), role) for role, phrases in spec.items() for p in phrases]
    return sorted(pairs, key=lambda pr: -len(pr[0]))


def header_role(text: str, lang: str) -> str:
    """The role a header cell names: the role of its longest phrase; of two as long, the one
    that comes first ("Source of targets" is a source)."""
    low = " ".join(text.lower().split())
    found = [(-len(phrase), low.find(phrase), role) for phrase, role in _header_phrases(lang)
             if phrase in low]
    return min(found)[2] if found else ""


@lru_cache(maxsize=4096)  # bounded: a long run meets labels without end
def unit_of(text: str, lang: str) -> tuple[str, float]:
    """(unit, scale) a header or unit cell states: "тыс. руб." -> ("RUB", 1000), "(%)" ->
    ("percent", 1), "người" -> ("count", 1); ("", 1) when it states none. Read by the
    quantity finder itself, as the words that could follow a number. Cached: every value
    cell of a row asks about the same label."""
    # The text whole, then its parts from the last: a unit is written last ("… (%)").
    fragments = [f.strip(" .:") for f in (text, *reversed(_FRAGMENTS.split(text)))]
    for fragment in fragments:
        if fragment and len(fragment) <= 40:
            q, whole = _read_after_one(fragment, lang)
            if q is not None and (whole or q.unit != "count"):
                return q.unit, q.value
    # A scaled unit that ends a long label ("Total fish production in million tonnes"); a
    # lone last word is no unit ("… в течение года": during the year).
    for words in (f.split() for f in fragments):
        for n in (3, 2):
            if len(words) > n:
                q, whole = _read_after_one(" ".join(words[-n:]), lang)
                if q is not None and whole and q.value > 1:
                    return q.unit, q.value
    return "", 1.0


def _read_after_one(words: str, lang: str):
    """The quantity "1 <words>" reads as, if it starts at the 1 and has a unit, and whether
    it takes in all the words."""
    probe = "1 " + words
    found = find_quantities(probe, lang)
    if not found or found[0].start != 0 or not found[0].unit:
        return None, False
    return found[0], found[0].end >= len(probe) - 2


def years_of(text: str, lang: str) -> tuple[tuple[int, int] | None, bool]:
    """The years a header names, and whether it names them as a deadline ("by 2030")."""
    r = _YEAR_RANGE.search(text)
    if r:
        return (int(r.group(1)), int(r.group(2))), False
    found = _YEAR.findall(text)
    if not found:
        return None, False
    year = int(found[-1])
    by = any(d.relation == "by" for d in find_dates(text, lang))
    return (year, year), by


# A cell holds a value when its numbers make up this share of it ("5.1 في المائة", "42"),
# not when a number is a note in a header ("Name of the indicator <1>").
VALUE_SHARE = 0.4


def _is_number(cell: str, lang: str) -> bool:
    """A cell that holds a value: a number that is not just a year."""
    s = cell.strip()
    if not s or _YEAR.fullmatch(s) or _YEAR_RANGE.fullmatch(s) or not any(ch.isdigit() for ch in s):
        return False
    covered = sum(q.end - q.start for q in find_quantities(s, lang))
    return covered >= VALUE_SHARE * len(s)


def _distinct(cells: list[str]) -> list[str]:
    """A row's cells with a merged cell's repeats dropped."""
    return [c for k, c in enumerate(cells) if k == 0 or c != cells[k - 1]]


def _is_numbering(cells: list[str]) -> bool:
    """The "1 | 2 | 3 | 4" row under a header that numbers its columns."""
    nums = [c.strip().rstrip(".") for c in _distinct(cells) if c.strip()]
    return len(nums) >= 3 and all(n.isdigit() and int(n) < 100 for n in nums) and \
        [int(n) for n in nums] == list(range(int(nums[0]), int(nums[0]) + len(nums)))


def _is_group(cells: list[str]) -> bool:
    """A row whose one cell spans the table: a group heading, not a column header."""
    return len(cells) > 1 and len({c for c in cells}) == 1


# The cells of a header's second and later rows are short ("total", "plan", "2025",
# "of which by year"); a longer cell is content.
HEADER_CELL_CHARS = 30


def _header_count(rows: list[list[str]], lang: str) -> int:
    """How many leading rows are the header: the first row, then rows that continue it (a
    numbering row, a row of years, of header words, or mostly empty under merged cells),
    never a row that holds a value or a long text."""
    count = 0
    for k, cells in enumerate(rows[:MAX_HEADER_ROWS]):
        if _is_numbering(cells):
            count += 1
            continue
        if any(_is_number(c, lang) for c in cells[1:]):
            break
        if k == 0:
            count = 1
            continue
        filled = [c.strip() for c in _distinct(cells) if c.strip()]
        if any(len(c) > HEADER_CELL_CHARS for c in filled):
            break
        if not any(_YEAR.fullmatch(c) or _YEAR_RANGE.fullmatch(c) or header_role(c, lang)
                   for c in filled) and len(filled) * 2 > len(_distinct(cells)):
            break
        count += 1
    return count if count < len(rows) else 0


def read_table(text: str, table: list[list[tuple[int, int]]], lang: str) -> TableReading:
    """What the header of ``table`` (rows of cell spans of ``text``) says of its columns."""
    rows = [[text[s:e] for s, e in row] for row in table]
    n_header = _header_count(rows, lang)
    width = max((len(r) for r in rows), default=0)
    heads = [""] * width
    for cells in rows[:n_header]:
        if _is_numbering(cells) or _is_group(cells):
            continue
        for i in range(width):
            # A short header row's last cell spans the columns after it.
            cell = cells[i] if i < len(cells) else (cells[-1] if cells else "")
            if cell.strip() and cell.strip() not in heads[i]:
                heads[i] = f"{heads[i]} {cell.strip()}".strip()
    columns: list[Column] = []
    for head in heads:
        role = header_role(head, lang)
        years, by = years_of(head, lang)
        if years and not role:
            role = "year"  # "2025": a plan's values for that year
        if role == "target" and years:
            by = True  # "target 2045": to be reached by then
        unit, scale = unit_of(head, lang) if head else ("", 1.0)
        columns.append(Column(role, VALUE_KINDS.get(role, ""), years, by, unit, scale, head))
    columns = _by_contents(columns, rows[n_header:], lang)
    roles: dict[str, int] = {}
    for i, c in enumerate(columns):
        roles.setdefault(c.role, i)
    label = next((roles[r] for r in LABEL_ROLES if r in roles), None)
    if label is None and n_header:
        label = _first_text_column(rows[n_header:], lang)
    spans = [c.years for c in columns if c.years and c.role in VALUE_KINDS]
    years = (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None
    values = any(c.role in VALUE_KINDS for c in columns)
    return TableReading(n_header, columns, label, roles.get("unit"), years, values, roles)


# A value column holds numbers in at least this share of its filled cells.
MIN_NUMBER_SHARE = 0.3


def _by_contents(columns: list[Column], rows: list[list[str]], lang: str) -> list[Column]:
    """Columns whose header names values but whose cells are words ("Target, indicator" over
    indicator names) name the row instead: the first becomes the indicator column."""
    out, has_label = [], any(c.role in LABEL_ROLES for c in columns)
    for i, c in enumerate(columns):
        cells = [r[i] for r in rows if i < len(r) and r[i].strip()]
        if c.role in VALUE_KINDS and cells and \
                sum(_is_number(x, lang) for x in cells) < MIN_NUMBER_SHARE * len(cells):
            c = Column("" if has_label else "indicator", "", None, False, "", 1.0, c.header)
            has_label = True
        out.append(c)
    return out


def _first_text_column(rows: list[list[str]], lang: str) -> int | None:
    """The column whose cells are mostly words: it names each row."""
    width = max((len(r) for r in rows), default=0)
    for i in range(width):
        cells = [r[i] for r in rows if i < len(r) and r[i].strip()]
        if cells and sum(1 for c in cells if sum(ch.isalpha() for ch in c) > 3) >= len(cells) / 2 \
                and not all(_NUMBERING.fullmatch(c) for c in cells):
            return i
    return None
