"""Cue-word matchers compiled from ``lang/<code>/cues.json`` and ``indicators.json``.

A cue list is one regex per (language, list). Languages with case and separate words match
cues at a word start, so a stem ("dąż", "стремит") covers its inflected forms; Arabic
matches anywhere, because clitics (و ف ب ل ال) attach to the front of words. A list may
also name word endings (``<list>_suffixes``: Polish "-imy" of "wybudujemy", Russian past
"-ла"), matched at the end of a word.

``CueIndex`` finds every cue of a text once, so that the many windows a sentence's values
ask about cost a binary search each, not a new scan of the sentence.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

import ahocorasick

from .lang import load


def _pattern(phrases: list[str], mode: str) -> re.Pattern[str] | None:
    phrases = sorted({p.lower() for p in phrases if p.strip()}, key=len, reverse=True)
    if not phrases:
        return None
    body = "|".join(re.escape(p) for p in phrases)
    prefix = r"(?<!\w)" if mode == "prefix" else ""
    return re.compile(f"{prefix}(?:{body})")


@cache
def cue(lang: str, name: str) -> re.Pattern[str] | None:
    data = load(lang, "cues")
    phrases = _pattern(data.get(name, []), data.get("match", "prefix"))
    endings = sorted({e.lower() for e in data.get(f"{name}_suffixes", []) if e.strip()},
                     key=len, reverse=True)
    if not endings:
        return phrases
    words = rf"(?<!\w)\w+(?:{'|'.join(map(re.escape, endings))})(?!\w)"
    return re.compile(f"{phrases.pattern}|{words}" if phrases else words)


@cache
def _automaton(lang: str) -> tuple[ahocorasick.Automaton | None, frozenset[str], bool]:
    """Every phrase of the language's plain cue lists in one Aho-Corasick automaton, each
    phrase's value its length and the lists that hold it; the lists it covers; whether a
    cue must start a word. One pass of it finds the cues of all those lists in a text,
    where each list's regex was a pass of its own (a quarter of the regex engine's time).
    Lists with word endings (``<list>_suffixes``) keep their regex."""
    data = load(lang, "cues")
    prefix = data.get("match", "prefix") == "prefix"
    owners: dict[str, list[str]] = {}
    for name, phrases in data.items():
        if not isinstance(phrases, list) or name.endswith("_suffixes") or data.get(f"{name}_suffixes"):
            continue
        for p in {p.lower() for p in phrases if isinstance(p, str) and p.strip()}:
            owners.setdefault(p, []).append(name)
    if not owners:
        return None, frozenset(), prefix
    auto = ahocorasick.Automaton()
    for p, names in owners.items():
        auto.add_word(p, (len(p), tuple(names)))
    auto.make_automaton()
    return auto, frozenset(n for names in owners.values() for n in names), prefix


def _is_word(c: str) -> bool:
    """Whether ``c`` is what the regex ``\\w`` matches: a letter, digit or numeral, or "_"."""
    return c.isalnum() or c == "_"


def _all_cues(lang: str, low: str) -> dict[str, tuple[list[int], list[tuple[int, int]]]]:
    """The cues of every plain list in ``low`` as each list's regex ``finditer`` finds
    them (leftmost, then longest, never overlapping); a list without a cue has ``_NONE``.
    Empty when the language has no automaton."""
    auto, covered, prefix = _automaton(lang)
    if auto is None:
        return {}
    longest: dict[str, dict[int, int]] = {}  # list -> start -> end of its longest cue there
    for last, (n, names) in auto.iter(low):
        start = last + 1 - n
        if prefix and start and _is_word(low[start - 1]):
            continue
        for name in names:
            at = longest.setdefault(name, {})
            if at.get(start, -1) < last + 1:
                at[start] = last + 1
    out = dict.fromkeys(covered, _NONE)
    for name, at in longest.items():
        found, pos = [], 0
        for start in sorted(at):
            if start >= pos:
                pos = at[start]
                found.append((start, pos))
        out[name] = ([s for s, _ in found], found)
    return out


def _fold(text: str) -> str:
    """Lower case with line breaks as spaces (PDF lines wrap inside phrases); the length is
    kept, so match offsets index the original text."""
    return text.lower().replace("\n", " ")


def has(lang: str, name: str, text: str) -> bool:
    pat = cue(lang, name)
    return bool(pat and pat.search(_fold(text)))


def spans(lang: str, name: str, text: str) -> list[tuple[int, int]]:
    """(start, end) of every cue of the list in ``text``."""
    pat = cue(lang, name)
    return [m.span() for m in pat.finditer(_fold(text))] if pat else []


_NONE: tuple[list[int], list[tuple[int, int]]] = ([], [])  # a list with no cue in the text


class CueIndex:
    """The cues of one text (a sentence), found once per list and asked about by window.

    Most lists have no cue in a sentence, and a sentence's values ask about it hundreds of
    times in all: the empty answer is one shared value found by one ``search``, and the
    questions return at once on it."""

    __slots__ = ("lang", "low", "_found", "_present", "_all")

    def __init__(self, lang: str, text: str) -> None:
        self.lang = lang
        self.low = _fold(text)
        self._found: dict[str, tuple[list[int], list[tuple[int, int]]]] = {}
        self._present: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._all = False

    def present(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The lists among ``names`` with a cue in the text, in their order; remembered, as
        each value of the sentence asks the same."""
        got = self._present.get(names)
        if got is None:
            got = self._present[names] = tuple(n for n in names if self._index(n)[1])
        return got

    def spans(self, name: str) -> list[tuple[int, int]]:
        """(start, end) of every cue of the list, in text order."""
        return list(self._index(name)[1])

    def _index(self, name: str) -> tuple[list[int], list[tuple[int, int]]]:
        got = self._found.get(name)
        if got is None and not self._all:
            # the first list asked: every list the automaton covers is found in one pass
            self._all = True
            self._found.update(_all_cues(self.lang, self.low))
            got = self._found.get(name)
        if got is None:
            pat = cue(self.lang, name)
            if pat is None or pat.search(self.low) is None:
                got = _NONE
            else:
                found = [m.span() for m in pat.finditer(self.low)]
                got = ([s for s, _ in found], found)
            self._found[name] = got
        return got

    def has(self, name: str, lo: int = 0, hi: int | None = None) -> bool:
        """Whether a cue of the list lies wholly inside ``[lo, hi)`` of the text."""
        starts, found = self._found.get(name) or self._index(name)
        if not found:
            return False
        hi = len(self.low) if hi is None else hi
        i = bisect_left(starts, lo)
        while i < len(found) and found[i][0] < hi:
            if found[i][1] <= hi:
                return True
            i += 1
        return False

    def within(self, name: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
        """The cues of the list wholly inside ``[lo, hi)``."""
        starts, found = self._found.get(name) or self._index(name)
        if not found:
            return []
        hi = len(self.low) if hi is None else hi
        i = bisect_left(starts, lo)
        out = []
        while i < len(found) and found[i][0] < hi:
            if found[i][1] <= hi:
                out.append(found[i])
            i += 1
        return out


def cue_list(lang: str, name: str) -> list[str]:
    return list(load(lang, "cues").get(name, []))


@cache
def _indicator_patterns(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    data = load(lang, "indicators").get("codes", {})
    mode = load(lang, "cues").get("match", "prefix")
    return [(code, pat) for code, phrases in data.items()
            if (pat := _pattern(phrases, mode)) is not None]


@cache
def _any_indicator(lang: str) -> re.Pattern[str] | None:
    """Every indicator phrase of the language in one pattern: it matches where some code's
    pattern does."""
    data = load(lang, "indicators").get("codes", {})
    mode = load(lang, "cues").get("match", "prefix")
    return _pattern([p for phrases in data.values() for p in phrases], mode)


def indicator_matches(lang: str, text: str) -> list[tuple[int, int, str]]:
    """(start, end, code) of every indicator phrase in ``text`` that no longer phrase
    covers ("food security" is not "security")."""
    low = _fold(text)
    # Most texts asked about name no indicator: one search with every code's phrases says
    # so instead of a search per code. Where one matches, no code's phrase starts earlier
    # (the combined search finds the leftmost), so each code is searched from there.
    first = _any_indicator(lang)
    found = first.search(low) if first is not None else None
    if found is None:
        return []
    out = []
    for code, pat in _indicator_patterns(lang):
        out.extend((m.start(), m.end(), code) for m in pat.finditer(low, found.start()))
    return sorted(m for m in out if not any(o[0] <= m[0] and m[1] <= o[1] and o[1] - o[0] > m[1] - m[0]
                                            for o in out))


@cache
def _share_pattern(lang: str) -> re.Pattern[str] | None:
    mode = load(lang, "cues").get("match", "prefix")
    return _pattern(load(lang, "indicators").get("share_context", []), mode)


def share_context(lang: str, text: str) -> bool:
    """Does ``text`` introduce shares of a structure ("Cơ cấu kinh tế:", "the share of")?"""
    pat = _share_pattern(lang)
    return bool(pat and pat.search(_fold(text)))
