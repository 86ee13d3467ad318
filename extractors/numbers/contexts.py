"""Contexts that make a numeral no quantity: identifiers, dates, years, list markers, codes.

Identifiers, dates, ratios and times glued to the digits, list markers and numbered
headings, years, date parts, references, ordinals and code numbers ("ISO 9001"). SPEC §3:
dates and identifiers are no quantities.
"""
from __future__ import annotations

import re

from .lexicon import Rules
from .parse import Core, starts_sign
from .phrases import Hit

_CHAIN = re.compile(r"(?:[/:.\-]\w+)+")  # "/6/2025", ":30", "/QH15"
_IDENT = re.compile(r"[\w\-/.]*\w")  # "G", "th", "-QĐ/TW"
# "ISO 9001", "TCVN 5": an upper-case code right before a bare integer
_ACRONYM = re.compile(r"(?<!\w)(?:[A-Z]{2,}|[A-Z][a-z]*[A-Z]\w*)[ \u00a0]$")
_LINE_LOOKBACK = 40  # a list marker sits within this many characters of the line start
_FAR = "..."  # what _line_lead says when the line start is farther back than that
_YEARS = (1900, 2100)  # a bare integer in this span is a year (SPEC: dates are no quantities)


def _letter_run_before(text: str, pos: int) -> str:
    k = pos
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    return text[k:pos]


def glued_left(text: str, c: Core, r: Rules, floor: int) -> bool:
    """Digits glued to what precedes them make an identifier: 'QH15', 'Covid-19',
    '202/2025', footnote marks 'năm12' -- unless it is a currency ('USD3.14') or an allowed
    prefix ('و12%')."""
    if c.start == 0:
        return False
    prev = text[c.start - 1]
    if prev.isalpha():
        run = _letter_run_before(text, c.start)
        if r.norm(run) in r.digit_prefixes:
            return False
        hit = r.before.before(text, c.start, floor, newlines=0)
        return not (hit and hit.end == c.start and "currency" in hit.entry)
    before2 = text[c.start - 2] if c.start >= 2 else " "
    if prev in r.dashes and before2.isalpha():
        return True
    return prev in "/:.#№" and before2.isalnum() or prev in "#№"


def glued_right(text: str, end: int, r: Rules) -> int:
    """Where a date, ratio, time or identifier that continues after the digits ends
    ('12/6/2025', '144/216', '10:30', '308-QĐ/TW', '5G', '18th'); 0 when none does."""
    if end >= len(text):
        return 0
    nxt = text[end]
    after = text[end + 1] if end + 1 < len(text) else " "
    if nxt in "/:" and after.isdecimal():
        m = _CHAIN.match(text, end)
        return m.end() if m else end + 1
    if nxt in r.dashes and starts_sign(text, end + 1, r):
        return 0  # "VND1000-VND2000"
    if nxt.isalpha() or (nxt in r.dashes and after.isalpha()):
        m = _IDENT.match(text, end)
        return m.end() if m else end + 1
    return 0


def list_marker(text: str, c: Core, measured: bool = False) -> bool:
    """'1.', '2.1.', '(3)', '4)' opening a line or an item, '2.1 Heading'. A number in
    brackets that a unit or scale word follows is a figure, not a marker: Arabic plans
    write "(30) مليون معتمر", "(80) عاماً"."""
    lead = _line_lead(text, c.start)
    nxt, nxt2 = text[c.end:c.end + 1], text[c.end + 1:c.end + 2]
    if lead in ("", "-", "+", "•", "*", "–") and nxt in (".", ")") and nxt2.isspace():
        return True
    if c.plain and text[c.start - 1:c.start] == "(" and nxt == ")" and c.end - c.start <= 2:
        return not measured
    if c.plain and nxt == ")" and (not lead or (lead != _FAR and lead[-1] in ";:,.")):
        return True
    return not lead and "." in text[c.start:c.end] and nxt == " " and nxt2.isupper()


def _line_lead(text: str, pos: int) -> str:
    """What stands between the line start and ``pos`` ("..." when it is far)."""
    lo = max(0, pos - _LINE_LOOKBACK)
    nl = text.rfind("\n", lo, pos)
    return text[nl + 1:pos].strip() if nl >= 0 or lo == 0 else _FAR


def is_year(c: Core, before: Hit | None, after: Hit | None) -> bool:
    """A bare integer 1900-2100, or 1000-2999 next to a year word ("năm", "roku", "г.")."""
    if not c.plain:
        return False
    v = c.value
    if _YEARS[0] <= v <= _YEARS[1]:
        return True
    four = 1000 <= v <= 2999
    return four and bool(before and "year" in before.entry or after and "year_after" in after.entry)


def not_quantity(text: str, c: Core, kind: str, before: Hit | None, hit: Hit | None,
                 r: Rules) -> bool:
    """Contexts that make a number read as ``kind`` so far no quantity, even with a time
    unit after it."""
    if c.plain and 1000 <= c.value <= 2999 and hit and "year_after" in hit.entry:
        return True  # "2025 roku", "2025 года": a year, although "roku" is also a unit
    if kind in ("percent", "currency"):
        return False
    if before and "rate_per" in before.entry and hit and "rate_base" in hit.entry:
        return True  # "per 10,000 people", "trên 1 vạn dân": the base of a rate
    if before and "unit" not in before.entry and (
            before.entry.keys() & {"ref", "ordinal"} or ("date" in before.entry and c.plain)):
        return True  # "số 15", "thứ hai", "ngày 15 tháng 9"
    if c.plain and not _line_lead(text, c.start) and _capitalised(text[c.end + 1:c.end + 3]):
        return True  # "3 Kết nạp đảng viên...": a footnote mark or a numbered heading
    nxt = r.scan.match(text, c.end + 1) if c.weak and text[c.end:c.end + 1].isspace() else None
    return bool(nxt and nxt.lastgroup == "num")  # "năm 2021": 'year', not 'five'


def bare_year_or_code(text: str, c: Core, before: Hit | None, hit: Hit | None) -> bool:
    """A number with no unit that is a year ("2025", "năm 2025"), a day next to a month
    ("16 października") or a code number ("ISO 9001")."""
    if is_year(c, before, hit) or (c.plain and hit and "date_after" in hit.entry):
        return True
    return c.digits and c.plain and _ACRONYM.search(text, max(0, c.start - 12), c.start) is not None


def _capitalised(s: str) -> bool:
    return len(s) == 2 and s[0].isupper() and s[1].islower()
