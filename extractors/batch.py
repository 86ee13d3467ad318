"""A run over many documents: find inputs, extract them in chunks, summarise, write the dataset.

``run_batch(options)`` is the whole run as plain functions, no Prefect. Its steps are
given by a ``Steps`` object: run here they are the plain functions below; the ``process``
flow (``flows/process.py``) passes the same functions wrapped one-to-one as Prefect tasks.
"""
from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .io.runfolder import write_dataset, write_text
from .options import RunOptions
from .pipeline import Extraction, extract_file
from .review import ReviewReport, apply_to_extractions

# Folders that hold outputs or tooling, never input documents.
SKIP_DIRS = {".git", ".venv", "__pycache__", "texts", "node_modules"}
SKIP_SUFFIXES = {".json", ".py", ".parquet", ".xlsx", ".jsonl", ".lock", ".tmp"}
# Notes that sit beside documents (README.md, SOURCES_vi_en.md, EXPECTED.md, LICENSE.txt):
# matched on the name before its extension, case-insensitively, with any suffix after "_".
NOTE_STEMS = ("readme", "sources", "expected", "license", "licence", "changelog",
              "contributing", "notice", "authors")
SKIP_NAMES = {".gitkeep", ".DS_Store"}


def is_note(name: str) -> bool:
    """A note about the documents of a folder, not one of them."""
    stem = Path(name).stem.lower()
    return any(stem == n or stem.startswith(n + "_") or stem.startswith(n + "-")
               for n in NOTE_STEMS)


def discover(inputs: Iterable[str | os.PathLike]) -> list[Path]:
    """Input files: files as given, folders walked recursively, in a stable order.

    Metadata that sits beside documents (README/SOURCES notes, JSON, outputs of an earlier
    run) is skipped; anything else (Markdown documents too) is offered to the readers,
    which say what they refuse.
    """
    found: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    f = Path(root) / name
                    if name.startswith(".") or name in SKIP_NAMES or is_note(name) \
                            or f.suffix.lower() in SKIP_SUFFIXES:
                        continue
                    found.append(f)
        else:
            found.append(p)
    return list(dict.fromkeys(found))


def chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def extract_chunk(paths: list[str], lang: str | None = None) -> list[Extraction]:
    return [extract_file(p, lang) for p in paths]


@dataclass
class Summary:
    documents: Counter = field(default_factory=Counter)  # status -> n
    rows: Counter = field(default_factory=Counter)  # (kind, language) -> n
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # source, status, error
    n_chars: int = 0
    n_pages: int = 0

    def add(self, ex: Extraction) -> None:
        d = ex.document
        self.documents[d.status] += 1
        self.n_chars += d.n_chars or 0
        self.n_pages += d.n_pages or 0
        if d.status != "ok":
            self.errors.append((d.source, d.status, d.error))
        for r in ex.rows:
            self.rows[(r.kind, r.language or "?")] += 1

    @property
    def failed(self) -> int:
        return sum(n for s, n in self.documents.items() if s != "ok")

    def markdown(self) -> str:
        lines = ["# restrack run", "", "| status | documents |", "|---|---:|"]
        lines += [f"| {s} | {n} |" for s, n in sorted(self.documents.items())]
        lines += ["", "| kind | language | rows |", "|---|---|---:|"]
        lines += [f"| {k} | {lang} | {n} |" for (k, lang), n in sorted(self.rows.items())]
        if self.errors:
            lines += ["", "| file | status | reason |", "|---|---|---|"]
            lines += [f"| {Path(s).name} | {st} | {e} |" for s, st, e in self.errors]
        return "\n".join(lines)


def save_texts(out_dir: Path, extractions: Iterable[Extraction]) -> None:
    for ex in extractions:
        if ex.text and ex.document.status == "ok":
            write_text(out_dir, ex.document.doc_id, ex.text)


def save_dataset(out_dir: Path, extractions: list[Extraction]) -> dict[str, Path]:
    """Write the tables; a document given twice (same bytes) is written once."""
    seen: set[str] = set()
    documents, targets, mentions = [], [], []
    for ex in extractions:
        if ex.document.doc_id in seen:
            continue
        seen.add(ex.document.doc_id)
        documents.append(ex.document)
        targets.extend(ex.rows)
        mentions.extend(ex.mentions)
    return write_dataset(Path(out_dir), documents, targets, mentions)


@dataclass
class RunResult:
    summary: Summary
    written: dict[str, Path]
    review: ReviewReport = field(default_factory=ReviewReport)  # corrections applied, orphans


# Extracts every chunk of paths (in the language given, or detected) and yields each
# chunk's extractions in the order of the chunks.
ExtractChunks = Callable[[Sequence[list[str]], "str | None"], Iterator[list[Extraction]]]


@dataclass(frozen=True)
class Steps:
    """The steps of a run; the flow swaps in its Prefect tasks, each wrapping the plain one."""

    extract_chunks: ExtractChunks
    apply_corrections: Callable[[Path, list[Extraction]], tuple[list[Extraction], ReviewReport]] \
        = apply_to_extractions
    write_dataset: Callable[[Path, list[Extraction]], dict[str, Path]] = save_dataset


def extract_chunks_here(chunks_: Sequence[list[str]], lang: str | None) -> Iterator[list[Extraction]]:
    for chunk in chunks_:
        yield extract_chunk(chunk, lang)


@contextmanager
def process_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of ``workers`` processes for one run (none for one worker); shut down with it."""
    if workers <= 1:
        yield None
        return
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        yield pool
    finally:
        pool.shutdown()


class Progress(Protocol):
    """What follows a run: told the number of files, then each finished chunk."""

    def start(self, total: int) -> None: ...

    def done(self, chunk: list[Extraction]) -> None: ...


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def run_batch(options: RunOptions, steps: Steps | None = None, progress: Progress | None = None,
              say: Callable[[str], None] = _stderr) -> RunResult:
    """Read every input file, extract mentions and rows, write the dataset into ``options.out``.

    Texts land as soon as their chunk is done; ``progress`` sees the count of files and
    every finished chunk; ``say`` gets one line per document that is not ok and per
    orphaned correction."""
    steps = steps or Steps(extract_chunks_here)
    files = [str(p) for p in discover(options.inputs)]
    if progress:
        progress.start(len(files))
    out_dir = Path(options.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    results: list[Extraction] = []
    for chunk in steps.extract_chunks(chunks(files, options.chunk_size), options.lang):
        save_texts(out_dir, chunk)
        for ex in chunk:
            summary.add(ex)
            if ex.document.status != "ok":
                say(f"{ex.document.status}: {ex.document.source}: {ex.document.error}")
        results.extend(chunk)
        if progress:
            progress.done(chunk)
    results, review = steps.apply_corrections(out_dir, results)
    for line in review.lines():
        say(line)
    written = steps.write_dataset(out_dir, results)
    return RunResult(summary, written, review)
