"""Extraction throughput per language: characters per CPU-second, rules only and with NER.

    python -m bench.extraction [INPUT ...] [--repeat N] [--ner off,registry,all]
                               [--generated N] [--json FILE]

Extraction is ``pipeline.extract_text``: language, the spaCy components (finders, overlap
resolution, the NER merge), segments and rows. Files are read once beforehand (reading is
the readers' cost, measured by ``bench.run``); each document is then extracted ``--repeat``
times after one untimed warm-up pass (lexicons, models), and a language's figure is its
fastest pass. CPU time of this process, not wall time: the machine may be shared. NER modes
(``RESTRACK_NER``): ``off`` (rules only), ``registry`` (the models the registry switches on,
as shipped), ``all`` (every model).

Default inputs: ``../shared/dev2/corpus``, ``../shared/realdocs``, ``../shared/seeds`` and
``data/raw`` (those present). ``--generated N`` reads the txt documents of the generated
benchmark corpus of N documents instead (or besides the INPUTs given): ``bench.corpus``, in
``bench.run``'s folder, so the corpus ``make bench`` built is reused. ``--json`` writes the
figures for ``bench.run`` to include.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from extractors.batch import discover
from extractors.io.auto import read
from extractors.ner import use
from extractors.pipeline import extract_text
from extractors.records import Document, RawDocument

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL = (SHARED / "dev2" / "corpus", SHARED / "realdocs", SHARED / "seeds", ROOT / "data" / "raw")
MODES = {"off": "off", "registry": "", "all": "all"}  # mode -> RESTRACK_NER


def load(inputs: Sequence[str | Path]) -> list[tuple[str, RawDocument]]:
    """(doc_id, raw) of every readable document among ``inputs``."""
    docs = []
    for path in discover(inputs):
        doc_id, raw = read(path)
        if raw.status == "ok" and raw.text.strip():
            docs.append((doc_id, raw))
    return docs


def _pass(docs: list[tuple[str, RawDocument]]) -> tuple[dict, dict, dict, dict]:
    """One pass: CPU seconds, characters, documents and NER-added mentions per language."""
    cpu: dict[str, float] = defaultdict(float)
    chars: Counter[str] = Counter()
    n: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for doc_id, raw in docs:
        doc = Document(doc_id=doc_id, source=doc_id, format=raw.format, n_chars=len(raw.text))
        t0 = time.process_time()
        ex = extract_text(doc, raw)
        lang = doc.language or "?"
        cpu[lang] += time.process_time() - t0
        chars[lang] += len(raw.text)
        n[lang] += 1
        added[lang] += sum(m.extractor.startswith("ner:") for m in ex.mentions)
    return cpu, chars, n, added


def measure(docs: list[tuple[str, RawDocument]], mode: str, repeat: int = 3) -> dict:
    """Per language: documents, characters, CPU seconds of the fastest pass, characters
    per CPU-second and the mentions the models added, with ``RESTRACK_NER`` set by ``mode``."""
    before = os.environ.get(use.ENV)
    os.environ[use.ENV] = MODES[mode]
    try:
        _pass(docs)  # warm-up: lexicons, compiled rules, models
        passes = [_pass(docs) for _ in range(max(1, repeat))]
    finally:
        if before is None:
            os.environ.pop(use.ENV, None)
        else:
            os.environ[use.ENV] = before
    _, chars, n, added = passes[0]
    out = {}
    for lang in sorted(chars):
        cpu = min(p[0][lang] for p in passes)
        out[lang] = {"documents": n[lang], "chars": chars[lang], "cpu_s": round(cpu, 3),
                     "chars_per_cpu_s": round(chars[lang] / cpu) if cpu else None,
                     "ner_mentions": added[lang]}
    cpu = sum(v["cpu_s"] for v in out.values())
    total = sum(chars.values())
    out["all"] = {"documents": sum(n.values()), "chars": total, "cpu_s": round(cpu, 3),
                  "chars_per_cpu_s": round(total / cpu) if cpu else None,
                  "ner_mentions": sum(added.values())}
    return out


def table(results: dict[str, dict]) -> str:
    """Markdown: one row per language, one column of characters/CPU-s per mode."""
    modes = list(results)
    langs = list(next(iter(results.values())))
    head = ["language", "documents", "characters"] + [f"{m} chars/CPU-s" for m in modes] + \
        [f"{m} NER mentions" for m in modes if m != "off"]
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    for lang in langs:
        first = results[modes[0]][lang]
        cells = [lang, f"{first['documents']:,}", f"{first['chars']:,}"]
        cells += [f"{results[m][lang]['chars_per_cpu_s']:,}" for m in modes]
        cells += [str(results[m][lang]["ner_mentions"]) for m in modes if m != "off"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("inputs", nargs="*")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--ner", default="off,registry", help="modes, comma-separated: off, registry, all")
    p.add_argument("--generated", type=int, default=0, metavar="N",
                   help="add the txt documents of the generated corpus of N documents")
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    inputs = [Path(i) for i in args.inputs]
    if not inputs and not args.generated:
        inputs = [d for d in REAL if d.is_dir()]
    if args.generated:
        from . import corpus

        corpus.ensure_corpus(corpus.DEFAULT_OUT, args.generated)
        inputs.append(corpus.DEFAULT_OUT / "txt")
    modes = [m.strip() for m in args.ner.split(",") if m.strip()]
    unknown = set(modes) - set(MODES)
    if unknown:
        p.error(f"unknown NER mode(s): {', '.join(sorted(unknown))}")
    docs = load(inputs)
    results = {m: measure(docs, m, args.repeat) for m in modes}
    print(f"{len(docs)} documents from {', '.join(str(i) for i in inputs)}; fastest of "
          f"{args.repeat} passes, CPU time of one process")
    print(table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"inputs": [str(i) for i in inputs], "repeat": args.repeat,
                                         "results": results}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
