"""Extraction throughput with the NER models switched on against rules only (issue 5).

    python -m bench.ner_throughput [INPUT ...] [--repeat N]

Default inputs: data/raw and ../shared/seeds (when present). Each mode extracts every file
``--repeat`` times in this process after one warm-up pass; loading the models (once per
process, as in a worker) is timed apart. Prints documents/s, characters/s
and the ratio.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    from extractors import settings
    from extractors.batch import discover
    from extractors.ner import LANGS, use
    from extractors.pipeline import extract_file

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("inputs", nargs="*")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    inputs = args.inputs or [str(settings.data_dir() / "raw")] + \
        [str(s) for s in [ROOT.parent / "shared" / "seeds"] if s.exists()]
    files = [str(f) for f in discover(inputs)]

    def run(mode: str) -> tuple[float, int, int, int]:
        os.environ[use.ENV] = mode
        t0 = time.perf_counter()
        for f in files:  # warm-up: caches, lexicons, models
            extract_file(f)
        warm = time.perf_counter() - t0
        chars = docs = added = 0
        t0 = time.perf_counter()
        for _ in range(args.repeat):
            for f in files:
                ex = extract_file(f)
                docs += 1
                chars += len(ex.text)
                added += sum(m.extractor.startswith("ner:") for m in ex.mentions)
        return time.perf_counter() - t0, docs, chars, added, warm

    t_rules, docs, chars, _, _ = run("off")
    os.environ[use.ENV] = ""
    t0 = time.perf_counter()
    for lang in LANGS:
        if use.enabled(lang):
            use.load_model(str(settings.models_dir() / lang))
    load = time.perf_counter() - t0
    t_ner, _, _, added, _ = run("")  # the registry decides, as in production
    print(f"{len(files)} files, {chars // args.repeat:,} characters, x{args.repeat}")
    print(f"rules only : {docs / t_rules:7.1f} docs/s  {chars / t_rules:12,.0f} chars/s")
    print(f"rules + NER: {docs / t_ner:7.1f} docs/s  {chars / t_ner:12,.0f} chars/s  "
          f"({added // args.repeat} mentions from the models per pass)")
    print(f"time ratio (NER / rules): {t_ner / t_rules:.2f}x; loading the enabled models takes "
          f"{load:.1f} s once per process (not in the ratio)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
