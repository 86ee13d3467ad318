"""Part files: each chunk's results on disk as soon as it is done, and the cache they make.

The task that extracts a chunk writes its documents, rows and mentions here and keeps
nothing; the run's tables are assembled from the parts (``runfolder.assemble``). A part is
one folder, moved into place whole once its three files are written::

    DIR/parts/<extractor version>/<part id>/documents.parquet   + _key _part _cache _rows
                                           /targets.parquet     the contract's columns
                                           /mentions.parquet

A document's results are named by its *key*: the SHA-256 of its bytes, the file's
extension (the sniffer reads it when the bytes say nothing), the language option and the
extractor version (``extractors.version``). A later run finds every key already done by
scanning the documents files of its version's folder, and reads those documents no more.
Results that a budget cut short (over time, worker lost) are kept for the run but never
reused. Parts of another version, and parts none of whose documents are in the run that
just finished, are removed when that run's set is committed.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa
import pyarrow.parquet as pq

from ..records import COLUMNS
from .filetype import extension_of
from .writers import arrow_schema, arrow_table

PARTS_DIR = "parts"
TABLES = ("documents", "targets", "mentions")
TMP_PREFIX = ".tmp-"
# Columns a part's documents file has after the contract's: the document's key, its part,
# whether it may be reused, its rows per kind and language (JSON), and where its rows and
# mentions sit in the part's other two files.
INTERNAL = {"_key": pa.string(), "_part": pa.string(), "_cache": pa.bool_(), "_rows": pa.string(),
            "_t0": pa.int64(), "_tn": pa.int64(), "_m0": pa.int64(), "_mn": pa.int64()}
# Columns the scan reads: enough for the run's summary without opening any other file.
SCAN_COLUMNS = ("_key", "_part", "_cache", "_rows", "doc_id", "status", "error", "n_chars",
                "n_pages", "language")


def cache_key(digest: str, name: str, lang: str | None, version: str) -> str:
    """The name of a document's results: same bytes, extension, language option, version."""
    raw = f"{digest}|{extension_of(name)}|{lang or ''}|{version}"
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def parts_dir(out_dir: Path, version: str) -> Path:
    return Path(out_dir) / PARTS_DIR / version


@dataclass(slots=True)
class DocResult:
    """One extracted document as a worker hands it over: its three tables' rows, a summary.

    It crosses to the supervisor's process as Arrow IPC streams (``SentResult``): pickle
    rebuilt each of the tables' 60-odd columns through Python (1.2 ms a document, both
    sides), an IPC stream is read in C (0.3 ms)."""

    key: str
    cache: bool  # False when a budget cut it short: never reused by a later run
    rows: dict[str, int]  # "kind|language" -> rows
    tables: dict[str, pa.Table]  # documents (one row), targets, mentions

    def table(self, name: str) -> pa.Table:
        return self.tables[name]

    def num_rows(self, name: str) -> int:
        return self.tables[name].num_rows

    def document(self) -> dict:
        """The document's row."""
        return self.tables["documents"].to_pylist()[0]

    def __reduce__(self):
        return (SentResult, (self.key, self.cache, self.rows,
                             {name: _ipc_bytes(t) for name, t in self.tables.items()},
                             {name: t.num_rows for name, t in self.tables.items()}))


@dataclass(slots=True)
class SentResult:
    """A ``DocResult`` as its supervisor receives it: the tables kept as the IPC streams
    that came, decoded one at a time when the chunk's part is written. Held decoded, a
    document took about 140 KB of the supervisor's memory (a buffer per column), as bytes
    about 35 KB; a chunk holds up to 512."""

    key: str
    cache: bool
    rows: dict[str, int]
    streams: dict[str, bytes]
    counts: dict[str, int]  # rows per table

    def table(self, name: str) -> pa.Table:
        return pa.ipc.open_stream(self.streams[name]).read_all()

    def num_rows(self, name: str) -> int:
        return self.counts[name]

    def document(self) -> dict:
        return self.table("documents").to_pylist()[0]

    @property
    def tables(self) -> dict[str, pa.Table]:
        return {name: self.table(name) for name in self.streams}


def _ipc_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def doc_result(key: str, extraction, cache: bool = True) -> DocResult:
    """An ``Extraction``'s records as Arrow tables (the contract's columns and types)."""
    counts: dict[str, int] = {}
    if extraction.document.status == "ok":
        for r in extraction.rows:
            k = f"{r.kind}|{r.language or '?'}"
            counts[k] = counts.get(k, 0) + 1
    tables = {"documents": arrow_table("documents", [extraction.document]),
              "targets": arrow_table("targets", extraction.rows if extraction.document.status == "ok" else []),
              "mentions": arrow_table("mentions", extraction.mentions if extraction.document.status == "ok" else [])}
    return DocResult(key, cache, counts, tables)


def write_part(out_dir: Path, version: str, results: list[DocResult | SentResult]) -> str:
    """The results of one chunk as a part folder, moved into place whole; returns its id.
    Each table is decoded across the chunk, written and let go before the next."""
    part_id = uuid.uuid4().hex[:16]
    base = parts_dir(out_dir, version)
    tmp = base / f"{TMP_PREFIX}{part_id}"
    tmp.mkdir(parents=True, exist_ok=True)
    t0 = m0 = 0
    extra: dict[str, list] = {name: [] for name in INTERNAL}
    for r in results:
        tn, mn = r.num_rows("targets"), r.num_rows("mentions")
        for name, value in (("_key", r.key), ("_part", part_id), ("_cache", r.cache),
                            ("_rows", json.dumps(r.rows, sort_keys=True)), ("_t0", t0), ("_tn", tn),
                            ("_m0", m0), ("_mn", mn)):
            extra[name].append(value)
        t0, m0 = t0 + tn, m0 + mn
    for table in TABLES:
        combined = pa.concat_tables([r.table(table) for r in results]) if results \
            else arrow_schema(table).empty_table()
        if table == "documents":
            for name, typ in INTERNAL.items():
                combined = combined.append_column(pa.field(name, typ), pa.array(extra[name], typ))
        pq.write_table(combined, tmp / f"{table}.parquet")
        del combined
    for name in TABLES:
        with open(tmp / f"{name}.parquet", "rb+") as f:
            os.fsync(f.fileno())
    os.replace(tmp, base / part_id)
    return part_id


@dataclass(slots=True)
class Known:
    """A document the cache holds: where, and what the run's summary needs of it."""

    part: str
    doc_id: str
    status: str
    error: str
    n_chars: int
    n_pages: int
    rows: dict[str, int] = field(default_factory=dict)


def has_parts(out_dir: Path, version: str) -> bool:
    """Whether the folder holds a part of ``version`` (a half-written one aside)."""
    base = parts_dir(out_dir, version)
    return base.is_dir() and any(not p.name.startswith(".") for p in base.iterdir())


def _part_files(out_dir: Path, version: str) -> list[Path]:
    base = parts_dir(out_dir, version)
    if not base.is_dir():
        return []
    return sorted(p / "documents.parquet" for p in base.iterdir()
                  if not p.name.startswith(".") and (p / "documents.parquet").is_file())


def _known(files: list[Path], cached_only: bool) -> dict[str, Known]:
    if not files:
        return {}
    import pyarrow.dataset as ds

    table = ds.dataset([str(f) for f in files], format="parquet").to_table(columns=list(SCAN_COLUMNS))
    known: dict[str, Known] = {}
    cols = [table.column(c).to_pylist() for c in SCAN_COLUMNS]
    for key, part, cache, rows, doc_id, status, error, n_chars, n_pages, _lang in zip(*cols):
        if (cache or not cached_only) and key not in known:
            known[key] = Known(part, doc_id, status or "", error or "", n_chars or 0, n_pages or 0,
                               json.loads(rows) if rows else {})
    return known


def scan(out_dir: Path, version: str) -> dict[str, Known]:
    """Key -> what the cache holds, over every complete part of ``version``."""
    return _known(_part_files(out_dir, version), cached_only=True)


def summaries(out_dir: Path, version: str, part_ids: Iterable[str]) -> dict[str, Known]:
    """Key -> what ``part_ids`` hold of each of their documents, reusable or not: a run
    reads its new documents' summaries back from their parts once extraction is over,
    rather than holding them through it."""
    base = parts_dir(out_dir, version)
    return _known([base / p / "documents.parquet" for p in sorted(set(part_ids))], cached_only=False)


class _OpenPart(NamedTuple):
    tables: dict[str, pa.Table]
    documents: pa.Table  # the documents' contract columns
    where: dict[str, int]  # key -> row
    bounds: list[tuple[int, int, int, int]]  # per row: first target, targets, first mention, mentions
    fields: list[dict]  # per row: the document's contract fields as plain values


class PartReader:
    """A document's slices of its part's three tables, a few parts kept decoded: documents
    come in the run's order, and neighbours mostly share a part. What every document of a
    part asks (its row's offsets and fields) is decoded once per part, not per document."""

    def __init__(self, out_dir: Path, version: str, keep: int = 8):
        self.base = parts_dir(out_dir, version)
        self.keep = keep
        self._open: OrderedDict[str, _OpenPart] = OrderedDict()

    def _part(self, part_id: str) -> _OpenPart:
        if part_id in self._open:
            self._open.move_to_end(part_id)
            return self._open[part_id]
        tables = {t: pq.read_table(self.base / part_id / f"{t}.parquet") for t in TABLES}
        docs = tables["documents"]
        where = {k: i for i, k in enumerate(docs.column("_key").to_pylist())}
        bounds = list(zip(*(docs.column(c).to_pylist() for c in ("_t0", "_tn", "_m0", "_mn"))))
        contract = docs.select(list(COLUMNS["documents"]))
        opened = self._open[part_id] = _OpenPart(tables, contract, where, bounds, contract.to_pylist())
        if len(self._open) > self.keep:
            self._open.popitem(last=False)
        return opened

    def slices(self, part_id: str, key: str) -> dict[str, pa.Table]:
        """The document row (contract columns) and its targets and mentions."""
        p = self._part(part_id)
        i = p.where[key]
        t0, tn, m0, mn = p.bounds[i]
        return {"documents": p.documents.slice(i, 1),
                "targets": p.tables["targets"].slice(t0, tn),
                "mentions": p.tables["mentions"].slice(m0, mn)}

    def fields(self, part_id: str, key: str) -> dict:
        """The document's contract fields (its row of ``slices``' documents) as plain values."""
        p = self._part(part_id)
        return p.fields[p.where[key]]


def prune(out_dir: Path, version: str, used_parts: Iterable[str]) -> int:
    """Remove parts of other versions, unfinished parts, and parts of ``version`` that hold
    none of ``used_parts``' documents; returns how many folders went."""
    root = Path(out_dir) / PARTS_DIR
    if not root.is_dir():
        return 0
    keep = set(used_parts)
    removed = 0
    for vdir in root.iterdir():
        if vdir.name != version:
            shutil.rmtree(vdir, ignore_errors=True) if vdir.is_dir() else vdir.unlink(missing_ok=True)
            removed += 1
            continue
        for p in vdir.iterdir():
            if p.name.startswith(TMP_PREFIX) or p.name not in keep:
                shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
                removed += 1
    return removed


def clear_unfinished(out_dir: Path) -> None:
    """Remove part folders a killed worker left half-written (no run is writing: locked)."""
    root = Path(out_dir) / PARTS_DIR
    if not root.is_dir():
        return
    for vdir in root.iterdir():
        if vdir.is_dir():
            for p in vdir.glob(f"{TMP_PREFIX}*"):
                shutil.rmtree(p, ignore_errors=True)

