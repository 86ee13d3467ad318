"""What every row decision reads: the document context, clauses, items and sections.

``DocContext`` is what a row inherits from its document; the helpers find the clause, the
enumeration item and the section (results or targets) that a position sits in.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .. import cues
from ..cues import CueIndex
from ..lang import load
from ..records import BodyRef, DateRef, Quantity, text_key
from ..segment import DEFAULT_ITEM_LETTERS, Segment
from ..tables import TableReading, read_table

EXTRACTOR = "rules@0.1.0"
FORWARD, REVIEW = "forward", "review"
CLAUSE_BREAK = re.compile(r"[;؛]|,\s|،\s|:\s")


@dataclass(slots=True)
class DocContext:
    """What a row inherits from its document."""

    doc_id: str
    lang: str
    text: str
    term: tuple[int | None, int] | None  # (None, 2030): a plan's horizon, start unknown
    issuer: str
    quantities: list[Quantity]
    dates: list[DateRef]
    bodies: list[BodyRef]
    tables: list[list[list[tuple[int, int]]]] = field(default_factory=list)
    ref_year: int | None = None  # the year the document was written (``document_year``)
    text_id: str = ""  # records.text_key(text): what target ids are keyed on
    # The learned kind decision for this document's language (``kind_model.use``): told a
    # sentence's candidates, it returns each one's kind, or None for no row. None: the
    # rules decide alone.
    decide: Callable[[DocContext, list[Any]], list[str | None]] | None = None
    _readings: dict[int, TableReading] = field(default_factory=dict)
    _cues: dict[tuple[int, int], CueIndex] = field(default_factory=dict)
    _starts: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.text_id:
            self.text_id = text_key(self.text)

    def cues(self, start: int, end: int) -> CueIndex:
        """The language's cues of ``text[start:end]`` (a sentence), found once."""
        key = (start, end)
        if key not in self._cues:
            self._cues[key] = CueIndex(self.lang, self.text[start:end])
        return self._cues[key]

    def inside(self, group: str, start: int, end: int) -> list:
        """The records of ``group`` ("quantities", "dates", "bodies") inside the span, found
        by binary search (records come sorted by start)."""
        items = getattr(self, group)
        if group not in self._starts:
            self._starts[group] = [x.start for x in items]
        i = bisect_left(self._starts[group], start)
        out = []
        while i < len(items) and items[i].start < end:
            if items[i].end <= end:
                out.append(items[i])
            i += 1
        return out

    def table_reading(self, t: int) -> TableReading:
        """What the header of table ``t`` says of its columns (read once per table)."""
        if t not in self._readings:
            self._readings[t] = read_table(self.text, self.tables[t], self.lang)
        return self._readings[t]


# The document's own date stands on its first page ("Hà Nội, ngày 20 tháng 11 năm 2025",
# "7 мая 2018 года") or is signed at its end.
DATE_HEAD, DATE_TAIL = 2000, 1500


def document_year(text: str, dates: list[DateRef], term: tuple[int, int] | None) -> int | None:
    """The year the document was written: its first full date near the top (or the last
    one near the end), else its latest full date (acts and events it cites come before
    it), else the start of its term, else the year it names most often."""
    full = [d for d in dates if d.relation == "exact" and d.date_start and len(d.date_start) >= 7]
    head = [d for d in full if d.start < DATE_HEAD]
    tail = [d for d in full if d.start > len(text) - DATE_TAIL]
    for d in head[:1] or tail[-1:]:
        return int(d.date_start[:4])
    if full:
        return max(int(d.date_start[:4]) for d in full)
    if term and term[0] is not None:
        return term[0]
    years = [d.period_end for d in dates if d.relation in ("in", "exact") and d.period_end]
    return max(set(years), key=years.count) if years else None


def within(items, start: int, end: int):
    return [x for x in items if x.start >= start and x.end <= end]


def clause_start(text: str, seg_start: int, pos: int) -> int:
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


# A document that speaks in promises (an election programme: "Wprowadzimy …", "We will …")
# frames its bare lines ("Emerytura do 5000 zł brutto") as promises too: when at least this
# many of its sentences, and this share of them, promise.
PROMISE_VOICE_MIN = 8
PROMISE_VOICE_SHARE = 0.15


def paragraph_frames(ctx: DocContext, segments: list[Segment]) -> dict[int, float]:
    """Blocks whose sentences announce goals ("set the goal", "dążąc", "السعي") frame the
    enumerations that follow inside the same paragraph; a document written in promises
    frames all its blocks."""
    frames: dict[int, float] = {}
    promises = sentences = 0
    for seg in segments:
        said = ctx.text[seg.start:seg.end]
        if cues.has(ctx.lang, "target", said):
            frames[seg.block] = 1.0
        if seg.kind in ("sentence", "item"):
            sentences += 1
            promises += cues.has(ctx.lang, "promise", said)
    if promises >= PROMISE_VOICE_MIN and promises >= PROMISE_VOICE_SHARE * sentences:
        for seg in segments:
            frames.setdefault(seg.block, 1.0)
    return frames


# --- shared context --------------------------------------------------------------------

ITEM_BREAK = re.compile(r"[;؛]")


def item_start(text: str, sentence_start: int, pos: int) -> int:
    """Start of the enumeration item (";"-separated part of the sentence) holding ``pos``."""
    best = sentence_start
    for m in ITEM_BREAK.finditer(text, sentence_start, pos):
        best = m.end()
    return best


@cache
def lead_marker(lang: str) -> re.Pattern[str]:
    """A list item's marker with the space after it ("(1) ", "a) ", "- ")."""
    letters = load(lang, "cues").get("item_letters", DEFAULT_ITEM_LETTERS)
    return re.compile(rf"^\s*(?:\(\d{{1,2}}\)|\d{{1,2}}[.)]|[{letters}]\)|[-+•*–—])\s*")



def unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))

