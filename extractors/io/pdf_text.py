"""A PDF page's text lines from pdfium's characters and their boxes (pypdfium2).

pdfium reads a page's characters 36-55 times faster than pdfminer's layout analysis, but
its own text follows the content stream and applies its own bidi rules. So only the
characters and their boxes are taken from it, and the lines are rebuilt here the way
pdfplumber builds them (``extract_text_lines``: characters clustered into lines by their
top within ``Y_TOLERANCE``, sorted left to right, a space where the gap exceeds
``X_TOLERANCE`` or the PDF drew one), so the text of a page is the same as before.
Reading order beyond that (columns, right-to-left lines) is ``pdf_layout``'s job.
"""
from __future__ import annotations

import ctypes
from operator import itemgetter
from dataclasses import dataclass, field
from typing import NamedTuple

import pypdfium2.raw as pdfium_c

from extractors.text import RTL_LINE_SHARE, has_rtl, is_rtl_char, rtl_share

# pdfplumber's defaults (points): same line when tops differ by at most Y_TOLERANCE;
# a new word when the gap to the previous character exceeds X_TOLERANCE.
X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0
# Ligature glyphs written out, as pdfplumber does ("ﬁ" -> "fi").
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
_LIGATURES = str.maketrans(LIGATURES)
_BREAKS = {0x0D, 0x0A}
# pdfium writes a hyphen that ends a line as U+0002 (FPDFText_GetUnicode) or U+FFFE
# (FPDFText_GetText): it is a hyphen.
_LINE_END_HYPHENS = {0x02, 0xFFFE}
# pdfium leaves out a space glyph that overlaps its neighbours (pdfminer keeps it): a gap
# wider than the line's usual gap between letters by this share of the letters' height
# is such a space (word spaces are 0.25 em; kerning moves letters by a few hundredths).
DROPPED_SPACE = float(__import__("os").environ.get("DS", "0.12"))
# One character in this many is asked whether its font maps it to Unicode.
UNMAPPED_SAMPLE = 8
# A run of at most SCRIPT_MAX_CHARS characters whose box lies at least SCRIPT_OVERLAP
# inside the band of the line above or below belongs to it (super- and subscripts).
SCRIPT_OVERLAP = 0.5
SCRIPT_MAX_CHARS = 4


class Char(NamedTuple):
    """One character and its box (points, top-down). A tuple: a page has thousands."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class PageChars:
    """A page's characters in content order, and what their fonts said."""

    chars: list[Char] = field(default_factory=list)  # spaces drawn by the PDF included
    # Share of characters whose font has no Unicode map for them (pdfium then makes up
    # letters from glyph numbers; pdfminer writes "(cid:N)"), from a sample.
    unmapped_share: float = 0.0
    height: float = 0.0
    width: float = 0.0


@dataclass(slots=True)
class Line:
    top: float
    bottom: float
    x0: float
    x1: float
    words: list[list[Char]]

    @property
    def text(self) -> str:
        """The line as drawn, left to right. One glyph that stands for several letters
        (an Arabic lam-alef, which pdfium writes out in logical order) is kept in visual
        order like every other glyph, so that a right-to-left line reads right when it
        is turned around (``text.fix_rtl_line``)."""
        plain = " ".join(["".join([c[0] for c in w]) for w in self.words])
        if not has_rtl(plain):
            return plain.translate(_LIGATURES)
        rtl = rtl_share(plain) >= RTL_LINE_SHARE
        return " ".join(_word_text(w, rtl) for w in self.words)


def _word_text(word: list[Char], rtl: bool) -> str:
    out: list[str] = []
    i = 0
    while i < len(word):
        j = i + 1
        while j < len(word) and word[j].x0 == word[i].x0 and word[j].x1 == word[i].x1:
            j += 1
        glyph = "".join(LIGATURES.get(c.text, c.text) for c in word[i:j])
        out.append(glyph[::-1] if rtl and j - i > 1 and is_rtl_char(glyph[0]) else glyph)
        i = j
    return "".join(out)


def page_chars(page) -> PageChars:
    """Every character pdfium found on ``page`` (a ``pypdfium2.PdfPage``), with its loose
    box (the font's ascent to descent, the glyph's advance) in top-down coordinates;
    the spaces and line breaks pdfium made up itself are left out."""
    textpage = pdfium_c.FPDFText_LoadPage(page.raw)
    try:
        n = pdfium_c.FPDFText_CountChars(textpage)
        width, height = page.get_size()
        out = PageChars(height=height, width=width)
        if n <= 0:
            return out
        buf = ctypes.create_string_buffer(2 * (n + 1))
        got = pdfium_c.FPDFText_GetText(textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
        codes = memoryview(buf.raw[: 2 * max(0, got - 1)]).cast("H").tolist()
        if len(codes) != n:  # characters outside the BMP: one call per character instead
            codes = [pdfium_c.FPDFText_GetUnicode(textpage, i) for i in range(n)]
        rect = pdfium_c.FS_RECTF()
        ref = ctypes.byref(rect)
        loose = pdfium_c.FPDFText_GetLooseCharBox
        generated = pdfium_c.FPDFText_IsGenerated
        map_error = pdfium_c.FPDFText_HasUnicodeMapError
        append = out.chars.append
        new = tuple.__new__
        sampled = unmapped = 0
        for i, code in enumerate(codes):
            if code in _BREAKS or (code == 0x20 and generated(textpage, i)):
                continue
            if code == 0:
                continue
            if code in _LINE_END_HYPHENS:
                code = 0x2D
            loose(textpage, i, ref)
            append(new(Char, (chr(code), rect.left, height - rect.top, rect.right,
                              height - rect.bottom)))
            if i % UNMAPPED_SAMPLE == 0:
                sampled += 1
                unmapped += map_error(textpage, i) == 1
        out.unmapped_share = unmapped / sampled if sampled else 0.0
        return out
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)


def pdfminer_chars(page) -> list[Char]:
    """The characters of a ``pdfplumber`` page, upright ones, as :class:`Char`."""
    return [Char(c["text"], c["x0"], c["top"], c["x1"], c["bottom"])
            for c in page.chars if c.get("upright", True)]


def _cluster_ids(values: list[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's ``make_cluster_dict``: sorted distinct values, chained within
    ``tolerance``, numbered in order."""
    ids: dict[float, int] = {}
    last: float | None = None
    group = -1
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            group += 1
        ids[v] = group
        last = v
    return ids


def _rows(chars: list[Char], pdfminer: bool) -> list[list[Char]]:
    """Characters grouped into visual lines, top to bottom.

    pdfminer's boxes are one font size tall above the descent line, and pdfplumber
    clusters them on ``top``. pdfium's boxes share the descent line, not the top (a
    letter with a tall mark, "Ả", reaches higher), so its lines are clustered on
    ``bottom``, and a raised or lowered run (superscript "km2", a footnote mark) whose box
    lies mostly inside a neighbouring line's band joins that line."""
    at = 2 if pdfminer else 4
    ids = _cluster_ids([c[at] for c in chars], Y_TOLERANCE)
    groups: dict[int, list[Char]] = {}
    for c in chars:
        key = ids[c[at]]
        if key in groups:
            groups[key].append(c)
        else:
            groups[key] = [c]
    merged: list[list[Char]] = []
    bands: list[tuple[float, float]] = []
    for key in sorted(groups):
        row = groups[key]
        top = min([c[2] for c in row])
        bottom = max([c[4] for c in row])
        if merged:
            ptop, pbottom = bands[-1]
            overlap = min(bottom, pbottom) - max(top, ptop)
            small = min(bottom - top, pbottom - ptop)
            if not pdfminer and small > 0 and overlap >= SCRIPT_OVERLAP * small and (
                    len(row) <= SCRIPT_MAX_CHARS or len(merged[-1]) <= SCRIPT_MAX_CHARS):
                merged[-1].extend(row)
                bands[-1] = (min(top, ptop), max(bottom, pbottom))
                continue
        merged.append(row)
        bands.append((top, bottom))
    return merged


def _split_words(row: list[Char], pdfminer: bool) -> list[list[Char]]:
    """A line's characters (left to right) cut into words: at spaces the PDF drew, at
    pdfplumber's gap (``X_TOLERANCE``), and, for pdfium's characters, at a gap wider than
    the line's usual gap between letters by ``DROPPED_SPACE`` of its letter height (a
    space pdfium left out)."""
    letters = [c for c in row if not c[0].isspace()]
    if not letters:
        return []
    limit = X_TOLERANCE
    if not pdfminer:
        gaps = sorted([b[1] - a[3] for a, b in zip(letters, letters[1:])])
        usual = gaps[len(gaps) // 2] if gaps else 0.0
        heights = sorted([c[4] - c[2] for c in letters])
        limit = min(X_TOLERANCE, usual + DROPPED_SPACE * heights[len(heights) // 2])
    words: list[list[Char]] = []
    word: list[Char] = []
    prev: Char | None = None
    for c in row:
        if c[0].isspace():
            if word:
                words.append(word)
                word = []
            prev = None
            continue
        if prev is not None and (c[1] < prev[1] or c[1] - prev[3] > limit
                                 or (pdfminer and abs(c[2] - prev[2]) > Y_TOLERANCE)):
            words.append(word)
            word = []
        word.append(c)
        prev = c
    if word:
        words.append(word)
    return words


def lines_of(chars: list[Char], pdfminer: bool = False) -> list[Line]:
    """Text lines, top to bottom, each left to right with its words. ``pdfminer``: the
    characters are pdfminer's (through pdfplumber), and lines are made exactly as
    pdfplumber's ``extract_text_lines`` makes them."""
    lines: list[Line] = []
    for row in _rows(chars, pdfminer) if chars else []:
        row.sort(key=_X0)
        words = _split_words(row, pdfminer)
        if not words:
            continue
        flat = [c for w in words for c in w]
        lines.append(Line(min([c[2] for c in flat]), max([c[4] for c in flat]),
                          flat[0][1], max([c[3] for c in flat]), words))
    return lines


_X0 = itemgetter(1)
