"""Cue patterns: the word-start test written after each phrase's first character (so the
regex engine can skip to the positions holding one) finds what the plain form finds."""
from __future__ import annotations

import re
from functools import cache

import pytest

from extractors import cues
from extractors.lang import load

from .conftest import shared_path

LANGS = ("vi", "pl", "ru", "ar", "en")


def _reference(phrases: list[str], mode: str) -> re.Pattern[str]:
    """The form the patterns had before: one lookbehind in front of the alternation."""
    body = "|".join(re.escape(p) for p in sorted({p.lower() for p in phrases if p.strip()},
                                                 key=len, reverse=True))
    return re.compile((r"(?<!\w)" if mode == "prefix" else "") + f"(?:{body})")


@cache
def _texts() -> tuple[str, ...]:
    folders = [shared_path("dev2", "corpus"), shared_path("seeds")]
    return tuple(cues._fold(p.read_text(encoding="utf-8", errors="replace"))
                 for folder in folders for p in sorted(folder.rglob("*"))
                 if p.suffix in (".txt", ".md"))


@pytest.mark.parametrize("lang", LANGS)
def test_cue_lists_find_what_a_leading_lookbehind_finds(lang: str) -> None:
    texts = _texts()
    data = load(lang, "cues")
    mode = data.get("match", "prefix")
    lists = [k for k, v in data.items() if isinstance(v, list) and not k.endswith("_suffixes")
             and any(isinstance(p, str) and p.strip() for p in v)]
    found = 0
    for name in lists:
        ours, ref = cues._pattern(data[name], mode), _reference(data[name], mode)
        for text in texts:
            got = [m.span() for m in ours.finditer(text)]
            assert got == [m.span() for m in ref.finditer(text)], (lang, name)
            found += len(got)
    assert found > 0  # the texts do hold cues of the language


def test_a_phrase_inside_a_word_is_no_cue() -> None:
    pat = cues._pattern(["dąż", "cel"], "prefix")
    assert [m.group() for m in pat.finditer("dążymy; przecel, cel")] == ["dąż", "cel"]
    assert pat.search("udąż") is None
    assert cues._pattern(["ال"], "anywhere").search("والتنمية") is not None
