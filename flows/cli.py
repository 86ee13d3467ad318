"""The ``restrack`` command line: a thin layer over ``flows.process`` and ``extractors``.

Exit codes: 0 every document ok; 1 some documents not ok (outputs still written); 2 usage
errors (a bad --out, an unknown --lang, a run folder in use, …), each said in one line;
3 the run itself failed (one line; ``RESTRACK_DEBUG=1`` adds the traceback). Nothing a
document or a file name holds is ever read as terminal markup.
"""
from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_RUN_FAILED = 0, 1, 2, 3
# Further command groups live in their own modules, each with ``register(subparsers)``
# that adds its parsers and sets ``handler`` (review and export, train, serve, ...).
COMMAND_MODULES: tuple[str, ...] = ("flows.review_cli", "flows.train_cli", "flows.serve")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="restrack", description=(
        "Extract targets, deadlines and responsible bodies from resolution documents."))
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="process files and folders into a dataset",
                         description="Read INPUT files and folders (recursively) and write "
                         "documents, targets and mentions (CSV + Parquet), texts/ and review.xlsx into --out.")
    run.add_argument("inputs", nargs="+", metavar="INPUT")
    add_run_options(run)
    run.add_argument("--quiet", action="store_true", help="no progress bar")

    ex = sub.add_parser("extract", help="print one document's rows, without Prefect",
                        description="Extract one FILE and print its rows.")
    ex.add_argument("file", metavar="FILE")
    ex.add_argument("--lang", metavar="CODE")
    ex.add_argument("--format", choices=("table", "csv", "json"), default="table")
    ex.add_argument("--mentions", action="store_true", help="print mentions instead of rows")
    ex.add_argument("--doc-timeout", type=float, default=None, metavar="SECONDS",
                    help="time budget of the document (default as for run)")

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


def add_run_options(p: argparse.ArgumentParser) -> None:
    """The options ``run`` and ``serve`` share."""
    from extractors.options import DOC_TIMEOUT

    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="documents extracted in parallel, each in its own process (default 1)")
    p.add_argument("--lang", metavar="CODE", help="force the language (one of the supported "
                   "codes) instead of detecting it")
    p.add_argument("--doc-timeout", type=float, default=DOC_TIMEOUT, metavar="SECONDS",
                   help=f"time budget of one document (default {DOC_TIMEOUT:g}); over it, the "
                   "document is an error and the run goes on")
    p.add_argument("--force", action="store_true",
                   help="extract every document again instead of reusing unchanged results")
    engine = p.add_mutually_exclusive_group()
    engine.add_argument("--dask", metavar="ADDRESS", help="run the tasks on this Dask scheduler "
                        "(workers must see the same input and output paths)")
    engine.add_argument("--ray", metavar="ADDRESS", help="run the tasks on this Ray cluster "
                        "(workers must see the same input and output paths)")


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def _usage_error(message: str) -> int:
    from extractors.io.inputs import display_path

    print(f"restrack: error: {display_path(message)}", file=sys.stderr)
    return EXIT_USAGE


def run_options(args, progress: bool = False):
    """``RunOptions`` from parsed arguments, or the one-line usage error (a str)."""
    from extractors.batch import FolderError, check_folders
    from extractors.lang import languages
    from extractors.options import RunOptions

    for item in args.inputs:
        if not os.path.lexists(item):
            return f"no such file or folder: {item}"
    if args.workers < 1:
        return "--workers must be at least 1"
    if not args.doc_timeout > 0:
        return "--doc-timeout must be a positive number of seconds"
    if args.lang is not None and args.lang not in languages():
        return f"unknown --lang {args.lang!r}; supported: {', '.join(languages())}"
    try:
        check_folders(args.inputs, args.out)
    except FolderError as exc:
        return str(exc)
    return RunOptions(tuple(args.inputs), args.out, args.workers, args.lang, progress=progress,
                      doc_timeout=args.doc_timeout, force=args.force, dask=args.dask, ray=args.ray)


def run_failed(exc: BaseException) -> int:
    """One line for a run that failed as a whole (exit 3); the traceback when asked for."""
    from extractors.io.inputs import display_path

    if os.environ.get("RESTRACK_DEBUG"):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    print(f"restrack: error: the run failed: {display_path(detail)}", file=sys.stderr)
    return EXIT_RUN_FAILED


def _quiet_task_logs() -> None:
    """Documents that fail are logged by their task to the Prefect API (the UI lists them)
    and printed by the run itself: keep Prefect's console copy off the terminal."""
    for name in ("prefect.task_runs", "prefect.flow_runs"):
        logging.getLogger(name).propagate = False


def cmd_run(args) -> int:
    options = run_options(args, progress=not args.quiet and sys.stderr.isatty())
    if isinstance(options, str):
        return _usage_error(options)
    from extractors import worker
    from extractors.batch import will_extract
    from flows.server import start_early, stop_early

    start_early()  # the temporary Prefect server boots while the flow is loaded
    if will_extract(options):  # and the extraction processes load the pipeline meanwhile
        worker.start_early(options.workers, options.extractor)
    from extractors.io.runfolder import FolderBusy
    from flows.process import EngineMissing, run_process

    _quiet_task_logs()
    try:
        result = run_process(options)
    except (FolderBusy, EngineMissing) as exc:
        return _usage_error(str(exc))
    except KeyboardInterrupt:
        print("restrack: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the run as a whole failed: one line, exit 3
        return run_failed(exc)
    finally:
        stop_early()
        worker.close_all()
    _print_summary(result.summary, args.out)
    return EXIT_FAILED if result.summary.failed else EXIT_OK


def _print_summary(summary, out: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    from extractors.io.inputs import display_path

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
        console.print(f"[yellow]{escape(status)}[/] {escape(source)}: {escape(error)}")
    if summary.more_errors:
        console.print(f"... {summary.more_errors} more documents not ok: see documents.csv")
    if summary.reused:
        console.print(f"{summary.extracted} documents read, {summary.reused} unchanged (taken from the cache)")
    console.print(f"written to {escape(display_path(out))}")


def cmd_extract(args) -> int:
    from rich.markup import escape

    from extractors.lang import languages
    from extractors.options import DOC_TIMEOUT
    from extractors.version import extractor_version
    from extractors.worker import DocumentWorker

    if not Path(args.file).is_file():
        return _usage_error(f"no such file: {args.file}")
    if args.lang is not None and args.lang not in languages():
        return _usage_error(f"unknown --lang {args.lang!r}; supported: {', '.join(languages())}")
    budget = args.doc_timeout or DOC_TIMEOUT
    worker = DocumentWorker()
    try:
        got = worker.extract(str(args.file), args.lang, None, extractor_version(), budget)
    finally:
        worker.close()
    if got.result is None:
        return _not_ok("error", args.file, got.failure)
    d = got.result.document()
    if d["status"] != "ok":
        return _not_ok(d["status"], args.file, d["error"])
    df = got.result.table("mentions" if args.mentions else "targets").to_pandas()
    if args.format == "csv":
        df.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        print(df.to_json(orient="records", force_ascii=False, indent=1))
    else:
        from rich.table import Table

        from extractors.io.inputs import display_path

        cols = (["label", "text", "value", "unit", "canonical"] if args.mentions else
                ["kind", "value", "value_max", "unit", "comparator", "frequency", "period_start",
                 "period_end", "deadline", "indicator_code", "responsible", "sentence"])
        t = Table(title=escape(f"{Path(display_path(args.file)).name} ({d['language']}, term "
                               f"{_cell(d['term_start'])}–{_cell(d['term_end'])}, issuer {d['issuer'] or '-'})"))
        for c in cols:
            t.add_column(c, overflow="fold", max_width=60 if c in ("sentence", "text") else None)
        for rec in df.to_dict("records"):
            t.add_row(*[escape(_cell(rec[c])) for c in cols])
        _console().print(t)
    return EXIT_OK


def _not_ok(status: str, path: str, error: str) -> int:
    from extractors.io.inputs import display_path

    print(f"{status}: {display_path(path)}: {error}", file=sys.stderr)
    return EXIT_FAILED


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
