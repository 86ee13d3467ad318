"""A document's text as pieces to show: each piece a slice of the text with the classes of
the spans that cover it (mentions, the row's value and sentence, other rows) and at most one
link. Templates print the pieces' text escaped; nothing of a document is ever markup.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Row
from .state import Span

# A mention's label -> the class that colours it (the row's own value has "hl-value").
LABEL_CLASS = {"BODY": "hl-body", "DATE": "hl-date", "PERIOD": "hl-period", "PERCENT": "hl-number",
               "MONEY": "hl-number", "QUANTITY": "hl-number", "PERSON": "hl-other",
               "PLACE": "hl-other", "RESOLUTION": "hl-other"}
CONTEXT = 500  # characters of context on either side of a row's sentence


@dataclass
class Piece:
    start: int
    text: str
    classes: list[str] = field(default_factory=list)
    link: str | None = None  # target_id the piece links to
    title: str = ""


@dataclass(frozen=True)
class Mark:
    """A span to show: its classes, maybe a link to a row, a tooltip."""

    start: int
    end: int
    cls: str
    link: str | None = None
    title: str = ""
    rank: int = 0  # the link of the highest rank wins where links overlap


def window(text: str, row: Row, context: int = CONTEXT) -> tuple[int, int]:
    """The part of ``text`` around the row: its sentence and ``context`` characters either
    side, widened to the nearest line break or space."""
    lo, hi = max(0, row.start - context), min(len(text), row.end + context)
    if lo > 0:
        nl = text.rfind("\n", max(0, lo - 200), lo)
        sp = text.rfind(" ", max(0, lo - 40), lo)
        lo = nl + 1 if nl >= 0 else (sp + 1 if sp >= 0 else lo)
    if hi < len(text):
        nl = text.find("\n", hi, hi + 200)
        sp = text.find(" ", hi, hi + 40)
        hi = nl if nl >= 0 else (sp if sp >= 0 else hi)
    return lo, hi


def mention_marks(spans: list[Span], lo: int, hi: int) -> list[Mark]:
    return [Mark(s.start, s.end, LABEL_CLASS.get(s.label, "hl-other"),
                 title=f"{s.label}: {s.canonical}" if s.canonical else s.label)
            for s in spans if s.end > lo and s.start < hi and s.label in LABEL_CLASS]


def row_marks(rows: list[Row], current: str | None = None) -> list[Mark]:
    """Each row's sentence and value, linked to the row (values win over sentences)."""
    out = []
    for r in rows:
        status = f"st-{r.review_status}"
        mine = " current" if r.target_id == current else ""
        out.append(Mark(r.start, r.end, f"row-sentence {status}{mine}", r.target_id,
                        f"{r.kind} · {r.review_status}", rank=1))
        if r.value_start is not None and r.value_end is not None:
            out.append(Mark(r.value_start, r.value_end, f"row-value {status}{mine}", r.target_id,
                            f"{r.kind} {r.value:g} {r.unit} · {r.review_status}" if r.value is not None
                            else r.kind, rank=2))
    return out


def pieces(text: str, lo: int, hi: int, marks: list[Mark]) -> list[Piece]:
    """``text[lo:hi]`` cut at every mark's edge; each piece with its marks' classes."""
    cuts = {lo, hi}
    for m in marks:
        if m.end > lo and m.start < hi:
            cuts.add(max(lo, m.start))
            cuts.add(min(hi, m.end))
    edges = sorted(cuts)
    # marks by start, scanned once: active marks cover the piece
    ordered = sorted((m for m in marks if m.end > lo and m.start < hi), key=lambda m: m.start)
    out: list[Piece] = []
    active: list[Mark] = []
    k = 0
    for a, b in zip(edges, edges[1:]):
        while k < len(ordered) and ordered[k].start <= a:
            active.append(ordered[k])
            k += 1
        active = [m for m in active if m.end > a]
        covering = [m for m in active if m.start <= a and m.end >= b]
        linked = max((m for m in covering if m.link), key=lambda m: m.rank, default=None)
        titles = [m.title for m in covering if m.title]
        out.append(Piece(a, text[a:b], [m.cls for m in covering], linked.link if linked else None,
                         " · ".join(dict.fromkeys(titles))))
    return out
