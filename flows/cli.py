"""The ``restrack`` command line: a thin layer over ``flows.process`` and ``extractors``.

Exit codes: 0 every document ok; 1 some documents failed (outputs still written);
2 usage errors.
"""
from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Further command groups live in their own modules, each with ``register(subparsers)``
# that adds its parsers and sets ``handler`` (review and export, train, ...).
COMMAND_MODULES: tuple[str, ...] = ("flows.review_cli", "flows.train_cli")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="restrack", description=(
        "Extract targets, deadlines and responsible bodies from resolution documents."))
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="process files and folders into a dataset",
                         description="Read INPUT files and folders (recursively) and write "
                         "documents, targets and mentions (CSV + Parquet), texts/ and review.xlsx into --out.")
    run.add_argument("inputs", nargs="+", metavar="INPUT")
    run.add_argument("--out", required=True, metavar="DIR", help="output folder")
    run.add_argument("--workers", type=int, default=1, metavar="N",
                     help="parallel worker processes (default 1)")
    run.add_argument("--lang", metavar="CODE", help="force the language (ISO 639-1) instead of detecting it")
    run.add_argument("--quiet", action="store_true", help="no progress bar")

    ex = sub.add_parser("extract", help="print one document's rows, without Prefect",
                        description="Extract one FILE and print its rows.")
    ex.add_argument("file", metavar="FILE")
    ex.add_argument("--lang", metavar="CODE")
    ex.add_argument("--format", choices=("table", "csv", "json"), default="table")
    ex.add_argument("--mentions", action="store_true", help="print mentions instead of rows")

    ev = sub.add_parser("eval", help="score a run against gold annotations (SPEC §5)",
                        description="Score OUT_DIR (a restrack run) against GOLD_DIR.")
    ev.add_argument("out_dir", metavar="OUT_DIR")
    ev.add_argument("gold_dir", metavar="GOLD_DIR")
    ev.add_argument("--only-present", action="store_true",
                    help="score only gold documents that the run processed")
    ev.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    ev.add_argument("--verbose", action="store_true", help="list misses and extra rows")
    ev.set_defaults(handler=cmd_eval)
    run.set_defaults(handler=cmd_run)
    ex.set_defaults(handler=cmd_extract)
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return p


def _console():
    from rich.console import Console

    return Console(stderr=False)


def cmd_run(args) -> int:
    for item in args.inputs:
        if not Path(item).exists():
            print(f"restrack: error: no such file or folder: {item}", file=sys.stderr)
            return EXIT_USAGE
    if args.workers < 1:
        print("restrack: error: --workers must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    from extractors.options import RunOptions
    from flows.process import run_process

    result = run_process(RunOptions(tuple(args.inputs), args.out, args.workers, args.lang,
                                    progress=not args.quiet and sys.stderr.isatty()))
    _print_summary(result.summary, args.out)
    return EXIT_FAILED if result.summary.failed else EXIT_OK


def _print_summary(summary, out: str) -> None:
    from rich.table import Table

    console = _console()
    t = Table(title="documents")
    t.add_column("status")
    t.add_column("n", justify="right")
    for s, n in sorted(summary.documents.items()):
        t.add_row(s, str(n))
    console.print(t)
    kinds = sorted({k for k, _ in summary.rows})
    langs = sorted({lang for _, lang in summary.rows})
    r = Table(title="rows by kind and language")
    r.add_column("kind")
    for lang in langs:
        r.add_column(lang, justify="right")
    r.add_column("total", justify="right")
    for k in kinds:
        counts = [summary.rows.get((k, lang), 0) for lang in langs]
        r.add_row(k, *map(str, counts), str(sum(counts)))
    console.print(r)
    for source, status, error in summary.errors:
        console.print(f"[yellow]{status}[/] {source}: {error}", highlight=False)
    console.print(f"written to {out}")


def cmd_extract(args) -> int:
    from extractors.io.writers import frame
    from extractors.pipeline import extract_file

    if not Path(args.file).is_file():
        print(f"restrack: error: no such file: {args.file}", file=sys.stderr)
        return EXIT_USAGE
    ex = extract_file(args.file, args.lang)
    d = ex.document
    if d.status != "ok":
        print(f"{d.status}: {d.source}: {d.error}", file=sys.stderr)
        return EXIT_FAILED
    df = frame("mentions", ex.mentions) if args.mentions else frame("targets", ex.rows)
    if args.format == "csv":
        df.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        print(df.to_json(orient="records", force_ascii=False, indent=1))
    else:
        from rich.table import Table

        cols = (["label", "text", "value", "unit", "canonical"] if args.mentions else
                ["kind", "value", "value_max", "unit", "comparator", "frequency", "period_start",
                 "period_end", "deadline", "indicator_code", "responsible", "sentence"])
        t = Table(title=f"{Path(d.source).name} ({d.language}, term {d.term_start}–{d.term_end}, issuer {d.issuer or '-'})")
        for c in cols:
            t.add_column(c, overflow="fold", max_width=60 if c in ("sentence", "text") else None)
        for rec in df.to_dict("records"):
            t.add_row(*[_cell(rec[c]) for c in cols])
        _console().print(t)
    return EXIT_OK


def _cell(value) -> str:
    import pandas as pd

    return "" if value is None or pd.isna(value) else str(value)[:200]


def cmd_eval(args) -> int:
    from extractors.evaluate import evaluate, render

    for p in (args.out_dir, args.gold_dir):
        if not Path(p).is_dir():
            print(f"restrack: error: no such folder: {p}", file=sys.stderr)
            return EXIT_USAGE
    report = evaluate(Path(args.out_dir), Path(args.gold_dir), only_present=args.only_present)
    render(report, _console(), verbose=args.verbose)
    if args.json:
        Path(args.json).write_text(json.dumps(report.as_dict(), indent=1), encoding="utf-8")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    # Data goes to files, the summary to stdout; Prefect's per-task chatter is not for analysts.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "quiet", True):
        # One line per OCR'd page on stderr: OCR takes seconds a page.
        logging.getLogger("restrack.ocr").setLevel(logging.INFO)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
