"""Orchestration: thin Prefect flows and tasks over ``extractors``, and the ``restrack`` CLI."""
import os

# No network here: Prefect must not try to send analytics from its temporary server.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# Arrow's default pool (mimalloc) keeps the pages it was given, and so the run's process,
# which reads every part back into the tables, would grow with the corpus: the system
# allocator instead, whose freed pages ``extractors.memory.give_back`` returns. Read when
# pyarrow is first imported, so set here, before anything imports it.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
