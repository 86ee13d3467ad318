"""Orchestration: thin Prefect flows and tasks over ``extractors``, and the ``restrack`` CLI."""
import os

# No network here: Prefect must not try to send analytics from its temporary server.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
