"""The Prefect API a run reports to: the operator's server, or a temporary one of its own.

With ``PREFECT_API_URL`` set (environment or profile) the run uses that server. Without it,
Prefect would start a temporary server as a plain child process that outlives a run killed
with ``kill -9``; restrack starts the same server (the same uvicorn app Prefect starts) as
a child the kernel kills with its run (``extractors.worker.spawn_tied``), and stops it when
the run ends.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from extractors.worker import spawn_tied

START_SECONDS = 90.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def configured_api_url() -> str | None:
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def _spawn(port: int) -> tuple[subprocess.Popen, str]:
    import prefect
    from prefect.settings import get_current_settings

    env = {**os.environ, **get_current_settings().to_environment_variables(exclude_unset=True),
           "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
    env.pop("PREFECT_API_URL", None)
    proc = spawn_tied([sys.executable, "-m", "uvicorn", "--app-dir", str(Path(prefect.__file__).parent.parent),
                       "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1",
                       "--port", str(port), "--log-level", "error", "--lifespan", "on"],
                      env=env, stdin=subprocess.DEVNULL)
    return proc, f"http://127.0.0.1:{port}/api"


# A temporary server started ahead of the run (``start_early``), taken by ``prefect_api``.
_early: list[tuple[subprocess.Popen, str]] = []


def start_early() -> None:
    """Start the temporary server now, when no server is configured, without waiting for it:
    it boots (seconds of imports in its own process) while this process loads the flow and
    plans the run, so a run pays for it about once, not after its own start-up."""
    if not _early and not configured_api_url():
        _early.append(_spawn(_free_port()))


def stop_early() -> None:
    """Stop a server started ahead that no run took (the run was refused before it began)."""
    while _early:
        stop_server(_early.pop()[0])


def start_server(port: int | None = None) -> tuple[subprocess.Popen, str]:
    """A Prefect server on 127.0.0.1 that dies with this process; (process, API URL)."""
    proc, url = _early.pop() if _early and port is None else _spawn(port or _free_port())
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the temporary Prefect server exited with code {proc.returncode}")
        if _healthy(url):
            return proc, url
        time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError(f"the temporary Prefect server did not answer within {START_SECONDS:g} s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def prefect_api() -> Iterator[str]:
    """The API URL for the length of the block: the configured one, else a temporary
    server's (set for this process and the processes it starts)."""
    url = configured_api_url()
    if url:
        yield url
        return
    from prefect.settings import PREFECT_API_URL, temporary_settings

    proc, url = start_server()
    before = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = url
    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield url
    finally:
        if before is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = before
        _drain_logs()
        stop_server(proc)


def _drain_logs() -> None:
    """Send the logs still queued for the API while the temporary server lives: sent after
    it stopped, Prefect writes "--- Error logging to API ---" on the analyst's terminal."""
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=5)
