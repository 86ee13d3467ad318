"""The fields of a row besides its kind: frequency, period and deadline, responsible and
issuer bodies, indicator phrase and code, what is missing, confidence (SPEC §3)."""
from __future__ import annotations

import re
from functools import cache

from .. import cues
from ..lang import load
from ..records import LIST_SEP, BodyRef, DateRef, Quantity, Row
from .context import ITEM_BREAK, DocContext, clause_start, item_start, lead_marker, unique

# A cue this close to the sentence start frames the whole sentence ("Hằng năm, …").
SENTENCE_OPENING = 12
# "so với năm 2025", "compared with 2020": the comparison cue stands right before the date.
COMPARISON_REACH = 10
# Words of a measured thing are short; the indicator keeps the last few words before the value.
INDICATOR_WORDS = 8
# How far back into its paragraph a value looks for what it measures: about one sentence
# ("(23) Income per capita 1.5 times that of 2025. Over 8 million VND a month.")
PREVIOUS_SENTENCE = 160

def frequency(ctx: DocContext, q: Quantity, sentence: tuple[int, int],
              dates: list[DateRef] = ()) -> str:
    """``annual`` when the value says so, when its own item of an enumeration has a per-year
    cue before it, or when the sentence opens with one ("Hằng năm, …", "Each year, …") and
    no date in between starts another frame ("…; Đến năm 2030, …")."""
    if q.frequency == "annual":
        return "annual"
    text = ctx.text
    item = item_start(text, sentence[0], q.start)
    before = text[sentence[0]:q.start]
    blocked = cues.spans(ctx.lang, "not_annual", before)
    for h0, _ in cues.spans(ctx.lang, "annual", before):
        if any(b[0] <= h0 < b[1] for b in blocked):
            continue
        at = sentence[0] + h0
        if at >= item:
            return "annual"
        if h0 <= SENTENCE_OPENING and not any(at < d.start < q.start for d in dates):
            return "annual"
    return "total"


def pick_date(ctx: DocContext, q: Quantity, dates: list[DateRef], sentence: tuple[int, int],
              annual: bool = False) -> DateRef | None:
    """The date that bounds the value: nearest before it, else nearest after it within its
    own enumeration item; comparison bases ("so với năm 2025", "compared with 2020") are not
    periods of the target. A per-year value whose own item names no date runs over the
    document's term."""
    q_start = q.start
    item = item_start(ctx.text, sentence[0], q_start)
    nxt = ITEM_BREAK.search(ctx.text, q.end, sentence[1])
    item_end = nxt.start() if nxt else sentence[1]
    usable = []
    for d in dates:
        if d.relation == "exact" and d.deadline is None:
            continue
        lead = ctx.text[max(0, d.start - COMPARISON_REACH):d.start]
        if cues.has(ctx.lang, "comparison", lead):
            continue
        usable.append(d)
    if annual and not any(item <= d.start < item_end for d in usable):
        return None
    # a change's start has its own year ("from 40% in 2025 to 45% by 2030"): not the target's
    starts = [b.start for b in ctx.inside("quantities", item, q_start) if b.role == "baseline"]
    before = [d for d in usable if d.end <= q_start and not (starts and d.start >= starts[-1])]
    if before:
        return before[-1]
    after = [d for d in usable if q_start <= d.start < item_end]
    return after[0] if after else None


def lead_date(ctx: DocContext, lead: tuple[int, int]) -> DateRef | None:
    """The period a list's lead-in states for all its items ("… обеспечить в 2024 году:",
    "the following targets by 2030:"): its last date that bounds a period, not a comparison
    base nor a cited act's date."""
    found = None
    for d in ctx.inside("dates", lead[0], lead[1]):
        if d.relation not in ("by", "in", "range", "term", "from"):
            continue
        if cues.has(ctx.lang, "comparison", ctx.text[max(0, d.start - COMPARISON_REACH):d.start]):
            continue
        found = d
    return found


def period_fields(ctx: DocContext, d: DateRef | None) -> tuple[int | None, int | None, str, str]:
    """period_start, period_end, deadline, deadline_text."""
    if d is None or d.relation == "term_ref":
        term = ctx.term
        return (term[0], term[1], "", d.text if d else "") if term else (None, None, "", "")
    deadline = d.deadline or ""
    if d.relation in ("range", "term"):
        deadline = ""
    if d.relation == "from" and ctx.term and d.period_start and d.period_start <= ctx.term[1]:
        return d.period_start, ctx.term[1], "", d.text  # "from 2026" within the term
    return d.period_start, d.period_end, deadline, d.text


def roles(ctx: DocContext, sentence: tuple[int, int], bodies: list[BodyRef]) -> tuple[list[str], str]:
    """(responsible codes, issuer code) from the sentence's bodies and role cues."""
    if not bodies:
        return [], ""
    text, lang = ctx.text, ctx.lang
    s0 = sentence[0]
    sent = text[s0:sentence[1]]
    assign = cues.spans(lang, "assign", sent)
    if assign:
        a = s0 + assign[0][0]
        after = [b for b in bodies if b.start >= a]
        before = [b.canonical for b in bodies if b.end <= a]
        if after:
            # The object of "assigned" is the first body after it, with the bodies joined
            # to it by "and"; partners further on ("cooperate with the police") are not,
            # unless the text makes them co-responsible ("coordinate with").
            group = _coordinated(ctx, after, forward=True)
            return unique([b.canonical for b in group] + _partners(ctx, sentence, bodies)), \
                (before[-1] if before else "")
    resp = cues.spans(lang, "responsible", sent) + cues.spans(lang, "task", sent)
    if resp:
        r = s0 + min(s for s, _ in resp)
        # The subject opening the sentence ("1. Tập thể Ban Chấp hành, Ban Thường vụ Tỉnh
        # ủy … phát huy") acts; bodies inside a person's title further on do not.
        lead = s0 + len(m.group()) if (m := lead_marker(lang).match(sent)) else s0
        subject = [b for b in bodies if b.end <= r + 1 and b.start - lead <= SUBJECT_REACH]
        if subject:
            group = _coordinated(ctx, [b for b in bodies if b.start >= subject[0].start and b.end <= r + 1],
                                 forward=True)
            return unique([b.canonical for b in group] + _partners(ctx, sentence, bodies)), ""
        before = [b for b in bodies if b.end <= r + 1]
        if before:
            group = _coordinated(ctx, before, forward=False)
            return unique([b.canonical for b in group] + _partners(ctx, sentence, bodies)), ""
        after = [b for b in bodies if b.start >= r]
        if after:
            return [after[0].canonical], ""
    return [], ""


def _partners(ctx: DocContext, sentence: tuple[int, int], bodies: list[BodyRef]) -> list[str]:
    """Bodies named right after "coordinate with" / "phối hợp với" share the responsibility."""
    out = []
    for s, e in cues.spans(ctx.lang, "coordinate_with", ctx.text[sentence[0]:sentence[1]]):
        after = [b for b in bodies if b.start >= sentence[0] + e]
        if after and after[0].start - (sentence[0] + e) <= COORDINATION_GAP:
            out.extend(b.canonical for b in _coordinated(ctx, after, forward=True))
    return out


COORDINATION_GAP = 12
SUBJECT_REACH = 16  # "Tập thể Ban Chấp hành…", "The whole Standing Committee…"


@cache
def _joiner(lang: str) -> re.Pattern[str]:
    """What may stand between two bodies that share a role: commas, "&" and the language's
    ``coordination`` words ("và", "oraz", "а также")."""
    words = "|".join(re.escape(w) for w in sorted(load(lang, "cues").get("coordination", []),
                                                   key=len, reverse=True))
    return re.compile(rf"[\s,;&]*(?:{words})?[\s,]*" if words else r"[\s,;&]*", re.IGNORECASE)



def _coordinated(ctx: DocContext, bodies: list[BodyRef], forward: bool) -> list[BodyRef]:
    """The body nearest the role cue and the ones joined to it by "and"/commas
    ("Ban Chấp hành, Ban Thường vụ Tỉnh ủy" share the role)."""
    text, joiner = ctx.text, _joiner(ctx.lang)
    seq = bodies if forward else list(reversed(bodies))
    group = [seq[0]]
    for b in seq[1:]:
        left, right = (group[-1], b) if forward else (b, group[-1])
        gap = text[left.end:right.start]
        if len(gap) > COORDINATION_GAP or not joiner.fullmatch(gap):
            break
        group.append(b)
    return group if forward else list(reversed(group))



# --- indicator ------------------------------------------------------------------------

def indicator(ctx: DocContext, q: Quantity, sentence: tuple[int, int],
              block_start: int | None = None) -> tuple[str, str]:
    """(phrase as written, taxonomy code) naming what the value measures.

    Looked up in the value's clause, then the sentence before it, then after it, then the
    sentences before it in the same list item ("(23) Income per capita 1.5 times that of
    2025. Over 8 million VND a month."). Values that follow "economic structure:" or
    "the share of" are shares, coded ``other`` whatever sector they name."""
    text, lang = ctx.text, ctx.lang
    c0 = clause_start(text, sentence[0], q.start)
    code = ""
    if cues.share_context(lang, text[sentence[0]:q.start]):
        code = "other"
    # the value's own enumeration item first ("…; GRDP per capita reaches 5,000 USD; …"),
    # then the items before it in its sentence (what comes after belongs to other items),
    # then the sentence before it in the same paragraph
    i0 = item_start(text, sentence[0], q.start)
    nxt = ITEM_BREAK.search(text, q.end, sentence[1])
    i1 = nxt.start() if nxt else sentence[1]
    windows = [(c0, q.start), (i0, q.start), (q.end, i1), (sentence[0], q.start)]
    if block_start is not None and block_start < sentence[0]:
        windows.append((max(block_start, sentence[0] - PREVIOUS_SENTENCE), sentence[0]))
    for lo, hi in windows if not code else ():
        matches = cues.indicator_matches(lang, text[lo:hi])
        if matches:
            if hi == q.start:
                # nearest before the value; the longer phrase wins a tie
                code = max(matches, key=lambda m: (m[1], m[1] - m[0]))[2]
            else:
                code = matches[0][2]
            break
    phrase = lead_marker(lang).sub("", text[c0:q.start]).strip(" ,:;-–\n")
    words = phrase.split()
    if len(words) > INDICATOR_WORDS:
        phrase = " ".join(words[-INDICATOR_WORDS:])
    if not phrase and q.noun:
        phrase = q.noun
    return " ".join(phrase.split()), code or "other"


def indicator_code(lang: str, phrase: str) -> str:
    """The taxonomy code of a phrase that names what is measured (a table row's label); a
    share ("the share of …") is ``other`` whatever sector it names."""
    if cues.share_context(lang, phrase):
        return "other"
    matches = cues.indicator_matches(lang, phrase)
    return matches[0][2] if matches else "other"

def missing(value: bool, deadline: bool, responsible: bool) -> str:
    out = [name for name, ok in (("value", value), ("deadline", deadline),
                                 ("responsible", responsible)) if not ok]
    return LIST_SEP.join(out)



def confidence(row: Row, mode: str) -> float:
    c = 0.6
    if row.indicator_code and row.indicator_code != "other":
        c += 0.1
    if row.period_end or row.deadline:
        c += 0.1
    if mode:
        c += 0.1
    if row.unit in ("count", ""):
        c -= 0.1
    return round(min(c, 0.95), 2)

