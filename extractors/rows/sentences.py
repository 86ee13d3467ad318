"""Rows from sentences and list items: one row per value, or a task row (SPEC §2)."""
from __future__ import annotations

from .. import cues
from ..numbers import BASELINE_REACH, read_by_size
from ..records import LIST_SEP, Row, target_id_for
from ..segment import Segment
from .context import EXTRACTOR, FORWARD, REVIEW, DocContext, clause_start
from .fields import (confidence, frequency, indicator, lead_date, missing, period_fields,
                     pick_date, roles)
from .candidates import candidates

# A value whose numeral was read by its plausible size, not by its marks, is less sure.
SIZE_DOUBT = 0.2


def value_rows(ctx: DocContext, seg: Segment, mode: str, frame: float,
               block_start: int | None = None, lead: Segment | None = None,
               dated: Segment | None = None) -> list[Row]:
    """One row per value of a sentence or list item; an item whose own words name no
    responsible body takes the one its list's lead-in assigns ("The Government shall
    ensure: a) …; b) …"), and a value with no date of its own the period of its lead-in or
    of the date heading above it ("(1) By 2030")."""
    text = ctx.text
    sentence = (seg.start, seg.end)
    dates = ctx.inside("dates", seg.start, seg.end)
    bodies = ctx.inside("bodies", seg.start, seg.end)
    out: list[Row] = []
    found = [c for c in candidates(ctx, seg, mode, frame) if not c.quoted]
    if not found:
        return out
    responsible, issuer = roles(ctx, sentence, bodies)
    if not responsible and lead is not None:
        responsible, _ = roles(ctx, (lead.start, lead.end),
                               ctx.inside("bodies", lead.start, lead.end))
    # the period a lead-in states carries over to the items that state none (SPEC §2)
    inherited = lead_date(ctx, (lead.start, lead.end)) if lead is not None else None
    if inherited is None and dated is not None:  # under a heading "(1) By 2030"
        inherited = lead_date(ctx, (dated.start, dated.end))
    kinds = ctx.decide(ctx, found) if ctx.decide is not None else [c.rule_kind for c in found]
    for c, kind in zip(found, kinds):
        q = c.q
        if kind is None:
            continue
        unit = q.unit
        if not unit:
            before = text[clause_start(text, seg.start, q.start):q.start]
            if kind == "target" and cues.has(ctx.lang, "index", before):
                unit = "index"
            else:
                continue
        phrase, code = indicator(ctx, q, sentence, block_start)
        row = Row(
            target_id=target_id_for(ctx.text_id, seg.start, seg.end, q.start, q.end, kind),
            doc_id=ctx.doc_id, language=ctx.lang, kind=kind, sentence=text[seg.start:seg.end],
            start=seg.start, end=seg.end, value_start=q.start, value_end=q.end,
            value=q.value, value_max=q.value_max, unit=unit, comparator=q.comparator,
            extractor=EXTRACTOR,
        )
        if kind in ("target", "achievement"):
            row.frequency = frequency(ctx, q, sentence, dates)
            d = pick_date(ctx, q, dates, sentence, row.frequency == "annual") or inherited
            if kind == "achievement" and d is None:
                p = (None, None, "", "")
            else:
                p = period_fields(ctx, d)
            if (row.frequency == "annual" and d is not None and d.relation == "by"
                    and ctx.term and ctx.term[0] is not None and p[1] is not None
                    and ctx.term[0] < p[1] <= ctx.term[1]):
                # an average yearly rate "by 2030" in a 2026–2030 plan runs over 2026–2030
                p = (ctx.term[0], p[1], "", p[3])
            row.period_start, row.period_end, row.deadline, row.deadline_text = p
            row.indicator, row.indicator_code = phrase, code
            row.responsible = LIST_SEP.join(responsible)
            row.issuer = issuer or ctx.issuer
            row.missing = missing(True, bool(row.deadline or row.period_end),
                                   bool(responsible))
        else:
            row.indicator = q.noun or phrase
            row.frequency = "total"
            row.issuer = ctx.issuer
        row.baseline = _baseline_of(ctx, q)
        row.confidence = confidence(row, mode)
        if read_by_size(q.text, ctx.lang):
            row.confidence = round(row.confidence - SIZE_DOUBT, 2)  # SPEC §3: say so
        out.append(row)
    return out



def _baseline_of(ctx: DocContext, q) -> float | None:
    """The value where the change to ``q`` starts ("from 40% to 45%"), if the text gives one
    right before it in the same unit."""
    before = [b for b in ctx.inside("quantities", max(0, q.start - BASELINE_REACH - 60), q.start)
              if b.role == "baseline" and 0 <= q.start - b.end <= BASELINE_REACH]
    if not before or (before[-1].unit and q.unit and before[-1].unit != q.unit):
        return None
    return before[-1].value


def task_row(ctx: DocContext, seg: Segment, mode: str) -> Row | None:
    """A forward-looking assignment with a responsible body or a deadline, but no value."""
    text, lang = ctx.text, ctx.lang
    sent = text[seg.start:seg.end]
    if mode == REVIEW or not (cues.has(lang, "assign", sent) or cues.has(lang, "task", sent)):
        return None
    bodies = ctx.inside("bodies", seg.start, seg.end)
    dates = [d for d in ctx.inside("dates", seg.start, seg.end) if d.relation in ("by", "in")]
    responsible, issuer = roles(ctx, (seg.start, seg.end), bodies)
    if not responsible and not dates:
        return None
    if not responsible and not cues.has(lang, "assign", sent) and mode != FORWARD:
        return None
    ps, pe, deadline, dtext = period_fields(ctx, dates[0] if dates else None)
    row = Row(
        target_id=target_id_for(ctx.text_id, seg.start, seg.end, None, None, "task"),
        doc_id=ctx.doc_id, language=lang, kind="task", sentence=sent, start=seg.start,
        end=seg.end, period_start=ps, period_end=pe, deadline=deadline, deadline_text=dtext,
        responsible=LIST_SEP.join(responsible), issuer=issuer or ctx.issuer,
        extractor=EXTRACTOR,
    )
    row.missing = missing(False, bool(deadline or pe), bool(responsible))
    row.confidence = 0.6 if responsible else 0.45
    return row

