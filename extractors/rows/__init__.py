"""Assembly of review-table rows from a document's segments and mentions (SPEC §2–§3).

Everything here is a pure function of the text, its segments and the mention records the
finders produced. The decisions, in order, for every value in a segment:

1. kind: achievement, target or structure (or no row: a present fact), by weighing cue
   words of the value's clause and sentence, the section the segment sits in ("results of
   the term" vs "targets and tasks"), the paragraph's frame and the years it refers to;
2. context shared by an enumeration: frequency, period, deadline, responsible, issuer;
3. indicator phrase and code from the per-language lexicon.
Sentences with an assignment and a body but no value become ``task`` rows; action-programme
table rows become tasks with their lead body and deadline columns.
"""
from __future__ import annotations

import re

from .. import cues
from ..records import Row
from ..segment import Segment
from .context import (EXTRACTOR, FORWARD, REVIEW, DocContext, paragraph_frames, section_modes,
                      within)
from .fields import frequency, indicator, period_fields, pick_date, roles
from .kinds import classify
from .sentences import task_row, value_rows
from .table_rows import table_rows

__all__ = ["EXTRACTOR", "FORWARD", "REVIEW", "DocContext", "build_rows", "classify",
           "frequency", "indicator", "paragraph_frames", "period_fields", "pick_date", "roles",
           "section_modes", "table_rows", "task_row", "value_rows", "within"]


def build_rows(ctx: DocContext, segments: list[Segment]) -> list[Row]:
    modes = section_modes(ctx, segments)
    frames = paragraph_frames(ctx, segments)
    block_starts: dict[int, int] = {}
    for seg in segments:
        block_starts.setdefault(seg.block, seg.start)
    rows: list[Row] = []
    lead = None  # the sentence or item that opens the current list ("… shall ensure:")
    listing = False  # the previous segment opened or continued a list (ends with ":" or ";")
    previous = None  # the sentence before, which a breakdown ("Of which: …") continues
    dated = None  # a heading that is only a date ("(1) Đến năm 2030"): its section's period
    for seg, mode in zip(segments, modes):
        if seg.kind == "heading" or _date_heading(ctx, seg):
            dated = seg if _date_heading(ctx, seg) else None
            if seg.kind != "heading":
                continue  # a line that is only a date holds no values of its own
        tail = ctx.text[seg.start:seg.end].rstrip()[-1:]
        opens = tail in (":", "：")
        if seg.kind == "sentence" and previous is not None and not listing and _breaks_down(
                ctx, seg):
            lead, listing = previous, True  # "Trong đó: …", "В том числе …" share its context
        previous = seg if seg.kind in ("sentence", "item") else None
        # an unmarked line right after a lead-in, or after a line ending with ";", is a
        # member of the list as much as "a) …" is (decrees write their goals that way)
        member = seg.kind == "item" or (seg.kind == "sentence" and listing)
        if seg.kind in ("sentence", "item") and opens:
            # a nested lead-in that names no body ("a) the following targets:") keeps the
            # outer one ("The Government shall ensure:")
            lead_now = lead
            if (not member or lead is None
                    or ctx.inside("bodies", seg.start, seg.end)):
                lead = seg
        else:
            lead_now = lead
            if not member:
                lead = None
        listing = lead is not None and (opens or (member and tail in (";", "；")))
        if seg.kind == "heading":
            continue
        if seg.kind == "row":
            rows.extend(table_rows(ctx, seg, mode))
            continue
        lead_now = lead_now if member else None
        # a list's members are framed by their lead-in ("… shall reach the following goals:")
        frame = max(frames.get(seg.block, 0.0),
                    frames.get(lead_now.block, 0.0) if lead_now is not None else 0.0)
        found = value_rows(ctx, seg, mode, frame, block_starts[seg.block], lead_now, dated)
        rows.extend(found)
        if not any(r.kind == "target" for r in found):
            t = task_row(ctx, seg, mode)
            if t:
                rows.append(t)
    return rows


def _breaks_down(ctx: DocContext, seg: Segment) -> bool:
    """Does the sentence open with a breakdown of the one before ("Of which:", "Trong đó:")?"""
    head = ctx.text[seg.start:min(seg.end, seg.start + 40)]
    lead = len(head) - len(head.lstrip("*_-–—•> \t"))
    return any(start == lead for start, _ in cues.spans(ctx.lang, "breakdown", head))


# At most this many words besides the date make a line a date heading ("By 2030:",
# "**(1) Đến năm 2030**", "Tầm nhìn đến năm 2045").
DATE_HEADING_WORDS = 3


def _date_heading(ctx: DocContext, seg: Segment) -> bool:
    """Is the segment a short line that states only when ("(1) Đến năm 2030", "By 2030:")?"""
    text = ctx.text[seg.start:seg.end]
    if seg.kind == "row" or len(text) > 60 or ctx.inside("quantities", seg.start, seg.end):
        return False
    dates = [d for d in ctx.inside("dates", seg.start, seg.end) if d.relation in ("by", "in")]
    if len(dates) != 1:
        return False
    rest = text[:dates[0].start - seg.start] + text[dates[0].end - seg.start:]
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= DATE_HEADING_WORDS
