"""``restrack train`` and ``restrack eval-ner``: the NER models of issue 5.

    restrack train [--lang CODE ...] [--corpus DIR] [--data FILE.jsonl ...] [--models-dir DIR]
    restrack eval-ner [--lang CODE ...] [--models-dir DIR] [--out FILE.md] [--json FILE]
    restrack eval-kind [--set NAME=CORPUS[,CORPUS]:GOLD ...] [--models-dir DIR]

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
    tr.add_argument("--reviewed", action="append", default=[], metavar="RUN_DIR",
                    help="a reviewed run folder: its rejected rows and changed kinds are labels "
                    "for the kind model (repeatable)")
    tr.add_argument("--skip-ner", action="store_true",
                    help="retrain the kind model only")
    tr.set_defaults(handler=cmd_train)

    ek = sub.add_parser(
        "eval-kind", help="rules vs kind model vs both on held-out annotated documents",
        description="Read annotated documents (SPEC §5 gold), label their candidate values, "
        "write the feature records to data/kind/<set>.jsonl, compare the rules, the kind model "
        "and both on held-out documents (5 folds by document), choose each language's "
        "decision, and publish models/kind/ (pipeline, registry.json, EVAL.md).")
    ek.add_argument("--set", action="append", default=[], metavar="NAME=CORPUS[,CORPUS]:GOLD",
                    help="an annotated set (repeatable; GOLD: a folder of SPEC §5 files or a "
                    "hand check like data/raw/EXPECTED.md; default: ../shared's dev and dev2 "
                    "when present, and data/raw)")
    ek.add_argument("--models-dir", default=models_dir, metavar="DIR")
    ek.set_defaults(handler=cmd_eval_kind)

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

    for run in args.reviewed:
        if not Path(run, "documents.csv").is_file() and not Path(run, "documents.parquet").is_file():
            print(f"restrack: error: not a run folder: {run}", file=sys.stderr)
            return EXIT_USAGE
    from flows.train import train_kind

    if args.skip_ner:
        metrics = {}
    else:
        langs = args.lang or list(LANGS)
        metrics = run_train(langs, args.corpus, args.data, args.models_dir, args.tiny)
    for lang, m in metrics.items():
        both, rules = m["heldout"]["body"]["both"], m["heldout"]["body"]["rules"]
        print(f"{lang}: {m['version']}  held-out BODY recall {100 * rules['r']:.1f} -> "
              f"{100 * both['r']:.1f}, precision {100 * rules['p']:.1f} -> {100 * both['p']:.1f}; "
              f"{m['size_bytes'] / 1e6:.1f} MB, {m['train_seconds']:.0f} s, "
              f"{'on' if m['enabled'] else 'off'} by default")
    kind = train_kind(str(args.models_dir), None, list(args.reviewed))
    print(f"kind model: {kind['examples']} candidates of {kind['documents']} documents")
    print(f"written to {args.models_dir}")
    return EXIT_OK


# The annotated sets ``eval-kind`` reads when none are named: the shared gold beside the
# project, when it is there.
def _default_sets() -> dict[str, tuple[list[str], str]]:
    from extractors import settings

    shared = settings.home().parent / "shared"
    sets = {"dev": ([str(shared / "seeds"), str(shared / "realdocs")], str(shared / "gold" / "dev")),
            "dev2": ([str(shared / "dev2" / "corpus")], str(shared / "dev2" / "gold"))}
    sets = {k: v for k, v in sets.items() if Path(v[1]).is_dir()}
    raw = settings.data_dir() / "raw"
    if (raw / "EXPECTED.md").is_file():  # the sample corpus of the seeds' genre, hand-checked
        sets["raw"] = ([str(raw)], str(raw / "EXPECTED.md"))
    return sets


def _parse_set(spec: str) -> tuple[str, tuple[list[str], str]]:
    name, _, rest = spec.partition("=")
    corpora, _, gold = rest.rpartition(":")
    if not name or not corpora or not gold:
        raise ValueError(f"--set wants NAME=CORPUS[,CORPUS]:GOLD, not {spec!r}")
    return name, (corpora.split(","), gold)


def cmd_eval_kind(args) -> int:
    try:
        sets = dict(_parse_set(s) for s in args.set) if args.set else _default_sets()
    except ValueError as exc:
        print(f"restrack: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    missing = [p for corpora, gold in sets.values() for p in (*corpora, gold) if not Path(p).exists()]
    if not sets or missing:
        print(f"restrack: error: no such folder: {missing[0] if missing else '../shared gold'}",
              file=sys.stderr)
        return EXIT_USAGE
    from flows.train import eval_kind

    print(eval_kind(sets, str(args.models_dir)))
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
