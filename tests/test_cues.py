"""Cue patterns (``extractors.cues``): phrases match at a word start, or anywhere in
languages whose clitics glue to the next word; a sentence's ``CueIndex`` answers as a scan
of the sentence would."""
from __future__ import annotations

import re

import pytest

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
    sentences = [s for s in re.split(r"(?<=[.!?;])\s+", text) if 20 < len(s) < 400][:300]
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
