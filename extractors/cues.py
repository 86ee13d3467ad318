"""Cue-word matchers compiled from ``lang/<code>/cues.json`` and ``indicators.json``.

A cue list is one regex per (language, list). Languages with case and separate words match
cues at a word start, so a stem ("dąż", "стремит") covers its inflected forms; Arabic
matches anywhere, because clitics (و ف ب ل ال) attach to the front of words.
"""
from __future__ import annotations

import re
from functools import cache

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
    return _pattern(data.get(name, []), data.get("match", "prefix"))


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


def cue_list(lang: str, name: str) -> list[str]:
    return list(load(lang, "cues").get(name, []))


@cache
def _indicator_patterns(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    data = load(lang, "indicators").get("codes", {})
    mode = load(lang, "cues").get("match", "prefix")
    return [(code, pat) for code, phrases in data.items()
            if (pat := _pattern(phrases, mode)) is not None]


def indicator_matches(lang: str, text: str) -> list[tuple[int, int, str]]:
    """(start, end, code) of every indicator phrase in ``text``."""
    low = _fold(text)
    out = []
    for code, pat in _indicator_patterns(lang):
        out.extend((m.start(), m.end(), code) for m in pat.finditer(low))
    return sorted(out)


@cache
def _share_pattern(lang: str) -> re.Pattern[str] | None:
    mode = load(lang, "cues").get("match", "prefix")
    return _pattern(load(lang, "indicators").get("share_context", []), mode)


def share_context(lang: str, text: str) -> bool:
    """Does ``text`` introduce shares of a structure ("Cơ cấu kinh tế:", "the share of")?"""
    pat = _share_pattern(lang)
    return bool(pat and pat.search(_fold(text)))
