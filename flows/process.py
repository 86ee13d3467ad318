"""The ``process`` flow: read, extract and write a folder of documents.

Documents go to tasks in chunks (a Prefect task costs ~4 ms here, so one per document
would be visible, one per sentence ruinous). With ``workers > 1`` each chunk task hands its
documents to a process pool, so extraction really runs in parallel despite the GIL.
"""
from __future__ import annotations

import sys
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from extractors.batch import Summary, chunks, discover, extract_chunk, save_dataset, save_texts
from extractors.pipeline import Extraction
from extractors.review import ReviewReport, apply_to_extractions

CHUNK_SIZE = 8
_POOL: dict[str, ProcessPoolExecutor] = {}


@dataclass
class RunResult:
    summary: Summary
    written: dict[str, Path]
    review: ReviewReport = field(default_factory=ReviewReport)  # corrections applied, orphans


def _is_transient(task, task_run, state) -> bool:
    """Retry only what can pass on a second try (I/O hiccups, a killed worker process)."""
    try:
        state.result()
    except (OSError, TimeoutError, BrokenPipeError) as exc:  # noqa: PERF203
        return not isinstance(exc, (FileNotFoundError, IsADirectoryError, PermissionError))
    except Exception as exc:
        return type(exc).__name__ == "BrokenProcessPool"
    return False


@task(name="extract-chunk", retries=2, retry_delay_seconds=1, retry_condition_fn=_is_transient,
      cache_policy=NONE, log_prints=False)
def extract_chunk_task(paths: list[str], lang: str | None) -> list[Extraction]:
    pool = _POOL.get("pool")
    if pool is None:
        return extract_chunk(paths, lang)
    return pool.submit(extract_chunk, paths, lang).result()


@task(name="apply-corrections", retries=1, retry_delay_seconds=1, cache_policy=NONE)
def apply_corrections_task(out: str, extractions: list[Extraction]
                           ) -> tuple[list[Extraction], ReviewReport]:
    """The corrections log of ``out`` applied to the fresh extraction; writes orphans.csv."""
    return apply_to_extractions(Path(out), extractions)


@task(name="write-dataset", retries=1, retry_delay_seconds=1, cache_policy=NONE)
def write_dataset_task(out: str, extractions: list[Extraction]) -> dict[str, Path]:
    return save_dataset(Path(out), extractions)


def _progress(total: int, show: bool):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), TextColumn("{task.description}"),
                    console=Console(stderr=True), disable=not show, transient=False)


@flow(name="process", log_prints=False)
def process(inputs: list[str], out: str, workers: int = 1, lang: str | None = None,
            progress: bool = False, chunk_size: int = CHUNK_SIZE) -> RunResult:
    """Read every input file, extract mentions and rows, write the dataset into ``out``."""
    files = [str(p) for p in discover(inputs)]
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    results: list[Extraction] = []
    if workers > 1:
        _POOL["pool"] = ProcessPoolExecutor(max_workers=workers)
    try:
        with _progress(len(files), progress) as bar:
            job = bar.add_task("", total=len(files))
            futures: list[Future] = [extract_chunk_task.submit(c, lang)
                                     for c in chunks(files, chunk_size)]
            for fut in futures:
                chunk = fut.result()
                save_texts(out_dir, chunk)  # texts land as soon as their chunk is done
                for ex in chunk:
                    summary.add(ex)
                    if ex.document.status != "ok":
                        print(f"{ex.document.status}: {ex.document.source}: {ex.document.error}",
                              file=sys.stderr)
                results.extend(chunk)
                bar.update(job, advance=len(chunk),
                           description=Path(chunk[-1].document.source).name if chunk else "")
    finally:
        pool = _POOL.pop("pool", None)
        if pool:
            pool.shutdown()
    # quote(): Prefect would otherwise walk every record of every document looking for
    # futures to resolve (measured: 25 s of a 57 s run on 300 documents).
    results, review = apply_corrections_task(str(out_dir), quote(results))
    for line in review.lines():
        print(line, file=sys.stderr)
    written = write_dataset_task(str(out_dir), quote(results))
    create_markdown_artifact(key="restrack-run-summary",
                             markdown=summary.markdown() + review.markdown(),
                             description="Documents by status, rows by kind and language, "
                             "corrections applied and orphaned")
    return RunResult(summary, written, review)


def run_process(inputs: list[str], out: str, workers: int = 1, lang: str | None = None,
                progress: bool = False) -> RunResult:
    """Run the flow with a thread task runner sized to ``workers``."""
    runner = ThreadPoolTaskRunner(max_workers=max(1, workers))
    return process.with_options(task_runner=runner)(inputs, out, workers, lang, progress)
