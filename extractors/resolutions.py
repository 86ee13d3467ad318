"""References to resolutions, decisions and plans ("Nghị quyết số 202/2025/QH15",
"Resolution No. 15", "uchwała nr 12/2025", "постановление № 5", "القرار رقم 15")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lang import load


@dataclass(slots=True)
class Ref:
    start: int
    end: int
    text: str

    @property
    def canonical(self) -> str:
        return " ".join(self.text.split())


# An identifier after "số/No./nr/№/رقم": digits with / - . and capitals (202/2025/QH15, 308-QĐ/TW).
_ID = r"[0-9٠-٩][0-9٠-٩A-Za-zĐđ/.\-–]*[0-9A-Za-zĐđ]|[0-9٠-٩]+"


@cache
def _pattern(lang: str) -> re.Pattern[str] | None:
    data = load(lang, "cues")
    words = sorted(data.get("resolution", []), key=len, reverse=True)
    numbers = sorted(data.get("number_sign", []), key=len, reverse=True)
    if not words:
        return None
    w = "|".join(re.escape(x) for x in words)
    n = "|".join(re.escape(x) for x in numbers) or "No\\."
    return re.compile(rf"(?i)(?<!\w)(?:{w})\s*(?:{n})\s*(?:{_ID})|(?<![\w/])(?:\d{{1,4}}[-/](?:\d{{4}}[-/])?[A-ZĐ]{{2,}}[A-ZĐa-z0-9/&-]*)")


def find_resolutions(text: str, lang: str) -> list[Ref]:
    pat = _pattern(lang)
    if pat is None:
        return []
    return [Ref(m.start(), m.end(), m.group()) for m in pat.finditer(text)]
