"""Candidate values and what a decision about their kind can see.

Every quantity the finders found in a sentence or list item is a candidate row. Its
``features`` are tokens that describe where and how the value stands: its unit and
comparator, the cue categories of the language's data around it (goal, past, present,
reach, promise, forecast, condition, change…), the years it refers to against the
document's own date, the section and the table column it sits in — but never the words
themselves: a model that learnt the words of the annotated documents would learn their
wording, as the first rules did (measured: the same held-out F1 with and without them).
The rules (``kinds.classify``) and the learned kind model (``extractors/kind_model``)
decide from the same candidate.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .. import cues
from ..records import DateRef, Quantity
from ..segment import Segment
from .context import DocContext, clause_start, item_start
from .kinds import classify, quoted

# Cue lists of lang/<code>/cues.json a candidate's features report, by where they stand.
CUE_LISTS = ("target", "achievement", "present", "reach", "comparison", "annual", "index",
             "structure", "task", "assign", "promise", "forecast", "condition", "change",
             "to_value", "from_value", "past", "future", "modal")
# Characters left and right of the value that count as "next to it".
NEAR = 32
UNIT_CLASSES = {"percent": "percent", "percentage point": "percent", "count": "count",
                "": "none", "times": "times", "rank": "rank", "index": "index", "year": "time",
                "month": "time", "week": "time", "day": "time", "hour": "time"}


@dataclass(slots=True)
class Candidate:
    q: Quantity
    seg: Segment
    mode: str
    frame: float
    dates: list[DateRef]  # the dates of the candidate's sentence
    quoted: bool
    rule_kind: str | None  # what the rules decide


def candidates(ctx: DocContext, seg: Segment, mode: str, frame: float) -> list[Candidate]:
    sentence = (seg.start, seg.end)
    dates = ctx.inside("dates", seg.start, seg.end)
    out = []
    for q in ctx.inside("quantities", seg.start, seg.end):
        if q.role == "baseline":
            continue  # "from 40% to 45%": 40% is where the change starts, no row of its own
        is_quoted = quoted(ctx.text, q, sentence)
        kind = None if is_quoted else classify(ctx, q, sentence, mode, frame, dates)
        out.append(Candidate(q, seg, mode, frame, dates, is_quoted, kind))
    return out


def unit_class(unit: str) -> str:
    if unit in UNIT_CLASSES:
        return UNIT_CLASSES[unit]
    return "money" if len(unit) == 3 and unit.isupper() else "measure"


def _when(year: int | None, ref: int | None) -> str:
    if year is None or ref is None:
        return "unknown"
    return "future" if year > ref else ("now" if year == ref else "past")


def features(ctx: DocContext, c: Candidate) -> list[str]:
    """The candidate's feature tokens."""
    text, lang, q = ctx.text, ctx.lang, c.q
    s0, s1 = c.seg.start, c.seg.end
    c0 = clause_start(text, s0, q.start)
    i0 = item_start(text, s0, q.start)
    # windows as (start, end) in the sentence: its cues are found once (ctx.cues) and asked
    # about by window, not matched again per candidate and window
    windows = {
        "clause": (c0, min(s1, q.end + 60)),
        "item": (i0, q.start),
        "sent": (s0, s1),
        "left": (max(s0, q.start - NEAR), q.start),
        "right": (q.end, min(s1, q.end + NEAR)),
    }
    found = ctx.cues(s0, s1)
    out = [f"lang={lang}", f"u={unit_class(q.unit)}", f"cmp={q.comparator}", f"seg={c.seg.kind}",
           f"mode={c.mode or 'none'}", f"rule={c.rule_kind or 'none'}"]
    if q.value_max is not None:
        out.append("range")
    if q.frequency == "annual":
        out.append("per_year")
    if q.noun:
        out.append("noun")
        if cues.has(lang, "structure", q.noun):
            out.append("structure_noun")
    if c.quoted:
        out.append("quoted")
    if c.frame:
        out.append("frame")
    value = abs(q.value) if q.value else 0.0
    out.append(f"mag={max(-2, min(9, math.floor(math.log10(value)))) if value else 'zero'}")
    if value == int(value):
        out.append("int")
    for name in found.present(CUE_LISTS):  # most lists have no cue in a sentence
        for where, (lo, hi) in windows.items():
            if hi > lo and found.has(name, lo - s0, hi - s0):
                out.append(f"c:{name}@{where}")
    ref = ctx.ref_year
    for d in c.dates:
        year = d.period_end or d.period_start
        out.append(f"d:{d.relation}:{_when(year, ref)}")
    near = min(c.dates, key=lambda d: min(abs(d.start - q.end), abs(q.start - d.end)), default=None)
    if near is not None:
        side = "before" if near.end <= q.start else "after"
        out.append(f"dn:{near.relation}:{_when(near.period_end or near.period_start, ref)}:{side}")
    if ctx.term:
        out.append(f"term:{_when(ctx.term[1], ref)}")
    return out
