"""``make bench`` at scale: a generated corpus of N documents through ``restrack run``.

    python -m bench.run --scale 1000,10000      # what make bench runs
    python -m bench.run --scale 100000          # make bench-100k (about an hour and more)

For each size, each run a fresh child process (``bench.run.measure``: wall clock, the CPU
of the whole process tree from ``wait4`` — the CLI reaps its workers and server, so their
time is in it — and the tree's peak RSS polled from /proc):

* ``first``: one worker, empty run folder;
* ``re-run``: the same corpus into the same folder (everything from the cache);
* ``2 workers`` and ``dask``: two extraction workers here, and a Dask LocalCluster of two
  worker processes (``--dask``), each into a fresh folder.

Marginal throughput divides the corpus' characters by the first run's CPU less the CPU of
a one-document run (interpreter, imports, models, Prefect). The same run's texts are then
scanned with 50 regular expressions (numbers, percentages, currencies, years, dates, cue
words) to give the "plain regex scan" rate on the same machine at the same moment.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from . import corpus

REGEXES = [
    r"\d+(?:[.,]\d+)?\s*%", r"\d{1,3}(?:[ .,]\d{3})+", r"\b(?:19|20)\d{2}\b", r"\b\d+[.,]\d+\b",
    r"\b(?:USD|VND|EUR|PLN|RUB|đồng|dollars?)\b", r"\b\d+\s*(?:ha|km|m2|MW|tấn|tonnes?)\b",
    r"\b(?:million|billion|triệu|tỷ|mln|mld|млн|млрд|مليون|مليار)\b", r"\b\d{1,2}/\d{1,2}/\d{4}\b",
    r"\b(?:by|đến|до|do|بحلول)\s+\d{4}\b", r"\b(?:at least|ít nhất|не менее|co najmniej)\b",
    r"\b(?:over|trên|свыше|ponad)\b", r"\b(?:about|khoảng|около|około|حوالي)\b", r"\b(?:annual|hằng năm|ежегодно|rocznie)\b",
    r"\b(?:Committee|Ủy ban|Комитет|Komitet|لجنة)\b", r"\b(?:Party|Đảng|партии|Partii|الحزب)\b",
    r"\b(?:People's|nhân dân|народн\w*|ludow\w*)\b", r"\b(?:target|mục tiêu|цель|cel|هدف)\b",
    r"\b(?:growth|tăng trưởng|рост|wzrost|نمو)\b", r"\b(?:resolution|Nghị quyết|резолюц\w*|uchwał\w*|قرار)\b",
    r"\b(?:term|nhiệm kỳ|срок|kadencj\w*|الدورة)\b", r"[A-ZĐ][a-zà-ỹ]+ [A-ZĐ][a-zà-ỹ]+", r"\b\w+ity\b",
    r"\b\w{12,}\b", r"\(\d+\)", r"^\s*[-•]\s", r"^\s*\d+[.)]\s", r":\s*$", r"\b[IVX]{1,4}\.\s",
    r"\b(?:ward|commune|district|province|city)\b", r"\b(?:phường|xã|huyện|tỉnh|thành phố)\b",
    r"\b(?:2025|2026|2027|2028|2029|2030)\b", r"\b(?:percent|процент\w*|procent\w*)\b",
    r"\b(?:export|xuất khẩu|экспорт|eksport)\w*\b", r"\b(?:budget|ngân sách|бюджет|budżet)\w*\b",
    r"\b(?:investment|đầu tư|инвестиц\w*|inwestycj\w*)\b", r"\b(?:households?|hộ)\b",
    r"\b(?:forest|rừng|лес\w*|las\w*)\b", r"\b(?:poverty|nghèo|бедност\w*|ubóstw\w*)\b",
    r"\b(?:insurance|bảo hiểm|страхован\w*)\b", r"\b(?:water|nước|вод\w*|wod\w*)\b",
    r"\b(?:digital|số|цифров\w*|cyfrow\w*)\b", r"\b(?:school|trường|школ\w*|szkoł\w*)\b",
    r"\b(?:hospital|bệnh viện|больниц\w*|szpital\w*)\b", r"\b(?:road|đường|дорог\w*|drog\w*)\b",
    r"\b(?:by the end of|cuối|к концу|do końca)\b", r"\b(?:quarter|quý|квартал\w*|kwartał\w*)\b",
    r"\b(?:month|tháng|месяц\w*|miesiąc\w*)\b", r"\b(?:assigned|giao|поруч\w*|powierz\w*)\b",
    r"\b(?:lead|chủ trì|возглав\w*|kieruje)\b", r"\b(?:coordinate|phối hợp|координ\w*|koordyn\w*)\b",
]
assert len(REGEXES) == 50


def regex_scan_rate(texts_dir: Path) -> tuple[float, int]:
    """Characters per CPU-second of 50 compiled regexes run over every text (findall each)."""
    compiled = [re.compile(p, re.MULTILINE) for p in REGEXES]
    texts = [p.read_text(encoding="utf-8") for p in sorted(texts_dir.glob("*.txt"))]
    n_chars = sum(len(t) for t in texts)
    start = time.process_time()
    for t in texts:
        for rx in compiled:
            rx.findall(t)
    cpu = max(time.process_time() - start, 1e-9)
    return n_chars / cpu, n_chars


@dataclass
class ScaleResult:
    documents: int
    n_chars: int
    pdf_pages: int
    first_wall_s: float
    first_cpu_s: float
    startup_cpu_s: float
    marginal_chars_per_cpu_s: float
    regex_chars_per_cpu_s: float
    ratio_to_regex: float
    peak_tree_rss_mb: float | None
    rerun_wall_s: float
    rerun_ratio: float
    rerun_cpu_s: float  # CPU of the re-run's process tree (less hostage to a busy machine than wall)
    rerun_cpu_ratio: float
    two_workers_wall_s: float | None
    two_workers_speedup: float | None
    dask_wall_s: float | None
    dask_ratio: float | None
    load_average: float


def _run(measure, args: list[str], env: dict, out: Path, logs: Path, timeout: float | None):
    from .run import CLI_MODULE, REPO_DIR

    cmd = [sys.executable, "-m", CLI_MODULE, "run", *args, "--out", str(out), "--quiet"]
    m = measure(cmd, env, REPO_DIR, logs, timeout)
    if m.returncode not in (0, 1):
        raise RuntimeError(f"restrack run failed ({m.returncode}): {m.stderr_tail[-1500:]}")
    return m


def run_scale(n_docs: int, env: dict, *, seed: int, timeout: float | None, dask: bool = True,
              two_workers: bool = True, keep: bool = False) -> ScaleResult:
    from .run import BENCH_DIR, measure

    corpus_dir = BENCH_DIR / "out" / f"corpus_{n_docs}"
    manifest, _ = corpus.ensure_corpus(corpus_dir, n_docs, seed, None)
    totals = manifest["totals"]
    work = Path(tempfile.mkdtemp(prefix=f"restrack-bench-scale-{n_docs}-"))
    try:
        # one document: what every run pays before its first character
        one = work / "one"
        one.mkdir()
        first_txt = next(f for f in manifest["files"] if f["format"] == "txt")
        shutil.copy(corpus_dir / first_txt["file"], one)
        startup = _run(measure, [str(one)], env, work / "out-one", work / "logs-one", timeout)
        out = work / "out"
        first = _run(measure, [str(corpus_dir)], env, out, work / "logs-first", timeout)
        regex_rate, _ = regex_scan_rate(out / "texts")
        rerun = _run(measure, [str(corpus_dir)], env, out, work / "logs-rerun", timeout)
        two = _run(measure, [str(corpus_dir), "--workers", "2"], env, work / "out-2", work / "logs-2",
                   timeout) if two_workers else None
        dask_m = _with_local_cluster(measure, corpus_dir, env, work, timeout) if dask else None
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    marginal = totals["n_chars"] / max(first.cpu_s - startup.cpu_s, 1e-9)
    return ScaleResult(
        documents=n_docs, n_chars=totals["n_chars"], pdf_pages=totals.get("pdf_pages", 0),
        first_wall_s=round(first.wall_s, 1), first_cpu_s=round(first.cpu_s, 1),
        startup_cpu_s=round(startup.cpu_s, 1), marginal_chars_per_cpu_s=round(marginal),
        regex_chars_per_cpu_s=round(regex_rate), ratio_to_regex=round(marginal / regex_rate, 3),
        peak_tree_rss_mb=round(first.peak_tree_rss_bytes / 2**20) if first.peak_tree_rss_bytes else None,
        rerun_wall_s=round(rerun.wall_s, 1), rerun_ratio=round(rerun.wall_s / first.wall_s, 3),
        rerun_cpu_s=round(rerun.cpu_s, 1), rerun_cpu_ratio=round(rerun.cpu_s / max(first.cpu_s, 1e-9), 3),
        two_workers_wall_s=round(two.wall_s, 1) if two else None,
        two_workers_speedup=round(first.wall_s / two.wall_s, 2) if two else None,
        dask_wall_s=round(dask_m.wall_s, 1) if dask_m else None,
        dask_ratio=round(first.wall_s / dask_m.wall_s, 2) if dask_m else None,
        load_average=round(os.getloadavg()[0], 2))


def _with_local_cluster(measure, corpus_dir: Path, env: dict, work: Path, timeout: float | None):
    try:
        from distributed import LocalCluster
    except ImportError:
        return None
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        return _run(measure, [str(corpus_dir), "--workers", "2", "--dask", cluster.scheduler_address],
                    env, work / "out-dask", work / "logs-dask", timeout)


def print_scale(results: list[ScaleResult]) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title="restrack run at scale (generated corpus)")
    cols = ["documents", "wall s", "CPU s", "marginal chars/CPU-s", "50-regex chars/CPU-s", "ratio",
            "peak RSS MB (tree)", "re-run s", "re-run ratio", "re-run CPU ratio", "2 workers s", "2 vs 1", "Dask s", "Dask vs 1",
            "load"]
    for c in cols:
        t.add_column(c, justify="right")
    for r in results:
        t.add_row(f"{r.documents:,}", f"{r.first_wall_s:,.1f}", f"{r.first_cpu_s:,.1f}",
                  f"{r.marginal_chars_per_cpu_s:,}", f"{r.regex_chars_per_cpu_s:,}", f"{r.ratio_to_regex:.3f}",
                  str(r.peak_tree_rss_mb), f"{r.rerun_wall_s:,.1f}", f"{r.rerun_ratio:.3f}", f"{r.rerun_cpu_ratio:.3f}",
                  _opt(r.two_workers_wall_s), _opt(r.two_workers_speedup, "x"), _opt(r.dask_wall_s),
                  _opt(r.dask_ratio, "x"), f"{r.load_average:.1f}")
    # In a log (CI, a file) there is no terminal to fit: wide enough for every column, so
    # no figure is cut to "1…".
    Console(width=None if sys.stdout.isatty() else 260).print(t)


def _opt(v, suffix: str = "") -> str:
    return "–" if v is None else f"{v:,}{suffix}"


def write_scale(path: Path, results: list[ScaleResult]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8")
