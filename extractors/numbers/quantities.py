"""Percentages, money and counted or measured quantities in a text (``find_quantities``).

Each is a ``Quantity`` record: value, range, comparator, unit, frequency and counted noun.

From each numeral core the reader looks right for scale words, a unit, currency or percent
sign, a range's second half, a per-year marker and an "or more" cue, and left for a currency
sign and a comparator cue; the counted noun follows the number, or precedes a definite one.
``contexts`` says when the number is a year, a date part, a reference, an ordinal or a list
marker instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Quantity
from .contexts import bare_year_or_code, glued_left, glued_right, is_year, list_marker, not_quantity
from .lexicon import Rules, rules
from .parse import bracketed, Core, core_at, numeral
from .phrases import NEWLINES, TOKEN, Hit

_SLASH_WORDS = re.compile(r"[^\S\n]*/[^\S\n]*([^\W\d_]+)(?:[^\S\n]+([^\W\d_]+))?")
_CLAUSE_END = re.compile(r"[;.!?\n]")
_WORD_THEN_DIGIT = re.compile(r"([^\W\d_]+)\s+\d")
_WORD = re.compile(r"[^\W\d_]+")
_CUE_WORDS = 4  # an "or more" cue may stand this many words after the unit or noun

MEASURES = ("percent", "currency", "unit")
LABELS = {"percent": "PERCENT", "currency": "MONEY"}


def _measure(hit: Hit | None) -> tuple[str, str] | None:
    if hit is None:
        return None
    for cat in MEASURES:
        if cat in hit.entry:
            return cat, hit.entry[cat]
    return None


@dataclass(slots=True)
class _Reading:
    start: int
    end: int
    value: float
    value_max: float | None = None
    kind: str = ""  # percent | currency | unit | count | ""
    unit: str = ""
    comparator: str = "eq"
    annual: bool = False
    noun: str = ""
    factor: float = 1.0  # the scale written with the first number ("10–12 triệu" shares it)
    role: str = ""  # "baseline": the start of a change ("z 10 do 60"), not a range's bound


def find_quantities(text: str, lang: str) -> list[Quantity]:
    """Every percentage, amount of money and count or measured quantity in ``text``, sorted
    by start, non-overlapping, ``text[q.start:q.end] == q.text``. Years, date parts,
    identifiers, references, ordinals and list markers are not quantities."""
    r = rules(lang).reading(text)
    out: list[Quantity] = []
    floor = resume = 0
    names = [n.span() for n in r.names.finditer(text)] if r.names is not None else []
    for m in r.scan.finditer(text):
        if m.start() < resume or m.lastgroup == "url":
            continue
        if names and any(a <= m.start() < b for a, b in names):
            continue  # "net zero", "zero-carbon": a name, not the value 0
        c = core_at(text, m, r)
        if c is None:
            continue
        got = _read(text, c, r, floor)
        if isinstance(got, _Reading):
            q = _quantity(text, got)
            out.append(_to_after_baseline(text, out[-1], q) if out else q)
            floor = resume = got.end
        else:
            resume = max(resume, c.end, got or 0)
    return out


def _quantity(text: str, g: _Reading) -> Quantity:
    label = LABELS.get(g.kind, "QUANTITY")
    return Quantity(g.start, g.end, text[g.start:g.end], label, g.value, g.value_max, g.unit,
                    g.comparator, "annual" if g.annual else None, g.noun, g.role)


# A change reaches a second figure soon after its start, within the clause ("from 40% in
# 2025 to 45%"); "từ 10,5%/năm trở lên" (10.5% a year or more) reaches none.
_CHANGE_REACH = 60
_CHANGE_TO = re.compile(r"[^;.!?\n\d]*\d")
# How close before a number the 'from' word of a change stands, and how far before that
# its verb may be ("increase the share of renewable energy in final consumption from 10%")
_CHANGE_WINDOW = 120


def _opens_change(text: str, start: int, r: Rules) -> bool:
    """Is the number the start of a change ("increase … from 40%", "wzrosną z około 10")?"""
    if r.change_from is None:
        return False
    window = text[max(0, start - _CHANGE_WINDOW):start]
    return r.change_from.search(window) is not None


# How far the start of a change may stand before the value it changes to ("z 500 zł do
# 1000 zł"); rows read the baseline back within the same reach.
BASELINE_REACH = 40


def _to_after_baseline(text: str, prev: Quantity, q: Quantity) -> Quantity:
    """The value a change reaches ("z 10 do 60", "с 10 до 60") is that value, not an upper
    bound: its 'to' word is no comparator."""
    if prev.role != "baseline" or q.comparator != "lte" or q.start - prev.end > BASELINE_REACH:
        return q
    return Quantity(q.start, q.end, q.text, q.label, q.value, q.value_max, q.unit, "eq",
                    q.frequency, q.noun, q.role)


def _read(text: str, c: Core, r: Rules, floor: int) -> _Reading | int | None:
    """Read the quantity around one numeral core; an int says where to resume when the
    core is part of something to skip (a date, an identifier, a range of years)."""
    if c.ordinal or c.vague:
        return None
    glued = 0
    if c.digits:
        if glued_left(text, c, r, floor):
            return glued_right(text, c.end, r) or None
        glued = glued_right(text, c.end, r)
        if glued and text[c.end] in "/:":
            return glued  # a date, ratio or time: skipped whole
        if list_marker(text, c, _measured_after_bracket(text, c.end, r)
                       or _measured_before_bracket(text, c.start, r, floor)):
            return None
    end, value, factor = numeral(text, c, r)
    hit = r.after.after(text, end)
    measure = _measure(hit)
    if measure is None and bracketed(text, c.start, end):
        hit = r.after.after(text, end + 1)  # "(80) عاماً": the unit after the bracket
        measure = _measure(hit)
    if glued and end == c.end and not (measure and hit.start == end):
        return glued  # 5G, 18th, 308-QĐ
    g = _Reading(c.start, end, value, factor=factor)
    if measure:
        g.kind, g.unit = measure
        g.end = hit.end
    if text[c.start - 1:c.start] == "(" and ")" in text[c.end:g.end]:
        g.start = c.start - 1  # the bracket opened before the figure belongs to it
    elif not measure and bracketed(text, c.start, end):
        # "أكثر من (450) نادي": the brackets are the figure's own, the words around them
        # (a comparator before, a counted noun after) read as if there were none
        g.start, g.end = c.start - 1, end + 1
    before = r.before.before(text, g.start, floor)
    if before and "currency" in before.entry and g.kind != "currency":
        g.kind, g.unit, g.start = "currency", before.entry["currency"], before.start
        before = r.before.before(text, before.start, floor)
    if not_quantity(text, c, g.kind, before, hit, r):
        return None
    if (_opens_change(text, c.start, r) and text[g.end:g.end + 2].strip()[:1] not in r.dashes
            and _CHANGE_TO.match(text, g.end, g.end + _CHANGE_REACH)):
        g.role = "baseline"  # "wzrosną z 10 do 60 mln": from 10, to 60 — no range
        # ("tăng trưởng từ 10–10,5%" is a range of growth: a dash joins a range)
    rng = False if g.role else _range(text, c, g, before, r)
    if type(rng) is int:  # a range of years to skip (bool is the "range read" answer)
        return rng
    if not (g.kind or factor > 1 or rng) and bare_year_or_code(text, c, before, hit):
        return None
    if before and not g.kind and before.entry.keys() & {"unit", "percent"}:
        kind = "unit" if "unit" in before.entry else "percent"  # "gấp 2", "نسبة 10"
        g.kind, g.unit = kind, before.entry[kind]
        g.start = before.start if kind == "percent" else g.start
    _per(text, g, r)
    cue = _cue_before(text, g.start, r, floor, before)
    if cue and g.comparator != "range":
        comparator, cue_start, is_from = cue
        g.comparator = "eq" if is_from and _is_change(text, g.end, r) else comparator
        if comparator != "eq":  # "tăng từ" (increase from) is no comparator
            g.start = cue_start
    if not g.kind and not rng:
        _noun(text, c, g, r, floor)
    _cue_after(text, g, r)
    if c.weak and not cue and g.kind in ("", "count"):
        return None  # "một" (one, a), "năm" (five, year) alone
    return g


def _measured_before_bracket(text: str, start: int, r: Rules, floor: int) -> bool:
    """Does a unit or comparator word stand right before "(N)"? ("المرتبة (26)", the 26th
    rank; "أكثر من (450)", more than 450): a figure, not a list marker."""
    if text[start - 1:start] != "(":
        return False
    hit = r.before.before(text, start - 1, floor)
    return bool(hit and hit.entry.keys() & {"unit", "percent", "cmp"})


def _measured_after_bracket(text: str, end: int, r: Rules) -> bool:
    """Does a unit, scale or percent word follow "(N)"? ("(30) مليون", "(80) عاماً")"""
    if text[end:end + 1] != ")":
        return False
    hit = r.after.after(text, end + 1)
    return hit is not None and (_measure(hit) is not None or "scale" in hit.entry)


def _range(text: str, c: Core, g: _Reading, before: Hit | None, r: Rules) -> bool | int:
    """Extend ``g`` over a range's second half ("11–12%", "od 10 do 12%", "بين 11% و12%").
    Returns True when a range was read, an int to skip a range of years, else False."""
    if c.weak:
        return False  # "không tới 7000": 'không' is 'not' here
    conn = r.after.after(text, g.end, newlines=0)
    opener = _key_of(text, before, r) if before and "range_open" in before.entry else None
    pos = None
    if conn and "range_conn" in conn.entry:
        pos = conn.end
    elif conn and "range_close" in conn.entry and opener:
        closers = r.pairs.get(opener, frozenset())
        if _key_of(text, conn, r) in closers:
            pos = conn.end
    elif opener and r.attached:
        # a glued closer: "بين عشرة وعشرون"
        closers = r.pairs.get(opener, frozenset())
        k = g.end
        while k < len(text) and text[k] in " \t":
            k += 1
        if any(cl == (a,) and text.startswith(a, k) for cl in closers for a in r.attached):
            pos = k
    if pos is None:
        return False
    while pos < len(text) and text[pos] in " \t\u00a0":
        pos += 1
    sign = r.after.after(text, pos, newlines=0)
    if g.kind == "currency" and sign and sign.start == pos and sign.entry.get("currency") == g.unit:
        pos = sign.end  # "$10-$20", "VND1000-VND2000"
        while pos < len(text) and text[pos] in " \t\u00a0":
            pos += 1
    m = r.scan.match(text, pos)
    if m is None or m.lastgroup == "url":
        return False
    c2 = core_at(text, m, r)
    if c2 is None or c2.ordinal or c2.vague:
        return False
    if c2.digits and glued_right(text, c2.end, r) and text[c2.end] in "/:":
        return False
    end2, v2, factor2 = numeral(text, c2, r)
    hit2 = r.after.after(text, end2)
    m2 = _measure(hit2)
    if not g.kind and not m2 and c2.plain and is_year(c2, None, None):
        return c2.end if is_year(c, None, None) else False  # "2025–2030": a period, skipped whole
    if g.kind and m2 and (g.kind, g.unit) != m2:
        return False
    value = g.value
    if factor2 > 1 and g.factor == 1 and not g.kind:
        value *= factor2  # "10–12 triệu": the scale covers both
    if v2 <= value:
        return False
    g.value, g.value_max, g.comparator = value, v2, "range"
    g.end = hit2.end if m2 else end2
    if m2 and not g.kind:
        g.kind, g.unit = m2
    if opener:
        g.start = min(g.start, before.start)
    return True


def _key_of(text: str, hit: Hit, r: Rules) -> tuple[str, ...]:
    return r.after.key(text[hit.start:hit.end])


def _per(text: str, g: _Reading, r: Rules) -> None:
    """Per-unit markers after a measure: '/năm' (annual), '/tháng', '/lao động', 'per year'."""
    for _ in range(3):
        hit = r.after.after(text, g.end, newlines=0)
        if hit and hit.entry.keys() & {"per_year", "per_other"}:
            g.annual = g.annual or "per_year" in hit.entry
            g.end = hit.end
            continue
        m = _SLASH_WORDS.match(text, g.end)
        if not m or not g.kind or g.kind == "count":
            return
        # "/lao động": the words after the slash, unless the second is a function word
        two = m.group(2) and r.noun_words > 1 and r.norm(m.group(2)) not in r.not_nouns
        g.end = m.end(2) if two else m.end(1)


def _cue_before(text: str, start: int, r: Rules, floor: int,
                hit: Hit | None = None) -> tuple[str, int, bool] | None:
    """(comparator, cue start, is a 'from' cue) for a cue right before ``start``; fillers
    ('đạt', 'reach') may stand between the cue and the number."""
    hit = hit if hit and hit.end <= start else r.before.before(text, start, floor)
    for _ in range(3):
        if hit is None:
            return None
        if "cmp" in hit.entry:
            return hit.entry["cmp"], hit.start, "range_open" in hit.entry
        if "filler" not in hit.entry:
            return None
        hit = r.before.before(text, hit.start, floor)
    return None


def _is_change(text: str, end: int, r: Rules) -> bool:
    """'từ X ... lên Y': X is where a change starts, not a lower bound."""
    if not r.change_words:
        return False
    clause = _CLAUSE_END.split(text[end:end + 80], maxsplit=1)[0]
    for m in _WORD_THEN_DIGIT.finditer(clause):
        if r.norm(m.group(1)) in r.change_words:
            return True
    return False


def _noun(text: str, c: Core, g: _Reading, r: Rules, floor: int) -> None:
    """The counted noun: 1-2 words after the number ('24 oddziały', 'mười dự án'), or, for an
    Arabic definite number, the definite noun phrase before it ('المشاريع الاستثمارية العشرة',
    which then joins the span)."""
    if c.definite:
        _noun_before(text, c, g, r, floor)
        return
    hit = r.after.after(text, g.end)
    if hit and hit.entry.keys() & {"block", "range_conn", "cmp", "per_year", "per_other", "year_after"}:
        return
    if hit and "noun" in hit.entry:
        g.kind, g.unit, g.noun = "count", "count", text[hit.start:hit.end]
        return
    first = last = None
    for m in TOKEN.finditer(text, g.end):
        gap, word = text[(last or g.end):m.start()], m.group()
        if not word[0].isalpha() or r.norm(word) in r.not_nouns:
            break
        if ("\n" in gap and first is not None) or word[0].isupper():
            break  # a name ("Hồ Ba Bể"), a heading or a new line, not this number's noun
        first = m.start() if first is None else first
        last = m.end()
        if len(TOKEN.findall(text, first, last)) >= r.noun_words:
            break
    if first is not None:
        g.kind, g.unit, g.noun = "count", "count", text[first:last]


def _noun_before(text: str, c: Core, g: _Reading, r: Rules, floor: int) -> None:
    """Up to N definite words before the number ("المشاريع الاستثمارية"); the first is the
    noun, and a unit when the lexicon says so ("للسنوات الخمس", the five years)."""
    limit, prefixes = r.noun_before
    lo = max(floor, c.start - 80)
    start, words = c.start, []
    for w in reversed(list(_WORD.finditer(text[lo:c.start]))):
        norm = r.norm(w.group())
        if len(words) == limit or not text[lo + w.end():start].isspace():
            break
        if not any(norm.startswith(p) and len(norm) > len(p) + 1 for p in prefixes):
            break
        words.append(norm)
        start = lo + w.start()
    if not words:
        return
    head = words[-1]  # the noun itself; the words after it are adjectives
    stem = next(head[len(p):] for p in sorted(prefixes, key=len, reverse=True) if head.startswith(p))
    unit = r.after.table.get((stem,), {}).get("unit")
    g.start, g.noun = start, text[start:c.start].strip()
    g.kind, g.unit = ("unit", unit) if unit else ("count", "count")


def _cue_after(text: str, g: _Reading, r: Rules) -> None:
    """'or more', 'trở lên', 'فأكثر' right after the quantity (then it joins the span) or
    after its noun within a few words on the same clause."""
    firsts, prev = r.after.firsts.get("cmp", set()), g.end
    for words, m in enumerate(TOKEN.finditer(text, g.end)):
        if words > _CUE_WORDS or text.count("\n", prev, m.start()) > NEWLINES:
            return
        if r.norm(m.group()) in firsts:
            hit = r.after.after(text, m.start())
            if hit and "cmp" in hit.entry:
                if g.comparator != "range":
                    g.comparator = hit.entry["cmp"]
                if words == 0:
                    g.end = hit.end
                return
        if not m.group()[0].isalpha():
            return
        prev = m.end()
