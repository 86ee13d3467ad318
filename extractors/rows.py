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
from dataclasses import dataclass, field
from functools import cache

from . import cues
from .bodies import normalize_body
from .lang import load
from .records import LIST_SEP, BodyRef, DateRef, Quantity, Row, target_id_for, text_key
from .segment import DEFAULT_ITEM_LETTERS, Segment

EXTRACTOR = "rules@0.1.0"
FORWARD, REVIEW = "forward", "review"
# A section heading ("Results of the 2020–2025 term", "Targets for 2025–2030") outweighs the
# cue words of a single clause, which translations and reports use loosely.
SECTION_WEIGHT = 5
# A cue this close to the sentence start frames the whole sentence ("Hằng năm, …").
SENTENCE_OPENING = 12
# "so với năm 2025", "compared with 2020": the comparison cue stands right before the date.
COMPARISON_REACH = 10
# How far a verb of reaching may stand from a count ("attract 10 projects", "the ten
# projects to be attracted").
REACH_WINDOW = 24
# Units of things counted rather than measured: such values need a commitment in the text.
COUNT_LIKE = ("count", "", "year", "month", "day")
CLAUSE_BREAK = re.compile(r"[;؛]|,\s|،\s|:\s")
# Words of a measured thing are short; the indicator keeps the last few words before the value.
INDICATOR_WORDS = 8


@dataclass(slots=True)
class DocContext:
    """What a row inherits from its document."""

    doc_id: str
    lang: str
    text: str
    term: tuple[int, int] | None
    issuer: str
    quantities: list[Quantity]
    dates: list[DateRef]
    bodies: list[BodyRef]
    tables: list[list[list[tuple[int, int]]]] = field(default_factory=list)
    text_id: str = ""  # records.text_key(text): what target ids are keyed on

    def __post_init__(self) -> None:
        if not self.text_id:
            self.text_id = text_key(self.text)


def _within(items, start: int, end: int):
    return [x for x in items if x.start >= start and x.end <= end]


def _clause_start(text: str, seg_start: int, pos: int) -> int:
    """Start of the clause that holds ``pos``: after the last ; , : before it."""
    best = seg_start
    for m in CLAUSE_BREAK.finditer(text, seg_start, pos):
        best = m.end()
    return best


# --- sections -------------------------------------------------------------------------

def section_modes(ctx: DocContext, segments: list[Segment]) -> list[str]:
    """For each segment, whether it sits under a heading of results or of targets.

    A heading that names neither (a continuation line, a title block) keeps the mode:
    "QUAN ĐIỂM, MỤC TIÊU…" followed by "NHIỆM KỲ 2025 - 2030" is still about targets.
    """
    modes, mode = [], ""
    for seg in segments:
        if _is_subheading(ctx.text, seg):
            head = ctx.text[seg.start:seg.end]
            review = cues.spans(ctx.lang, "review_section", head)
            forward = cues.spans(ctx.lang, "forward_section", head)
            if head.endswith(":") and not (review or forward):
                forward = cues.spans(ctx.lang, "target", head)  # "The ward strives for:"
            # The heading's first topic word decides: "ĐÁNH GIÁ KẾT QUẢ … CÁC MỤC TIÊU"
            # reviews targets, "PHƯƠNG HƯỚNG, GIẢI PHÁP KHẮC PHỤC HẠN CHẾ" plans ahead.
            if review and (not forward or review[0][0] <= forward[0][0]):
                mode = REVIEW
            elif forward:
                mode = FORWARD
        modes.append(mode)
    return modes


# Numbered section headings: "II.", "2.", "2.1." — not bullets or "(1)" list items.
_SECTION_NUMBER = re.compile(r"\s*(?:[IVXLC]{1,6}\.|\d{1,2}(?:\.\d{1,2})*\.)\s")


def _is_subheading(text: str, seg: Segment) -> bool:
    """Headings, numbered section titles ("2. Các chỉ tiêu chủ yếu") and short lead-in
    lines that open a list ("Main targets for the 2025–2030 term:")."""
    if seg.kind == "heading":
        return True
    s = text[seg.start:seg.end]
    if len(s) >= 110 or "\n" in s:
        return False
    if s.endswith(":"):
        return True
    return seg.kind == "item" and not re.search(r"[.;!?]$", s) and bool(_SECTION_NUMBER.match(s))


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
    clause = text[_clause_start(text, s_start, q.start):min(s_end, q.end + 60)]
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
    clause = ctx.text[_clause_start(ctx.text, sentence[0], q.start):q.end]
    return cues.has(ctx.lang, "target", clause)


def paragraph_frames(ctx: DocContext, segments: list[Segment]) -> dict[int, float]:
    """Blocks whose sentences announce goals ("set the goal", "dążąc", "السعي") frame the
    enumerations that follow inside the same paragraph."""
    frames: dict[int, float] = {}
    for seg in segments:
        if cues.has(ctx.lang, "target", ctx.text[seg.start:seg.end]):
            frames[seg.block] = 1.0
    return frames


# --- shared context --------------------------------------------------------------------

_ITEM_BREAK = re.compile(r"[;؛]")


def _item_start(text: str, sentence_start: int, pos: int) -> int:
    """Start of the enumeration item (";"-separated part of the sentence) holding ``pos``."""
    best = sentence_start
    for m in _ITEM_BREAK.finditer(text, sentence_start, pos):
        best = m.end()
    return best


def frequency(ctx: DocContext, q: Quantity, sentence: tuple[int, int],
              dates: list[DateRef] = ()) -> str:
    """``annual`` when the value says so, when its own item of an enumeration has a per-year
    cue before it, or when the sentence opens with one ("Hằng năm, …", "Each year, …") and
    no date in between starts another frame ("…; Đến năm 2030, …")."""
    if q.frequency == "annual":
        return "annual"
    text = ctx.text
    item = _item_start(text, sentence[0], q.start)
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
    item = _item_start(ctx.text, sentence[0], q_start)
    nxt = _ITEM_BREAK.search(ctx.text, q.end, sentence[1])
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
    before = [d for d in usable if d.end <= q_start]
    if before:
        return before[-1]
    after = [d for d in usable if q_start <= d.start < item_end]
    return after[0] if after else None


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
            return _unique([b.canonical for b in group] + _partners(ctx, sentence, bodies)), \
                (before[-1] if before else "")
    resp = cues.spans(lang, "responsible", sent) + cues.spans(lang, "task", sent)
    if resp:
        r = s0 + min(s for s, _ in resp)
        # The subject opening the sentence ("1. Tập thể Ban Chấp hành, Ban Thường vụ Tỉnh
        # ủy … phát huy") acts; bodies inside a person's title further on do not.
        lead = s0 + len(m.group()) if (m := _lead_marker(lang).match(sent)) else s0
        subject = [b for b in bodies if b.end <= r + 1 and b.start - lead <= SUBJECT_REACH]
        if subject:
            group = _coordinated(ctx, [b for b in bodies if b.start >= subject[0].start and b.end <= r + 1],
                                 forward=True)
            return _unique([b.canonical for b in group] + _partners(ctx, sentence, bodies)), ""
        before = [b for b in bodies if b.end <= r + 1]
        if before:
            group = _coordinated(ctx, before, forward=False)
            return _unique([b.canonical for b in group] + _partners(ctx, sentence, bodies)), ""
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


@cache
def _lead_marker(lang: str) -> re.Pattern[str]:
    """A list item's marker with the space after it ("(1) ", "a) ", "- ")."""
    letters = load(lang, "cues").get("item_letters", DEFAULT_ITEM_LETTERS)
    return re.compile(rf"^\s*(?:\(\d{{1,2}}\)|\d{{1,2}}[.)]|[{letters}]\)|[-+•*–—])\s*")


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


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


# --- indicator ------------------------------------------------------------------------

def indicator(ctx: DocContext, q: Quantity, sentence: tuple[int, int],
              block_start: int | None = None) -> tuple[str, str]:
    """(phrase as written, taxonomy code) naming what the value measures.

    Looked up in the value's clause, then the sentence before it, then after it, then the
    sentences before it in the same list item ("(23) Income per capita 1.5 times that of
    2025. Over 8 million VND a month."). Values that follow "economic structure:" or
    "the share of" are shares, coded ``other`` whatever sector they name."""
    text, lang = ctx.text, ctx.lang
    c0 = _clause_start(text, sentence[0], q.start)
    code = ""
    if cues.share_context(lang, text[sentence[0]:q.start]):
        code = "other"
    windows = [(c0, q.start), (sentence[0], q.start), (q.end, sentence[1])]
    if block_start is not None and block_start < sentence[0]:
        windows.append((block_start, sentence[0]))
    for lo, hi in windows if not code else ():
        matches = cues.indicator_matches(lang, text[lo:hi])
        if matches:
            if hi == q.start:
                # nearest before the value; the longer phrase wins a tie
                code = max(matches, key=lambda m: (m[1], m[1] - m[0]))[2]
            else:
                code = matches[0][2]
            break
    phrase = _lead_marker(lang).sub("", text[c0:q.start]).strip(" ,:;-–\n")
    words = phrase.split()
    if len(words) > INDICATOR_WORDS:
        phrase = " ".join(words[-INDICATOR_WORDS:])
    if not phrase and q.noun:
        phrase = q.noun
    return " ".join(phrase.split()), code or "other"


# --- rows ------------------------------------------------------------------------------

_OPEN_QUOTES, _CLOSE_QUOTES = "\"“„«‘'", "\"”»’'"
QUOTED_NAME = 40  # a quoted phrase this short around a number is a name ("the six clears")


def _quoted(text: str, q: Quantity, sentence: tuple[int, int]) -> bool:
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


def _missing(value: bool, deadline: bool, responsible: bool) -> str:
    out = [name for name, ok in (("value", value), ("deadline", deadline),
                                 ("responsible", responsible)) if not ok]
    return LIST_SEP.join(out)


def value_rows(ctx: DocContext, seg: Segment, mode: str, frame: float,
               block_start: int | None = None) -> list[Row]:
    text = ctx.text
    sentence = (seg.start, seg.end)
    dates = _within(ctx.dates, seg.start, seg.end)
    bodies = _within(ctx.bodies, seg.start, seg.end)
    out: list[Row] = []
    responsible, issuer = roles(ctx, sentence, bodies)
    for q in _within(ctx.quantities, seg.start, seg.end):
        if _quoted(text, q, sentence):
            continue
        kind = classify(ctx, q, sentence, mode, frame, dates)
        if kind is None:
            continue
        unit = q.unit
        if not unit:
            before = text[_clause_start(text, seg.start, q.start):q.start]
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
            d = pick_date(ctx, q, dates, sentence, row.frequency == "annual")
            if kind == "achievement" and d is None:
                p = (None, None, "", "")
            else:
                p = period_fields(ctx, d)
            row.period_start, row.period_end, row.deadline, row.deadline_text = p
            row.indicator, row.indicator_code = phrase, code
            row.responsible = LIST_SEP.join(responsible)
            row.issuer = issuer or ctx.issuer
            row.missing = _missing(True, bool(row.deadline or row.period_end),
                                   bool(responsible))
        else:
            row.indicator = q.noun or phrase
            row.frequency = "total"
            row.issuer = ctx.issuer
        row.confidence = _confidence(row, mode)
        out.append(row)
    return out


def _confidence(row: Row, mode: str) -> float:
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


def task_row(ctx: DocContext, seg: Segment, mode: str) -> Row | None:
    """A forward-looking assignment with a responsible body or a deadline, but no value."""
    text, lang = ctx.text, ctx.lang
    sent = text[seg.start:seg.end]
    if mode == REVIEW or not (cues.has(lang, "assign", sent) or cues.has(lang, "task", sent)):
        return None
    bodies = _within(ctx.bodies, seg.start, seg.end)
    dates = [d for d in _within(ctx.dates, seg.start, seg.end) if d.relation in ("by", "in")]
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
    row.missing = _missing(False, bool(deadline or pe), bool(responsible))
    row.confidence = 0.6 if responsible else 0.45
    return row


def build_rows(ctx: DocContext, segments: list[Segment]) -> list[Row]:
    modes = section_modes(ctx, segments)
    frames = paragraph_frames(ctx, segments)
    block_starts: dict[int, int] = {}
    for seg in segments:
        block_starts.setdefault(seg.block, seg.start)
    rows: list[Row] = []
    for seg, mode in zip(segments, modes):
        if seg.kind == "heading":
            continue
        if seg.kind == "row":
            rows.extend(table_rows(ctx, seg, mode))
            continue
        found = value_rows(ctx, seg, mode, frames.get(seg.block, 0.0), block_starts[seg.block])
        rows.extend(found)
        if not any(r.kind == "target" for r in found):
            t = task_row(ctx, seg, mode)
            if t:
                rows.append(t)
    return rows


# --- action-programme tables ----------------------------------------------------------

def _column_roles(ctx: DocContext, header: list[str]) -> dict[str, int]:
    spec = load(ctx.lang, "cues").get("table_headers", {})
    roles_: dict[str, int] = {}
    for i, cell in enumerate(header):
        low = cell.lower()
        for role in ("body", "deadline", "period", "content"):
            if role in roles_:
                continue
            if any(k in low for k in spec.get(role, [])):
                roles_[role] = i
                break
    return roles_


def table_rows(ctx: DocContext, seg: Segment, mode: str) -> list[Row]:
    """Rows of an action-programme table (content | lead body | deadline | period)."""
    cells, header, is_header = _table_cells(ctx, seg)
    if is_header:
        return []
    if cells is None or header is None:
        return value_rows(ctx, seg, mode, 0.0)
    cols = _column_roles(ctx, header)
    text = ctx.text

    def cell(role: str) -> tuple[int, int] | None:
        i = cols.get(role)
        return cells[i] if i is not None and i < len(cells) else None

    body_cell = cell("body")
    responsible: list[str] = []
    if body_cell:
        # Bodies the finder saw inside the cell keep their nesting ("Ban Tuyên giáo và Dân
        # vận Tỉnh ủy" is one commission); a cell it could not parse is normalised whole.
        responsible = [b.canonical for b in _within(ctx.bodies, *body_cell)]
        if not responsible:
            b = normalize_body(" ".join(text[body_cell[0]:body_cell[1]].split()), ctx.lang)
            responsible = [b.canonical] if b else []
    if not any(c and c[1] > c[0] for c in (body_cell, cell("deadline"), cell("period"))):
        return []  # a group heading row ("1 | Công tác xây dựng Đảng")
    deadline, dtext, ps, pe = "", "", None, None
    dl = cell("deadline")
    if dl:
        ds = _within(ctx.dates, dl[0], dl[1])
        if ds:
            deadline, dtext = ds[-1].deadline or ds[-1].date_end or "", ds[-1].text
            pe = ds[-1].period_end
    pc = cell("period")
    if pc:
        ds = _within(ctx.dates, pc[0], pc[1])
        if ds:
            ps = ds[0].period_start or _year(ds[0].date_start)
            pe = ds[-1].period_end or _year(ds[-1].date_end) or pe
            dtext = dtext or ds[-1].text
            if not deadline:
                deadline = ds[-1].deadline or ""
    rows = value_rows(ctx, seg, FORWARD, 1.0)
    for r in rows:
        # The table's columns say who and when for every value in the row.
        r.responsible = r.responsible or LIST_SEP.join(_unique(responsible))
        if deadline:
            r.deadline, r.deadline_text = deadline, dtext
        if pe:
            r.period_start, r.period_end = ps, pe
        r.missing = _missing(True, bool(r.deadline or r.period_end), bool(r.responsible))
    if any(r.kind == "target" for r in rows):
        return rows
    row = Row(
        target_id=target_id_for(ctx.text_id, seg.start, seg.end, None, None, "task"),
        doc_id=ctx.doc_id, language=ctx.lang, kind="task", sentence=text[seg.start:seg.end],
        start=seg.start, end=seg.end, period_start=ps, period_end=pe, deadline=deadline,
        deadline_text=dtext, responsible=LIST_SEP.join(_unique(responsible)),
        issuer=ctx.issuer, extractor=EXTRACTOR + "+table", confidence=0.8,
    )
    content = cell("content")
    if content:
        row.indicator = " ".join(text[content[0]:content[1]].split()[:INDICATOR_WORDS])
    row.missing = _missing(False, bool(deadline or pe), bool(responsible))
    return rows + [row]


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso and iso[:4].isdigit() else None


def _table_cells(ctx: DocContext, seg: Segment):
    """(cells of the table row at ``seg``, header texts of its table, is it the header)."""
    for table in ctx.tables:
        header = None
        for row in table:
            if not row:
                continue
            texts = [ctx.text[s:e] for s, e in row]
            is_header = False
            if _column_roles(ctx, texts).get("body") is not None:
                header, is_header = texts, True
            if row[0][0] >= seg.start and row[-1][1] <= seg.end:
                return row, header, is_header
    return None, None, False
