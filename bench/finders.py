"""Throughput of the rule finders alone: MB of text per second per language.

The texts of ``data/raw`` (read by restrack's own readers), repeated to about 1 MB per
language, through ``find_quantities``, ``find_dates`` and ``find_bodies``. Speed is measured
here, never asserted in tests (a loaded machine would fail them).

    python -m bench.finders
"""
from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

from extractors.bodies import find_bodies
from extractors.io.auto import read
from extractors.numbers import find_quantities
from extractors.periods import find_dates

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
TARGET_BYTES = 1_000_000
FINDERS = {"numbers": find_quantities, "periods": find_dates, "bodies": find_bodies}


def texts_by_language() -> dict[str, str]:
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(RAW.iterdir()):
        lang = path.name.split("_", 1)[0]
        _, raw = read(path)
        if raw.status == "ok" and len(lang) == 2:
            found[lang].append(raw.text)
    out = {}
    for lang, parts in found.items():
        doc = "\n\n".join(parts)
        out[lang] = doc * (TARGET_BYTES // len(doc.encode()) + 1)
    return out


def main() -> None:
    print("| language | " + " | ".join(f"{n} MB/s" for n in FINDERS) + " |")
    print("|---|" + "---:|" * len(FINDERS))
    for lang, text in sorted(texts_by_language().items()):
        cells = []
        for find in FINDERS.values():
            find(text[:2000], lang)  # compile the language's rules first
            t0 = time.perf_counter()
            find(text, lang)
            cells.append(f"{len(text.encode()) / 1e6 / (time.perf_counter() - t0):.2f}")
        print(f"| {lang} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
