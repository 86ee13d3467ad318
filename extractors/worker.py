"""Documents extracted in a child process that can be stopped: the time budget of a run.

A catastrophic regular expression or a crawl through one huge token runs in C and holds
the interpreter: no signal, timer or thread gets a word in. So each document is extracted
by a long-lived child process (``python -m extractors.worker``, the models loaded once)
that its supervisor — the task extracting a chunk — watches with a clock. Over budget, the
supervisor asks the child where it is (``faulthandler`` dumps the stack from its C signal
handler, stuck or not), kills it and starts another for the next document. A child that
dies by itself (the OOM killer, ``kill -9``) costs that document one retry in a fresh one.

The child dies with its supervisor (``spawn_tied``: ``PR_SET_PDEATHSIG``, from a thread that
lives as long as the process, as the kernel ties the signal to the creating thread), leaves after
``IDLE_SECONDS`` without work, and writes each document's text itself; its records come
back as Arrow tables (``io/parts.py``), never as Python objects to walk.
"""
from __future__ import annotations

import faulthandler
import importlib
import logging
import mmap
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from .options import DEFAULT_EXTRACTOR

IDLE_SECONDS = 600.0  # a child with no document for this long leaves
# A child is replaced after this many documents, as a web server replaces its workers: what
# spaCy and the readers keep growing per new word or font (296 MB after loading, 330 MB
# after 30,000 documents) is given back; a new child costs about 3 s of CPU, 2% of what
# these documents cost to extract.
RECYCLE_DOCUMENTS = 5000
TRACE_WAIT = 1.0  # how long a stuck child gets to write where it is
# The budget is processor time: a stuck document burns it, a busy machine does not spend it
# for the document. The clock stops a document that waits without computing (this many
# budgets).
WALL_FACTOR = 5.0
START_TIMEOUT = 120.0  # importing spaCy and the library on a busy machine
_POLL = 0.5
PACKAGE_DIR = Path(__file__).resolve().parent


# ---------------------------------------------------------------------------------------------
# The child

def _load(name: str):
    module, _, func = name.partition(":")
    return getattr(importlib.import_module(module), func)


# Loggers whose records the child prints on stderr (the analyst's terminal): restrack's own
# (OCR progress and trouble). Reader libraries log their view of a damaged file ("Could not
# get FontBBox from font descriptor", "Data-loss while decompressing corrupted data") and
# warn through ``warnings``; the document's row says what matters, in plain words, so they
# are printed only with RESTRACK_DEBUG set.
OWN_LOGGERS = ("restrack", "extractors")


def _own(record: logging.LogRecord) -> bool:
    return record.name.split(".", 1)[0] in OWN_LOGGERS


def child_logging() -> None:
    """The child's logging: restrack's records on stderr, and everything with RESTRACK_DEBUG."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    debug = bool(os.environ.get("RESTRACK_DEBUG"))
    if not debug:
        handler.addFilter(_own)
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, handlers=[handler],
                        force=True)
    logging.captureWarnings(True)


def child_main(argv: list[str]) -> int:
    req_fd, rep_fd, trace_fd, board_fd = (int(a) for a in argv[:4])
    extractor_name = argv[4] if len(argv) > 4 else DEFAULT_EXTRACTOR
    trace = os.fdopen(trace_fd, "w", buffering=1)
    faulthandler.register(signal.SIGUSR1, file=trace, all_threads=False)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    child_logging()
    requests = Connection(req_fd, writable=False)
    replies = Connection(rep_fd, readable=False)
    board = StageBoard(board_fd)
    from .io.inputs import input_digest
    from .io.parts import cache_key, doc_result
    from .io.runfolder import write_text

    extract = _load(extractor_name)
    replies.send(("ready", os.getpid()))
    while requests.poll(IDLE_SECONDS):
        try:
            path, lang, out_dir, version = requests.recv()
        except EOFError:
            break
        ex = extract(path, lang, stage=board.write)
        board.write("writing its text")
        if out_dir is not None and ex.text and ex.document.status == "ok":
            write_text(Path(out_dir), ex.document.doc_id, ex.text)
        digest = ex.digest or input_digest(path)
        replies.send(("done", doc_result(cache_key(digest, path, lang, version), ex)))
    return 0


class StageBoard:
    """The step a child is at, written into a page of memory it shares with its supervisor.

    The supervisor needs the step only when a document runs over its budget, so the child
    does not send it (a message per step woke the supervisor six times a document besides
    the result); it writes it where the supervisor reads it when it must."""

    SIZE = 256

    def __init__(self, fd: int):
        self.page = mmap.mmap(fd, self.SIZE)

    def write(self, step: str) -> None:
        # cut on a character, so the supervisor reads a prefix of the step
        data = step.encode("utf-8", "replace")[:self.SIZE - 1].decode("utf-8", "ignore").encode()
        self.page[:self.SIZE] = data + b"\0" * (self.SIZE - len(data))

    def read(self) -> str:
        return self.page[:self.SIZE].split(b"\0", 1)[0].decode("utf-8", "replace")

    def close(self) -> None:
        self.page.close()


def board_file() -> int:
    """A file of one ``StageBoard`` page, open for both processes, never on disk by name."""
    fd = os.memfd_create("restrack-stage") if hasattr(os, "memfd_create") else _unnamed_temp()
    os.ftruncate(fd, StageBoard.SIZE)
    return fd


def _unnamed_temp() -> int:
    import tempfile

    fd, name = tempfile.mkstemp(prefix="restrack-stage-")
    os.unlink(name)
    return fd


# ---------------------------------------------------------------------------------------------
# Children that die with this process

# Children are started from this one thread, which lives as long as the process: the
# kernel sends PR_SET_PDEATHSIG when the *thread* that forked the child ends.
_SPAWNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="restrack-spawner")
# Run as ``python -c _TIED PARENT_PID PROGRAM ARGS…``: ask for SIGKILL when the parent dies,
# check it has not died already, then become PROGRAM (the request survives exec).
_TIED = ("import ctypes, os, signal, sys\n"
         "try:\n    ctypes.CDLL(None).prctl(1, signal.SIGKILL)\nexcept (OSError, AttributeError):\n    pass\n"
         "if os.getppid() != int(sys.argv[1]):\n    os._exit(1)\n"
         "os.execv(sys.argv[2], sys.argv[2:])\n")


def spawn_tied(cmd: list[str], **popen_kwargs) -> subprocess.Popen:
    """Start ``cmd`` (a program path and its arguments) as a child that the kernel kills
    when this process dies, ``kill -9`` included: a server or worker never outlives its run."""
    full = [sys.executable, "-c", _TIED, str(os.getpid()), *cmd]
    return _SPAWNER.submit(subprocess.Popen, full, **popen_kwargs).result()


# ---------------------------------------------------------------------------------------------
# The supervisor's side


@dataclass(slots=True)
class Outcome:
    """What became of one document: its result, or why there is none."""

    result: object | None  # io.parts.DocResult
    failure: str = ""  # "took longer than 60 s (…)", "the process extracting it died …"


def _where(trace: str, stage: str) -> str:
    """The step and the innermost frame of code outside the standard library and installed
    packages in a faulthandler dump, with the package it was waiting on when the innermost
    frame is in one: "finding mentions: nlp.py:88 analyse, in spacy"."""
    frames = re.findall(r'File "([^"]+)", line (\d+) in (\S+)', trace)
    if not frames:
        return stage
    own = [f for f in frames if "site-packages" not in f[0] and "/lib/python" not in f[0]]
    frame = (own or frames)[0]
    path = Path(frame[0])
    try:
        shown = path.resolve().relative_to(PACKAGE_DIR).as_posix()
    except ValueError:
        shown = path.name
    where = f"{stage}: {shown}:{frame[1]} {frame[2]}"
    inner = frames[0][0]
    if own and inner != frame[0] and "site-packages" in inner:
        where += f", in {inner.split('site-packages/')[-1].split('/')[0]}"
    return where


def _seconds(budget: float) -> str:
    return f"{budget:g} s"


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> float | None:
    """Processor time (user + system) a process has used, from /proc; None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return None


class DocumentWorker:
    """One child process and the clock on it; used by one thread at a time."""

    def __init__(self, extractor: str = DEFAULT_EXTRACTOR):
        self.extractor = extractor
        self.proc: subprocess.Popen | None = None
        self.requests: Connection | None = None
        self.replies: Connection | None = None
        self.trace_fd: int | None = None
        self.board: StageBoard | None = None
        self.ready = False  # the child said it loaded the pipeline
        self.documents = 0  # documents the current child was given

    # -- life of the child

    def _spawn(self) -> None:
        self._launch()
        self._await_ready()

    def _launch(self) -> None:
        """Start the child, without waiting for it to load the pipeline."""
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        tr_r, tr_w = os.pipe()
        board_fd = board_file()
        cmd = [sys.executable, "-m", "extractors.worker", str(req_r), str(rep_w), str(tr_w),
               str(board_fd), self.extractor]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (str(PACKAGE_DIR.parent), os.environ.get("PYTHONPATH", "")) if p)}
        try:
            self.proc = spawn_tied(cmd, pass_fds=(req_r, rep_w, tr_w, board_fd), env=env,
                                   stdin=subprocess.DEVNULL)
            self.board = StageBoard(board_fd)
        finally:
            for fd in (req_r, rep_w, tr_w, board_fd):
                os.close(fd)
        self.requests = Connection(req_w, readable=False)
        self.replies = Connection(rep_r, writable=False)
        os.set_blocking(tr_r, False)
        self.trace_fd = tr_r
        self.ready = False

    def _await_ready(self) -> None:
        """Wait for the launched child to say it has loaded the pipeline."""
        if not self.replies.poll(START_TIMEOUT):
            self.close()
            raise RuntimeError(f"the extraction process did not start within {START_TIMEOUT:g} s")
        try:
            self.replies.recv()  # ("ready", pid)
        except EOFError:
            code = self.proc.wait() if self.proc else None
            self.close()
            raise RuntimeError(f"the extraction process failed to start (exit code {code})") from None
        self.ready = True

    def close(self) -> None:
        """Stop the child (if any) and forget it; the next document starts a new one."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
        if self.proc is not None:
            self.proc.wait()
        for conn in (self.requests, self.replies):
            if conn is not None:
                conn.close()
        if self.trace_fd is not None:
            os.close(self.trace_fd)
        if self.board is not None:
            self.board.close()
        self.proc = self.requests = self.replies = self.board = None
        self.trace_fd = None
        self.documents = 0

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None and self.proc.poll() is None else None

    def _read_trace(self) -> str:
        """What the child's faulthandler wrote after SIGUSR1: read until it pauses."""
        chunks: list[bytes] = []
        deadline = time.monotonic() + TRACE_WAIT
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.trace_fd], [], [], 0.2)
            if not ready:
                if chunks:
                    break
                continue
            try:
                data = os.read(self.trace_fd, 65536)
            except BlockingIOError:
                continue
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks).decode("utf-8", "replace")

    def _drain_trace(self) -> None:
        try:
            while os.read(self.trace_fd, 65536):
                pass
        except (BlockingIOError, OSError):
            pass

    # -- one document

    def _attempt(self, request: tuple, budget: float) -> Outcome | None:
        """One try; None when the child died on its own (the caller tries once more)."""
        if self.documents >= RECYCLE_DOCUMENTS:
            self.close()
        if self.proc is None or self.proc.poll() is not None:
            self.close()
            self._spawn()
        elif not self.ready:  # started ahead of the run (``start_early``)
            self._await_ready()
        self.documents += 1
        self._drain_trace()
        self.board.write("starting")
        try:
            self.requests.send(request)
        except OSError:  # the child left (idle) or died between two documents
            self.close()
            return None
        pid = self.proc.pid
        cpu0 = cpu_seconds(pid)
        started = time.monotonic()
        used = wall = 0.0
        while True:
            left = min(budget - used, budget * WALL_FACTOR - wall)
            try:
                if self.replies.poll(max(0.01, min(left, _POLL))):
                    kind, value = self.replies.recv()
                    if kind == "done":
                        return Outcome(value)
            except (EOFError, OSError):
                self.close()
                return None
            if self.proc.poll() is not None:
                self.close()
                return None
            wall = time.monotonic() - started
            cpu = cpu_seconds(pid)
            used = cpu - cpu0 if cpu is not None and cpu0 is not None else wall
            over = ""
            if used > budget:
                over = f"took longer than {_seconds(budget)}"
            elif wall > budget * WALL_FACTOR:
                over = f"took longer than {_seconds(budget * WALL_FACTOR)} on the clock"
            if over:
                where = stage = self.board.read()
                try:
                    os.kill(pid, signal.SIGUSR1)
                    where = _where(self._read_trace(), stage)
                except OSError:
                    pass
                self.close()
                return Outcome(None, f"{over} ({where})")

    def extract(self, path: str, lang: str | None, out_dir: str, version: str,
                budget: float) -> Outcome:
        """Extract one document under ``budget`` seconds; never raises for the document."""
        request = (path, lang, out_dir, version)
        for _ in range(2):
            got = self._attempt(request, budget)
            if got is not None:
                return got
        return Outcome(None, "the process extracting it stopped twice (killed, or out of memory)")


_LOCAL = threading.local()
_ALL: list[DocumentWorker] = []
_ALL_LOCK = threading.Lock()


_EARLY: list[DocumentWorker] = []  # started ahead of the run, not yet taken by a thread


def start_early(n: int, extractor: str = DEFAULT_EXTRACTOR) -> None:
    """Start ``n`` children now, without waiting for them: each loads the pipeline (about
    3 s of CPU) while the run starts its Prefect server and plans, and the first threads
    that extract take them. Only worth it when the run will extract: started for nothing
    they cost that CPU (``close_all`` stops those no thread took)."""
    with _ALL_LOCK:
        for _ in range(n):
            w = DocumentWorker(extractor)
            w._launch()
            _EARLY.append(w)
            _ALL.append(w)


def worker_for_this_thread(extractor: str = DEFAULT_EXTRACTOR) -> DocumentWorker:
    """The calling thread's worker (one child per thread that extracts), made on first use
    or taken from those started early."""
    w = getattr(_LOCAL, "worker", None)
    if w is None or w.extractor != extractor:
        if w is not None:
            w.close()
        with _ALL_LOCK:
            early = next((e for e in _EARLY if e.extractor == extractor), None)
            if early is not None:
                _EARLY.remove(early)
                w = early
            else:
                w = DocumentWorker(extractor)
                _ALL.append(w)
        _LOCAL.worker = w
    return w


def close_all() -> None:
    """Stop every child this process started (the end of a local run); a thread that
    extracts again later starts a new one."""
    with _ALL_LOCK:
        workers = list(_ALL)
        _EARLY.clear()
    for w in workers:
        w.close()


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
