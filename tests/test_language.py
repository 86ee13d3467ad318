"""extractors.language: identification, and the confidence floor under which a text is in
no language."""
from __future__ import annotations

import base64
import random

import pytest

from extractors.language import MIN_CONFIDENCE, identify, no_language_reason

from .conftest import ROOT

SAMPLES = sorted((ROOT / "bench" / "sample_texts").glob("*.txt"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_is_in_its_language(path) -> None:
    text = path.read_text(encoding="utf-8")
    lang, confidence = identify(text)
    assert lang == path.name[:2]
    assert confidence >= MIN_CONFIDENCE
    assert no_language_reason(text) == ""


def test_base64_is_in_no_language() -> None:
    text = base64.b64encode(random.Random(3).randbytes(3000)).decode()
    assert no_language_reason(text).startswith("not text: no language recognised (best guess ")


def test_short_text_is_not_judged() -> None:
    assert no_language_reason("Qx7 Zv9 Kk2") == ""
    assert identify("Plan: 10% growth by 2030.")[0] == "en"
