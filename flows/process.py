"""The ``process`` flow: ``batch.run_batch`` with its steps run as Prefect tasks, on any engine.

Each task wraps one plain function of ``extractors``: ``extract-chunk`` takes a chunk's
paths, extracts them in a worker process under the time budget, writes the chunk's part
into the run folder and returns a summary; ``assemble`` streams the parts into the tables
and commits the set. Nothing but paths and summaries travels between tasks, so the same
flow runs on

* this machine (``--workers N``): N task threads, each driving its own extraction process
  (the process is what a stuck document costs, so it must be ours to kill and replace);
* a Dask cluster (``--dask ADDRESS``, prefect-dask's ``DaskTaskRunner``) or a Ray cluster
  (``--ray ADDRESS``, prefect-ray's ``RayTaskRunner``), whose workers see the input files
  and the run folder at the same paths (shared storage) and have restrack installed.
"""

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NONE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from extractors.batch import (Assembled, PartJob, PartSummary, RunResult, Steps, assemble,
                              extract_part, run_batch)
from extractors.io.inputs import display_path
from extractors.options import RunOptions

ARTIFACT_SUMMARY = "restrack-run-summary"
ARTIFACT_FAILED = "restrack-failed-files"


class EngineMissing(RuntimeError):
    """--dask or --ray without its optional package installed."""


def _is_transient(task, task_run, state) -> bool:
    """Retry only what can pass on a second try (I/O hiccups, a lost process)."""
    try:
        state.result()
    except (OSError, TimeoutError) as exc:  # noqa: PERF203
        return not isinstance(exc, (FileNotFoundError, IsADirectoryError, PermissionError))
    except Exception as exc:
        return type(exc).__name__ in ("BrokenProcessPool", "KilledWorker")
    return False


@task(name="extract-chunk", retries=2, retry_delay_seconds=1, retry_condition_fn=_is_transient,
      cache_policy=NONE, log_prints=False)
def extract_chunk_task(items: list[tuple[str, str]], job: PartJob,
                       advance: Callable[[int, str], None] | None = None) -> PartSummary:
    """One chunk into its part; each document that is not ok is logged to the run's logs."""
    logger = get_run_logger()
    return extract_part(items, job, say=logger.warning, advance=advance)


@task(name="assemble", retries=1, retry_delay_seconds=1, cache_policy=NONE)
def assemble_task(out: str, version: str, order: Sequence[tuple[str, str, str]], manifest: dict) -> Assembled:
    return assemble(out, version, order, manifest)


def _task_steps(options: RunOptions) -> Steps:
    """``run_batch``'s steps as this flow's tasks; the chunks go to the task runner of the
    options' engine, opened by the flow itself (so a deployment's run takes its engine from
    its parameters too). Large values go ``quote()``d: Prefect would otherwise walk them
    looking for futures to resolve."""

    def extract_parts(chunks: Sequence[list[tuple[str, str]]], job: PartJob,
                      advance: Callable[[int, str], None] | None) -> Iterator[PartSummary]:
        if not chunks:
            return
        # Per-document progress reaches the bar only from threads of this process.
        hook = quote(advance) if options.engine == "local" and advance is not None else None
        with task_runner(options) as runner:
            futures = [runner.submit(extract_chunk_task, {"items": c, "job": job, "advance": hook})
                       for c in chunks]
            for fut in as_completed(futures):
                yield fut.result()

    return Steps(
        extract_parts=extract_parts,
        assemble=lambda out, version, order, manifest: assemble_task(out, version, quote(order), manifest),
    )


class _Bar:
    """A progress bar on stderr, advanced by each document done."""

    def __init__(self, show: bool):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn)

        self.bar = Progress(TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), TextColumn("{task.description}", markup=False),
                            console=Console(stderr=True), disable=not show, transient=False)
        self.job = self.bar.add_task("", total=0)

    def start(self, total: int) -> None:
        self.bar.update(self.job, total=total)

    def advance(self, n: int, name: str) -> None:
        self.bar.update(self.job, advance=n, description=Path(display_path(name)).name if name else "")


def _failed_rows(result: RunResult) -> list[dict[str, str]]:
    return [{"file": source, "status": status, "reason": error}
            for source, status, error in result.summary.errors]


@flow(name="process", log_prints=False)
def process(options: RunOptions) -> RunResult:
    """Read every input file, extract mentions and rows, write the dataset into ``options.out``."""
    bar = _Bar(options.progress)
    with bar.bar:
        result = run_batch(options, _task_steps(options), progress=bar)
    create_markdown_artifact(key=ARTIFACT_SUMMARY,
                             markdown=result.summary.markdown() + result.review.markdown(),
                             description="Documents by status, rows by kind and language, "
                             "corrections applied and orphaned")
    create_table_artifact(key=ARTIFACT_FAILED, table=_failed_rows(result) or [
        {"file": "", "status": "", "reason": "every document was read ok"}],
        description="Files that were not read ok, with the reason (documents.csv has them all)")
    return result


def task_runner(options: RunOptions):
    """The task runner of ``options``' engine: threads here, or a Dask or Ray cluster."""
    if options.dask:
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError as exc:
            raise EngineMissing("--dask needs prefect-dask: pip install 'restrack[dask]'") from exc
        return DaskTaskRunner(address=options.dask)
    if options.ray:
        try:
            from prefect_ray import RayTaskRunner
        except ImportError as exc:
            raise EngineMissing("--ray needs prefect-ray: pip install 'restrack[ray]'") from exc
        # "local" starts a Ray instance on this machine for the run (tests, trials)
        return RayTaskRunner(address=None if options.ray == "local" else options.ray)
    return ThreadPoolTaskRunner(max_workers=max(1, options.workers))


def check_engine(options: RunOptions) -> None:
    """Raise ``EngineMissing`` before the run when its engine's package is not installed."""
    task_runner(options)


def run_process(options: RunOptions) -> RunResult:
    """Run the flow on ``options``' engine, against the configured Prefect server or a
    temporary one that lives as long as the run."""
    from .server import prefect_api

    check_engine(options)
    with prefect_api():
        return process(options)
