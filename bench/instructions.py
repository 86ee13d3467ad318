"""Instructions executed to extract generated documents, counted by valgrind's callgrind.

CPU seconds on our 2-core machines drift 10-15% between runs of the same code, more than
most single optimisations save, so two versions compared by their timings often rank the
wrong way. An instruction count does not drift: the same code on the same documents gives
the same count on a busy machine or an idle one (within about 0.1%). Run this in each of two
checkouts and compare the counts; ``--json`` keeps them.

    python -m bench.instructions [--docs 40] [--stage extraction|document] [--json FILE]

``--stage extraction`` (the default) counts ``pipeline.extract_text`` on the txt documents
of the generated benchmark corpus (``bench.corpus``, as ``bench.extraction --generated``
reads them), after an uncounted warm-up on others (lexicons, compiled rules, models,
caches); reading, the run's processes and its tables are not counted. ``--stage document``
counts what an extraction process does per document instead: ``pipeline.extract_file``
(the file read, its format sniffed, decoded, judged, extracted) and the document's Arrow
tables (``parts.doc_result``), on files of every format in the corpus' shares (every
``len(corpus) / docs``-th file). The count is split by where the instructions were spent:
the regular expression engine (CPython's ``_sre``), the interpreter and the rest.
Callgrind runs the code about 50 times slower: 40 documents take about two minutes.

Needs valgrind (Debian: ``apt-get install valgrind``).
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from .run import REPO_DIR, child_env

WARM_UP = 20  # documents extracted before counting starts
SKIP = 100  # counted documents start here, past the warm-up's
# Self cost per function, as callgrind_annotate prints it: "1,234 (5.6%)  file:function [object]"
_LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(\S+?):(\S+)")


def _documents(n: int, corpus_docs: int, stage: str = "extraction") -> list[Path]:
    """The warm-up's documents, then the ``n`` counted: txt documents for the extraction
    stage; for the document stage, files of every format spread over the corpus (every
    k-th of all its files; the warm-up's spread between them)."""
    from . import corpus

    corpus.ensure_corpus(corpus.DEFAULT_OUT, corpus_docs)
    if stage == "document":
        # the warm-up spread too, so that each language's first document (its lexicons and
        # models loaded, about a second) is not counted
        files = sorted(p for f in corpus.FORMATS for p in (corpus.DEFAULT_OUT / f).glob("*"))
        step = max(2, len(files) // n)
        counted = files[:step * n:step]
        warm = files[step // 2::max(1, len(files) // WARM_UP)][:WARM_UP]
        return warm + counted
    files = sorted((corpus.DEFAULT_OUT / "txt").glob("*"))
    if len(files) < SKIP + n:
        raise SystemExit(f"the generated corpus has {len(files)} txt documents; "
                         f"{SKIP + n} are needed (--corpus-docs)")
    return files[:WARM_UP] + files[SKIP:SKIP + n]


def child(ready: Path, go: Path, stage: str, paths: Sequence[str]) -> None:
    """Under callgrind: warm up, say so, wait for counting to start, do the stage's work."""
    from extractors.io.auto import read
    from extractors.io.parts import doc_result
    from extractors.pipeline import extract_file, extract_text
    from extractors.records import Document

    def extract(batch: list) -> None:
        for doc_id, raw in batch:
            extract_text(Document(doc_id=doc_id, source=doc_id, format=raw.format,
                                  n_chars=len(raw.text)), raw)

    def documents(batch: list) -> None:
        for path in batch:
            doc_result(path, extract_file(path))

    if stage == "document":
        work, items = documents, list(paths)
    else:
        work, items = extract, [read(Path(p)) for p in paths]
    work(items[:WARM_UP])
    ready.touch()
    while not go.exists():
        time.sleep(0.05)
    work(items[WARM_UP:])


def split(annotated: str) -> dict[str, int]:
    """Instructions by where they were spent, from callgrind_annotate's self costs."""
    out = {"regex": 0, "interpreter": 0, "other": 0}
    for line in annotated.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        count, where = int(m.group(1).replace(",", "")), m.group(2)
        if "/_sre/" in where:
            out["regex"] += count
        elif "/Python/" in where or "/Objects/" in where:
            out["interpreter"] += count
        else:
            out["other"] += count
    return out


def count(docs: Sequence[Path], stage: str = "extraction") -> dict[str, int]:
    """Instructions of the stage's work on ``docs[WARM_UP:]``, in total and split."""
    for tool in ("valgrind", "callgrind_control", "callgrind_annotate"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed: apt-get install valgrind")
    with tempfile.TemporaryDirectory(prefix="restrack-instructions-") as tmp:
        ready, go, out = Path(tmp) / "ready", Path(tmp) / "go", Path(tmp) / "callgrind.out"
        proc = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
             sys.executable, "-m", "bench.instructions", "--child", str(ready), str(go),
             stage, *map(str, docs)], cwd=REPO_DIR, env=child_env(None), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while not ready.exists():
            if proc.poll() is not None:
                raise SystemExit(f"the counted process ended early: {proc.stderr.read().decode()[-800:]}")
            time.sleep(0.2)
        subprocess.run(["callgrind_control", "--instr=on", str(proc.pid)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        go.touch()
        if proc.wait() != 0:
            raise SystemExit(f"the counted process failed: {proc.stderr.read().decode()[-800:]}")
        annotated = subprocess.run(["callgrind_annotate", "--threshold=100", str(out)], check=True,
                                   capture_output=True, text=True).stdout
    total = re.search(r"^\s*([\d,]+)\s+\(100\.0%\)\s+PROGRAM TOTALS", annotated, re.M)
    if total is None:
        raise SystemExit("callgrind_annotate printed no total")
    return {"total": int(total.group(1).replace(",", "")), **split(annotated)}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        child(Path(argv[1]), Path(argv[2]), argv[3], argv[4:])
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--docs", type=int, default=40, help="documents counted (default 40)")
    p.add_argument("--corpus-docs", type=int, default=2000,
                   help="size of the generated corpus to take them from (default 2000)")
    p.add_argument("--stage", choices=("extraction", "document"), default="extraction",
                   help="extraction: extract_text on txt documents; document: a file read, "
                        "extracted and made into its tables, every format (default extraction)")
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    docs = _documents(args.docs, args.corpus_docs, args.stage)
    got = count(docs, args.stage)
    if args.stage == "document":
        what, chars = "files of the generated corpus", None
    else:
        what, chars = "generated documents", sum(len(d.read_text(encoding="utf-8")) for d in docs[WARM_UP:])
    per = f", {chars:,} characters" if chars else ""
    per_char = f" ({got['total'] / chars:,.0f} a character)" if chars else ""
    print(f"{args.docs} {what}{per}: {got['total']:,} instructions{per_char}"
          f" ({got['total'] / args.docs:,.0f} a document)")
    for part in ("regex", "interpreter", "other"):
        print(f"  {part:12s} {got[part]:>16,}  {got[part] / got['total']:6.1%}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"stage": args.stage, "documents": args.docs, "chars": chars, **got},
                                        indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
