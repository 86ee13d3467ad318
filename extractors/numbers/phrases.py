"""Phrase tables: the longest data phrase right after or right before a position in a text.

A table maps phrases to ``{category: value}`` ("triệu" -> scale 1e6, "%" -> percent). Data
phrases and text are cut into the same tokens (letter runs, digit runs, single signs), so
"Gb/s", "điểm%" and "tys." match however they are spaced.
"""
from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from ..lang import load_shared


def _code_points(ranges: list[str]) -> str:
    """A regex class body from code point ranges written as data ("0300-036F", "0670")."""
    body = ""
    for item in ranges:
        lo, _, hi = item.partition("-")
        body += re.escape(chr(int(lo, 16))) + (f"-{re.escape(chr(int(hi, 16)))}" if hi else "")
    return body


# Tokens: letter runs, digit runs, single signs. Combining marks stay inside their word
# (Arabic tashkeel in "سنويًا", decomposed accents); which marks is shared data.
_MARKS = _code_points(load_shared("numbers")["combining_marks"])
TOKEN = re.compile(rf"(?:[^\W\d_]|[{_MARKS}])+|\d+|[^\w\s]")
# At most one line break inside a phrase: PDF text wraps lines anywhere ("437\ntriệu").
NEWLINES = 1
_BEFORE_CHARS = 60  # a phrase before a number is shorter than this
_MISSING = object()


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    entry: dict  # category -> value


class Lexicon:
    """Phrases -> {category: value}. The longest phrase at a position wins, so a longer
    phrase of another category ("tỷ lệ", rate) hides a shorter one ("tỷ", billion)."""

    def __init__(self, norm: Callable[[str], str]) -> None:
        self.table: dict[tuple[str, ...], dict] = {}
        self.prefixes: set[tuple[str, ...]] = set()  # read on while a phrase may still match
        self.suffixes: set[tuple[str, ...]] = set()
        self.firsts: dict[str, set[str]] = {}  # category -> first tokens of its phrases
        self._norm = norm
        self._text: str | None = None  # the one text a ``reading`` answers for
        self._memo: dict[tuple[int, ...], Hit | None] = {}

    def reading(self, text: str) -> Lexicon:
        """This lexicon, remembering its answers for ``text`` (other texts are looked up
        afresh): reading one number asks for the phrase at the same place several times
        (its scale, unit, range, per-unit marker, noun). A view for one call, so threads
        never share one."""
        view = copy.copy(self)
        view._text, view._memo = text, {}
        return view

    def key(self, phrase: str) -> tuple[str, ...]:
        return tuple(self._norm(t) for t in TOKEN.findall(unicodedata.normalize("NFC", phrase)))

    def add(self, phrase: str, category: str, value: object = True) -> None:
        key = self.key(phrase)
        if not key:
            return
        self.table.setdefault(key, {}).setdefault(category, value)
        self.prefixes.update(key[:i] for i in range(1, len(key) + 1))
        self.suffixes.update(key[i:] for i in range(len(key)))
        self.firsts.setdefault(category, set()).add(key[0])

    def after(self, text: str, pos: int, newlines: int = NEWLINES) -> Hit | None:
        """The longest phrase starting at the first token at or after ``pos``."""
        if text is not self._text:
            return self._after(text, pos, newlines)
        hit = self._memo.get((pos, newlines), _MISSING)
        if hit is _MISSING:
            hit = self._memo[(pos, newlines)] = self._after(text, pos, newlines)
        return hit

    def before(self, text: str, pos: int, floor: int, newlines: int = NEWLINES) -> Hit | None:
        """The longest phrase ending with the last token before ``pos`` (not before ``floor``)."""
        if text is not self._text:
            return self._before(text, pos, floor, newlines)
        hit = self._memo.get((pos, floor, newlines, -1), _MISSING)
        if hit is _MISSING:
            hit = self._memo[(pos, floor, newlines, -1)] = self._before(text, pos, floor, newlines)
        return hit

    def _after(self, text: str, pos: int, newlines: int) -> Hit | None:
        key: tuple[str, ...] = ()
        first, best, prev = None, None, pos
        for m in TOKEN.finditer(text, pos):
            if text.count("\n", prev, m.start()) > newlines:
                break
            key += (self._norm(m.group()),)
            if key not in self.prefixes:
                break
            first = m.start() if first is None else first
            if key in self.table:
                best = Hit(first, m.end(), self.table[key])
            prev = m.end()
        return best

    def _before(self, text: str, pos: int, floor: int, newlines: int) -> Hit | None:
        lo = max(floor, pos - _BEFORE_CHARS)
        toks = list(TOKEN.finditer(text, lo, pos))
        if toks and lo > floor and toks[0].start() == lo and text[lo - 1].isalnum():
            toks = toks[1:]  # cut in the middle of a word
        key: tuple[str, ...] = ()
        best, prev = None, pos
        for m in reversed(toks):
            if text.count("\n", m.end(), prev) > newlines:
                break
            key = (self._norm(m.group()),) + key
            if key not in self.suffixes:
                break
            if key in self.table:
                best = Hit(m.start(), toks[-1].end(), self.table[key])
            prev = m.start()
        return best
