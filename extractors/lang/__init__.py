"""Per-language rule data, one folder per ISO 639-1 code (as spaCy's ``spacy/lang/<code>/``).

Each folder holds JSON data files only: numbers, currencies, units, comparators, periods,
bodies, cues, indicators. Adding a language is adding a folder (and its tests).
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANG_DIR = Path(__file__).parent
DATA_DIR = LANG_DIR.parent / "data"


def languages() -> list[str]:
    """Codes of every language that has a data folder."""
    return sorted(p.name for p in LANG_DIR.iterdir() if p.is_dir() and not p.name.startswith("_"))


@cache
def load(lang: str, name: str) -> dict:
    """The data file ``<lang>/<name>.json``; an empty dict when the language lacks it."""
    path = LANG_DIR / lang / f"{name}.json"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as f:
        return json.load(f)


@cache
def load_shared(name: str) -> dict:
    """A language-independent vocabulary from ``extractors/data/<name>.json``."""
    with (DATA_DIR / f"{name}.json").open(encoding="utf-8") as f:
        return json.load(f)


def blank(lang: str):
    """spaCy's blank pipeline of ``lang`` with the settings of ``<lang>/tokenizer.json``;
    spaCy's multi-language class when it has none for the code (the code is kept, so the
    language's data still applies). Every caller — rule pipeline, NER training and
    evaluation, review corpora — tokenizes through this one function."""
    import spacy

    config = load(lang, "tokenizer").get("config", {})
    try:
        return spacy.blank(lang, config=config)
    except Exception:  # spaCy has no class for this language
        nlp = spacy.blank("xx")
        nlp.lang = lang
        return nlp


@cache
def tokenizer(lang: str):
    """One shared blank pipeline of ``lang`` for callers that only tokenize (never add
    pipes to it: build your own with ``blank``)."""
    return blank(lang)
