"""The options of one run, carried as one object from the command line to the flow.

Every layer (``restrack run``, the ``process`` flow, ``batch.run_batch``) takes a
``RunOptions`` instead of repeating its fields, so a new option is added in one place.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

# Documents go to workers in chunks: a Prefect task costs milliseconds, so one per document
# would be visible and one per sentence ruinous.
CHUNK_SIZE = 8


@dataclass(frozen=True, slots=True)
class RunOptions:
    inputs: tuple[str, ...]
    out: str
    workers: int = 1  # processes that extract in parallel
    lang: str | None = None  # force the language instead of detecting it
    progress: bool = False  # a progress bar on stderr
    chunk_size: int = CHUNK_SIZE

    def with_(self, **changes) -> RunOptions:
        return replace(self, **changes)
