"""Batch helpers the flow wraps: find inputs, extract chunks, summarise, write the dataset.

Plain functions, no Prefect: ``flows/process.py`` turns them into tasks.
"""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .io.runfolder import write_dataset, write_text
from .pipeline import Extraction, extract_file

# Folders that hold outputs or tooling, never input documents.
SKIP_DIRS = {".git", ".venv", "__pycache__", "texts", "node_modules"}
SKIP_SUFFIXES = {".json", ".md", ".py", ".parquet", ".xlsx", ".jsonl", ".lock", ".tmp"}
SKIP_NAMES = {"README.md", "EXPECTED.md", "SOURCES.md", ".gitkeep", ".DS_Store"}


def discover(inputs: Iterable[str | os.PathLike]) -> list[Path]:
    """Input files: files as given, folders walked recursively, in a stable order.

    Metadata that sits beside documents (README/SOURCES notes, JSON, outputs of an earlier
    run) is skipped; anything else is offered to the readers, which say what they refuse.
    """
    found: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    f = Path(root) / name
                    if name.startswith(".") or name in SKIP_NAMES or f.suffix.lower() in SKIP_SUFFIXES:
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
