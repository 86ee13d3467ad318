"""A run over many documents: find the inputs, extract what the cache lacks, assemble the set.

``run_batch(options)`` is the whole run as plain functions, no Prefect:

1. ``discover`` lists the input files (the run folder itself left out);
2. ``plan_run`` hashes each file and looks its key up in the run folder's parts
   (``io/parts.py``): a document whose bytes, extension, language option and extractor
   version are unchanged is not read again;
3. ``extract_part`` extracts one chunk of the rest, each document in a worker process under
   its time budget (``worker.py``), and writes the chunk's part before returning a summary;
4. ``assemble`` streams the parts in the run's order into the tables, applies the
   corrections log document by document, writes the workbook, and commits the set
   (``io/runfolder.py``): one consistent set, ``run.json`` last.

Its steps are given by a ``Steps`` object: the ``process`` flow (``flows/process.py``) passes
the same functions wrapped one-to-one as Prefect tasks, run where its task runner says.
"""
from __future__ import annotations

import dataclasses
import os
import shutil
import sys
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .io.corrections_log import log_sha256
from .io.inputs import display_path, input_digest
from .io.parts import PartReader, cache_key, doc_result, has_parts, prune, scan, summaries, write_part
from .io.parts import clear_unfinished as clear_unfinished_parts
from .io.runfolder import (REVIEW_FILE, TABLES, clear_leftovers, commit, file_sha256, files_as_committed,
                           has_text, lock, prune_texts, read_manifest, read_table, read_text, recommit,
                           rows_of, staging_dir, write_dataset, write_text, write_workbook)
from .io.writers import TableWriter, arrow_table
from .memory import give_back, use_system_allocator
from .options import CHUNK_SIZE, CHUNKS_PER_WORKER, MAX_CHUNK_SIZE, RunOptions
from .records import SCHEMA_VERSION
from .review import LogByDocument, ReviewReport
from .version import extractor_version
from .worker import close_all, worker_for_this_thread

if TYPE_CHECKING:  # the pipeline (spaCy, the finders) is loaded where documents are extracted
    from .pipeline import Extraction

# Folders that hold outputs or tooling, never input documents.
SKIP_DIRS = {".git", ".venv", "__pycache__", "texts", "parts", ".staging", "node_modules"}
SKIP_SUFFIXES = {".json", ".py", ".parquet", ".xlsx", ".jsonl", ".lock", ".tmp"}
# Notes that sit beside documents (README.md, SOURCES_vi_en.md, EXPECTED.md, LICENSE.txt):
# matched on the name before its extension, case-insensitively, with any suffix after "_".
NOTE_STEMS = ("readme", "sources", "expected", "license", "licence", "changelog",
              "contributing", "notice", "authors")
SKIP_NAMES = {".gitkeep", ".DS_Store"}
# Failures kept for the terminal and the run's artifact; documents.csv has every one.
MAX_ERRORS_KEPT = 1000
HASH_THREADS = 4


def is_note(name: str) -> bool:
    """A note about the documents of a folder, not one of them."""
    stem = Path(name).stem.lower()
    return any(stem == n or stem.startswith(n + "_") or stem.startswith(n + "-")
               for n in NOTE_STEMS)


def _same_or_inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def discover(inputs: Iterable[str | os.PathLike], exclude: Iterable[str | os.PathLike] = ()) -> list[Path]:
    """Input files: files as given, folders walked recursively, in a stable order.

    Metadata that sits beside documents (README/SOURCES notes, JSON, outputs of an earlier
    run) is skipped, and so is every folder in ``exclude`` (the run's own output folder
    when it lies inside an input); anything else (Markdown documents too) is offered to the
    readers, which say what they refuse.
    """
    skip = {Path(os.path.realpath(e)) for e in exclude}
    found: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")
                                 and Path(os.path.realpath(Path(root) / d)) not in skip)
                for name in sorted(files):
                    f = Path(root) / name
                    if name.startswith(".") or name in SKIP_NAMES or is_note(name) \
                            or f.suffix.lower() in SKIP_SUFFIXES:
                        continue
                    found.append(f)
        else:
            found.append(p)
    return list(dict.fromkeys(found))


class FolderError(ValueError):
    """The output folder cannot be used with these inputs (a usage error, said in one line)."""


def check_folders(inputs: Sequence[str], out: str) -> None:
    """Refuse an output folder that is a file (or lies under one), and inputs that lie
    inside the output folder; an output folder inside an input folder is fine (left out
    of discovery)."""
    out_path = Path(out)
    for p in (out_path, *out_path.parents):
        if p.exists() and not p.is_dir():
            what = "is a file" if p == out_path else f"lies under a file ({p})"
            raise FolderError(f"--out {out} {what}, not a folder")
        if p.exists():
            break
    real_out = Path(os.path.realpath(out))
    for item in inputs:
        real_in = Path(os.path.realpath(item))
        if _same_or_inside(real_in, real_out):
            raise FolderError(f"input {item} lies inside the output folder {out}; give another --out")


def chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


# ---------------------------------------------------------------------------------------------
# A few documents held in memory, in this process (no budget, no parts): for tests and tools
# that build a small run folder directly; ``run_batch`` is the road of a run.

def extract_chunk(paths: list[str], lang: str | None = None) -> list[Extraction]:
    from .pipeline import extract_file

    return [extract_file(p, lang) for p in paths]


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


# ---------------------------------------------------------------------------------------------
# Planning: what the cache already holds

@dataclass(slots=True)
class Planned:
    path: str
    key: str


@dataclass(slots=True)
class Plan:
    order: list[Planned]  # every input file, in discovery order
    todo: list[Planned]  # one file per key the cache lacks, in discovery order
    known: dict  # key -> parts.Known


def plan_run(files: Sequence[str], options: RunOptions, version: str, out_dir: Path) -> Plan:
    """Hash every file and split the run into what the cache holds and what to extract."""
    known = {} if options.force else scan(out_dir, version)
    with ThreadPoolExecutor(HASH_THREADS) as pool:  # hashlib lets go of the GIL
        digests = list(pool.map(input_digest, files))
    order, todo, queued = [], [], set()
    for path, digest in zip(files, digests):
        key = cache_key(digest, path, options.lang, version)
        planned = Planned(path, key)
        order.append(planned)
        k = known.get(key)
        if k is not None and (k.status != "ok" or has_text(out_dir, k.doc_id)):
            continue
        known.pop(key, None)
        if key not in queued:
            queued.add(key)
            todo.append(planned)
    return Plan(order, todo, known)


def will_extract(options: RunOptions) -> bool:
    """Whether a run of ``options`` is about to extract documents here, as far as a glance
    can tell before it plans: a local run that is forced, or into a folder that holds no
    results of this extractor version (a new folder, or a rule changed since)."""
    if options.engine != "local":
        return False
    if options.force:
        return True
    return not has_parts(Path(options.out), extractor_version())


def guided_chunks(items: list, parallelism: int, smallest: int = CHUNK_SIZE,
                  largest: int = MAX_CHUNK_SIZE) -> list[list]:
    """``items`` in chunks that shrink towards the end, as OpenMP's guided schedule: each
    is 1/``CHUNKS_PER_WORKER`` of what is left per worker, between ``smallest`` and
    ``largest``. Few tasks for a large run (each costs its orchestration), and the last
    ones small, so the workers finish together."""
    out, i, n = [], 0, len(items)
    share = max(1, parallelism) * CHUNKS_PER_WORKER
    while i < n:
        size = max(smallest, min(largest, -(-(n - i) // share)))
        out.append(items[i:i + size])
        i += size
    return out


def plan_chunks(options: RunOptions, items: list) -> list[list]:
    """The run's tasks: chunks of the option's size when given, else guided ones."""
    if options.chunk_size:
        return chunks(items, options.chunk_size)
    return guided_chunks(items, options.parallelism)


# ---------------------------------------------------------------------------------------------
# Extracting one chunk

@dataclass(frozen=True, slots=True)
class PartJob:
    """What a chunk's task needs besides its paths: plain values, sent to any worker."""

    out: str
    version: str
    lang: str | None
    doc_timeout: float
    extractor: str


@dataclass(slots=True)
class PartSummary:
    """What a chunk's task returns: its part, and the key of each document it holds (the
    planned key's own string when the bytes read have it); the documents read under
    another key than planned (the file changed since) as (planned, read) pairs. Nothing
    more per document: the engine keeps every task's result for the run (Prefect's
    futures), and the summaries are read back from the parts (``parts.summaries``)."""

    part: str
    keys: list[str]
    renamed: list[tuple[str, str]] = field(default_factory=list)


def extract_part(items: Sequence[tuple[str, str]], job: PartJob,
                 say: Callable[[str], None] | None = None,
                 advance: Callable[[int, str], None] | None = None) -> PartSummary:
    """Extract ``items`` ((path, planned key) pairs) one document at a time in this
    thread's worker process, each under ``job.doc_timeout`` seconds, write their part and
    return its summary. ``say`` hears each document that is not ok, ``advance`` each one
    done."""
    worker = worker_for_this_thread(job.extractor)
    results, keys, renamed = [], [], []
    for path, planned in items:
        got = worker.extract(path, job.lang, job.out, job.version, job.doc_timeout)
        result = got.result
        if result is None:
            from .pipeline import failed_file

            digest = input_digest(path)
            result = doc_result(cache_key(digest, path, job.lang, job.version),
                                failed_file(path, digest, got.failure), cache=False)
        results.append(result)
        if result.key == planned:
            keys.append(planned)
        else:  # the file changed since it was planned
            keys.append(result.key)
            renamed.append((planned, result.key))
        if say is not None:
            d = result.document()
            if d["status"] != "ok":
                say(f"{d['status']}: {display_path(path)}: {d['error'] or ''}")
        if advance is not None:
            advance(1, path)
    part = write_part(Path(job.out), job.version, results)
    del results
    give_back()
    return PartSummary(part, keys, renamed)


# ---------------------------------------------------------------------------------------------
# The run's summary

@dataclass
class Summary:
    documents: Counter = field(default_factory=Counter)  # status -> n
    rows: Counter = field(default_factory=Counter)  # (kind, language) -> n
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # source, status, error
    n_chars: int = 0
    n_pages: int = 0
    extracted: int = 0  # documents read in this run
    reused: int = 0  # documents whose results the cache held
    more_errors: int = 0  # failures past MAX_ERRORS_KEPT (in documents.csv only)

    def add_doc(self, source: str, status: str, error: str, n_chars: int, n_pages: int,
                rows: dict[str, int]) -> None:
        self.documents[status] += 1
        self.n_chars += n_chars or 0
        self.n_pages += n_pages or 0
        if status != "ok":
            if len(self.errors) < MAX_ERRORS_KEPT:
                self.errors.append((source, status, error))
            else:
                self.more_errors += 1
        for k, n in rows.items():
            kind, _, lang = k.partition("|")
            self.rows[(kind, lang or "?")] += n

    @property
    def failed(self) -> int:
        return sum(n for s, n in self.documents.items() if s != "ok")

    def markdown(self) -> str:
        lines = ["# restrack run", "", "| status | documents |", "|---|---:|"]
        lines += [f"| {s} | {n} |" for s, n in sorted(self.documents.items())]
        lines += ["", f"{self.extracted} documents read, {self.reused} taken from the cache."]
        lines += ["", "| kind | language | rows |", "|---|---|---:|"]
        lines += [f"| {k} | {lang} | {n} |" for (k, lang), n in sorted(self.rows.items())]
        if self.errors:
            lines += ["", "| file | status | reason |", "|---|---|---|"]
            lines += [f"| {_cell(Path(s).name)} | {st} | {_cell(e)} |" for s, st, e in self.errors]
        if self.more_errors:
            lines += ["", f"{self.more_errors} more documents not ok: see documents.csv."]
        return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


# ---------------------------------------------------------------------------------------------
# Assembling the set

@dataclass
class Assembled:
    written: dict[str, Path]
    review: ReviewReport
    counts: dict[str, int]  # table -> rows
    manifest: dict


def reuse_workbook(out_dir: Path, staging: Path, version: str) -> bool:
    """Keep the folder's review.xlsx when it was made by this extractor version (which
    covers the workbook's writer) from the same targets and documents as the new set:
    an unchanged re-run does not pay for the workbook again."""
    old = read_manifest(out_dir)
    if not old or old.get("extractor_version") != version:
        return False
    files = old.get("files", {})
    wanted = [*(f"{t}.csv" for t in ("documents", "targets")), REVIEW_FILE]
    if not all(n in files for n in wanted) or not (out_dir / REVIEW_FILE).is_file():
        return False
    if any(file_sha256(staging / n) != files[n]["sha256"] for n in wanted[:2]):
        return False
    if file_sha256(out_dir / REVIEW_FILE) != files[REVIEW_FILE]["sha256"]:
        return False  # edited or replaced since: write it anew
    shutil.copy2(out_dir / REVIEW_FILE, staging / REVIEW_FILE)
    return True


def set_key(out_dir: Path, version: str, order: Sequence[tuple[str, str, str]]) -> str:
    """What a run's set is made of, as one hash: the extractor version (which covers the
    writers), the schema, each document's key and part in the run's order, the bytes of
    the corrections log and whether an orphans.csv is kept. Two runs with the same key
    assemble the same files."""
    import hashlib

    from .review import ORPHANS_FILE

    digest = hashlib.sha256(f"{SCHEMA_VERSION}|{version}|{log_sha256(out_dir)}|"
                            f"{(out_dir / ORPHANS_FILE).exists()}\n".encode())
    for _path, key, part in order:
        digest.update(f"{key}|{part}\n".encode())
    return digest.hexdigest()


def _report_record(report: ReviewReport) -> dict:
    return {**dataclasses.asdict(report), "rows": dict(report.rows)}


def _report_of(record: dict) -> ReviewReport:
    return ReviewReport(**{**record, "rows": Counter(record.get("rows", {}))})


def _keep_set(out_dir: Path, key: str, manifest: dict, version: str,
              order: Sequence[tuple[str, str, str]]) -> Assembled | None:
    """The set already in the folder, when the last run assembled it from the same parts
    and log and its files are as committed: run.json is written anew and what a killed
    run left in the cache since is removed, nothing else (an unchanged re-run pays no
    assembly)."""
    old = read_manifest(out_dir)
    if not old or old.get("set_key") != key or "review" not in old or not files_as_committed(out_dir, old):
        return None
    manifest = recommit(out_dir, {**manifest, "finished": _now(), "rows": old["rows"], "set_key": key,
                                  "review": old["review"], "files": old["files"]})
    prune(out_dir, version, {part for _path, _key, part in order})
    docs = read_table(out_dir, "documents")
    prune_texts(out_dir, set(docs["doc_id"][docs["status"] == "ok"]))
    written = {t: out_dir / f"{t}.csv" for t in TABLES}
    written["review"] = out_dir / REVIEW_FILE
    return Assembled(written, _report_of(old["review"]), dict(old["rows"]), manifest)


def assemble(out: str, version: str, order: Sequence[tuple[str, str, str]], manifest: dict) -> Assembled:
    """The run's set from its parts: ``order`` gives (path, key, part) of every input file in
    the run's order. Tables are written batch by batch (a document given twice, same
    bytes, once), the corrections log applied per document, the workbook made from the
    tables; then the set is committed with ``manifest`` as run.json, and parts and texts
    no document of the set uses are removed. A set made of the same parts and log as the
    one in the folder is kept (``_keep_set``)."""
    out_dir = Path(out)
    made_of = set_key(out_dir, version, order)
    kept = _keep_set(out_dir, made_of, manifest, version, order)
    if kept is not None:
        return kept
    staging = staging_dir(out_dir)
    reader = PartReader(out_dir, version)
    log = LogByDocument(out_dir, lambda doc_id: read_text(out_dir, doc_id))
    writers = {t: TableWriter(t, staging / f"{t}.csv", staging / f"{t}.parquet") for t in TABLES}
    seen: set[str] = set()
    ok: set[str] = set()
    used_parts: set[str] = set()
    for _path, key, part in order:
        used_parts.add(part)
        d = reader.fields(part, key)
        if d["doc_id"] in seen:
            continue
        seen.add(d["doc_id"])
        s = reader.slices(part, key)
        writers["documents"].write(s["documents"])
        targets = s["targets"]
        if d["status"] == "ok":
            ok.add(d["doc_id"])
            if log.wants(d["doc_id"]):
                rows = log.apply(d["doc_id"], d["language"] or "", rows_of(targets.to_pandas()))
                targets = arrow_table("targets", rows)
            else:
                log.note(d["doc_id"], d["language"] or "")
        writers["targets"].write(targets)
        writers["mentions"].write(s["mentions"])
    added = log.finish(staging)
    if added:
        writers["targets"].write(arrow_table("targets", added))
    for w in writers.values():
        w.close()
    if not reuse_workbook(out_dir, staging, version):
        # the run's workers render the workbook's rows too (the other processes are done)
        workers = int(manifest.get("options", {}).get("workers") or 1)
        write_workbook(staging / REVIEW_FILE, staging / "targets.parquet", staging / "documents.parquet",
                       workers=workers)
    counts = {t: w.rows for t, w in writers.items()}
    manifest = commit(out_dir, staging, {**manifest, "finished": _now(), "rows": counts, "set_key": made_of,
                                         "review": _report_record(log.report)})
    prune(out_dir, version, used_parts)
    prune_texts(out_dir, ok)
    written = {t: out_dir / f"{t}.csv" for t in TABLES}
    written["review"] = out_dir / REVIEW_FILE
    return Assembled(written, log.report, counts, manifest)


# ---------------------------------------------------------------------------------------------
# The run

@dataclass
class RunResult:
    summary: Summary
    written: dict[str, Path]
    review: ReviewReport = field(default_factory=ReviewReport)  # corrections applied, orphans
    manifest: dict = field(default_factory=dict)


# Extracts every chunk (its (path, key) items) by the job and yields each chunk's summary
# as it is done (any order); ``advance`` hears each document done, where it can.
ExtractParts = Callable[[Sequence[list[tuple[str, str]]], PartJob, Callable[[int, str], None] | None],
                        Iterator[PartSummary]]


def extract_parts_here(chunks_: Sequence[list[tuple[str, str]]], job: PartJob,
                       advance: Callable[[int, str], None] | None = None) -> Iterator[PartSummary]:
    for chunk in chunks_:
        yield extract_part(chunk, job, advance=advance)


@dataclass(frozen=True)
class Steps:
    """The steps of a run; the flow swaps in its Prefect tasks, each wrapping the plain one."""

    extract_parts: ExtractParts = extract_parts_here
    assemble: Callable[[str, str, Sequence[tuple[str, str, str]], dict], Assembled] = assemble


class Progress(Protocol):
    """What follows a run: told the number of files, then each document done."""

    def start(self, total: int) -> None: ...

    def advance(self, n: int, name: str) -> None: ...


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def _options_record(options: RunOptions) -> dict:
    return {"inputs": [display_path(i) for i in options.inputs], "lang": options.lang,
            "workers": options.workers, "doc_timeout": options.doc_timeout, "force": options.force,
            "engine": options.engine}


def run_batch(options: RunOptions, steps: Steps | None = None, progress: Progress | None = None,
              say: Callable[[str], None] = _stderr) -> RunResult:
    """Read every input file, extract mentions and rows, write the dataset into ``options.out``.

    The run folder is locked for the run (``FolderBusy`` when another run holds it); a
    killed run's leftovers are cleared first, and its finished chunks are taken from the
    cache. ``progress`` sees the count of files and every document done; ``say`` gets one
    line per document that is not ok and per orphaned correction. Arrow allocates from the
    system allocator in this process (``memory.py``: the default pool keeps what the
    assembly frees)."""
    use_system_allocator()
    steps = steps or Steps()
    out_dir = Path(options.out)
    try:
        with lock(out_dir):
            return _run_locked(options, steps, progress, say, out_dir)
    finally:
        close_all()


def _run_locked(options: RunOptions, steps: Steps, progress: Progress | None,
                say: Callable[[str], None], out_dir: Path) -> RunResult:
    clear_leftovers(out_dir)
    clear_unfinished_parts(out_dir)
    started = _now()
    version = extractor_version()
    files = [str(p) for p in discover(options.inputs, exclude=[out_dir])]
    if progress:
        progress.start(len(files))
    plan = plan_run(files, options, version, out_dir)
    summary = Summary()
    where: dict[str, tuple[str, object]] = {}  # key -> (part, summary of the document)
    for key, k in plan.known.items():
        where[key] = (k.part, k)
    job = PartJob(str(out_dir), version, options.lang, options.doc_timeout, options.extractor)
    todo = plan_chunks(options, [(p.path, p.key) for p in plan.todo])
    reused = len(plan.order) - sum(len(c) for c in todo)
    if progress and reused:
        progress.advance(reused, "")
    # Through extraction the run keeps where each new document's results are, no more (a
    # hundred thousand summaries held 55 MB beside the workers); what the summary needs is
    # read back from the parts once the workers are gone.
    new_parts: dict[str, str] = {}  # key -> part
    renamed: dict[str, str] = {}  # planned key -> key of the bytes read (the file changed)
    for part in steps.extract_parts(todo, job, progress.advance if progress else None):
        for key in part.keys:
            new_parts[key] = part.part
        renamed.update(part.renamed)
    close_all()  # extraction is over: its processes' memory is not held through the assembly
    got = summaries(out_dir, version, new_parts.values())
    for key, part_id in new_parts.items():
        where[key] = (part_id, got[key])
    for planned, key in renamed.items():
        where[planned] = where[key]
    summary.extracted = sum(len(c) for c in todo)
    summary.reused = len(plan.order) - summary.extracted
    order = []
    for p in plan.order:
        part, doc = where[p.key]
        key = renamed.get(p.key, p.key)
        order.append((p.path, key, part))
        summary.add_doc(display_path(p.path), doc.status, doc.error, doc.n_chars, doc.n_pages,
                        doc.rows)
        if doc.status != "ok":
            say(f"{doc.status}: {display_path(p.path)}: {doc.error}")
    del where, got, new_parts, plan, todo  # not held through the assembly
    manifest = {"restrack_run": 1, "run_id": uuid.uuid4().hex[:16], "started": started,
                "schema_version": SCHEMA_VERSION, "extractor_version": version,
                "options": _options_record(options),
                "documents": dict(sorted(summary.documents.items())),
                "extracted": summary.extracted, "reused": summary.reused}
    done = steps.assemble(str(out_dir), version, order, manifest)
    for line in done.review.lines():
        say(line)
    return RunResult(summary, done.written, done.review, done.manifest)


def _now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
