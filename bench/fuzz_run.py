"""Run the fuzz suite (``bench/fuzz.py``) through ``restrack run`` and check what came out.

    python -m bench.fuzz_run --per-format 1000          # make fuzz: 1,000 per format, a run each
    python -m bench.fuzz_run --per-format 40 --dir DIR  # what tests/test_fuzz.py runs

Every input must end with a row in documents.csv (one per distinct input), the run with exit
code 0 or 1 and nothing on stderr but one line per document not ok (no traceback, no stray
line of a library), no input made as garbage may be ``ok``, and no
document may take longer than the budget. ``restrack run --doc-timeout`` enforces the budget
where the CLI has it (a document over it is an ``error`` row "took longer than …": a hang).
Without it (before the run road) each document is extracted alone (``extract_file``) in a
worker process killed at the budget, and odd file names and device links are left out.

The report is a Markdown table, a row per format (inputs, statuses, hangs, crashes, missing
rows, garbage called ok, and the tracebacks, stray stderr lines and exit code of its run);
``--json`` writes the figures, ``--merge`` prints the table of runs made one by one.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import select
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import fuzz

DEFAULT_BUDGET = 60.0
TIMED_OUT = "took longer than"  # the run road's reason for a document over its budget
# What restrack run may write on stderr: one line per document that is not ok
REASON_LINE = re.compile(r"(error|empty|needs_ocr): .+: .+")
RESTRACK = Path(sys.executable).with_name("restrack")


@dataclass
class Outcome:
    """What became of one input."""

    case: fuzz.Case
    status: str = ""  # documents.csv status, "" when it has no row
    error: str = ""
    seconds: float | None = None  # per-document extraction time (per-document pass only)
    hang: bool = False
    crash: str = ""


@dataclass
class Result:
    outcomes: list[Outcome]
    exit_code: int | None = None
    tracebacks: int = 0
    stray: list[str] = field(default_factory=list)  # stderr lines that are not a reason line
    stderr_tail: str = ""
    mode: str = ""
    specials: list[tuple[str, str, str]] = field(default_factory=list)  # name, what, status
    wall: float = 0.0

    def problems(self) -> list[str]:
        """Every broken promise, one line each (empty when the suite passed)."""
        out = []
        ran = self.mode.startswith("restrack run")
        if ran and self.exit_code not in (0, 1):
            out.append(f"restrack run exited with {self.exit_code}: {self.stderr_tail}")
        if self.tracebacks:
            out.append(f"{self.tracebacks} traceback(s) on stderr: {self.stderr_tail}")
        out += [f"stray line on stderr: {line[:300]}" for line in self.stray[:20]]
        for o in self.outcomes:
            what = f"{os.fsdecode(o.case.path)} ({o.case.mutation})"
            if o.hang:
                out.append(f"hang: {what}: {o.error}")
            if o.crash:
                out.append(f"crash: {what}: {o.crash}")
            if not o.status and not (o.hang or o.crash):
                out.append(f"no documents row: {what}")
            if o.case.expect == fuzz.GARBAGE and o.status == "ok":
                out.append(f"garbage called ok: {what}")
        for name, what, status in self.specials:
            if status in ("", "ok"):
                out.append(f"{what} ({name}): {'no row' if not status else 'ok'}")
        return out


# --------------------------------------------------------------------------------------
# Per-document pass: one worker process per lane, killed when a document overruns
# --------------------------------------------------------------------------------------

WORKER = """
import json, sys, time, os
from extractors.pipeline import extract_file
for line in sys.stdin:
    path = os.fsencode(json.loads(line))
    t = time.perf_counter()
    try:
        d = extract_file(os.fsdecode(path)).document
        out = {"status": d.status, "error": d.error}
    except BaseException as exc:
        out = {"status": "", "crash": f"{type(exc).__name__}: {exc}"[:300]}
    out["seconds"] = time.perf_counter() - t
    print(json.dumps(out), flush=True)
"""


class _Worker:
    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", WORKER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})

    def ask(self, path: Path, budget: float) -> dict:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write((json.dumps(os.fsdecode(path)) + "\n").encode())
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], budget)
        if not ready:
            self.stop()
            return {"hang": True, "error": f"{TIMED_OUT} {budget:g} s"}
        line = self.proc.stdout.readline()
        if not line:
            code = self.proc.wait()
            return {"crash": f"the worker process died (exit code {code})"}
        return json.loads(line)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


def per_document(root: Path, outcomes: list[Outcome], budget: float, workers: int) -> None:
    """Extract each input alone under ``budget`` seconds, in ``workers`` lanes."""
    queue = list(outcomes)
    lock = threading.Lock()

    def lane() -> None:
        worker = _Worker()
        while True:
            with lock:
                if not queue:
                    break
                o = queue.pop(0)
            got = worker.ask(root / os.fsdecode(o.case.path), budget)
            o.status, o.error = got.get("status", ""), got.get("error", "")
            o.seconds, o.hang, o.crash = got.get("seconds"), got.get("hang", False), got.get("crash", "")
            if o.hang or o.crash:
                worker.stop()
                worker = _Worker()
        worker.stop()

    threads = [threading.Thread(target=lane) for _ in range(max(1, workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


# --------------------------------------------------------------------------------------
# The run through restrack run
# --------------------------------------------------------------------------------------

def has_doc_timeout() -> bool:
    """Whether ``restrack run`` takes ``--doc-timeout`` (and so refuses what is not a file)."""
    out = subprocess.run([str(RESTRACK), "run", "--help"], capture_output=True, text=True)
    return "--doc-timeout" in out.stdout


def restrack_run(inputs: Sequence[Path], out: Path, budget: float | None, workers: int,
                 timeout: float) -> tuple[int | None, str]:
    cmd = [str(RESTRACK), "run", *map(str, inputs), "--out", str(out), "--quiet",
           "--workers", str(workers)]
    if budget:
        cmd += ["--doc-timeout", f"{budget:g}"]
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired as exc:
        return None, f"restrack run still running after {timeout:g} s; " + (
            exc.stderr or b"").decode(errors="replace")[-2000:]
    return done.returncode, done.stderr.decode(errors="replace")


def stray_lines(stderr: str) -> list[str]:
    """The lines of stderr that are neither blank nor one document's reason."""
    return [line for line in stderr.splitlines()
            if line.strip() and not REASON_LINE.fullmatch(line)]


def _rows(out: Path) -> list[dict]:
    path = out / "documents.csv"
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _doc_id(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def run_suite(root: Path, per_format: int, budget: float = DEFAULT_BUDGET, workers: int = 2,
              seed: int = fuzz.DEFAULT_SEED, only: Sequence[str] | None = None) -> Result:
    """Generate the inputs under ``root/inputs``, run them, check every promise."""
    started = time.perf_counter()
    inputs, out, specials_dir = root / "inputs", root / "out", root / "special"
    for old in (inputs, out, specials_dir):
        shutil.rmtree(old, ignore_errors=True)
    road = has_doc_timeout()
    # Odd names and devices need the run road (markup-safe terminal, any name in the CSV,
    # only regular files read); without it only documents are extracted, one by one.
    cases = fuzz.generate(inputs, per_format, seed, only, odd_names=road)
    outcomes = [Outcome(c) for c in cases]
    if not road:
        per_document(inputs, outcomes, budget, workers)
        result = Result(outcomes, mode="extract_file per document (no --doc-timeout here)")
        result.wall = time.perf_counter() - started
        return result
    specials = fuzz.special_files(specials_dir)
    result = Result(outcomes, mode="restrack run --doc-timeout")
    code, stderr = restrack_run([inputs, specials_dir], out, budget, workers,
                                600 + len(outcomes) * budget / max(1, workers))
    result.exit_code = code
    result.tracebacks = stderr.count("Traceback (most recent call last)")
    result.stray = stray_lines(stderr)
    (root / "stderr.txt").write_text(stderr, encoding="utf-8", errors="replace")
    result.stderr_tail = " ".join(stderr.split())[-600:]
    rows = _rows(out)
    seen = {r["doc_id"]: r for r in rows}
    for o in outcomes:
        row = seen.get(_doc_id(inputs / os.fsdecode(o.case.path)))
        if row:
            o.status, o.error = row["status"], row["error"]
            o.hang = TIMED_OUT in row["error"]
    for name, what in specials:
        row = next((r for r in rows if r["source"].endswith(name)), None)
        result.specials.append((name, what, row["status"] if row else ""))
    result.wall = time.perf_counter() - started
    return result


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------

def figures(result: Result) -> dict:
    """Counts per format, and the run's own figures (exit code, stderr) under ``runs``."""
    per: dict[str, Counter] = defaultdict(Counter)
    for o in result.outcomes:
        c = per[o.case.format]
        c["inputs"] += 1
        c[o.status or "no row"] += 1
        c["hangs"] += o.hang
        c["crashes"] += bool(o.crash)
        c["missing rows"] += not o.status and not (o.hang or o.crash)
        c["garbage inputs"] += o.case.expect == fuzz.GARBAGE
        c["garbage ok"] += o.case.expect == fuzz.GARBAGE and o.status == "ok"
    timed = sorted((o.seconds, os.fsdecode(o.case.path), o.case.mutation)
                   for o in result.outcomes if o.seconds is not None)
    run = {"formats": sorted(per), "mode": result.mode, "exit_code": result.exit_code,
           "tracebacks": result.tracebacks, "stray": result.stray[:50],
           "wall_seconds": round(result.wall, 1), "specials": result.specials}
    return {"formats": {k: dict(v) for k, v in per.items()}, "runs": [run],
            "slowest": [(round(s, 2), p, m) for s, p, m in timed[-5:]][::-1],
            "problems": result.problems()}


def merge(parts: Sequence[dict]) -> dict:
    """The figures of several runs (one per format, say) as one."""
    formats: dict[str, dict] = {}
    for f in parts:
        formats.update(f["formats"])
    return {"formats": formats, "runs": [r for f in parts for r in f["runs"]],
            "slowest": sorted((s for f in parts for s in f["slowest"]), reverse=True)[:5],
            "problems": [p for f in parts for p in f["problems"]]}


COLUMNS = ("inputs", "ok", "empty", "needs_ocr", "error", "hangs", "crashes", "missing rows",
           "garbage inputs", "garbage ok")
RUN_COLUMNS = ("tracebacks", "stray stderr", "exit code")


def _run_cells(runs: Sequence[dict]) -> list[str]:
    codes = sorted({str(r["exit_code"]) for r in runs})
    return [f"{sum(r['tracebacks'] for r in runs):,}", f"{sum(len(r['stray']) for r in runs):,}",
            ", ".join(codes)]


def markdown(f: dict) -> str:
    """The table of the README: a row per format (with the figures of the run that read
    it), the total, then what became of the special files and every problem."""
    lines = ["| format | " + " | ".join(COLUMNS + RUN_COLUMNS) + " |",
             "|---|" + "---:|" * (len(COLUMNS) + len(RUN_COLUMNS))]
    for fmt, c in sorted(f["formats"].items()):
        runs = [r for r in f["runs"] if fmt in r["formats"]]
        lines.append(f"| {fmt} | " + " | ".join([f"{c.get(k, 0):,}" for k in COLUMNS]
                                                 + _run_cells(runs)) + " |")
    total = sum((Counter(c) for c in f["formats"].values()), Counter())
    lines.append("| **all** | " + " | ".join(f"**{x}**" for x in [f"{total.get(k, 0):,}" for k in COLUMNS]
                                               + _run_cells(f["runs"])) + " |")
    wall = sum(r["wall_seconds"] for r in f["runs"])
    lines += ["", f"{len(f['runs'])} run(s) of {f['runs'][0]['mode']}; wall {wall:,.0f} s"]
    specials: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in f["runs"]:
        for name, what, status in r["specials"]:
            specials[(name, what)].add(status or "no row")
    for (name, what), statuses in specials.items():
        lines.append(f"- {what} ({name}): {', '.join(sorted(statuses))}")
    if f["slowest"]:
        lines.append("slowest: " + "; ".join(f"{p} ({m}) {s} s" for s, p, m in f["slowest"]))
    lines += [f"PROBLEM: {p}" for p in f["problems"][:50]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-format", type=int, default=1000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/restrack-fuzz"))
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=fuzz.DEFAULT_SEED)
    parser.add_argument("--format", action="append", choices=fuzz.FORMATS,
                        help="only this format (repeatable); each format is its own run")
    parser.add_argument("--merge", type=Path, nargs="+", metavar="JSON",
                        help="print the figures of earlier runs' --json files as one table")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.merge:
        parts = [json.loads(p.read_text(encoding="utf-8")) for p in args.merge]
    else:
        parts = []
        for fmt in args.format or fuzz.formats():
            result = run_suite(args.dir / fmt, args.per_format, args.budget, args.workers,
                               args.seed, [fmt])
            parts.append(figures(result))
            (args.dir / fmt / "figures.json").write_text(json.dumps(parts[-1], ensure_ascii=False),
                                                        encoding="utf-8")
            print(f"{fmt}: {len(result.outcomes):,} inputs in {result.wall:,.0f} s, "
                  f"{len(result.problems())} problem(s)", file=sys.stderr, flush=True)
    f = merge(parts)
    print(markdown(f))
    if args.json:
        args.json.write_text(json.dumps(f, indent=1, ensure_ascii=False), encoding="utf-8")
    return 1 if f["problems"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
