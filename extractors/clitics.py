"""Clitics glued to the front of words, from ``lang/<code>/clitics.json``.

Arabic writes "and", "for", "with" and the article as one word with the noun ("وللجنة" =
و + ل + (ا)ل + لجنة); lexicons list the bare noun. ``forms`` gives what a written word may
stand for once such clitics are taken off, so every finder strips them the same way.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from .lang import load


@cache
def _data(lang: str) -> tuple[tuple[str, ...], tuple[str, ...], str, dict[str, str],
                              re.Pattern[str] | None, dict[int, str]]:
    d = load(lang, "clitics")
    marks = re.compile(d["marks"]) if d.get("marks") else None
    return (tuple(d.get("conjunctions", [])), tuple(d.get("prepositions", [])),
            d.get("article", ""), dict(d.get("fused_article", {})), marks,
            str.maketrans(d.get("letters", {})))


def has_clitics(lang: str) -> bool:
    return bool(load(lang, "clitics"))


def clean(word: str, lang: str) -> str:
    """The word without the marks the language ignores, its letter variants unified."""
    _, _, _, _, marks, letters = _data(lang)
    if marks is not None:
        word = marks.sub("", word)
    return word.translate(letters) if letters else word


def forms(word: str, lang: str) -> Iterator[str]:
    """The word, then the word stripped of a conjunction, of a preposition and of the article,
    least stripped first; a stem of fewer than two letters is never offered."""
    conjunctions, prepositions, article, fused, _, _ = _data(lang)
    yield word
    for conj in ("", *conjunctions):
        if not word.startswith(conj):
            continue
        rest = word[len(conj):]
        for prep in ("", *prepositions):
            if not rest.startswith(prep) or len(rest) - len(prep) < 2:
                continue
            stem = rest[len(prep):]
            if conj or prep:
                yield stem
            if article and stem.startswith(article):
                yield stem[len(article):]
            if prep in fused and stem.startswith(fused[prep]):
                yield stem[len(fused[prep]):]


def without_article(word: str, lang: str) -> str:
    """A lexicon phrase word without its article ("اللجنة" -> "لجنة"); short words keep it,
    as there the letters are the word's own."""
    article = _data(lang)[2]
    if article and word.startswith(article) and len(word) > len(article) + 2:
        return word[len(article):]
    return word
