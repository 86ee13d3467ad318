"""The kind of row a value gives: target, achievement, structure, or none (SPEC §2).

Evidence for looking ahead (goal cues, promises, the future tense, future years against the
document's own date, a targets section, a paragraph that announces goals) is weighed against
evidence for looking back (past cues and verb endings, past years, a results section);
present facts, forecasts, thresholds of a condition and short quoted names give no row.

Cues are found once per sentence (``DocContext.cues``); each value asks about its windows —
its clause, its sentence, the few characters before it — by binary search, so a sentence
with thousands of values costs no more than its values.
"""
from __future__ import annotations

from ..cues import CueIndex
from ..records import DateRef, Quantity
from .context import CLAUSE_BREAK, FORWARD, REVIEW, DocContext, clause_start

# A section heading ("Results of the 2020–2025 term", "Targets for 2025–2030") outweighs the
# cue words of a single clause, which translations and reports use loosely.
SECTION_WEIGHT = 5
# How far a verb of reaching may stand from a count ("attract 10 projects", "the ten
# projects to be attracted").
REACH_WINDOW = 24
# "to 55 percent", "до 78 лет": the preposition stands right before the value.
TO_REACH = 16
# How far before a value a forecast word still governs it ("it is expected that by 2030
# approximately 23%").
FORECAST_REACH = 48
# How far past the value its clause's cues still count.
CLAUSE_TAIL = 60
# A document's own parts (goals, tasks, pillars, programmes) number a hundred at most: "950
# charge points" are things to build.
STRUCTURE_MAX = 100
# Units of things counted rather than measured: such values need a commitment in the text.
COUNT_LIKE = ("count", "", "year", "month", "day")


def _years_kind(dates: list[DateRef], term: tuple[int, int] | None, ref: int | None) -> float:
    """Positive when the sentence looks ahead (by 2030), negative when it looks back, judged
    against the document's term, else against the year it was written."""
    score = 0.0
    for d in dates:
        end = d.period_end or d.period_start
        if end is None:
            if d.relation == "term_ref":
                score += 1
            continue
        start = term[0] if term and term[0] is not None else ref  # a horizon has no start
        if start is None:
            continue
        looking_back = d.relation in ("range", "in", "term", "exact", "by")
        if end <= start and looking_back:
            score -= 2 if term else 1
        elif ref is not None and end < ref and looking_back:
            score -= 1  # a report written after its term began looks back at the years lived
        elif end > start and (ref is None or end >= ref):
            score += 1.5 if d.relation in ("by", "range", "term", "in") else 0.5
    return score


def classify(ctx: DocContext, q: Quantity, sentence: tuple[int, int], mode: str,
             frame: float, dates: list[DateRef]) -> str | None:
    """The row kind of value ``q``, or None for a fact that is no row (SPEC §2).

    Cues in the value's own clause count double those elsewhere in its sentence."""
    s0, s1 = sentence
    found = ctx.cues(s0, s1)
    c0 = _labelled_clause_start(ctx.text, s0, clause_start(ctx.text, s0, q.start)) - s0
    c1 = min(s1, q.end + CLAUSE_TAIL) - s0
    # The clause proper ends at the next clause break: tense and modality belong to it.
    end = CLAUSE_BREAK.search(ctx.text, q.end, s1)
    e1 = (end.start() if end else s1) - s0
    v0 = q.start - s0
    past = 2 * found.has("achievement", c0, c1) + found.has("achievement")
    past += 2 * found.has("past", c0, e1)  # a past-tense verb of its own clause
    ahead = 2 * _ahead_cue(found, c0, c1) + _ahead_cue(found, 0, s1 - s0)
    ahead += 2 * found.has("promise", c0, e1) + found.has("promise")
    ahead += found.has("future", c0, e1) + found.has("modal", c0, e1)
    if found.has("change", c0, v0) and found.has("to_value", max(c0, v0 - TO_REACH), v0):
        ahead += 1  # "raise the share … to 55 percent", "увеличение … до 78 лет"
    years = _years_kind(dates, ctx.term, ctx.ref_year)
    # a present verb of the value's clause, or of its sentence before it when the value's
    # own clause looks nowhere ahead ("The region covers 30 thousand km², its border 536
    # km"; but "21.7% today, and it is planned to reach 80% by 2027" aims at the 80%)
    present = found.has("present", c0, c1) or (
        found.has("present", 0, c0) and years <= 0 and not (
            _ahead_cue(found, c0, e1) or found.has("future", c0, e1)
            or found.has("promise", c0, e1) or found.has("modal", c0, e1)))
    ahead += frame + max(years, 0)
    past += max(-years, 0)
    if mode == FORWARD:
        ahead += SECTION_WEIGHT
    elif mode == REVIEW:
        past += SECTION_WEIGHT
    noun = CueIndex(ctx.lang, q.noun) if q.noun else None
    if noun is not None and noun.has("period_nouns"):
        return None  # "the 1st half of 2019", "phase 2": a numbered period, not a value
    if (noun is not None and q.label == "QUANTITY" and q.unit != "percent" and noun.has("structure")
            and (q.value or 0) <= STRUCTURE_MAX):
        return "achievement" if past > ahead and past >= 2 else "structure"
    if noun is not None and q.label == "QUANTITY" and noun.has("attendee_nouns"):
        return None  # "1.587 đại biểu", "36 ý kiến": who came to and spoke at an event
    if found.has("vote", c0, e1):
        return None  # "1,019 votes (96.02%)", "approved with 98% of votes": how a vote went
    if found.has("condition", c0, v0):
        return None  # a threshold of a condition ("when inflation exceeds 5%")
    if found.has("forecast", c0, e1) and not (found.has("promise", c0, e1)
                                              or _ahead_cue(found, c0, e1)):
        return None  # a forecast nobody commits to ("expected to reach 23%")
    if _forecast_of_value(found, v0):
        return None  # "the anticipated 50% increase", "it is expected that by 2030 about 23%"
    if present and mode != REVIEW and past < 3:
        # "the committee has 2,639 members", "the region covers 30 thousand km²": a fact,
        # even under a heading of goals, unless its own sentence aims at it
        own = ahead - (SECTION_WEIGHT if mode == FORWARD else 0) - frame
        return None if own < 2 else "target"
    if past > ahead:
        if q.unit in COUNT_LIKE and not q.noun and not _counts_as_result(found, q, sentence):
            return None  # "for the 1st half of 2019": a number, not a result
        return "achievement"
    if ahead <= 0:
        return None
    if q.unit in COUNT_LIKE and not _counts_as_target(ctx, found, q, sentence):
        return None
    return "target"


# A label before a colon is part of the value's clause: "Kwota wydatkowana: 82 024 zł",
# "Target: 50%" say in their label whether the value was spent or is aimed at.
LABEL_WORDS = 4


def _labelled_clause_start(text: str, seg_start: int, start: int) -> int:
    """``start``, or the start of the short label that a colon ends right before it."""
    colon = text.rfind(":", seg_start, start)
    if colon < 0 or text[colon + 1:start].strip():
        return start
    label_start = clause_start(text, seg_start, colon)
    return label_start if len(text[label_start:colon].split()) <= LABEL_WORDS else start


def _forecast_of_value(found: CueIndex, v0: int) -> bool:
    """A forecast word stands right before the value, with no goal or promise between them:
    the value is what someone expects, whatever goals its sentence names elsewhere."""
    near = found.within("expectation", max(0, v0 - FORECAST_REACH), v0)
    if not near:
        return False
    after = near[-1][1]
    if "|" in found.low[after:v0]:
        return False  # "Outcome (according to module B-1.1) | A 40% reduction": another cell
    return not (found.within("target", after, v0) or found.within("promise", after, v0))


def _ahead_cue(found: CueIndex, lo: int, hi: int) -> bool:
    """A goal cue that is not part of a past-tense phrase ("تم تحقيق" reports, "تحقيق" aims)."""
    past = found.within("achievement", lo, hi)
    return any(not any(p0 <= s < p1 for p0, p1 in past) for s, _ in found.within("target", lo, hi))


def _counts_as_target(ctx: DocContext, found: CueIndex, q: Quantity,
                      sentence: tuple[int, int]) -> bool:
    """A count is a target only when the text commits to it: a comparator ("at least 1
    club"), a verb of reaching right before it ("đạt 826 nghìn người", "attract 10
    projects"), a promise, or a goal word in its own clause. "Two-level local government"
    is not."""
    if q.comparator not in ("eq", "range"):
        return True
    s0, s1 = sentence
    v0, v1 = q.start - s0, q.end - s0
    tail_end = min(s1, q.end + REACH_WINDOW)
    if (m := CLAUSE_BREAK.search(ctx.text, q.end, tail_end)) is not None:
        tail_end = m.start()
    if found.has("reach", max(0, v0 - REACH_WINDOW), v0) or found.has("reach", v1, tail_end - s0):
        return True
    c0 = clause_start(ctx.text, s0, q.start) - s0
    if found.has("change", c0, v0) and found.has("to_value", max(c0, v0 - TO_REACH), v0):
        return True  # "повышение продолжительности жизни до 78 лет", "reduce deaths to 350"
    return found.has("target", c0, v1) or found.has("promise", c0, v1)


def _counts_as_result(found: CueIndex, q: Quantity, sentence: tuple[int, int]) -> bool:
    """A bare count is a reported result only next to a verb of reaching or of the past."""
    v0, v1 = q.start - sentence[0], q.end - sentence[0]
    lo, hi = max(0, v0 - REACH_WINDOW), v1 + REACH_WINDOW
    return q.comparator not in ("eq", "range") or any(
        found.has(name, lo, hi) for name in ("reach", "achievement", "past"))


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
