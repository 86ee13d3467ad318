"""The one dispatcher: bytes in, (doc_id, RawDocument) out, never an exception.

Like unstructured's ``partition/auto.py``: sniff the type, import its reader lazily, and
turn every failure into ``status="error"`` with a one-line reason.
"""
from __future__ import annotations

import hashlib
import importlib
import os
from collections.abc import Callable

from extractors.io.damage import reason
from extractors.io.filetype import (FILETYPES, FileType, describe, detect_filetype,
                                    filetype_for_extension)
from extractors.language import no_language_reason
from extractors.records import RawDocument, doc_id_for
from extractors.text import (TextBuilder, first_line, normalize_text, not_text_reason, one_line,
                             relocate_cells)

MAX_BYTES = 200 * 1024 * 1024
_HASH_CHUNK = 1024 * 1024

Reader = Callable[[bytes], RawDocument]


def load_reader(filetype: FileType) -> Reader:
    """Import ``module:function`` of a supported type only when a file needs it."""
    module_name, _, func_name = filetype.reader.partition(":")
    return getattr(importlib.import_module(module_name), func_name)


def _too_large(size: int) -> str:
    return f"file too large: {size / 1024 / 1024:.1f} MB (limit {MAX_BYTES // 1024 // 1024} MB)"


def _unsupported(filetype: FileType) -> str:
    message = f"unsupported file type: {filetype.label}"
    return f"{message}; {filetype.hint}" if filetype.hint else message


def _ensure_normalised(raw: RawDocument) -> RawDocument:
    """Readers hand back normalised text; if one ever does not, normalise it here and
    re-locate the table cells in the normalised text (offsets must index it)."""
    if normalize_text(raw.text) == raw.text:
        return raw
    builder = TextBuilder()
    builder.add_text(raw.text)
    cells = [[[raw.text[s:e] for s, e in row] for row in table] for table in raw.tables]
    raw.text, _ = builder.build()
    raw.tables = relocate_cells(raw.text, cells)
    return raw


def _finish(raw: RawDocument, kind: str) -> RawDocument:
    raw.format = raw.format or kind
    raw = _ensure_normalised(raw)
    raw.error = one_line(raw.error) if raw.error else ""
    if raw.status == "ok" and not raw.text.strip():
        raw.status, raw.error = "empty", raw.error or "no text found"
    if raw.status == "ok":
        # Whatever the format, bytes that decode to no language are no document: random
        # bytes, undecodable text, a hex dump (text.not_text_reason, language.no_language_reason).
        garbage = not_text_reason(raw.text) or no_language_reason(raw.text)
        if garbage:
            raw.status, raw.error = "error", garbage
    if raw.status == "ok" and not raw.title:
        raw.title = first_line(raw.text)
    return raw


def read_bytes(data: bytes, name: str = "", lang: str | None = None) -> tuple[str, RawDocument]:
    """Read a document from its bytes; ``name`` only helps when the bytes say nothing (and
    names the file in OCR progress lines); ``lang`` is the language OCR reads in, when the
    run sets one."""
    doc_id = doc_id_for(data)
    kind = "unknown"
    try:
        if len(data) > MAX_BYTES:
            return doc_id, RawDocument(text="", format=describe(
                detect_filetype(data[:8192], name)).name, status="error",
                error=_too_large(len(data)))
        kind = detect_filetype(data, name)
        filetype = describe(kind)
        if kind == "empty":
            return doc_id, RawDocument(text="", format=filetype_for_extension(name) or "",
                                       status="empty", error="empty file")
        if not filetype.supported:
            return doc_id, RawDocument(text="", format=kind, status="error",
                                       error=_unsupported(filetype))
        reader = load_reader(filetype)
        raw = reader(data, lang=lang, name=name) if filetype.ocr else reader(data)
        return doc_id, _finish(raw, kind)
    except MemoryError:
        return doc_id, RawDocument(text="", format=kind, status="error",
                                   error="out of memory while reading the file")
    except Exception as exc:  # the dispatcher never raises: a bad file is a row, not a crash
        # One plain reason per kind of failure; the exception goes to the debug log.
        label = FILETYPES.get(kind, FILETYPES["unknown"]).label
        return doc_id, RawDocument(text="", format=kind, status="error",
                                   error=reason(label, exc, label="cannot read"))


def _hash_file(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()[:16]


def read(path: str | os.PathLike[str], lang: str | None = None) -> tuple[str, RawDocument]:
    """Read a file; returns (doc_id, RawDocument) and never raises.

    ``doc_id`` hashes the file's bytes (SPEC §4). A file that cannot be opened at all has
    no bytes to hash: its doc_id hashes the path instead, so that it still gets a row.
    """
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            # Hash in chunks: a file over the limit is never held in memory.
            return _hash_file(path), RawDocument(text="", format=_format_by_name(path),
                                                 status="error", error=_too_large(size))
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return doc_id_for(os.fsencode(path)), RawDocument(
            text="", format=_format_by_name(path), status="error",
            error=one_line(f"cannot open file: {reason}"))
    return read_bytes(data, os.fspath(path), lang)


def _format_by_name(path: str | os.PathLike[str]) -> str:
    return filetype_for_extension(os.fspath(path)) or ""
