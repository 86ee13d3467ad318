"""CER of the real engine on the noisy scans of real pages that bench/ocr.py makes."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from extractors.io import ocr

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.shared,
              pytest.mark.skipif(bool(ocr.missing()), reason="needs Tesseract")]


def _bench():
    spec = importlib.util.spec_from_file_location("restrack_bench_ocr", ROOT / "bench" / "ocr.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_cer_per_language_meets_the_goals() -> None:
    bench = _bench()
    pages = bench.make_pages()
    if not pages:
        pytest.skip("../shared is absent")
    assert {p.lang for p in pages} == set(bench.GOALS)
    assert all(150 <= p.dpi <= 200 for p in pages)
    result = bench.measure(pages)
    over = {lang: value for lang, value in result["cer"].items() if value > bench.GOALS[lang]}
    assert over == {}, result["per_page"]


def test_noise_changes_the_page() -> None:
    import random

    from PIL import Image

    bench = _bench()
    page = Image.new("L", (400, 300), 255)
    noisy = bench.scan_noise(page, random.Random(1))
    assert noisy.size == page.size
    assert noisy.getextrema()[0] < 235  # sensor noise and JPEG artefacts, not a clean page
