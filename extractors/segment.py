"""Sentence, list-item, heading and table-row segmentation with exact offsets.

Every segment is a ``(start, end)`` span of the normalised text, trimmed of surrounding
white space, so ``text[start:end]`` is what a reviewer sees as the row's sentence.
PDF text is hard-wrapped: there, lines are joined into blocks unless a line ends a
sentence or the next one opens a list item or a heading. Elsewhere a line is a paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from .lang import load


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    kind: str  # "sentence" | "item" | "heading" | "row"
    block: int  # index of the paragraph/block; sentences of one block share context


DEFAULT_ITEM_LETTERS = "a-z"
MARKER_WINDOW = 64


@cache
def marker(lang: str) -> re.Pattern[str]:
    """A list marker at the start of a line: "(1)", "1.", "1)", "a)", "II.", "-", "+", "•",
    "*", "–". Numbers of more than two digits are not markers ("2025. Đạt trên…" is a wrapped
    year); the letters of "a)" markers are the language's alphabet (``item_letters``)."""
    letters = load(lang, "cues").get("item_letters", DEFAULT_ITEM_LETTERS)
    # Markdown may wrap the marker in emphasis ("**1. **Duy trì…").
    return re.compile(
        rf"^\s*(?:\*\*|__)?(?:\(\d{{1,2}}\)|\d{{1,2}}[.)](?=[\s*_])|\d{{1,2}}\.\d{{1,2}}\.?(?=[\s*_])"
        rf"|[{letters}]\)|[IVXLC]{{1,6}}\.(?=[\s*_])|[-+•*–—▪●○◦]\s)"
    )


SHORT_LINE = 0.75  # share of the typical line width under which a PDF line ends a block
# No sentence is longer than this: a longer one (a 280 kB line of values, a PDF whose text is
# one line) is cut, so that the work done per value of a sentence stays bounded. The longest
# real sentence in the shared corpora has 2,505 characters.
MAX_SENTENCE_CHARS = 3000
# Sentences of one block share context (the paragraph's frame, the phrases before a value),
# so a block is bounded too: past this length a new block starts with the next sentence. The
# longest real block in the shared corpora has 3,256 characters.
MAX_BLOCK_CHARS = 6000
# Where to cut an overlong sentence, best first: after a semicolon, after a comma, at a
# space after a letter (not inside "1 000 000"), at any space; else at the limit. A cut is
# looked for in the last quarter of the allowed length.
_CUTS = tuple(re.compile(rf"{after}\s+") for after in (r"(?<=[;؛])", r"(?<=[,،])",
                                                        r"(?<=[^\W\d_])", ""))
_RANGE_TAIL = re.compile(r"\s*[-–—]\s*\d{4}\b")
# Closing quotes and brackets may follow a sentence's end, and so may the emphasis marks of
# Markdown ("… năm 2030.**").
_CLOSERS = "'\"”»)*_"
_TERMINALS = ".!?…؟"
_WORD = re.compile(r"[^\W\d_]", re.UNICODE)
# A sentence ends at . ! ? … followed by space and something that can open a sentence
# (checked in code: anything but a lower-case letter; Arabic has no case).
_SPLIT = re.compile(rf"(?<=[.!?…؟])[{_CLOSERS}]*\s+(?=[\"“«(\[*_]{{0,3}}(\w))", re.UNICODE)


@cache
def _abbreviations(lang: str) -> tuple[str, ...]:
    data = load(lang, "cues")
    return tuple(a.lower() for a in data.get("abbreviations", []))


def _is_heading(line: str) -> bool:
    """Upper-case lines ("III. MỤC TIÊU VÀ CÁC CHỈ TIÊU") are headings in every script
    that has case; Arabic has none, so Arabic headings are caught by length alone."""
    if len(line) > 160:  # before collecting its letters: long lines are most of a text
        return False
    letters = _WORD.findall(line)
    if len(letters) < 3:
        return False
    upper = sum(map(str.isupper, letters))
    return upper / len(letters) >= 0.7


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for part in text.split("\n"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 1
    return out


_BULLET = re.compile(r"[-+•*–—▪●○◦=@]+\s+")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    # A bullet is layout, not part of the sentence; dropping it also keeps sentences from
    # starting with characters that spreadsheets read as formulas.
    m = _BULLET.match(text, start, end)
    if m:
        start = m.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` ends in . ! ? … ؟, maybe followed by closers, then spaces. Read
    backwards from the end: a block that grows line by line is not re-read whole."""
    pos = end
    while pos > start and text[pos - 1].isspace():
        pos -= 1
    while pos > start and text[pos - 1] in _CLOSERS:
        pos -= 1
    return pos > start and text[pos - 1] in _TERMINALS


def _typical_width(text: str) -> int:
    widths = sorted(len(line) for line in text.split("\n") if len(line.strip()) > 20)
    return widths[len(widths) // 2] if widths else 0


def blocks(text: str, wrapped: bool, lang: str = "",
           headings: frozenset[int] = frozenset()) -> list[tuple[int, int, str]]:
    """Paragraph-like blocks: (start, end, kind) with kind "para", "item" or "heading";
    ``headings`` holds the start of every line the format marked as a heading."""
    out: list[tuple[int, int, str]] = []
    # A wrapped line fills the column; a clearly shorter one that is followed by a
    # capitalised line ended its paragraph (a sub-heading, a signature, a title).
    short = int(_typical_width(text) * SHORT_LINE) if wrapped else 0
    prev_short = False
    item_marker = marker(lang)
    cur: list[int] | None = None  # [start, end, kind]
    for start, end in _lines(text):
        line = text[start:end]
        if not line.strip():
            if cur:
                out.append((cur[0], cur[1], cur[2]))
                cur = None
            continue
        heading = start in headings or _is_heading(line)
        # "giai đoạn 2026\n- 2030": a dash before a year that continues a range is no bullet.
        is_item = bool(item_marker.match(line)) and not (
            cur is not None and _RANGE_TAIL.match(line) and text[cur[1] - 1:cur[1]].isdigit())
        kind = "heading" if heading else ("item" if is_item else "para")
        joins = (
            wrapped and cur is not None and not is_item
            # A line that opens in lower case goes on the sentence, whatever stop ends
            # the line before ("do 60 tys.\nzł."): a new sentence opens in upper case.
            and (not _ends_sentence(text, cur[0], cur[1]) or line.lstrip()[:1].islower())
            and (cur[2] == "heading") == heading
            and (heading or not (prev_short and line.lstrip()[:1].isupper()))
        )
        prev_short = len(line) < short
        if joins:
            cur[1] = end
            continue
        if cur:
            out.append((cur[0], cur[1], cur[2]))
        cur = [start, end, kind]
    if cur:
        out.append((cur[0], cur[1], cur[2]))
    return [(s, e, k) for s, e, k in ((*_trim(text, s, e), k) for s, e, k in out) if e > s]


def _sentences(text: str, start: int, end: int, abbreviations: tuple[str, ...], lang: str):
    pos = start
    item_marker = marker(lang)
    for m in _SPLIT.finditer(text, start, end):
        if m.group(1).islower():
            continue
        # A marker is short: a window, not the whole run since ``pos``, is enough.
        lead = item_marker.match(text[pos:min(m.end(), pos + MARKER_WINDOW)])
        if lead and pos + lead.end() >= m.start():  # "2. Các chỉ tiêu": a list marker
            continue
        before = text[max(start, m.start() - 12):m.start()].lower()
        if before.endswith(abbreviations):  # a tuple: one call tries them all
            continue
        # "J. Smith", "A. Nowak": a lone initial before the dot is no ending.
        word = (before.rsplit(None, 1)[-1] if before.split() else "").rstrip(".!?…")
        if len(word) == 1 and word.isalpha():
            continue
        yield pos, m.start()
        pos = m.end()
    yield pos, end


def segment(text: str, lang: str = "", wrapped: bool = False,
            table_rows: list[tuple[int, int]] | None = None,
            headings: list[tuple[int, int]] | None = None) -> list[Segment]:
    """Split ``text`` into segments; ``table_rows`` spans are kept whole as rows, the lines
    that ``headings`` spans start are headings whatever their case."""
    rows = sorted(table_rows or [])
    abbreviations = _abbreviations(lang)
    out: list[Segment] = []
    marked = frozenset(s for s, _ in headings or ())
    first = 0  # rows ending before the current block are never looked at again
    for b, (start, end, kind) in enumerate(blocks(text, wrapped, lang, marked)):
        while first < len(rows) and rows[first][1] <= start:
            first += 1
        inside, k = [], first
        while k < len(rows) and rows[k][0] < end:
            if rows[k][1] > start:
                inside.append(rows[k])
            k += 1
        if inside:
            pos = start
            for rs, re_ in inside:
                if rs > pos:
                    out.extend(_split_block(text, pos, rs, kind, b, abbreviations, lang))
                out.append(Segment(*_trim(text, rs, re_), "row", b))
                pos = max(pos, re_)
            if pos < end:
                out.extend(_split_block(text, pos, end, kind, b, abbreviations, lang))
            continue
        out.extend(_split_block(text, start, end, kind, b, abbreviations, lang))
    return _bounded_blocks([s for s in out if s.end > s.start])


def _bounded_blocks(segments: list[Segment]) -> list[Segment]:
    """Segments whose block spans more than ``MAX_BLOCK_CHARS`` go to a new block from the
    first one that starts past the limit; the blocks after it are renumbered to follow."""
    out, shift, block, block_start = [], 0, None, 0
    for seg in segments:
        if seg.block != block:
            block, block_start = seg.block, seg.start
        elif seg.start - block_start > MAX_BLOCK_CHARS:
            shift, block_start = shift + 1, seg.start
        out.append(replace(seg, block=seg.block + shift) if shift else seg)
    return out


def _split_block(text, start, end, kind, b, abbreviations, lang):
    if kind == "heading":
        s, e = _trim(text, start, end)
        return [Segment(s, e, "heading", b)] if e > s else []
    segs = []
    for i, (s, e) in enumerate(_sentences(text, start, end, abbreviations, lang)):
        s, e = _trim(text, s, e)
        for j, (ps, pe) in enumerate(_cut_long(text, s, e)):
            if pe > ps:
                item = kind == "item" and i == 0 and j == 0
                segs.append(Segment(ps, pe, "item" if item else "sentence", b))
    return segs


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most ``MAX_SENTENCE_CHARS``, cut at the best
    break (``_CUTS``) in the last quarter of each piece's allowed length; the white space
    at a cut belongs to no piece."""
    out = []
    while end - start > MAX_SENTENCE_CHARS:
        lo, hi = start + MAX_SENTENCE_CHARS * 3 // 4, start + MAX_SENTENCE_CHARS
        stop = resume = hi
        for pattern in _CUTS:
            last = None
            for last in pattern.finditer(text, lo, hi):
                pass
            if last is not None:
                stop, resume = last.span()
                break
        while resume < end and text[resume].isspace():
            resume += 1
        out.append((start, stop))
        start = resume
    out.append((start, end))
    return out
