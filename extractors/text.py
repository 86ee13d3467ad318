"""Pure text logic shared by the readers: SPEC §4 normalisation, bidi repair, text quality,
and whether decoded bytes are text at all.

Nothing here touches files. Readers build their text with :class:`TextBuilder`, which
normalises every piece as it goes, so table cell offsets index the final normalised text.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

# ---------------------------------------------------------------------------------------
# Normalisation (SPEC §4)
# ---------------------------------------------------------------------------------------

MAX_BLANK_LINES = 2
TITLE_MAX_CHARS = 200
ERROR_MAX_CHARS = 200

# Line and paragraph separators that Python's str.splitlines() honours: turn them into
# "\n" so that every consumer agrees on what a line is.
_LINE_BREAKS = re.compile("\r\n|[\r\f\v\x1c\x1d\x1e\x85\u2028\u2029]")
# C0/C1 controls except \t and \n (which survive _LINE_BREAKS), plus BOM / zero-width
# no-break space, which is never content.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
_TRAILING_SPACE = re.compile(r"[^\S\n]+(?=\n|\Z)")
_TOO_MANY_BLANKS = re.compile("\n{%d,}" % (MAX_BLANK_LINES + 2))


def normalize_text(s: str) -> str:
    """Return SPEC §4 normalised text; idempotent.

    NFC; CRLF, CR, form feeds and Unicode line separators become "\\n"; BOM and other
    control characters except "\\n" and "\\t" are removed; trailing whitespace on every
    line is stripped; at most two consecutive blank lines; no blank lines at the start
    or the end. Everything else, including line breaks and leading indentation, is kept.
    """
    s = _LINE_BREAKS.sub("\n", s)
    # Remove controls before NFC: a control between a letter and its combining mark
    # would block composition.
    s = _CONTROLS.sub("", s)
    s = unicodedata.normalize("NFC", s)
    s = _TRAILING_SPACE.sub("", s)
    s = _TOO_MANY_BLANKS.sub("\n" * (MAX_BLANK_LINES + 1), s)
    return s.strip("\n")


_WHITESPACE_RUN = re.compile(r"\s+")


def single_line(s: str) -> str:
    """Normalise ``s`` and fold all whitespace (line breaks too) into single spaces."""
    return _WHITESPACE_RUN.sub(" ", normalize_text(s)).strip()


def one_line(message: str, limit: int = ERROR_MAX_CHARS) -> str:
    """An error message on one short line (SPEC §4: documents.error is one line)."""
    text = single_line(message)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def first_line(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """The first non-empty line, stripped and cut to ``limit`` characters (a title)."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return line[:limit].rstrip()
    return ""


# ---------------------------------------------------------------------------------------
# Building text with table spans
# ---------------------------------------------------------------------------------------

CELL_SEP = " | "

Span = tuple[int, int]
TableSpans = list[list[Span]]


@dataclass
class TextBuilder:
    """Accumulates blocks of text and table rows into one normalised text.

    Every piece is normalised before it is appended and pieces are joined so that the
    joins cannot change under :func:`normalize_text`; :meth:`build` still checks this and
    re-locates the cells if the check ever fails, so ``text[s:e] == cell`` always holds.
    """

    _parts: list[str] = field(default_factory=list)
    _length: int = 0
    # Each table: rows of (start, end, cell text) in builder coordinates.
    _tables: list[list[list[tuple[int, int, str]]]] = field(default_factory=list)
    _pending_break: bool = False
    # Heading lines: (start, end, text) in builder coordinates.
    _headings: list[tuple[int, int, str]] = field(default_factory=list)
    # Blocks added with ``mark=True`` (text that came from OCR): (start, end, text).
    _marked: list[tuple[int, int, str]] = field(default_factory=list)

    def _append_line(self, line: str) -> int:
        """Append one line (or several joined by "\\n"); return where it starts."""
        if self._parts:
            sep = "\n\n" if self._pending_break else "\n"
            self._parts.append(sep)
            self._length += len(sep)
        self._pending_break = False
        start = self._length
        self._parts.append(line)
        self._length += len(line)
        return start

    def add_text(self, text: str, mark: bool = False) -> None:
        """Append a block of text; its inner line breaks are kept. A marked block is
        reported by :meth:`marked_spans`."""
        block = normalize_text(text)
        if block:
            start = self._append_line(block)
            if mark:
                self._marked.append((start, start + len(block), block))

    def add_heading(self, line: str) -> None:
        """Append a heading: one line, reported by :meth:`heading_spans`."""
        line = single_line(line)
        if line:
            start = self._append_line(line)
            self._headings.append((start, start + len(line), line))

    def heading_spans(self, text: str) -> list[Span]:
        """(start, end) of every heading line in the built ``text``."""
        return self._locate(text, self._headings)

    def marked_spans(self, text: str) -> list[Span]:
        """(start, end) of every block added with ``mark=True``, in the built ``text``."""
        return self._locate(text, self._marked)

    def _locate(self, text: str, pieces: list[tuple[int, int, str]]) -> list[Span]:
        if text == "".join(self._parts):
            return [(s, e) for s, e, _ in pieces]
        spans, cursor = [], 0
        for _, _, piece in pieces:
            piece = normalize_text(piece)
            found = text.find(piece, cursor)
            if found >= 0:
                spans.append((found, found + len(piece)))
                cursor = found + len(piece)
        return spans

    def add_break(self) -> None:
        """Leave one blank line before the next piece (pages, sections)."""
        if self._parts:
            self._pending_break = True

    def add_table(self, rows: Sequence[Sequence[str]],
                  widths: Sequence[Sequence[int]] | None = None) -> None:
        """Append a table: one line per row, cells joined by " | ".

        Cells are folded to one line each; rows whose cells are all empty are skipped,
        and so is a table without any non-empty row. ``widths`` gives how many grid
        columns each cell spans (a merged cell): its span is repeated that many times in
        the row's cells, so cell ``i`` of every row is the table's column ``i``, while the
        line shows the text once.
        """
        table: list[list[tuple[int, int, str]]] = []
        for r, row in enumerate(rows):
            cells = [single_line(c or "") for c in row]
            if not any(cells):
                continue
            line = CELL_SEP.join(cells).rstrip()
            start = self._append_line(line)
            spans: list[tuple[int, int, str]] = []
            pos = start
            for c, cell in enumerate(cells):
                # An empty last cell ends where the stripped line ends.
                span = (min(pos, start + len(line)), min(pos + len(cell), start + len(line)), cell)
                width = widths[r][c] if widths and c < len(widths[r]) else 1
                spans.extend([span] * max(1, width))
                pos += len(cell) + len(CELL_SEP)
            table.append(spans)
        if table:
            self._tables.append(table)

    def build(self) -> tuple[str, list[TableSpans]]:
        """The normalised text and, for each table, rows of (start, end) cell spans."""
        raw = "".join(self._parts)
        text = normalize_text(raw)
        if text == raw:
            tables = [[[(s, e) for s, e, _ in row] for row in table] for table in self._tables]
            return text, tables
        # A merged cell stands once in the text and several times in its row: locate it
        # once and repeat its span.
        cells = [[[cell for k, (_, _, cell) in enumerate(row) if k == 0 or row[k - 1] is not row[k]]
                  for row in table] for table in self._tables]
        located = relocate_cells(text, cells)
        out: list[TableSpans] = []
        for table, found in zip(self._tables, located):
            rows_out = []
            for row, spans in zip(table, found):
                it = iter(spans)
                grid: list[Span] = []
                for k, entry in enumerate(row):
                    grid.append(next(it) if k == 0 or row[k - 1] is not entry else grid[-1])
                rows_out.append(grid)
            out.append(rows_out)
        return text, out


def relocate_cells(text: str, tables: Sequence[Sequence[Sequence[str]]]) -> list[TableSpans]:
    """Find each table cell, in order, in normalised ``text``: (start, end) spans.

    A safety net for when normalisation shifted offsets; a cell that cannot be found
    gets an empty span at the current position rather than a wrong one.
    """
    out: list[TableSpans] = []
    cursor = 0
    for table in tables:
        rows: TableSpans = []
        for row in table:
            spans: list[Span] = []
            for cell in row:
                cell = normalize_text(cell)
                found = text.find(cell, cursor)
                if found < 0:
                    found = cursor
                    cell = ""
                spans.append((found, found + len(cell)))
                cursor = found + len(cell)
            rows.append(spans)
        out.append(rows)
    return out


# ---------------------------------------------------------------------------------------
# Visual -> logical order for right-to-left lines
# ---------------------------------------------------------------------------------------

# Bidi-mirrored pairs: in a right-to-left run the producer drew the mirrored glyph.
_MIRROR = dict(zip("()[]{}<>«»‹›⁅⁆", ")(][}{><»«›‹⁆⁅"))

_RTL_RANGES = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFE), (0x10800, 0x10FFF),
               (0x1E800, 0x1EFFF))


_RTL_CLASS = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _RTL_RANGES)
# Letters of the right-to-left ranges ("[^\W\d_]" is a letter), and any character of them.
_RTL_LETTER = re.compile(f"(?=[^\\W\\d_])[{_RTL_CLASS}]")
_LETTER = re.compile(r"[^\W\d_]")
_RTL_ANY = re.compile(f"[{_RTL_CLASS}]")


def is_rtl_char(ch: str) -> bool:
    """A letter (or mark) of a right-to-left script: Hebrew, Arabic, Syriac, Thaana, NKo."""
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _RTL_RANGES) and unicodedata.category(ch)[0] in "LM"


def has_rtl(line: str) -> bool:
    """Whether ``line`` holds any right-to-left letter (a fast test for the common case)."""
    return _RTL_ANY.search(line) is not None and any(is_rtl_char(c) for c in line)


def rtl_share(line: str) -> float:
    """Share of right-to-left letters among the letters of ``line`` (0 when none)."""
    if _RTL_ANY.search(line) is None:
        return 0.0
    letters = len(_LETTER.findall(line))
    if not letters:
        return 0.0
    return len(_RTL_LETTER.findall(line)) / letters


# Atoms that keep left-to-right order inside a right-to-left line, matched on the
# *reversed* line (the patterns are symmetric). After Arabic letters, digits are Arabic
# numbers (bidi W2), which only common separators hold together (W4): "10,5",
# "22/9/2025", "10.000", "٢١٫٧" are one number, but "2025-2030" is two and shows as
# "2030-2025". Percent signs and other terminators are not part of the number either:
# Arabic typesetting (and python-bidi) shows logical "12%" as "%12".
_NUM = r"\d+(?:[.,:/\u066b\u066c]\d+)*"
_LTR_LETTER = r"[^\W\d_\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]"
_WORD = rf"{_LTR_LETTER}+(?:['’.\-]{_LTR_LETTER}+)*"
_ATOM = re.compile(rf"{_NUM}|{_WORD}")
# Currency and percent signs that belong to a number inside a Latin phrase.
_TERMINATORS = "%‰‱°$€£¥₫#"
# Neutrals that may sit between two atoms of one left-to-right phrase ("ISO 9001",
# "Covid-19", "R&D"). Brackets end a phrase: in "2025-2030 (GDP)" the number comes
# before the bracket, not after the word (the visual form alone cannot tell, and a
# bracketed Latin abbreviation after an Arabic term is the common case).
_INNER_NEUTRAL = re.compile(r"[ \t\-–.,:;/&+'\"’]*")


def visual_to_logical(line: str) -> str:
    """Turn one right-to-left line from visual (drawn) order back into logical order.

    PDF text extraction returns glyphs left to right as drawn. For a right-to-left
    paragraph that is the bidi *visual* order: reversing the line restores the logical
    order of the right-to-left text, but reverses every left-to-right run (numbers,
    Latin words) and swaps brackets. So: reverse the line; re-reverse left-to-right
    runs; mirror brackets outside them.

    A Latin word starts a left-to-right phrase that runs to the next right-to-left
    letter and takes in the numbers after it (bidi W7: "ISO 9001", "GDP 2025"); numbers
    not preceded by a Latin word are runs of their own ("2025 - 2030" shows as
    "2030 - 2025"). Visual order is ambiguous ("ISO 2025" could also come from
    "2025 ISO"); the phrase reading is the common one. Lines are treated as right-to-left
    paragraphs: call this only for lines that are mostly right-to-left letters.
    """
    rev = line[::-1]
    out: list[str] = []
    i = 0
    n = len(rev)
    while i < n:
        m = _ATOM.match(rev, i)
        if not m:
            ch = rev[i]
            out.append(_MIRROR.get(ch, ch))
            i += 1
            continue
        # Collect a chain of atoms separated only by neutrals.
        atoms = [m.span()]
        j = m.end()
        while j < n:
            gap = _INNER_NEUTRAL.match(rev, j)
            k = gap.end() if gap else j
            nxt = _ATOM.match(rev, k)
            if not nxt:
                break
            atoms.append(nxt.span())
            j = nxt.end()
        # In the reversed line the phrase's first word (logically) is its rightmost
        # Latin atom; everything from the chain start up to it is one reversed phrase.
        last_word = max((idx for idx, (s, e) in enumerate(atoms) if not rev[s].isdigit()),
                        default=-1)
        if last_word >= 0:
            s0, e0 = atoms[0][0], atoms[last_word][1]
            # Inside a Latin phrase a number keeps its percent sign ("GDP 12%", bidi
            # W5/W7): take back the terminators just written before the number.
            while (rev[s0].isdigit() or rev[s0] in _TERMINATORS) and s0 > 0 \
                    and rev[s0 - 1] in _TERMINATORS and out and out[-1] == rev[s0 - 1]:
                out.pop()
                s0 -= 1
            out.append(rev[s0:e0][::-1])
            rest = atoms[last_word + 1:]
            pos = e0
        else:
            rest = atoms
            pos = atoms[0][0]
        for s, e in rest:
            out.extend(_MIRROR.get(c, c) for c in rev[pos:s])
            out.append(rev[s:e][::-1])
            pos = e
        i = pos
    return "".join(out)


_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")


def fold_presentation_forms(s: str) -> str:
    """Replace Arabic presentation forms (shaped glyphs, lam-alef ligatures) by letters.

    PDF producers shape Arabic before drawing, so extracted text holds positional
    glyphs (U+FB50–U+FDFF, U+FE70–U+FEFE) that no search for a word would match. NFKC
    maps them to the base letters, in logical order for ligatures.
    """
    return _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), s)


# A line is a right-to-left paragraph (turned around) when this share of its letters is.
RTL_LINE_SHARE = 0.5


def fix_rtl_line(line: str, min_share: float = RTL_LINE_SHARE) -> str:
    """Logical order and plain letters for a line extracted in visual order.

    Lines whose letters are mostly right-to-left (``min_share``) are reordered; other
    lines only get their presentation forms folded.
    """
    if not has_rtl(line):
        return line
    if rtl_share(line) >= min_share:
        line = balance_brackets(visual_to_logical(line))
    return fold_presentation_forms(line)


_PAIRS = {"(": ")", "[": "]", "{": "}", "«": "»"}


def balance_brackets(line: str) -> str:
    """Turn round brackets that face the wrong way in a line: a closing one with nothing
    open opens, and of the opening ones left unclosed at the end, the later half close.

    pdfium mirrors the brackets it places in right-to-left runs itself, by its own bidi
    rules, so after the line is turned to logical order one bracket of a pair can face
    the wrong way ("(GDP(", ")GDP)")."""
    chars = list(line)
    for opening, closing in _PAIRS.items():
        if opening not in line and closing not in line:
            continue
        unclosed: list[int] = []
        for i, ch in enumerate(chars):
            if ch == opening:
                unclosed.append(i)
            elif ch == closing:
                if unclosed:
                    unclosed.pop()
                else:
                    chars[i] = opening
                    unclosed.append(i)
        for i in unclosed[len(unclosed) - len(unclosed) // 2:]:
            chars[i] = closing
    return "".join(chars)


# ---------------------------------------------------------------------------------------
# Text quality (garbled OCR layers)
# ---------------------------------------------------------------------------------------

# Vietnamese syllables: onset + rhyme, with at most one tone mark; checked syllables
# (ending in p, t, c, ch) take only the acute or dot-below tone. OCR that loses
# diacritics ("Vit Nam", "nhim k'") or invents foreign ones ("cüa") breaks these rules.
_VI_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
_VI_RHYMES = {
    "a": "- c ch i m n ng nh o p t u y", "ă": "c m n ng p t", "â": "c m n ng p t u y",
    "e": "- c m n ng o p t", "ê": "- ch m n nh p t u", "i": "- a ch m n nh p t u",
    "o": "- c i m n ng p t ong oc", "ô": "- c i m n ng p t", "ơ": "- i m n p t",
    "u": "- a c i m n ng p t", "ư": "- a c i m n ng t u", "y": "-",
    "iê": "c m n ng p t u", "yê": "c m n ng p t u", "ia": "-", "ya": "-",
    "uô": "c i m n ng t", "ua": "-", "ươ": "c i m n ng p t u", "ưa": "-",
    "oa": "- c ch i m n ng nh o p t y", "oă": "c m n ng t", "oe": "- n o t",
    "uâ": "n ng t y", "uê": "- ch n nh", "uy": "- a ch n nh p t u", "uyê": "n t",
    "uơ": "-", "uya": "-",
}
_VI_RHYME_RE = "|".join(sorted(
    (nucleus + ("" if f == "-" else f) for nucleus, finals in _VI_RHYMES.items()
     for f in finals.split()), key=len, reverse=True))
_VI_SYLLABLE = re.compile(rf"{_VI_ONSET}(?:{_VI_RHYME_RE})")
_VI_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_VI_CHECKED_TONES = {"\u0301", "\u0323"}
# In Vietnamese about 90% of lower-case words carry a diacritic (vowel mark or tone);
# OCR that drops them leaves about a third. Below this share, quality is scaled down.
VI_EXPECTED_MARKED_SHARE = 0.6

# Inner characters a real word may hold; anything else inside a word ("B()", "TIN}I",
# "Ch.p") is the mark of a garbled OCR layer.
_INNER_PUNCT = set("-'’\"“”")
_INNER_PUNCT_VI = set("-")
_TOKEN_SPLIT = re.compile(r"[\s/]+")
_EMPTY_BRACKETS = re.compile(r"[(\[{][)\]}]")


def _is_edge_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _strip_punct(token: str) -> str:
    start, end = 0, len(token)
    while start < end and _is_edge_punct(token[start]):
        start += 1
    while end > start and _is_edge_punct(token[end - 1]):
        end -= 1
    return token[start:end]


def _word_chars_ok(token: str, inner: set[str]) -> bool:
    """Letters and combining marks, with ``inner`` punctuation only between letters."""
    for i, ch in enumerate(token):
        cat = unicodedata.category(ch)
        if cat[0] in "LM":
            continue
        if ch in inner and 0 < i < len(token) - 1 and token[i - 1] not in inner:
            continue
        return False
    return True


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "?"


def _vi_syllable_ok(token: str) -> bool:
    decomposed = unicodedata.normalize("NFD", token.lower())
    tones = [c for c in decomposed if c in _VI_TONES]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _VI_TONES))
    if not _VI_SYLLABLE.fullmatch(base):
        return False
    if base[-1] in "ptc" or base.endswith("ch"):
        return bool(tones) and tones[0] in _VI_CHECKED_TONES
    return True


def _case_ok(word: str) -> bool:
    """lower, UPPER or Title case; "hOi", "ChInh" are OCR confusions."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return True
    tail = letters[1:]
    return all(c.islower() or not c.isupper() for c in tail) or all(
        c.isupper() or not c.islower() for c in letters)


_VI_DISTINCT_MARKS = {"\u0306", "\u0302", "\u031b", "\u0309", "\u0323"}
# Share of Latin words with a mark only Vietnamese uses for the text to count as
# Vietnamese; garbled OCR keeps a few ("thôi", "dâng") even when it loses most.
VI_MIN_DISTINCT_SHARE = 0.03


def _vi_distinct(word: str) -> bool:
    """Has đ, or a vowel with breve, circumflex, horn, hook above or dot below."""
    return any(c in "đĐ" or c in _VI_DISTINCT_MARKS for c in unicodedata.normalize("NFD", word))


def is_vietnamese(text: str) -> bool:
    """Whether the Latin words of ``text`` look Vietnamese (marks no other corpus
    language uses: ă â ê ô ơ ư đ, hook above, dot below)."""
    words = [w for w in text.split() if any(c.isalpha() and c < "\u0250" for c in w)]
    if not words:
        return False
    return sum(_vi_distinct(w) for w in words) / len(words) >= VI_MIN_DISTINCT_SHARE


def text_quality(text: str) -> float:
    """Share of well-formed words in ``text``, 0..1 (1.0 when there are no words).

    Tokens are split at whitespace and "/". A token with letters is well-formed when,
    stripped of surrounding punctuation, it is letters (and combining marks) of one
    script, with inner hyphens, apostrophes or quotes only between letters (only
    hyphens in Vietnamese), in lower, UPPER or Title case; in Vietnamese text a token
    must also be a valid syllable. Tokens with digits are skipped (codes, dates), and so
    are ALL-CAPS tokens that fail the syllable test (abbreviations such as "GRDP").
    Vietnamese text that lost its diacritics is scaled down by the share of marked
    words relative to ``VI_EXPECTED_MARKED_SHARE``. Clean text of every language in
    the corpus scores above 0.95; the garbled OCR layer of the real scanned notice
    scores about 0.37.
    """
    vietnamese = is_vietnamese(text)
    inner = _INNER_PUNCT_VI if vietnamese else _INNER_PUNCT
    good = bad = 0
    vi_words = vi_marked = 0
    for raw in _TOKEN_SPLIT.split(unicodedata.normalize("NFC", text)):
        if not any(c.isalpha() for c in raw) or any(c.isdigit() for c in raw):
            continue
        token = _strip_punct(raw)
        if (not token or _EMPTY_BRACKETS.search(raw) or not _word_chars_ok(token, inner)
                or not _case_ok(token)):
            bad += 1
            continue
        scripts = {_script(c) for c in token if c.isalpha()}
        if len(scripts) > 1:
            bad += 1
        elif vietnamese and scripts == {"LATIN"}:
            if not token.isupper():
                vi_words += 1
                vi_marked += any(ord(c) > 0x7F for c in token)
            if all(_vi_syllable_ok(p) for p in token.split("-")):
                good += 1
            elif not token.isupper():
                bad += 1
            # else: an abbreviation ("GRDP") or a heading without diacritics: no verdict
        else:
            good += 1
    total = good + bad
    if total == 0:
        return 1.0
    quality = good / total
    if vi_words:
        quality *= min(1.0, vi_marked / vi_words / VI_EXPECTED_MARKED_SHARE)
    return quality


# ---------------------------------------------------------------------------------------
# Is it text at all? (random bytes, undecodable bytes, binary data read as text)
# ---------------------------------------------------------------------------------------

# Real documents of every corpus language, in every format, stay far from these limits: no
# U+FFFD and no control or unassigned code points; at least 78% of their visible characters
# are letters of words (two letters or more) or digits, and at least 71% letters of words
# (tables of figures included); at most 0.2% of their words mix scripts, 1% mix case
# ("GitHub", "VNeID"), and 5% of their tokens mix letters and digits ("10,5%/năm").
# Random bytes decoded as a code page keep a quarter of their characters in words or
# digits; UTF-16 with lone surrogates is mostly U+FFFD; emoji and brackets have no letters,
# a list of figures no words; a hex dump or base64 mixes letters and digits in most tokens,
# base64 and letter soup mix case inside most words. A document damaged in places (a few
# hundred junk bytes in a page of text) is still read: only damage that makes a quarter of
# it is no text.
MAX_UNDECODABLE_SHARE = 0.25
MAX_CONTROL_SHARE = 0.05
MIN_CONTENT_SHARE = 0.5  # letters of words, and digits
MIN_WORD_SHARE = 0.1  # letters of words alone
MAX_MIXED_SCRIPT_SHARE = 0.25  # of words
MAX_MIXED_CASE_SHARE = 0.2  # of words
MAX_ALPHANUMERIC_SHARE = 0.25  # of tokens
# Below this many visible characters the shares say little: the text is not judged.
MIN_JUDGED_CHARS = 32
_CONTROL_CATEGORIES = frozenset(("Cc", "Co", "Cn", "Cs"))
# Scripts that one word legitimately mixes (Japanese) count as one.
_SAME_SCRIPT = {"HIRAGANA": "CJK", "KATAKANA": "CJK"}
_LETTER_RUN = re.compile(r"[^\W\d_]{2,}")


@cache
def _letter_script(ch: str) -> str:
    """The script of a letter by its Unicode name; Latin-1 and Latin Extended letters are
    Latin whatever their name ("º", "µ"). Remembered per letter: looking the name up is
    most of the cost of judging a token, and a text uses few distinct letters."""
    if ord(ch) < 0x250:
        return "LATIN"
    script = _script(ch)
    return _SAME_SCRIPT.get(script, script)


@lru_cache(maxsize=1 << 16)
def garbled_token(token: str) -> bool:
    """Whether a token (between spaces) is damage rather than a word: it holds a character
    that could not be decoded (U+FFFD), a control, private-use or unassigned code point, or
    letters of two scripts (bytes decoded in the wrong encoding: "Ьr«‰ЯЛыыVс7").
    Remembered per token (bounded): language detection judges every token of its samples,
    and words repeat."""
    if token.isascii():
        return not token.isprintable()
    scripts = set()
    for c in token:
        if c == "\ufffd" or unicodedata.category(c) in _CONTROL_CATEGORIES:
            return True
        if c.isalpha():
            scripts.add(_letter_script(c))
    return len(scripts) > 1


@dataclass
class _Words:
    """The runs of two letters or more of a text: how many, their letters, and how many mix
    scripts or mix case."""

    count: int = 0
    letters: int = 0
    mixed_script: int = 0
    mixed_case: int = 0

    @classmethod
    def of(cls, text: str) -> _Words:
        # each distinct word is judged once and counted as often as it occurs: a text
        # repeats its words, and judging them letter by letter was most of the cost
        w = cls()
        for word, n in Counter(_LETTER_RUN.findall(text)).items():
            w.count += n
            w.letters += len(word) * n
            w.mixed_case += n * (not (word.isupper() or word[1:].lower() == word[1:]))
            if not word.isascii() and len({_letter_script(c) for c in word}) > 1:
                w.mixed_script += n
        return w


def not_text_reason(text: str) -> str:
    """Why ``text`` is not text in any language, or "" when it may be (the limits above):
    characters that could not be decoded (U+FFFD); control, private-use or unassigned code
    points; too little in words (runs of two letters or more, of any script) and digits;
    too few words; words that mix scripts, or upper and lower case at random; tokens that
    mix letters and digits."""
    counts = Counter(text)
    total = sum(n for c, n in counts.items() if not c.isspace())
    if total < MIN_JUDGED_CHARS:
        return ""
    categories: Counter[str] = Counter()
    for c, n in counts.items():
        if not c.isspace():
            categories[unicodedata.category(c)] += n
    words = _Words.of(text)
    tokens = text.split()
    alphanumeric = sum(1 for t in tokens if not t.isalpha() and not t.isdigit()
                       and any(c.isdigit() for c in t) and any(c.isalpha() for c in t))
    checks = (
        (counts["\ufffd"] / total, MAX_UNDECODABLE_SHARE, "of characters could not be decoded"),
        (sum(n for cat, n in categories.items() if cat in _CONTROL_CATEGORIES) / total,
         MAX_CONTROL_SHARE, "of characters are control, private-use or unassigned code points"),
        (1 - (words.letters + categories["Nd"]) / total, 1 - MIN_CONTENT_SHARE,
         "of characters are neither letters of a word nor digits"),
        (1 - words.letters / total, 1 - MIN_WORD_SHARE, "of characters are not letters of a word"),
        (words.mixed_script / max(1, words.count), MAX_MIXED_SCRIPT_SHARE,
         "of words mix letters of different scripts"),
        (words.mixed_case / max(1, words.count), MAX_MIXED_CASE_SHARE,
         "of words mix upper and lower case at random"),
        (alphanumeric / max(1, len(tokens)), MAX_ALPHANUMERIC_SHARE,
         "of tokens mix letters and digits"),
    )
    for share, limit, what in checks:
        if share > limit:
            return f"not text: {share:.0%} {what}"
    return ""
