"""``restrack train`` and ``restrack eval-ner``: the NER models of issue 5.

    restrack train [--lang CODE ...] [--corpus DIR] [--data FILE.jsonl ...] [--models-dir DIR]
    restrack eval-ner [--lang CODE ...] [--models-dir DIR] [--out FILE.md] [--json FILE]

``train`` runs the ``train-ner`` Prefect flow (flows/train.py); ``eval-ner`` prints the
held-out table (rules / NER / both, per language) and writes ``models/NER_EVAL.md``.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

EXIT_OK, EXIT_USAGE = 0, 2


def register(sub) -> None:
    from extractors import settings
    from extractors.ner import LANGS

    models_dir = str(settings.models_dir())  # RESTRACK_HOME decides, as everywhere

    tr = sub.add_parser(
        "train", help="train the spaCy NER models (BODY, PERSON, PLACE) into models/",
        description="Build each language's training set (data/ner/<lang>: hand-annotated, "
        "synthetic, the rules' silver spans over data/raw, reviewers' corrections, your own "
        "JSONL), train a spaCy NER model with fixed seeds, measure it on the held-out split and "
        "write models/<lang>/ (pipeline, config.cfg, metrics.json, MODEL_CARD.md), "
        "models/registry.json and models/NER_EVAL.md.")
    tr.add_argument("--lang", action="append", choices=LANGS, metavar="CODE",
                    help=f"language to train (repeatable; default all: {', '.join(LANGS)})")
    tr.add_argument("--corpus", metavar="DIR",
                    help="reviewers' corrections: DocBins (*.spacy) from `restrack review corpus`")
    tr.add_argument("--data", action="append", default=[], metavar="FILE",
                    help="extra annotated JSONL ({\"text\", \"spans\": [[start, end, label]]}); "
                    "repeatable; files in data/ner/<lang>/user/ are always read")
    tr.add_argument("--models-dir", default=models_dir, metavar="DIR",
                    help="where models, registry.json and NER_EVAL.md go (default models/)")
    tr.add_argument("--tiny", action="store_true",
                    help="a tiny model in seconds, for tests (never switched on)")
    tr.set_defaults(handler=cmd_train)

    ev = sub.add_parser(
        "eval-ner", help="held-out BODY P/R/F1 for rules, NER and both, per language",
        description="Score the rules alone, each trained model alone and both merged (as "
        "extraction merges them) on data/ner/<lang>/heldout.jsonl; print the markdown table "
        "and write it to models/NER_EVAL.md.")
    ev.add_argument("--lang", action="append", choices=LANGS, metavar="CODE")
    ev.add_argument("--models-dir", default=models_dir, metavar="DIR")
    ev.add_argument("--out", metavar="FILE", help="markdown file (default <models-dir>/NER_EVAL.md)")
    ev.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    ev.set_defaults(handler=cmd_eval_ner)


def cmd_train(args) -> int:
    from extractors.ner import LANGS

    if args.corpus and not Path(args.corpus).exists():
        print(f"restrack: error: no such folder: {args.corpus}", file=sys.stderr)
        return EXIT_USAGE
    for f in args.data:
        if not Path(f).is_file():
            print(f"restrack: error: no such file: {f}", file=sys.stderr)
            return EXIT_USAGE
    from flows.train import run_train

    langs = args.lang or list(LANGS)
    metrics = run_train(langs, args.corpus, args.data, args.models_dir, args.tiny)
    for lang, m in metrics.items():
        both, rules = m["heldout"]["body"]["both"], m["heldout"]["body"]["rules"]
        print(f"{lang}: {m['version']}  held-out BODY recall {100 * rules['r']:.1f} -> "
              f"{100 * both['r']:.1f}, precision {100 * rules['p']:.1f} -> {100 * both['p']:.1f}; "
              f"{m['size_bytes'] / 1e6:.1f} MB, {m['train_seconds']:.0f} s, "
              f"{'on' if m['enabled'] else 'off'} by default")
    print(f"written to {args.models_dir}")
    return EXIT_OK


def cmd_eval_ner(args) -> int:
    from extractors.ner import LANGS
    from extractors.io.atomic import atomic_write_text
    from extractors.ner.evaluate import eval_report, evaluate_all
    from extractors.ner.use import registry

    models = Path(args.models_dir)
    results = evaluate_all(models, args.lang or list(LANGS))
    text = eval_report(results, registry(models))
    print(text)
    atomic_write_text(Path(args.out) if args.out else models / "NER_EVAL.md", text)
    if args.json:
        atomic_write_text(Path(args.json), json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    return EXIT_OK
