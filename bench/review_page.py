"""Benchmark the review page (``restrack review serve``) on a run of 10,000 rows.

    python bench/review_page.py             # 10,000 rows
    python bench/review_page.py --rows 2000 # smaller

The run folder is made from a real run of data/raw (every document extracted by the
library), copied until it holds ``--rows`` target rows: each copy's text gets a line of its
own at the end, so its target ids are its own (ids are keyed on the text). We measure:

* start-up: building the app in this process (``create_app``: tables, texts index, log),
  and ``restrack review serve`` as a fresh process until its login page answers;
* per page: wall time of HTTP requests to the running server, over loopback with a Bearer
  token — the queue, the queue filtered, row views, whole documents, decisions (accept,
  which also appends to corrections.jsonl) — median, 95th percentile and maximum.

Results are printed as a table and written to bench/out/review_page.json.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT_JSON = ROOT / "bench" / "out" / "review_page.json"


def build_run(out: Path, rows_wanted: int) -> int:
    """A run folder of at least ``rows_wanted`` target rows, made from data/raw."""
    import dataclasses

    from extractors.batch import discover, extract_chunk
    from extractors.io.runfolder import write_dataset, write_text
    from extractors.records import target_id_for, text_key

    extractions = [ex for ex in extract_chunk([str(p) for p in discover([ROOT / "data" / "raw"])])
                   if ex.document.status == "ok" and ex.rows]
    per_copy = sum(len(ex.rows) for ex in extractions)
    copies = -(-rows_wanted // per_copy)
    documents, targets, mentions = [], [], []
    for k in range(copies):
        for ex in extractions:
            text = ex.text + f"\n(copy {k})"
            doc_id = hashlib.sha256(f"{ex.document.doc_id}:{k}".encode()).hexdigest()[:16]
            tkey = text_key(text)
            documents.append(dataclasses.replace(ex.document, doc_id=doc_id, n_chars=len(text)))
            write_text(out, doc_id, text)
            for r in ex.rows:
                targets.append(dataclasses.replace(r, doc_id=doc_id, target_id=target_id_for(
                    tkey, r.start, r.end, r.value_start, r.value_end, r.kind)))
            mentions += [dataclasses.replace(m, doc_id=doc_id) for m in ex.mentions]
    write_dataset(out, documents, targets, mentions)
    return len(targets)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url: str, token: str, data: bytes | None = None) -> tuple[float, int]:
    req = urllib.request.Request(url, data=data, headers={"Authorization": f"Bearer {token}"})
    if data is not None:
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
    t = time.perf_counter()
    with urllib.request.urlopen(req, timeout=30) as r:
        r.read()
        status = r.status
    return (time.perf_counter() - t) * 1000, status


def stats(ms: list[float]) -> dict:
    ms = sorted(ms)
    return {"n": len(ms), "median_ms": statistics.median(ms),
            "p95_ms": ms[min(len(ms) - 1, int(0.95 * len(ms)))], "max_ms": ms[-1]}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=10_000)
    args = p.parse_args(argv)
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1", "RESTRACK_NER": "off"}
    os.environ.update(env)
    from extractors.io.reviewers import write_reviewer
    from extractors.web.app import create_app
    from extractors.web.auth import new_token, token_digest

    with tempfile.TemporaryDirectory(prefix="restrack-review-bench-") as tmp:
        out = Path(tmp) / "run"
        t = time.perf_counter()
        n_rows = build_run(out, args.rows)
        print(f"run folder of {n_rows:,} rows made in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        token = new_token()
        write_reviewer(out, "bench", token_digest(token), "2025-01-01T00:00:00Z")

        t = time.perf_counter()
        app = create_app(out)
        in_process = time.perf_counter() - t
        bench = app.state.bench
        docs = list(bench.documents)
        ids = [r.target_id for r in bench.ordered()]
        del app

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        t = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "flows.cli", "review", "serve", str(out), "--port", str(port)],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    urllib.request.urlopen(base + "/login", timeout=1).read()
                    break
                except OSError:
                    if time.perf_counter() - t > 60:
                        raise
                    time.sleep(0.02)
            process = time.perf_counter() - t
            # what of that is Python importing: the CLI's parser, and the page's modules
            imports = {}
            for name, code in (("cli parser", "import flows.cli; flows.cli._parser()"),
                               ("page modules", "import uvicorn, extractors.web.app")):
                t = time.perf_counter()
                subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
                imports[name] = time.perf_counter() - t
            rnd = random.Random(7)
            rows = rnd.sample(ids, 100)
            pages = {
                "queue (first page)": [base + "/"] * 30,
                "queue filtered (language, kind, left)": [base + "/?language=vi&kind=target&status=left"] * 30,
                "row view": [f"{base}/row/{tid}" for tid in rows],
                "whole document": [f"{base}/doc/{d}" for d in rnd.sample(docs, 30)],
                "api row (JSON)": [f"{base}/api/rows/{tid}" for tid in rows[:50]],
            }
            request(base + "/", token)  # warm
            results = {}
            for name, urls in pages.items():
                results[name] = stats([request(u, token)[0] for u in urls])
            results["decision (accept, logged)"] = stats(
                [request(f"{base}/row/{tid}", token, b"action=accept")[0] for tid in rows[50:80]])
            results["row view after decisions"] = stats([request(f"{base}/row/{tid}", token)[0] for tid in rows[:30]])
        finally:
            server.terminate()
            server.wait(timeout=10)
    payload = {"rows": n_rows, "documents": len(docs), "startup_in_process_s": in_process,
               "startup_process_s": process, "imports_s": imports, "pages": results,
               "load_average": os.getloadavg()}
    OUT_JSON.parent.mkdir(parents=True, exist_ok=True)
    OUT_JSON.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    print(f"\nreview page on {n_rows:,} rows, {len(docs):,} documents")
    print(f"start-up: {in_process:.2f} s building the app; {process:.2f} s from `restrack review serve` "
          "to its first answer")
    print("of which Python imports alone: " + ", ".join(f"{k} {v:.2f} s" for k, v in imports.items())
          + f" (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)\n")
    print("| page | requests | median ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|")
    for name, s in results.items():
        print(f"| {name} | {s['n']} | {s['median_ms']:.1f} | {s['p95_ms']:.1f} | {s['max_ms']:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
