"""The kind of row a value gives: target, achievement, structure, or none (SPEC §2).

Evidence for looking ahead (goal cues, future years, a targets section, a paragraph that
announces goals) is weighed against evidence for looking back (past cues, past periods, a
results section); present facts and short quoted names give no row.
"""
from __future__ import annotations

from .. import cues
from ..records import DateRef, Quantity
from .context import CLAUSE_BREAK, FORWARD, REVIEW, DocContext, clause_start

# A section heading ("Results of the 2020–2025 term", "Targets for 2025–2030") outweighs the
# cue words of a single clause, which translations and reports use loosely.
SECTION_WEIGHT = 5
# How far a verb of reaching may stand from a count ("attract 10 projects", "the ten
# projects to be attracted").
REACH_WINDOW = 24
# Units of things counted rather than measured: such values need a commitment in the text.
COUNT_LIKE = ("count", "", "year", "month", "day")

# --- kind ------------------------------------------------------------------------------

def _years_kind(dates: list[DateRef], term: tuple[int, int] | None) -> float:
    """Positive when the sentence looks ahead (by 2030), negative when it looks back."""
    score = 0.0
    for d in dates:
        end = d.period_end or d.period_start
        if end is None:
            if d.relation == "term_ref":
                score += 1
            continue
        if term and end <= term[0] and d.relation in ("range", "in", "term", "exact", "by"):
            score -= 2
        elif term and end > term[0]:
            score += 1.5 if d.relation in ("by", "range", "term", "in") else 0.5
    return score


def classify(ctx: DocContext, q: Quantity, sentence: tuple[int, int], mode: str,
             frame: float, dates: list[DateRef]) -> str | None:
    """The row kind of value ``q``, or None for a fact that is no row (SPEC §2).

    Evidence for looking ahead (goal cues, future years, a targets section, a paragraph
    that announces goals) is weighed against evidence for looking back (past cues, past
    periods, a results section); cues in the value's own clause count double."""
    text, lang = ctx.text, ctx.lang
    s_start, s_end = sentence
    clause = text[clause_start(text, s_start, q.start):min(s_end, q.end + 60)]
    sent = text[s_start:s_end]
    noun = q.noun.lower()
    past = 2 * cues.has(lang, "achievement", clause) + cues.has(lang, "achievement", sent)
    ahead = 2 * _ahead_cue(lang, clause) + _ahead_cue(lang, sent)
    present = cues.has(lang, "present", clause)
    years = _years_kind(dates, ctx.term)
    ahead += frame + max(years, 0)
    past += max(-years, 0)
    if mode == FORWARD:
        ahead += SECTION_WEIGHT
    elif mode == REVIEW:
        past += SECTION_WEIGHT
    if noun and q.label == "QUANTITY" and q.unit != "percent" and cues.has(lang, "structure", noun):
        return "achievement" if past > ahead and past >= 2 else "structure"
    if present and mode != REVIEW and past < 3:
        return None if ahead < 2 else "target"  # "the committee has 2,639 members"
    if past > ahead:
        return "achievement"
    if ahead <= 0:
        return None
    if q.unit in COUNT_LIKE and not _counts_as_target(ctx, q, sentence):
        return None
    return "target"


def _ahead_cue(lang: str, text: str) -> bool:
    """A goal cue that is not part of a past-tense phrase ("تم تحقيق" reports, "تحقيق" aims)."""
    past = cues.spans(lang, "achievement", text)
    return any(not any(p0 <= s < p1 for p0, p1 in past) for s, _ in cues.spans(lang, "target", text))


def _counts_as_target(ctx: DocContext, q: Quantity, sentence: tuple[int, int]) -> bool:
    """A count is a target only when the text commits to it: a comparator ("at least 1
    club"), a verb of reaching right before it ("đạt 826 nghìn người", "attract 10
    projects"), or a goal word in its own clause. "Two-level local government" is not."""
    if q.comparator not in ("eq", "range"):
        return True
    lead = ctx.text[max(sentence[0], q.start - REACH_WINDOW):q.start]
    tail = ctx.text[q.end:min(sentence[1], q.end + REACH_WINDOW)]
    tail = tail[:m.start()] if (m := CLAUSE_BREAK.search(tail)) else tail
    if cues.has(ctx.lang, "reach", lead) or cues.has(ctx.lang, "reach", tail):
        return True
    clause = ctx.text[clause_start(ctx.text, sentence[0], q.start):q.end]
    return cues.has(ctx.lang, "target", clause)


# --- rows ------------------------------------------------------------------------------

_OPEN_QUOTES, _CLOSE_QUOTES = "\"“„«‘'", "\"”»’'"
QUOTED_NAME = 40  # a quoted phrase this short around a number is a name ("the six clears")


def quoted(text: str, q: Quantity, sentence: tuple[int, int]) -> bool:
    """Is the value part of a short quoted name (“the six clears”, „sześciu jasnych”)?"""
    lo = max(sentence[0], q.start - QUOTED_NAME)
    before = text[lo:q.start]
    opens = [i for i, ch in enumerate(before) if ch in _OPEN_QUOTES]
    if not opens:
        return False
    after = text[q.end:min(sentence[1], q.end + QUOTED_NAME)]
    closes = [i for i, ch in enumerate(after) if ch in _CLOSE_QUOTES]
    if not closes:
        return False
    inner = before[opens[-1] + 1:] + after[:closes[0]]
    return not any(ch in _OPEN_QUOTES + _CLOSE_QUOTES for ch in inner)

