"""Dates, deadlines and periods (SPEC §3): "by 2030", "giai đoạn 2026 - 2030", "kadencja 2025–2030".

Rules over per-language data (``extractors/lang/<code>/periods.json``), no date library:
date parsers read the Polish verb "mają" as May and "2024 года" as the year 2, and guess
years from counts. Here a year is a four-digit number in 1945–2100 that is not part of a
decimal, a thousands group, a percentage or an identifier ("số 202/2025/QH15"), and a
single year counts only when a cue ("do", "đến", "к") or a year word ("năm", "r.",
"года") comes with it.

Three passes over the text, with offsets kept exact:

1. *cores*: years, year ranges, months, month ranges, quarters and full dates;
2. *joins*: "from A to B" (od 2026 do 2030, từ ngày 01/7/2025 đến ngày 08/8/2025);
3. *relations*: the cue before a core (by, in, from, a period or term word, a vision) and
   a term word or vision after it decide ``DateRef.relation`` and widen the span.

Relative references to the document's own term ("nhiệm kỳ mới", "the next five years")
are matched from a phrase list as ``term_ref``; the caller fills in the years from
:func:`document_term`.

Data keys of ``periods.json`` (every list optional; phrases match case-insensitively, as
whole words, with any whitespace between their words):

- ``months`` {"1": forms...}, ``month_prefix`` ("tháng", "شهر") and
  ``month_prefix_required`` (vi: a bare "9" is no month), ``month_alt_names`` (ar:
  "أكتوبر/تشرين الأول"), ``ambiguous_months`` (en "may": a month only when capitalised),
  ``month_range_joiners`` ("và" in "Tháng 9 và 10/2025");
- ``day_prefix`` ("ngày"), ``day_suffix`` ("th", "-го"), ``day_month_connectors`` ("of");
- ``year_prefix`` ("năm", "عام"), ``year_suffix`` ("r.", "года"), ``year_connectors``
  between a month or quarter and its year ("of", "của", "من"), ``clitics`` (ar "وبل");
- ``quarter_words``, ``quarter_ordinals`` {"1": ["I", "first", "pierwszym", ...]},
  ``articles`` ("the first quarter");
- ``cues``: ``by``, ``end_of`` (by the *end of*), ``in``, ``from``, ``range_from``
  ("between": only opens a range), ``period`` (words that lead a range: "w latach");
- ``range_to`` ("do" in "od 2026 do 2030"), ``range_and`` ("and" after "between"),
  ``list_joiners`` ("năm 2022, 2023");
- ``term_before``/``term_after`` ("nhiệm kỳ", "the 2025–2030 term"), ``term_if_congress``
  ("للفترة": a term when a ``congress_stems`` word comes earlier in the sentence),
  ``term_ref`` phrases, ``vision`` ("tầm nhìn đến", "with a vision to").
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Protocol, TypeVar

from extractors.lang import load
from extractors.records import DateRef

YEAR_MIN, YEAR_MAX = 1945, 2100
_YEAR = r"(?:194[5-9]|19[5-9]\d|20\d\d|2100)"  # exactly YEAR_MIN..YEAR_MAX
# A year is not followed by more digits, a decimal part, a percent sign or "/QH15".
_YEAR_END = r"(?!\d|[.,٫٬]\d|\s?%|/\w)"
_DASHES = r"\-‐‑‒–—~"
_DASH = rf"[{_DASHES}]"
# Arabic-Indic and Persian digits are single code points, so translating them keeps offsets.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_QUARTERS = {1: ("01-01", "03-31"), 2: ("04-01", "06-30"), 3: ("07-01", "09-30"),
             4: ("10-01", "12-31")}
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_WORD_START = re.compile(r"(?<!\w)\w")
_CONGRESS_WINDOW = 100  # how far back a congress word makes "for the period" a term
_SENTENCE_END = re.compile(r"[.!?؟。\n](?=\s|$)")
# Text that separates the two ends of "from A to B" when only a dash is used.
_DASH_GAP = re.compile(rf"\s*{_DASH}\s*\Z")


# --------------------------------------------------------------------------- grammar


def _phrase(p: str, *, left: bool = True, right: bool = True) -> str:
    """A literal phrase: any run of whitespace between its words, whole words at its ends."""
    body = r"\s+".join(re.escape(t) for t in p.split())
    if left and p[0].isalnum():
        body = r"(?<!\w)" + body
    if right and p[-1].isalnum():
        body += r"(?!\w)"
    return body


def _alt(phrases: Iterable[str], *, left: bool = True, right: bool = True) -> str:
    """Alternation of phrases, longest first so that "do końca" wins over "do".

    The left word boundary is tested once for the run of phrases that need it, not once per
    phrase, and a lookahead on the phrases' first letters rejects most positions before any
    phrase is tried: the regex engine tries a pattern at every position of the text, and a
    lookbehind in each of thirty alternatives made the term phrases alone cost a third of
    ``find_dates``. The match is the same: a zero-width test at the same position gives the
    same answer in every alternative."""
    items = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not items:
        return "(?!)"
    runs: list[tuple[bool, list[str]]] = []  # consecutive phrases with the same left edge
    for p in items:
        edge = left and p[0].isalnum()
        if not runs or runs[-1][0] != edge:
            runs.append((edge, []))
        runs[-1][1].append(_phrase(p, left=False, right=right))
    body = "|".join((r"(?<!\w)" if edge else "") + "(?:" + "|".join(alts) + ")"
                    for edge, alts in runs)
    firsts = "".join(sorted({re.escape(p[0]) for p in items}))
    return f"(?=[{firsts}])(?:{body})"


def _key(s: str) -> str:
    return " ".join(s.split()).casefold()


def _lookup(table: dict[str, list[str]]) -> dict[str, int]:
    return {_key(form): int(n) for n, forms in table.items() for form in forms}


@dataclass(frozen=True, slots=True)
class _Grammar:
    months: dict[str, int]
    ordinals: dict[str, int]
    ambiguous: frozenset[str]  # month forms that count only when capitalised ("May")
    cores: tuple[tuple[str, re.Pattern[str]], ...]
    cue: re.Pattern[str]  # end-anchored: the cue right before a core
    cue_window: int  # how far back a cue can start: its longest phrase, with some slack
    from_cue: re.Pattern[str]  # end-anchored: "from"/"between" before the first end of a range
    range_gap: re.Pattern[str]  # the word between the two ends of a range ("do", "đến", "to")
    and_gap: re.Pattern[str]  # "and" in "between 2026 and 2030"
    list_gap: re.Pattern[str]  # ", " or "and" between years of a list ("năm 2022, 2023")
    term_after: re.Pattern[str]
    vision_after: re.Pattern[str]
    congress: re.Pattern[str]
    term_ref: re.Pattern[str]
    price_before: re.Pattern[str]  # end-anchored: "giá so sánh năm", "at constant", "в ценах"
    price_after: re.Pattern[str]  # "2015 prices", "2010 dollars"


def _edge(clitics: str) -> str:
    """Left edge of a number: not inside a word, an identifier or a thousands group
    ("QH2025", "202/2025", "2 639", "1.2025"). Arabic writes "و"/"ب"/"ل" glued to the
    next word ("و2030"), so a year may follow one of the language's clitics."""
    edge = r"(?<![\w/])(?<!\d[ \u00a0.,٫٬])"
    return rf"(?:{edge}|(?<=(?<!\w)[{re.escape(clitics)}]))" if clitics else edge


def _core_patterns(d: dict) -> tuple[tuple[str, str], ...]:
    """(kind, regex) for every core form; ``_parse`` reads the named groups."""
    yp, ys = _alt(d.get("year_prefix", [])), _alt(d.get("year_suffix", []))
    conn = _alt(d.get("year_connectors", []))
    mp = _alt(d.get("month_prefix", []))
    mn = _alt([f for forms in d.get("months", {}).values() for f in forms], left=False)
    dp, ds = _alt(d.get("day_prefix", [])), _alt(d.get("day_suffix", []), left=False)
    dconn, art = _alt(d.get("day_month_connectors", [])), _alt(d.get("articles", []))
    qw, qw_glued = _alt(d.get("quarter_words", [])), _alt(d.get("quarter_words", []), right=False)
    ordinals = [f for forms in d.get("quarter_ordinals", {}).values() for f in forms]
    ordn, ordn_glued = _alt(ordinals), _alt(ordinals, left=False)  # "Q1": glued to its word
    mjoin = _alt(d.get("month_range_joiners", []), right=False)  # Arabic "وأكتوبر" is glued
    m_req = bool(d.get("month_prefix_required"))  # vi: "9" is a month only after "tháng"
    edge = _edge(d.get("clitics", ""))

    def year(name: str) -> str:
        return rf"(?P<{name}>{_YEAR}){_YEAR_END}"

    def ytail(name: str) -> str:
        # How a year follows a month or a quarter: "11/2025", "2025", "năm 2025", "of 2026",
        # and on Vietnamese title pages "THÁNG 9 – 2025".
        return (rf"(?:\s*[/{_DASHES}]\s*|\s*[,،]?\s+(?:{conn}\s+)?(?:{yp}\s+)?){year(name)}"
                rf"(?:\s*{ys})?")

    def month(name: str, *, required: bool = m_req) -> str:
        pre = rf"(?:{mp}\s+)" + ("" if required else "?")
        # Arabic gives both calendars' names: "أكتوبر/تشرين الأول", "أكتوبر (تشرين الأول)".
        alt = rf"(?:\s*[/(]\s*{mn}\s*\)?)?" if d.get("month_alt_names") else ""
        return rf"{pre}(?P<{name}>{mn}){alt}"

    day = rf"(?:{dp}\s+)?(?P<d>\d{{1,2}})(?:{ds})?(?!\d)"
    return (
        ("range", rf"{edge}(?:{yp}\s+)?{year('y')}\s*{_DASH}\s*(?:{yp}\s+)?{year('y2')}"
                  rf"(?:\s*{ys})?"),
        ("iso", rf"(?<![\w/.\-]){year('y')}-(?P<b>\d{{1,2}})-(?P<a>\d{{1,2}})(?![\w/\-])"),
        ("iso_month", rf"(?<![\w/.\-]){year('y')}-(?P<b>0[1-9]|1[0-2])(?![\w/\-]|[.,]\d)"),
        ("numeric", rf"(?<![\w/.\-])(?:{dp}\s+)?(?P<a>\d{{1,2}})(?P<sep>[./\-])(?P<b>\d{{1,2}})"
                    rf"(?P=sep){year('y')}(?![\w/])"),
        ("numeric_range", rf"(?<![\w/.\-])(?:{dp}\s+)?(?P<a>\d{{1,2}})\s*{_DASH}\s*(?P<a2>\d{{1,2}})"
                          rf"(?P<sep>[./])(?P<b>\d{{1,2}})(?P=sep){year('y')}(?![\w/])"),
        ("day_range", rf"(?<![\w.,/]){day}\s*{_DASH}\s*(?P<d2>\d{{1,2}})(?:{ds})?(?!\d)\s*"
                      rf"(?:{dconn}\s+)?{month('m')}{ytail('y')}"),
        ("dmy", rf"(?<![\w.,/]){day}(?:\s*[./\-]\s*|\s*)(?:{dconn}\s+)?{month('m')}{ytail('y')}"),
        ("mdy", rf"(?<!\w){month('m')}\s+(?P<d>\d{{1,2}})(?:{ds})?(?!\d)"
                rf"(?:\s*,\s*|\s+(?:{conn}\s+)?){year('y')}"),
        ("month_range", rf"(?<!\w){month('m')}(?:\s*{_DASH}\s*|\s+{mjoin}\s*)"
                        rf"{month('m2', required=False)}{ytail('y')}"),
        ("month", rf"(?<!\w){month('m')}{ytail('y')}"),
        ("quarter", rf"(?<!\w)(?:{art}\s+)?(?P<q>{ordn})\s+{qw}(?:\s*[,،])?{ytail('y')}"),
        ("quarter", rf"(?<!\w){qw_glued}\s*(?P<q>{ordn_glued}){ytail('y')}"),
        ("quarter", rf"{edge}{year('y')}\s*{_DASH}?\s*{qw_glued}\s*(?P<q>{ordn_glued})(?!\w)"),
        ("year", rf"(?:(?<!\w)(?P<y_p>{yp})\s+|{edge}){year('y')}(?:\s*(?P<y_s>{ys}))?"
                 rf"(?!{_DASH}\d|/\w)"),
    )


def _cue_pattern(d: dict) -> str:
    """The phrase right before a core, one named group per kind; the earliest-starting
    match wins, so "do końca" beats "końca" and "w okresie" beats "w"."""
    cues = d.get("cues", {})
    by, end_of, in_ = (_alt(cues.get(k, [])) for k in ("by", "end_of", "in"))
    return (rf"(?:(?P<term>{_alt(d.get('term_before', []))})"
            rf"|(?P<cond>{_alt(d.get('term_if_congress', []))})"
            rf"|(?P<period>{_alt(cues.get('period', []))})"
            rf"|(?P<vision>{_alt(d.get('vision', []))})"
            rf"|(?P<by>(?:(?:{by}|{in_})\s+)?{end_of}|{by})"
            rf"|(?P<from>{_alt(cues.get('from', []))})"
            rf"|(?P<in>{in_})"
            # "between", "من", "от" open a range ("between 2026 and 2030") but alone are no "from"
            rf"|(?P<rfrom>{_alt(cues.get('range_from', []))}))\s+\Z")


def _cue_window(d: dict) -> int:
    """How far before a core its cue can start: the longest cue phrase, plus slack."""
    def longest(*keys: str) -> int:  # a key of "cues" or of the file itself
        cues = d.get("cues", {})
        return max((len(p) for k in keys for p in cues.get(k, d.get(k, []))), default=0)

    single = longest("by", "in", "from", "range_from", "period", "end_of", "term_before",
                     "term_if_congress", "vision")
    return max(single, longest("by", "in") + 1 + longest("end_of")) + 8  # + extra spaces


@cache
def _grammar(lang: str) -> _Grammar:
    """Compile the language's data into regexes, once per language."""
    d = load(lang, "periods")
    cues = d.get("cues", {})
    flags = re.IGNORECASE
    vision_year = (rf"(?:{_alt(d.get('year_prefix', []))}\s+)?{_YEAR}{_YEAR_END}"
                   rf"(?:\s*{_alt(d.get('year_suffix', []))})?")
    return _Grammar(
        months=_lookup(d.get("months", {})),
        ordinals=_lookup(d.get("quarter_ordinals", {})),
        ambiguous=frozenset(_key(f) for f in d.get("ambiguous_months", [])),
        cores=tuple((kind, re.compile(rx, flags)) for kind, rx in _core_patterns(d)),
        cue=re.compile(_cue_pattern(d), flags),
        cue_window=_cue_window(d),
        from_cue=re.compile(
            rf"{_alt(cues.get('from', []) + cues.get('range_from', []))}\s+\Z", flags),
        range_gap=re.compile(rf"\s+{_alt(d.get('range_to', []))}\s+\Z", flags),
        and_gap=re.compile(rf"\s+{_alt(d.get('range_and', []), right=False)}\s*\Z", flags),
        list_gap=re.compile(rf"\s*{_alt(d.get('list_joiners', []), right=False)}\s*\Z", flags),
        term_after=re.compile(rf"\s+{_alt(d.get('term_after', []))}", flags),
        vision_after=re.compile(rf"\s*[,،]?\s*{_alt(d.get('vision', []))}\s+{vision_year}", flags),
        congress=re.compile("|".join(re.escape(s) for s in d.get("congress_stems", [])) or "(?!)",
                            flags),
        # "nhiệm kỳ mới" but not "cả nhiệm kỳ 2025-2030", which is a term with its years
        term_ref=re.compile(rf"{_alt(d.get('term_ref', []))}(?![\s,:]*\d)", flags),
        price_before=re.compile(
            rf"{_alt(d.get('price_base', {}).get('before', []))}"
            rf"\s+(?:{_alt(d.get('year_prefix', []))}\s+)?\Z", flags),
        price_after=re.compile(rf"\s+{_alt(d.get('price_base', {}).get('after', []))}", flags),
    )


# --------------------------------------------------------------------------- cores


@dataclass(frozen=True, slots=True)
class _Core:
    """A date or period before its cue is known. ``lo``/``hi`` are ISO strings."""

    start: int
    end: int
    kind: str  # year | month | quarter | day | range
    lo: str
    hi: str
    marked: bool = True  # False for a bare "2030" with no year word: it needs a cue


def _days(month: int, year: int) -> int:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and not leap else _MONTH_DAYS[month - 1]


def _day_iso(y: int, m: int, d: int) -> str | None:
    if 1 <= m <= 12 and 1 <= d <= _days(m, y):
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def _month_of(m: re.Match[str], group: str, g: _Grammar) -> int | None:
    word = m.group(group)
    if _key(word) in g.ambiguous and not word[:1].isupper():
        return None  # "may" is a verb; only "May" is the month
    return g.months.get(_key(word))


def _parse(kind: str, m: re.Match[str], g: _Grammar) -> _Core | None:
    s, e = m.span()
    y = int(m.group("y"))
    if kind == "range":
        y2 = int(m.group("y2"))
        return _Core(s, e, "range", str(y), str(y2)) if y < y2 else None
    if kind == "year":
        return _Core(s, e, "year", str(y), str(y), bool(m.group("y_p") or m.group("y_s")))
    if kind == "iso_month":
        return _Core(s, e, "month", f"{y}-{m.group('b')}", f"{y}-{m.group('b')}")
    if kind == "numeric_range":  # "ngày 22 - 24/9/2025"
        lo, hi = (_day_iso(y, int(m.group("b")), int(m.group(k))) for k in ("a", "a2"))
        return _Core(s, e, "range", lo, hi) if lo and hi and lo < hi else None
    if kind in ("iso", "numeric"):
        a, b = int(m.group("a")), int(m.group("b"))
        # Day first as written in vi/pl/ru/ar; month first only when day-first is impossible.
        iso = _day_iso(y, b, a) or (_day_iso(y, a, b) if kind == "numeric" else None)
        return _Core(s, e, "day", iso, iso) if iso else None
    if kind == "quarter":
        q = g.ordinals.get(_key(m.group("q")))
        if q is None:
            return None
        first, last = _QUARTERS[q]
        return _Core(s, e, "quarter", f"{y}-{first}", f"{y}-{last}")
    mon = _month_of(m, "m", g)
    if mon is None:
        return None
    if kind == "day_range":  # "22-24 września 2025"
        lo, hi = (_day_iso(y, mon, int(m.group(k))) for k in ("d", "d2"))
        return _Core(s, e, "range", lo, hi) if lo and hi and lo < hi else None
    if kind in ("dmy", "mdy"):
        iso = _day_iso(y, mon, int(m.group("d")))
        return _Core(s, e, "day", iso, iso) if iso else None
    if kind == "month_range":
        mon2 = _month_of(m, "m2", g)
        if mon2 is None or mon2 <= mon:
            return None
        return _Core(s, e, "range", f"{y}-{mon:02d}", f"{y}-{mon2:02d}")
    return _Core(s, e, "month", f"{y}-{mon:02d}", f"{y}-{mon:02d}")


def _cores(norm: str, g: _Grammar) -> Iterator[_Core]:
    for kind, rx in g.cores:
        for m in rx.finditer(norm):
            core = _parse(kind, m, g)
            if core is not None:
                yield core


class _Spanned(Protocol):
    start: int
    end: int


_S = TypeVar("_S", bound=_Spanned)


def _pick(items: Iterable[_S]) -> list[_S]:
    """Non-overlapping items, longest first; returned in text order."""
    starts: list[int] = []  # sorted starts of the items taken so far, for a binary search
    taken: list[_S] = []
    for it in sorted(items, key=lambda x: (x.start - x.end, x.start)):
        i = bisect_right(starts, it.start)
        if (i > 0 and taken[i - 1].end > it.start) or (i < len(taken) and taken[i].start < it.end):
            continue
        starts.insert(i, it.start)
        taken.insert(i, it)
    return taken


def _join(norm: str, cores: list[_Core], g: _Grammar) -> list[_Core]:
    """Merge "A – B" and "from A to B" into one range core."""
    out: list[_Core] = []
    i = 0
    while i < len(cores):
        a = cores[i]
        b = cores[i + 1] if i + 1 < len(cores) else None
        if b is not None and a.kind != "range" and b.kind != "range" and a.lo <= b.lo:
            gap = norm[a.end:b.start] + " "
            opened = g.from_cue.search(norm[max(0, a.start - g.cue_window):a.start])
            # "do"/"đến"/"to" is also a deadline cue ("do 2030 r."), so it joins two years
            # only after "from" (od, từ, с); two days or months it always joins. "and" joins
            # only after "between" ("between 2026 and 2030"); else it lists ("2025 and 2026").
            finer = a.kind != "year" and b.kind != "year"
            if _DASH_GAP.match(gap) or (g.range_gap.match(gap) and (opened or finer)) \
                    or (g.and_gap.match(gap) and opened):
                out.append(_Core(a.start, b.end, "range", a.lo, b.hi))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


# --------------------------------------------------------------------------- relations


def _year(iso: str) -> int:
    return int(iso[:4])


def _make(text: str, start: int, end: int, core: _Core, relation: str,
          *, deadline: bool = True) -> DateRef:
    """A DateRef whose fields follow from the relation (SPEC §3)."""
    lo, hi = core.lo, core.hi
    if relation in ("range", "term"):
        return DateRef(start, end, text[start:end], "PERIOD", relation,
                       period_start=_year(lo), period_end=_year(hi),
                       # a month or day range ends on a deadline; a year range is only a period
                       deadline=hi if len(hi) > 4 else None, date_start=lo, date_end=hi)
    if relation == "by":
        return DateRef(start, end, text[start:end], "DATE", "by", period_end=_year(hi),
                       deadline=hi if deadline else None, date_end=hi)
    if relation == "from":
        return DateRef(start, end, text[start:end], "DATE", "from", period_start=_year(lo),
                       date_start=lo)
    if relation == "exact":
        return DateRef(start, end, text[start:end], "DATE", "exact", date_start=lo, date_end=hi)
    return DateRef(start, end, text[start:end], "DATE", "in", period_start=_year(lo),
                   period_end=_year(hi), deadline=hi, date_start=lo, date_end=hi)


def _cue(norm: str, pos: int, g: _Grammar) -> tuple[str, int] | None:
    """The cue right before ``pos`` and where it starts, e.g. ("by", i) for "do końca ".

    Tried at word starts only, leftmost first, so the longest cue wins; a regex search over
    every position of the window is several times slower on long documents."""
    for w in _WORD_START.finditer(norm, max(0, pos - g.cue_window), pos):
        if (m := g.cue.match(norm, w.start(), pos)) is not None and m.lastgroup:
            return m.lastgroup, m.start()
    return None


def _price_base(norm: str, core: _Core, g: _Grammar) -> bool:
    """The year is the base of constant prices ("giá so sánh năm 2010", "at constant 2015
    prices", "в ценах 2016 года")."""
    before = g.price_before.search(norm, max(0, core.start - 40), core.start)
    return before is not None or g.price_after.match(norm, core.end) is not None


def _after_congress(norm: str, pos: int, g: _Grammar) -> bool:
    """A congress/conference word earlier in the same sentence ("للمؤتمر ... للفترة")."""
    before = norm[max(0, pos - _CONGRESS_WINDOW):pos]
    cut = [m.end() for m in _SENTENCE_END.finditer(before)]
    return bool(g.congress.search(before[cut[-1]:] if cut else before))


def _alone(norm: str, core: _Core) -> bool:
    """Nothing but the core between cell separators (" | ") or line breaks."""
    left = max(norm.rfind("\n", 0, core.start), norm.rfind("|", 0, core.start)) + 1
    right = min((i for i in (norm.find("\n", core.end), norm.find("|", core.end)) if i >= 0),
                default=len(norm))
    return not norm[left:core.start].strip() and not norm[core.end:right].strip()


def _range_relation(norm: str, core: _Core, cue: str | None, cue_start: int,
                    g: _Grammar) -> tuple[str, int, int]:
    """(relation, start, end) of a range: a term word before or after makes it the term."""
    relation, start, end = "range", core.start, core.end
    if cue == "term" or (cue == "cond" and _after_congress(norm, cue_start, g)):
        relation, start = "term", cue_start
    elif cue in ("cond", "period", "in", "from", "rfrom"):
        start = cue_start  # "w latach", "giai đoạn", "в", "od" belong to the phrase
    if (m := g.term_after.match(norm, end)) is not None:
        relation, end = "term", m.end()  # "the 2025–2030 term"
    return relation, start, end


def _single_relation(core: _Core, cue: str | None) -> str:
    """Relation of a year, month, quarter or day from its cue; "" when it has none."""
    if cue in ("by", "vision"):
        return "by"
    if cue == "from":
        return "from"
    if core.kind == "day":
        return "exact"
    if cue in ("in", "period", "cond") or core.marked or core.kind != "year":
        return "in"  # "w 2026 r.", "Năm 2030", "October 2025", "Quý I/2026"
    return ""


def _relate(norm: str, text: str, cores: list[_Core], g: _Grammar) -> list[DateRef]:
    refs: list[DateRef] = []
    prev: _Core | None = None  # the last bare-able year kept with relation "in"
    for core in cores:
        if core.kind == "year" and _price_base(norm, core, g):
            continue  # "giá so sánh năm 2010": the prices' base year, never a period
        found = _cue(norm, core.start, g)
        cue, cue_start = found if found else (None, core.start)
        if core.kind == "range":
            relation, start, end = _range_relation(norm, core, cue, cue_start, g)
        else:
            relation = _single_relation(core, cue)
            start, end = (cue_start if cue in ("by", "vision", "from", "in", "period", "cond")
                          else core.start), core.end
            if not relation and core.kind == "year" and (
                    (prev and g.list_gap.match(norm[prev.end:core.start] + " "))
                    or _alone(norm, core)):
                # "năm 2022, 2023": a bare year continuing a list of years; or a table cell
                # holding only "2026" (the time column of an action programme)
                relation = "in"
        if not relation:
            continue  # a bare number such as "2000" with no cue and no year word
        if (m := g.vision_after.match(norm, end)) is not None:
            end = m.end()  # "2021-2030, tầm nhìn đến năm 2050": the vision rides along
        refs.append(_make(text, start, end, core, relation, deadline=cue != "vision"))
        prev = core if core.kind == "year" and relation == "in" else None
    return refs


# --------------------------------------------------------------------------- public


def find_dates(text: str, lang: str) -> list[DateRef]:
    """Every date, deadline and period phrase in ``text``, sorted and non-overlapping.

    Offsets index ``text`` itself: ``text[d.start:d.end] == d.text``.
    """
    g = _grammar(lang)
    norm = text.translate(_DIGITS)
    cores = _join(norm, _pick(_cores(norm, g)), g)
    refs = _relate(norm, text, cores, g)
    refs += [DateRef(m.start(), m.end(), text[m.start():m.end()], "PERIOD", "term_ref")
             for m in g.term_ref.finditer(norm)]
    return _pick(refs)


def document_term(dates: list[DateRef], early: int = 0, title: int = 0,
                  plan_title: bool = False, horizon: int | None = None
                  ) -> tuple[int | None, int] | None:
    """The document's own term or plan period.

    A title (before ``title``) that names a term or range is the document's; a plan's title
    (``plan_title``: it names a plan or budget) that names a single year ("Kế hoạch … năm
    2026", "plan for 2026") makes it a plan of that year (a resolution "of 2025" is not). Else
    a term or plan period named in the headings and first paragraphs (before ``early``) is
    the document's: the first explicit term there, else the first range of at most ten
    years — unless a plan's title or opening headings name its horizon ("2030 Climate
    Neutrality Action Plan", "Стратегия … до 2030 года": ``horizon``): then a plan period
    ending there is the term, or the plan runs to that year from an unknown start. Otherwise
    the most frequent explicit term ("nhiệm kỳ 2025 - 2030"), else the most frequent range
    of at most ten years (a plan period such as 2025–2030); ties go to the later period, as
    a congress report looks back at the old term as often as it sets the new one.
    """
    def spans(relation: str) -> list[DateRef]:
        return [d for d in dates if d.relation == relation and d.period_start is not None
                and d.period_end is not None and 0 < d.period_end - d.period_start <= 10]

    def first_before(limit: int) -> tuple[int, int] | None:
        """The first explicit term before ``limit``, else the first range."""
        for relation in ("term", "range"):
            first = min((d for d in spans(relation) if d.start < limit),
                        key=lambda d: d.start, default=None)
            if first is not None:
                return first.period_start, first.period_end
        return None

    if found := first_before(title):
        return found
    year = next((d.period_end for d in dates if plan_title and d.start < title
                 and d.relation == "in" and d.period_end is not None
                 and d.period_start == d.period_end), None)
    if year is not None:
        return year, year
    if horizon is not None:
        # a plan period that ends at the horizon ("2025–2030" in a plan "to 2030") is its term
        ending = Counter((d.period_start, d.period_end) for r in ("term", "range")
                         for d in spans(r) if d.period_end == horizon)
        return max(ending, key=lambda s: (ending[s], s)) if ending else (None, horizon)
    if found := first_before(early):
        return found
    for relation in ("term", "range"):
        counts = Counter((d.period_start, d.period_end) for d in spans(relation))
        if counts:
            return max(counts, key=lambda s: (counts[s], s))
    return None
