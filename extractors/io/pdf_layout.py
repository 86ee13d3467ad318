"""Reading order of a page's lines: two columns read one after the other.

Text extraction makes lines across the whole width of a page, so a two-column page comes
out interleaved: each "line" holds a line of the left column and one of the right. Here
each line is cut at wide gaps, a gutter is looked for (a vertical band that is a gap in
many lines and that no piece crosses), and a run of lines split by the gutter is read as
two columns: the left one first on a left-to-right page, the right one first on a
right-to-left page. A line that crosses the gutter (a title across both columns) ends the
run and stays where it is.

A guard keeps aligned tables without rules (an indicator and its value far to the right)
from being taken for columns: the pieces on both sides must be wide.
"""
from __future__ import annotations

from extractors.io.pdf_text import Line
from extractors.text import rtl_share

# A gap between two words at least this many times the line's height (and at least
# MIN_GAP points) may be a column gutter; word spaces are a quarter of the height.
GAP_HEIGHTS = 1.2
MIN_GAP = 10.0
# A gutter needs this many lines with a gap at it.
MIN_GUTTER_LINES = 4
# Each column's median piece must be at least this share of the text's width.
MIN_COLUMN_SHARE = 0.25
MAX_DEPTH = 3


def _pieces(line: Line) -> list[Line]:
    """The line cut at gaps wide enough to be a gutter."""
    height = max(line.bottom - line.top, 1.0)
    limit = max(MIN_GAP, GAP_HEIGHTS * height)
    groups: list[list[list]] = [[line.words[0]]]
    for prev, word in zip(line.words, line.words[1:]):
        gap = min(c[1] for c in word) - max(c[3] for c in prev)
        if gap > limit:
            groups.append([word])
        else:
            groups[-1].append(word)
    return [_line(words) for words in groups]


def _line(words: list[list]) -> Line:
    flat = [c for w in words for c in w]
    return Line(min(c[2] for c in flat), max(c[4] for c in flat), min(c[1] for c in flat),
                max(c[3] for c in flat), words)


def _gutter(pieces: list[list[Line]], width: float) -> float | None:
    """The x of the best gutter, or None.

    A gutter is an empty vertical band just right of some piece's end: at least
    MIN_GUTTER_LINES pieces lie wholly on each side of it, fewer pieces cross it than lie
    on either side (titles and full-width paragraphs may), the band is at least MIN_GAP
    wide, and the typical piece on each side is wide (columns, not an aligned table)."""
    flat = [p for parts in pieces for p in parts]
    best, best_score = None, 0
    for edge in sorted({p.x1 for p in flat}):
        left = [p for p in flat if p.x1 <= edge]
        right = [p for p in flat if p.x0 > edge]
        n_cross = len(flat) - len(left) - len(right)
        score = min(len(left), len(right))
        if score < MIN_GUTTER_LINES or n_cross >= score or score <= best_score:
            continue
        band = min(p.x0 for p in right) - edge
        if band < MIN_GAP:
            continue
        wide = sorted(p.x1 - p.x0 for p in left), sorted(p.x1 - p.x0 for p in right)
        if min(w[len(w) // 2] for w in wide) < MIN_COLUMN_SHARE * width:
            continue
        best, best_score = edge + band / 2, score
    return best


def _merge(parts: list[Line]) -> Line | None:
    return _line([w for p in parts for w in p.words]) if parts else None


def _columns(run: list[tuple[Line | None, Line | None]], rtl: bool, depth: int) -> list[Line]:
    """A run of (left, right) halves as lines in reading order: one column, then the
    other, each itself split further if it holds columns. The columns' lines need not
    share baselines: a line may hold only one side."""
    lefts = reading_order([left for left, _ in run if left], depth + 1)
    rights = reading_order([right for _, right in run if right], depth + 1)
    return rights + lefts if rtl else lefts + rights


def reading_order(lines: list[Line], depth: int = 0) -> list[Line]:
    """``lines`` (top to bottom) with column runs read column by column (a column may
    hold columns itself, up to MAX_DEPTH levels: three- and four-column pages)."""
    if len(lines) < MIN_GUTTER_LINES or depth >= MAX_DEPTH:
        return lines
    pieces = [_pieces(line) for line in lines]
    width = max(line.x1 for line in lines) - min(line.x0 for line in lines)
    x = _gutter(pieces, width)
    if x is None:
        return lines
    out: list[Line] = []
    run: list[tuple[Line | None, Line | None]] = []
    texts: list[str] = []

    def flush() -> None:
        if run:
            out.extend(_columns(run, rtl_share(" ".join(texts)) >= 0.5, depth))
            run.clear()
            texts.clear()

    for line, parts in zip(lines, pieces):
        if any(p.x0 < x < p.x1 for p in parts):
            flush()
            out.append(line)
            continue
        run.append((_merge([p for p in parts if p.x1 <= x]),
                    _merge([p for p in parts if p.x0 >= x])))
        texts.append(line.text)
    flush()
    return out
