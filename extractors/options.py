"""The options of one run, carried as one object from the command line to the flow.

Every layer (``restrack run``, the ``process`` flow, ``batch.run_batch``) takes a
``RunOptions`` instead of repeating its fields, so a new option is added in one place.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

# Documents go to workers in chunks: a Prefect task costs about 45 ms of CPU between this
# process and the server (measured: 125 tasks against 2 for the same 1,000 documents), so
# one per document would be visible and one per sentence ruinous. Chunks shrink as the run
# nears its end (``batch.guided_chunks``): large ones while there is much left, down to the
# smallest for the last, so no worker sits idle while another finishes a large one. The
# largest is also what a killed run loses per worker, and what the run holds per worker
# until the chunk's part is written (about 35 KB a document: at 10,000 documents the
# parent peaked at 276 MB with 512, 262 MB with 256).
CHUNK_SIZE = 8
MAX_CHUNK_SIZE = 512
# A chunk is this fraction of what is left per worker: the tail's chunks stay small.
CHUNKS_PER_WORKER = 4
# Seconds one document may take, reading included, before its worker is stopped.
DOC_TIMEOUT = 60.0
DEFAULT_EXTRACTOR = "extractors.pipeline:extract_file"


@dataclass(frozen=True, slots=True)
class RunOptions:
    inputs: tuple[str, ...]
    out: str
    workers: int = 1  # documents extracted in parallel (worker processes; cluster: tasks)
    lang: str | None = None  # force the language instead of detecting it
    progress: bool = False  # a progress bar on stderr
    chunk_size: int | None = None  # documents per task; None: chosen by the run's size
    doc_timeout: float = DOC_TIMEOUT
    force: bool = False  # extract every document again, cache or not
    dask: str | None = None  # address of a Dask scheduler to run the tasks on
    ray: str | None = None  # address of a Ray cluster to run the tasks on
    # "module:function" extracting one file (path, lang, stage=...) -> Extraction; tests
    # swap in a stand-in here, nothing else does
    extractor: str = DEFAULT_EXTRACTOR

    def with_(self, **changes) -> RunOptions:
        return replace(self, **changes)

    @property
    def engine(self) -> str:
        return "dask" if self.dask else "ray" if self.ray else "local"

    @property
    def parallelism(self) -> int:
        return self.workers
