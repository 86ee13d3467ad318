"""Benchmark ``restrack run`` on the synthetic corpus: throughput and peak memory.

    python -m bench.run               # 2,000-document corpus; txt and pdf, 1 and 2 workers
    python -m bench.run --quick       # tiny smoke run (40 documents)
    python -m bench.run --docs 5000 --workers 1,2,4 --scenarios txt,pdf,office

Each run is a fresh child process, ``python -m flows.cli run INPUT --out TMP --workers N``.
We time the wall clock and take peak memory two ways:

* ``max proc RSS``: the child's ``ru_maxrss`` from ``os.wait4``. This is exact, but it
  is the largest *single* process in the tree, so two workers do not add up.
* ``peak tree RSS``: the sum of resident memory of the child and all of its descendants,
  polled from ``/proc`` every 50 ms. This catches worker pools, but it counts shared
  pages once per process, as ``top`` does, and it can miss a peak shorter than the poll
  interval.

Results are printed as a table and written to ``bench/out/results.json``. If the CLI
fails, the tail of its stderr is printed, and the exit status is non-zero.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import corpus

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent

DEFAULT_RESULTS = BENCH_DIR / "out" / "results.json"
QUICK_CORPUS = BENCH_DIR / "out" / "corpus_quick"
QUICK_DOCS = 40
QUICK_PDFS = 3
CLI_MODULE = "flows.cli"
# Scenario name -> the corpus format folders passed to ``restrack run`` as inputs.
SCENARIOS: dict[str, tuple[str, ...]] = {"txt": ("txt",), "pdf": ("pdf",), "office": ("docx", "html")}
DEFAULT_SCENARIOS = ("txt", "pdf")
POLL_SECONDS = 0.05
TAIL_LINES = 30
MB = 1024 * 1024


@dataclass
class Measurement:
    """What one child process did: exit status, wall time, memory, output tails."""

    returncode: int
    wall_s: float
    max_proc_rss_bytes: int
    peak_tree_rss_bytes: int | None
    timed_out: bool = False
    cpu_s: float = 0.0  # user + system of the child and every descendant it reaped
    stdout_tail: str = ""
    stderr_tail: str = ""


@dataclass
class RunResult:
    scenario: str
    workers: int
    inputs: list[str]
    documents: int
    n_chars: int
    pdf_pages: int
    wall_s: float
    docs_per_s: float
    chars_per_s: float
    pages_per_s: float | None
    peak_tree_rss_mb: float | None
    max_proc_rss_mb: float
    returncode: int
    output_rows: int | None = None
    output_status: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------------------
# Measuring a child process
# --------------------------------------------------------------------------------------

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _read_ppid(pid: str) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses; fields after it don't.
    fields = stat[stat.rfind(b")") + 2:].split()
    return int(fields[1]) if len(fields) > 1 else None


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0  # the process ended between listing and reading


def tree_rss_bytes(root: int) -> int | None:
    """Resident memory of ``root`` and all its descendants, or None without /proc."""
    if not os.path.isdir("/proc"):
        return None
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            ppid = _read_ppid(entry)
            if ppid is not None:
                children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _rss_bytes(pid)
        stack.extend(children.get(pid, ()))
    return total


def _maxrss_bytes(rusage: Any) -> int:
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    return int(rusage.ru_maxrss) * (1 if sys.platform == "darwin" else 1024)


def _tail(path: Path, lines: int = TAIL_LINES) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def measure(cmd: Sequence[str], env: dict[str, str], cwd: Path, log_dir: Path,
            timeout: float | None = None) -> Measurement:
    """Run ``cmd`` to completion, sampling the tree's memory; never reaps via Popen.

    We reap the child ourselves with ``os.wait4``, because that returns the rusage of
    this child alone. ``RUSAGE_CHILDREN`` would keep the maximum over every earlier run.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log_dir / "stdout.log", log_dir / "stderr.log"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        # A new session lets a timeout stop the CLI together with its worker processes.
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        peak: int | None = None
        timed_out = False
        while True:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                break
            sample = tree_rss_bytes(proc.pid)
            if sample is not None:
                peak = max(peak or 0, sample)
            if timeout is not None and time.perf_counter() - start > timeout and not timed_out:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)  # our own child's process group only
            time.sleep(POLL_SECONDS)
        wall = time.perf_counter() - start
    returncode = os.waitstatus_to_exitcode(status)
    proc.returncode = returncode  # tell Popen the child is reaped
    return Measurement(
        returncode=returncode,
        wall_s=wall,
        max_proc_rss_bytes=_maxrss_bytes(rusage),
        peak_tree_rss_bytes=peak,
        timed_out=timed_out,
        cpu_s=rusage.ru_utime + rusage.ru_stime,
        stdout_tail=_tail(out_path),
        stderr_tail=_tail(err_path),
    )


def child_env(prefect_api_url: str | None) -> dict[str, str]:
    """The CLI's environment: no analytics, and no Prefect server unless one is given."""
    env = dict(os.environ)
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    env.pop("PREFECT_API_URL", None)
    if prefect_api_url:
        env["PREFECT_API_URL"] = prefect_api_url
    # The repo root first, so "-m flows.cli" resolves without an installed package.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_DIR), env.get("PYTHONPATH", "")) if p)
    return env


# --------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------

def scenario_files(manifest: dict[str, Any], formats: Sequence[str]) -> list[dict[str, Any]]:
    return [f for f in manifest["files"] if f["format"] in formats]


def read_documents_csv(out_dir: Path) -> tuple[int | None, dict[str, int]]:
    """Rows and status counts of the CLI's documents.csv, if it wrote one."""
    path = out_dir / "documents.csv"
    if not path.is_file():
        return None, {}
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return len(rows), dict(Counter(r.get("status", "") for r in rows))


def run_scenario(name: str, workers: int, corpus_dir: Path, manifest: dict[str, Any], *,
                 module: str, env: dict[str, str], timeout: float | None, keep: bool,
                 extra_args: Sequence[str]) -> tuple[RunResult, Measurement]:
    formats = SCENARIOS[name]
    files = scenario_files(manifest, formats)
    inputs = [str(corpus_dir / fmt) for fmt in formats if (corpus_dir / fmt).is_dir()]
    work = Path(tempfile.mkdtemp(prefix=f"restrack-bench-{name}-w{workers}-"))
    out_dir = work / "out"
    cmd = [sys.executable, "-m", module, "run", *inputs, "--out", str(out_dir),
           "--workers", str(workers), *extra_args]
    try:
        m = measure(cmd, env, REPO_DIR, work / "logs", timeout)
        rows, status = read_documents_csv(out_dir)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    n_chars = sum(f["n_chars"] for f in files)
    pages = sum(f["n_pages"] or 0 for f in files)
    wall = max(m.wall_s, 1e-9)
    result = RunResult(
        scenario=name, workers=workers, inputs=inputs, documents=len(files), n_chars=n_chars,
        pdf_pages=pages, wall_s=round(m.wall_s, 3), docs_per_s=round(len(files) / wall, 2),
        chars_per_s=round(n_chars / wall, 1),
        pages_per_s=round(pages / wall, 2) if pages else None,
        peak_tree_rss_mb=round(m.peak_tree_rss_bytes / MB, 1) if m.peak_tree_rss_bytes is not None else None,
        max_proc_rss_mb=round(m.max_proc_rss_bytes / MB, 1),
        returncode=m.returncode, output_rows=rows, output_status=status,
    )
    return result, m


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------

def _fmt(value: float | None, spec: str = ",.1f") -> str:
    return "–" if value is None else format(value, spec)


def print_table(results: Sequence[RunResult], startup_s: float | None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="restrack run benchmark", caption=(
        f"'python -m <cli> --help' takes {startup_s:.2f} s; wall times include interpreter start-up"
        if startup_s is not None else None))
    for column in ("scenario", "workers", "documents", "ok / other", "wall s", "documents/s",
                   "characters/s", "PDF pages/s", "peak RSS MB (tree)", "max proc RSS MB"):
        table.add_column(column, justify="left" if column == "scenario" else "right")
    for r in results:
        ok = r.output_status.get("ok", 0)
        other = (r.output_rows or 0) - ok
        table.add_row(
            r.scenario, str(r.workers), f"{r.documents:,}",
            "–" if r.output_rows is None else f"{ok:,} / {other:,}",
            f"{r.wall_s:.2f}", _fmt(r.docs_per_s), _fmt(r.chars_per_s, ",.0f"),
            _fmt(r.pages_per_s), _fmt(r.peak_tree_rss_mb), _fmt(r.max_proc_rss_mb),
        )
    # Outside a terminal rich falls back to 80 columns and squeezes the table; use 160.
    Console(width=shutil.get_terminal_size((160, 24)).columns).print(table)


def write_results(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)  # atomic: a crash never leaves half a results file


def report_failure(what: str, cmd_desc: str, m: Measurement) -> None:
    print(f"\nrestrack benchmark: {what} failed (exit {m.returncode}"
          f"{', timed out' if m.timed_out else ''}): {cmd_desc}", file=sys.stderr)
    if m.stdout_tail:
        print(f"--- stdout (last {TAIL_LINES} lines) ---\n{m.stdout_tail}", file=sys.stderr)
    print(f"--- stderr (last {TAIL_LINES} lines) ---\n{m.stderr_tail or '(empty)'}", file=sys.stderr)


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------

def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Benchmark restrack run: documents/s, characters/s, PDF pages/s, peak RSS.")
    p.add_argument("--docs", type=int, default=corpus.DEFAULT_DOCS, help="corpus size (default: 2000)")
    p.add_argument("--pdfs", type=int, default=None, help="PDFs in the corpus (default: 2%% of --docs)")
    p.add_argument("--quick", action="store_true",
                   help=f"tiny smoke run: {QUICK_DOCS} documents in bench/out/corpus_quick")
    p.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: bench/out/corpus)")
    p.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    p.add_argument("--workers", default="1,2", help="comma-separated worker counts (default: 1,2)")
    p.add_argument("--scenarios", default=",".join(DEFAULT_SCENARIOS),
                   help=f"comma-separated, from {', '.join(SCENARIOS)} (default: txt,pdf)")
    p.add_argument("--results", type=Path, default=DEFAULT_RESULTS,
                   help="results JSON (default: bench/out/results.json)")
    p.add_argument("--timeout", type=float, default=None, help="seconds before a run is killed")
    p.add_argument("--keep", action="store_true", help="keep each run's output folder and logs")
    p.add_argument("--prefect-api-url", default=None, help="PREFECT_API_URL for the child (default: unset)")
    p.add_argument("--module", default=CLI_MODULE, help=argparse.SUPPRESS)  # tests swap in a fake CLI
    p.add_argument("--cli-arg", action="append", default=[], help="extra argument for restrack run (repeatable)")
    p.add_argument("--scale", default=None, metavar="N,N,...",
                   help="instead of scenarios: corpora of these sizes, each run first, re-run, with 2 "
                   "workers and on a Dask LocalCluster (bench/scale.py)")
    p.add_argument("--no-dask", action="store_true", help="with --scale: skip the Dask run")
    p.add_argument("--no-two-workers", action="store_true", help="with --scale: skip the 2-worker run")
    args = p.parse_args(argv)
    try:
        args.worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]
    except ValueError:
        p.error("--workers takes integers, e.g. 1,2")
    args.scenario_names = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = [s for s in args.scenario_names if s not in SCENARIOS]
    if unknown or not args.scenario_names:
        p.error(f"unknown scenario(s) {unknown}; choose from {', '.join(SCENARIOS)}")
    if args.quick:
        args.docs, args.pdfs = QUICK_DOCS, QUICK_PDFS if args.pdfs is None else args.pdfs
    if args.corpus is None:
        args.corpus = QUICK_CORPUS if args.quick else corpus.DEFAULT_OUT
    return args


def main_scale(args: argparse.Namespace) -> int:
    from .scale import print_scale, run_scale, write_scale

    env = child_env(args.prefect_api_url)
    results = []
    for n in [int(x) for x in args.scale.split(",") if x.strip()]:
        print(f"scale {n:,} documents ...", flush=True)
        results.append(run_scale(n, env, seed=args.seed, timeout=args.timeout, dask=not args.no_dask,
                                 two_workers=not args.no_two_workers, keep=args.keep))
        write_scale(args.results.with_name("scale.json"), results)
        print_scale(results)
    print(f"results written to {args.results.with_name('scale.json')}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.scale:
        return main_scale(args)
    if args.module == CLI_MODULE and not (REPO_DIR / "flows" / "cli.py").is_file():
        print("restrack benchmark: flows/cli.py does not exist yet; nothing to benchmark.", file=sys.stderr)
        return 2

    manifest, built = corpus.ensure_corpus(args.corpus, args.docs, args.seed, args.pdfs)
    print(f"{'built' if built else 'reusing'} corpus {args.corpus}")
    for line in corpus.summary_lines(manifest):
        print("  " + line)

    env = child_env(args.prefect_api_url)
    payload: dict[str, Any] = {
        "started_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "cli_module": args.module,
        "corpus": {"dir": str(args.corpus), "seed": manifest["seed"], "n_docs": manifest["n_docs"],
                   "totals": manifest["totals"]},
        "startup_s": None,
        "runs": [],
        "status": "running",
    }

    # The interpreter and import time is paid by every run; measure it once for context.
    with tempfile.TemporaryDirectory(prefix="restrack-bench-startup-") as tmp:
        startup = measure([sys.executable, "-m", args.module, "--help"], env, REPO_DIR, Path(tmp), args.timeout)
    if startup.returncode != 0:
        report_failure("the CLI", f"python -m {args.module} --help", startup)
        payload["status"] = "failed"
        write_results(args.results, payload)
        return 1
    payload["startup_s"] = round(startup.wall_s, 3)

    results: list[RunResult] = []
    for name in args.scenario_names:
        if not scenario_files(manifest, SCENARIOS[name]):
            print(f"skipping scenario {name}: the corpus has no {'/'.join(SCENARIOS[name])} files")
            continue
        for workers in args.worker_counts:
            print(f"running {name} with --workers {workers} ...", flush=True)
            result, m = run_scenario(name, workers, args.corpus, manifest, module=args.module, env=env,
                                     timeout=args.timeout, keep=args.keep, extra_args=args.cli_arg)
            results.append(result)
            payload["runs"].append(asdict(result))
            if m.returncode != 0:
                report_failure(f"scenario {name} (--workers {workers})", " ".join(result.inputs), m)
                payload["status"] = "failed"
                write_results(args.results, payload)
                print_table(results, payload["startup_s"])
                return 1

    payload["status"] = "ok"
    write_results(args.results, payload)
    print_table(results, payload["startup_s"])
    print(f"results written to {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
