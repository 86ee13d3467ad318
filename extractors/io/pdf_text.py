"""A PDF page's text lines from pdfium's characters and their boxes (pypdfium2).

pdfium reads a page's characters 36-55 times faster than pdfminer's layout analysis, but
its own text follows the content stream and applies its own bidi rules. So only the
characters and their boxes are taken from it, and the lines are rebuilt here the way
pdfplumber builds them (``extract_text_lines``: characters clustered into lines by their
top within ``Y_TOLERANCE``, sorted left to right, a space where the gap exceeds
``X_TOLERANCE`` or the PDF drew one), so the text of a page is the same as before.

In lines with right-to-left letters pdfium reorders and mirrors characters by its own
bidi; that is undone (``_pdfium_lines``: which characters it mirrored, in what order they
were drawn). Right-to-left pages, which pdfplumber's characters used to be read from,
get pdfminer's boxes and drawing order (``_pdfminer_boxes``), so that their lines come
out as before. Reading order beyond that (columns, right-to-left lines) is
``pdf_layout``'s job.
"""
from __future__ import annotations

import ctypes
import json
import unicodedata
from operator import itemgetter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
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
# What pdfium does to the characters of right-to-left runs, measured (data).
PDFIUM_RTL = Path(__file__).with_name("pdfium_rtl.json")
# pdfium writes a hyphen that ends a line as U+0002 (FPDFText_GetUnicode) or U+FFFE
# (FPDFText_GetText): it is a hyphen.
_LINE_END_HYPHENS = {0x02, 0xFFFE}
# pdfium leaves out a space glyph that overlaps its neighbours (pdfminer keeps it): a gap
# wider than the line's usual gap between letters by this share of the letters' height
# is such a space (word spaces are 0.25 em; kerning moves letters by a few hundredths).
DROPPED_SPACE = 0.12
# A page is read as right-to-left when this share of its letters (one character in
# RTL_SAMPLE_STEP) is right-to-left.
RTL_PAGE_SHARE = 0.3
RTL_SAMPLE_STEP = 4
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
    rtl: bool = False  # mostly right-to-left letters (RTL_PAGE_SHARE)


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
    x0s = [c[1] for c in word]
    if len(set(x0s)) == len(x0s):  # no glyph written out as several characters
        return "".join([c[0] for c in word]).translate(_LIGATURES)
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


@cache
def _pdfium_rtl() -> tuple[dict[int, int], dict[str, str]]:
    """What pdfium does to right-to-left runs (``pdfium_rtl.json``): the characters it
    mirrors (code point to code point, both ways), and the glyphs it writes out as
    several characters (those characters to the glyph)."""
    data = json.loads(PDFIUM_RTL.read_text(encoding="utf-8"))
    mirror: dict[int, int] = {}
    for a, b in data["mirrored"]:
        mirror[ord(a)], mirror[ord(b)] = ord(b), ord(a)
    return mirror, dict(data["expanded"])


def page_chars(page) -> PageChars:
    """Every character pdfium found on ``page`` (a ``pypdfium2.PdfPage``) as drawn, with
    its box in top-down coordinates; the spaces and line breaks pdfium made up itself
    are left out. Characters pdfium mirrored in right-to-left runs are turned back, and
    glyphs it wrote out as several characters put back together.

    Boxes are pdfium's loose boxes (the font's ascent to descent, the glyph's advance),
    except on right-to-left pages (:attr:`PageChars.rtl`): there they are pdfminer's
    (one font size tall above the font's descent, from the glyph's origin), in drawing
    order, so that their lines are made as pdfplumber made them (``lines_of(...,
    pdfminer=True)``)."""
    textpage = pdfium_c.FPDFText_LoadPage(page.raw)
    try:
        n = pdfium_c.FPDFText_CountChars(textpage)
        width, height = page.get_size()
        out = PageChars(height=height, width=width)
        if n <= 0:
            return out
        buf = ctypes.create_string_buffer(2 * (n + 1))
        got = pdfium_c.FPDFText_GetText(textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
        raw = buf.raw[: 2 * max(0, got - 1)]
        codes = memoryview(raw).cast("H").tolist()
        if len(codes) != n:  # characters outside the BMP: one call per character instead
            codes = [pdfium_c.FPDFText_GetUnicode(textpage, i) for i in range(n)]
            raw = "".join(map(chr, codes)).encode("utf-16-le", "surrogatepass")
        mirror, expanded = _pdfium_rtl()
        # pdfium's bidi only touches lines with a right-to-left letter, unless the
        # document asks for right-to-left
        r2l = _is_r2l_document(page)
        bidi = _pdfium_lines(codes, r2l) if r2l or has_rtl(
            raw.decode("utf-16-le", "replace")) else []
        mirrored = _mirrored_by_pdfium(bidi, codes, mirror) if bidi else set()
        kept = _kept(textpage, codes, mirrored, mirror)
        out.rtl = rtl_share("".join([t for _, t in kept[::RTL_SAMPLE_STEP]])) >= RTL_PAGE_SHARE
        if out.rtl:
            # in drawing order, as pdfminer reads them: it decides which of two
            # characters at one x comes first (a mark and its letter)
            chars = _pdfminer_boxes(textpage, kept, height)
            out.chars = _in_content_order(chars, _content_order(bidi, n)) + _blank_objects(
                page, height)
        else:
            out.chars = _loose_boxes(textpage, kept, height)
        if bidi:  # only right-to-left runs are written out in pieces to put back
            out.chars = _join_pieces(out.chars, expanded)
        map_error = pdfium_c.FPDFText_HasUnicodeMapError
        sample = [i for i, _ in kept if i % UNMAPPED_SAMPLE == 0]
        unmapped = sum(map_error(textpage, i) == 1 for i in sample)
        out.unmapped_share = unmapped / len(sample) if sample else 0.0
        return out
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)


def _kept(textpage, codes: list[int], mirrored: set[int], mirror: dict[int, int]
          ) -> list[tuple[int, str]]:
    """(index, character) of the characters drawn: line breaks and spaces pdfium made up
    left out, line-end hyphens as hyphens, mirrored characters turned back."""
    generated = pdfium_c.FPDFText_IsGenerated
    skip = _BREAKS | {0}
    kept: list[tuple[int, str]] = []
    append = kept.append
    for i, code in enumerate(codes):
        if code in skip or (code == 0x20 and generated(textpage, i)):
            continue
        if code in _LINE_END_HYPHENS:
            code = 0x2D
        elif mirrored and i in mirrored:
            code = mirror[code]
        append((i, chr(code)))
    return kept


def _loose_boxes(textpage, kept: list[tuple[int, str]], height: float) -> list[Char]:
    """The characters with pdfium's loose boxes."""
    rect = pdfium_c.FS_RECTF()
    ref = ctypes.byref(rect)
    loose = pdfium_c.FPDFText_GetLooseCharBox
    new = tuple.__new__
    out: list[Char] = []
    append = out.append
    for i, text in kept:
        loose(textpage, i, ref)
        append(new(Char, (text, rect.left, height - rect.top, rect.right, height - rect.bottom)))
    return out


def _in_content_order(chars: list[tuple[int, Char]], place: list[int]) -> list[Char]:
    """The characters in the order they were drawn (``place``: each index's place), the
    pieces of one glyph (one box, see :func:`_piece_starts`) kept together as written."""
    keys = [place[i] for i, _ in chars]
    for k in _piece_starts([c for _, c in chars]):
        keys[k] = keys[k - 1]  # a stable sort keeps the pieces after the first, in order
    return [chars[k][1] for k in sorted(range(len(chars)), key=keys.__getitem__)]


def _pdfminer_boxes(textpage, kept: list[tuple[int, str]], height: float
                    ) -> list[tuple[int, Char]]:
    """The characters with the boxes pdfminer gives them: from the glyph's origin, one
    font size (scaled by the text matrix) tall above the font's descent, as wide as the
    glyph's advance; rotated characters are left out, as pdfplumber's upright filter
    did.

    Spaces: in a right-to-left run pdfium no longer flags the spaces it made up (it
    writes every character of the run out again, as a "piece"), so they are told by
    their look: those made up inside a text object have an empty box, those made up
    between two text objects no text object. pdfminer has neither; it has the spaces a
    producer drew as text objects of their own, which pdfium skips (their box is empty):
    :func:`_blank_objects` puts those back."""
    rect = pdfium_c.FS_RECTF()
    ref = ctypes.byref(rect)
    x, y = ctypes.c_double(), ctypes.c_double()
    xref, yref = ctypes.byref(x), ctypes.byref(y)
    left, right, bottom_, top_ = (ctypes.c_double() for _ in range(4))
    box_refs = [ctypes.byref(v) for v in (left, right, bottom_, top_)]
    loose = pdfium_c.FPDFText_GetLooseCharBox
    char_box = pdfium_c.FPDFText_GetCharBox
    origin = pdfium_c.FPDFText_GetCharOrigin
    text_object = pdfium_c.FPDFText_GetTextObject
    combining = unicodedata.combining
    # per text object (keyed by its address): size, descent, upright
    objects: dict[bytes, tuple[float, float, bool]] = {}
    geometry = (0.0, 0.0, True)
    new = tuple.__new__
    out: list[tuple[int, Char]] = []
    for i, text in kept:
        obj = text_object(textpage, i)
        if not obj:
            if text == " ":
                continue
        else:
            key = bytes(obj)
            known = objects.get(key)
            if known is None:
                known = objects[key] = _object_geometry(obj)
            geometry = known
        loose(textpage, i, ref)
        if text == " ":
            char_box(textpage, i, *box_refs)
            if right.value - left.value < 0.01:
                continue
        size, descent, upright = geometry
        if not upright:
            continue
        # x from the origin, not the loose box (single precision): a mark and its letter
        # start at the same x, and the drawing order decides which comes first
        origin(textpage, i, xref, yref)
        x0, baseline = x.value, y.value
        x1 = rect.right
        if x1 > x0 and combining(text):
            # pdfium gives a glyph whose advance is 0 (most marks) its ink box instead
            char_box(textpage, i, *box_refs)
            if abs(left.value - rect.left) <= 0.005 and abs(right.value - rect.right) <= 0.005:
                x1 = x0
        bottom = baseline + descent
        out.append((i, new(Char, (text, x0, height - (bottom + size), x1, height - bottom))))
    return out


def _blank_objects(page, height: float) -> list[Char]:
    """A space for each text object of the page that draws nothing visible (a word
    space drawn on its own, which pdfium's text page skips and pdfminer reads), at the
    object's origin, with no width."""
    out: list[Char] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, bottom, right, top)]
    matrix = pdfium_c.FS_MATRIX()
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *refs) or right.value - left.value >= 0.01:
            continue
        size, descent, upright = _object_geometry(obj)
        if not upright or size <= 0:
            continue
        pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
        base = matrix.f + descent
        out.append(Char(" ", matrix.e, height - (base + size), matrix.e, height - base))
    return out


def _object_geometry(obj) -> tuple[float, float, bool]:
    """(font size on the page, the font's descent on the page, upright) of a text object,
    as pdfminer computes them (``LTChar``)."""
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
    size = ctypes.c_float()
    pdfium_c.FPDFTextObj_GetFontSize(obj, ctypes.byref(size))
    descent = ctypes.c_float()
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    if not font or not pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(size.value),
                                                    ctypes.byref(descent)):
        descent.value = 0.0
    upright = matrix.a * matrix.d > 0 and matrix.b * matrix.c <= 0
    return size.value * matrix.d, descent.value * matrix.d, upright


def _is_r2l_document(page) -> bool:
    """Whether the document asks viewers for right-to-left (``/ViewerPreferences
    /Direction /R2L``): pdfium then takes every line for a right-to-left paragraph."""
    doc = page.pdf.raw
    buf = ctypes.create_string_buffer(8)
    got = pdfium_c.FPDF_VIEWERREF_GetName(doc, b"Direction", buf, len(buf))
    return got > 0 and buf.value == b"R2L"


@cache
def _direction(code: int) -> str:
    """pdfium's bidi class of a character (``CFX_BidiChar``): strong left "L", strong
    right "R", numbers "W" (weak), everything else neutral "N"."""
    cls = unicodedata.bidirectional(chr(code))
    if cls == "L":
        return "L"
    if cls in ("R", "AL"):
        return "R"
    if cls in ("EN", "AN"):
        return "W"
    return "N"


def _piece_starts(chars: list[Char]) -> list[int]:
    """Indices of the characters that share their box with the one before (pieces of one
    glyph: pdfium writes a ligature out letter by letter, all with the glyph's box)."""
    x0s = [c[1] for c in chars]
    return [k for k in range(1, len(chars))
            if x0s[k] == x0s[k - 1] and chars[k][1:] == chars[k - 1][1:]]


def _join_pieces(chars: list[Char], expanded: dict[str, str]) -> list[Char]:
    """The glyphs pdfium wrote out as several characters (in a right-to-left run:
    "…" as "..."), put back as drawn; other pieces (an Arabic lam-alef) are kept."""
    starts = _piece_starts(chars)
    if not starts or not expanded:
        return chars
    groups: list[list[int]] = []
    for k in starts:
        if groups and groups[-1][-1] == k - 1:
            groups[-1].append(k)
        else:
            groups.append([k - 1, k])
    out = list(chars)
    for group in reversed(groups):
        glyph = expanded.get("".join([chars[k][0] for k in group]))
        if glyph is not None:
            out[group[0]:group[-1] + 1] = [chars[group[0]]._replace(text=glyph)]
    return out


def strip_actual_text(page) -> bool:
    """Remove the ``/ActualText`` marks of a page's text objects (in memory), so that
    pdfium reads the glyphs drawn, as pdfminer does; whether there were any.

    pdfium puts a marked replacement text in place of the glyphs, spread evenly over
    the object's box in its own order; pdfminer ignores it."""
    found = False
    stack = [pdfium_c.FPDFPage_GetObject(page.raw, i)
             for i in range(pdfium_c.FPDFPage_CountObjects(page.raw))]
    while stack:
        obj = stack.pop()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            stack.extend(pdfium_c.FPDFFormObj_GetObject(obj, i)
                         for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)))
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        for m in reversed(range(pdfium_c.FPDFPageObj_CountMarks(obj))):
            mark = pdfium_c.FPDFPageObj_GetMark(obj, m)
            if pdfium_c.FPDFPageObjMark_GetParamValueType(mark, b"ActualText") != \
                    pdfium_c.FPDF_OBJECT_UNKNOWN:
                pdfium_c.FPDFPageObj_RemoveMark(obj, mark)
                found = True
    return found


def _pdfium_lines(codes: list[int], r2l: bool) -> list[tuple[bool, list[tuple[int, int, bool]]]]:
    """How pdfium's bidi wrote each of its lines: (right-to-left line, its segments as
    (start, end, written right to left)), in the order written.

    pdfium's text page cuts its characters into lines (it writes a line break between
    them) and runs its own simple bidi over each (``CPDF_TextPage::CloseTempLine``):
    runs of one direction ("segments"); the line is right-to-left when it has at least
    as many right-to-left segments as left-to-right ones (or the document says so). It
    writes the segments out (in reverse order for a right-to-left line), each
    right-to-left segment, and each neutral one that follows a right-to-left one (or
    starts a right-to-left line), reversed and its characters mirrored. The output keeps
    the segments whole, so the same walk over it tells what was done. Lines without a
    right-to-left letter (in a document not asking for right-to-left) were written as
    read, and are left out."""
    out: list[tuple[bool, list[tuple[int, int, bool]]]] = []
    start = 0
    n = len(codes)
    while start < n:
        end = start
        while end < n and codes[end] not in _BREAKS:
            end += 1
        segments: list[list] = []
        for i in range(start, end):
            d = _direction(codes[i])
            if segments and segments[-1][0] == d:
                segments[-1][2] = i + 1
            else:
                segments.append([d, i, i + 1])
        rights = sum(1 for seg in segments if seg[0] == "R")
        if rights or (r2l and segments):
            lefts = sum(1 for seg in segments if seg[0] == "L")
            rtl = r2l or rights >= lefts
            current = "R" if rtl else "L"
            written: list[tuple[int, int, bool]] = []
            for d, a, b in segments:
                reversed_ = d == "R" or (d == "N" and current == "R")
                if reversed_:
                    current = "R"
                elif d != "W":
                    current = "L"
                written.append((a, b, reversed_))
            out.append((rtl, written))
        start = end + 1
    return out


def _mirrored_by_pdfium(lines: list[tuple[bool, list[tuple[int, int, bool]]]],
                        codes: list[int], mirror: dict[int, int]) -> set[int]:
    """Indices of the characters pdfium mirrored (:func:`_pdfium_lines`)."""
    return {i for _, segments in lines for a, b, rev in segments if rev
            for i in range(a, b) if codes[i] in mirror}


def _content_order(lines: list[tuple[bool, list[tuple[int, int, bool]]]], n: int) -> list[int]:
    """Each index's place in the order the characters were drawn (pdfium's reordering
    of :func:`_pdfium_lines` undone): a right-to-left line's segments back in their
    order, a reversed segment turned back."""
    place = list(range(n))
    for rtl, segments in lines:
        indices = [i for a, b, rev in (segments[::-1] if rtl else segments)
                   for i in (range(b - 1, a - 1, -1) if rev else range(a, b))]
        for i, k in zip(indices, sorted(indices)):
            place[i] = k
    return place


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

