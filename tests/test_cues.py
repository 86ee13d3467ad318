"""Cue patterns (``extractors.cues``): phrases match at a word start, or anywhere in
languages whose clitics glue to the next word; a sentence's ``CueIndex`` answers as a scan
of the sentence would."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import cues
from extractors.lang import load

from .conftest import shared_path

LANGS = ("vi", "pl", "ru", "ar", "en")


def test_a_phrase_inside_a_word_is_no_cue() -> None:
    pat = cues._pattern(["dąż", "cel"], "prefix")
    assert [m.group() for m in pat.finditer("dążymy; przecel, cel")] == ["dąż", "cel"]
    assert pat.search("udąż") is None
    assert cues._pattern(["ال"], "anywhere").search("والتنمية") is not None


@pytest.mark.parametrize("lang", LANGS)
def test_a_sentence_index_answers_as_scans_of_the_sentence(lang: str) -> None:
    """Over the sentences of dev2's documents in the language, every list: its spans, and
    whether / which cues lie in windows, as scanning the sentence (and the window) says.
    Most lists have no cue in a sentence; the index answers those without scanning twice."""
    folder = shared_path("dev2", "corpus")
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob(f"{lang}_*"))
                    if p.suffix in (".txt", ".md"))
    if not text:
        pytest.skip(f"no {lang} text document in dev2")
    sentences = [s for s in re.split(r"(?<=[.!?;])\s+", text) if 20 < len(s) < 400][:2000]
    names = [k for k, v in load(lang, "cues").items() if isinstance(v, list) and k != "match"
             and not k.endswith("_suffixes")]
    seen = empty = 0
    for sentence in sentences:
        index = cues.CueIndex(lang, sentence)
        assert index.present(tuple(names)) == tuple(n for n in names if cues.spans(lang, n, sentence))
        for name in names:
            found = cues.spans(lang, name, sentence)
            assert index.spans(name) == found
            for lo, hi in ((0, len(sentence)), (5, len(sentence) // 2), (len(sentence) // 3, None)):
                end = len(sentence) if hi is None else hi
                inside = [(a, b) for a, b in found if lo <= a and b <= end]
                assert index.within(name, lo, hi) == inside
                assert index.has(name, lo, hi) == bool(inside)
            seen += bool(found)
            empty += not found
    assert seen > 0 and empty > 0


def _plain_lists(lang: str) -> list[str]:
    data = load(lang, "cues")
    return [k for k, v in data.items() if isinstance(v, list) and not k.endswith("_suffixes")
            and not data.get(f"{k}_suffixes")]


# What may sit around a cue: word characters of every kind the regex \w knows (letters of
# each script, digits, other numerals, "_") and what is no word (spaces, line breaks,
# punctuation, a combining mark).
_GLUE = st.sampled_from(["", " ", "  ", "\n", "_", "a", "ą", "я", "ب", "ệ", "7", "٣", "²", "Ⅻ",
                         ",", ".", "-", "(", "\u0301", "İ", "ß"])


@pytest.mark.parametrize("lang", LANGS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_one_pass_over_all_lists_finds_what_each_lists_regex_finds(lang: str, data) -> None:
    """The automaton that finds every plain list's cues in one pass gives each list the
    cues its own regex finds: leftmost, then longest, never overlapping, at a word start
    where the language asks for one, whatever the case and what is glued around them."""
    phrases = sorted({p for n in _plain_lists(lang) for p in load(lang, "cues")[n]})
    pieces = data.draw(st.lists(st.tuples(_GLUE, st.sampled_from(phrases), st.booleans()),
                                min_size=1, max_size=12))
    text = "".join(glue + (p.upper() if up else p) for glue, p, up in pieces)
    index = cues.CueIndex(lang, text)
    for name in _plain_lists(lang):
        assert index.spans(name) == cues.spans(lang, name, text), (name, text)
