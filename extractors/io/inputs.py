"""What may be read as an input document: regular files only, each within its format's limit.

A named pipe blocks ``open()`` forever and a link to ``/dev/zero`` reads until memory runs
out, so a path is looked at (``stat``) before it is opened, and opened without blocking. A
file over the size limit of its format (sniffed from its first bytes) is refused with the
reason and never held in memory. What passes is read whole, its SHA-256 taken once: the
digest names the document's results in the run folder's cache (``parts.py``).
"""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass

from ..records import RawDocument
from .filetype import SNIFF_BYTES, describe, detect_filetype, filetype_for_extension

MB = 1024 * 1024
# Per format: what a reader can go through within a document's time budget, with room.
# Text formats are the tightest: 50 MB of text is 50 million characters to analyse.
SIZE_LIMITS = {"pdf": 200 * MB, "docx": 100 * MB, "zip": 100 * MB, "doc": 100 * MB,
               "txt": 50 * MB, "md": 50 * MB, "html": 50 * MB}
DEFAULT_LIMIT = 200 * MB
_HASH_CHUNK = MB
# What a path that is not a regular file is, in words.
_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


@dataclass(slots=True)
class Input:
    """One input path: its bytes and their SHA-256, or the reason it is not read."""

    path: str
    digest: str  # hex SHA-256 of the bytes; of the path when there are no bytes to hash
    data: bytes | None = None
    refusal: RawDocument | None = None

    @property
    def doc_id(self) -> str:
        """SPEC §4's doc_id (``records.doc_id_for``): the digest's first 16 characters."""
        return self.digest[:16]


# Control characters of a file name shown as escapes: a newline or carriage return in a name
# would break the one line a document gets on the terminal (and move the cursor).
_CONTROL_ESCAPES = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))} | {
    ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as text that any terminal and UTF-8 file can hold, on one line: bytes of a
    file name that are not UTF-8 are shown as ``\\xe9`` escapes instead of failing every
    writer after, control characters as ``\\n`` or ``\\x1b``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace").translate(_CONTROL_ESCAPES)


def _refused(path: str, digest: str, reason: str, kind: str = "") -> Input:
    return Input(path, digest, refusal=RawDocument(
        text="", format=kind or filetype_for_extension(path) or "", status="error", error=reason))


def _path_digest(path: str) -> str:
    return hashlib.sha256(os.fsencode(path)).hexdigest()


def _file_digest(fd: int) -> str:
    digest = hashlib.sha256()
    os.lseek(fd, 0, os.SEEK_SET)
    while chunk := os.read(fd, _HASH_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def limit_for(kind: str) -> int:
    return SIZE_LIMITS.get(kind, DEFAULT_LIMIT)


def _too_large(kind: str, size: int) -> str:
    label = describe(kind).label if kind not in ("unknown", "empty") else "a file"
    return f"file too large for {label}: {size / MB:.1f} MB (limit {limit_for(kind) // MB} MB)"


def _read_all(fd: int, size: int) -> bytes:
    parts, left = [], size + 1  # one byte more tells a file that grew while being read
    while left > 0 and (chunk := os.read(fd, min(left, 16 * MB))):
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def open_input(path: str | os.PathLike[str]) -> Input:
    """Look at ``path`` and read it when it is a regular file within its format's limit;
    never raises, never blocks on a pipe or device."""
    p = os.fspath(path)
    try:
        st = os.stat(p)
    except OSError as exc:
        return _refused(p, _path_digest(p), f"cannot open file: {exc.strerror or type(exc).__name__}")
    if not stat.S_ISREG(st.st_mode):
        what = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
        return _refused(p, _path_digest(p), f"not a regular file: {what} is never read")
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return _refused(p, _path_digest(p), f"cannot open file: {exc.strerror or type(exc).__name__}")
    try:
        st = os.fstat(fd)  # what was opened, in case the path changed since it was looked at
        if not stat.S_ISREG(st.st_mode):
            return _refused(p, _path_digest(p), "not a regular file: it changed while being opened")
        head = os.read(fd, SNIFF_BYTES)
        kind = detect_filetype(head, p) if head else "empty"
        if st.st_size > limit_for(kind):
            return _refused(p, _file_digest(fd), _too_large(kind, st.st_size), kind)
        os.lseek(fd, 0, os.SEEK_SET)
        data = _read_all(fd, st.st_size)
        if len(data) > limit_for(kind):
            return _refused(p, hashlib.sha256(data).hexdigest(), _too_large(kind, len(data)), kind)
    except OSError as exc:
        return _refused(p, _path_digest(p), f"cannot read file: {exc.strerror or type(exc).__name__}")
    finally:
        os.close(fd)
    return Input(p, hashlib.sha256(data).hexdigest(), data=data)


def input_digest(path: str | os.PathLike[str]) -> str:
    """The digest ``open_input`` would give, reading the file in pieces (never whole)."""
    p = os.fspath(path)
    try:
        st = os.stat(p)
        if not stat.S_ISREG(st.st_mode):
            return _path_digest(p)
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return _path_digest(p)
    try:
        return _file_digest(fd)
    except OSError:
        return _path_digest(p)
    finally:
        os.close(fd)

