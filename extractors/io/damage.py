"""What went wrong inside a file, in plain words.

Readers rest on libraries (zipfile, zlib, lxml, python-docx, selectolax) whose exceptions
speak of their own insides: "negative seek value -22", "Error -3 while decompressing data:
invalid distance too far back", an lxml ``AttributeError``. A reviewer needs one plain
reason per kind of damage ("corrupt DOCX: a part is not valid XML"); the exception itself
goes to the debug log (logger ``extractors.io``, on stderr when logging is set to DEBUG).
"""
from __future__ import annotations

import logging
import struct
import zipfile
import zlib
from pathlib import Path

log = logging.getLogger("extractors.io")


def _xml_phrase(exc: BaseException) -> str:
    message = str(exc).lower()
    if "depth" in message:
        return "a part is nested too deeply"
    if "amplification" in message or "entity" in message:
        return "a part defines entities that expand without bound (an XML bomb)"
    return "a part is not valid XML"


def _is_xml_error(exc: BaseException) -> bool:
    try:
        from lxml import etree
    except ImportError:  # pragma: no cover - lxml comes with python-docx
        return False
    return isinstance(exc, etree.LxmlError)


def _raised_in_zipfile(exc: BaseException) -> bool:
    """Whether ``exc`` comes from inside zipfile ("negative seek value", "Bad magic
    number"): whatever its class, the zip container is what is damaged."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and "zipfile" in Path(tb.tb_frame.f_code.co_filename).parts[-2:]


def phrase(exc: BaseException) -> str:
    """One plain phrase for the kind of ``exc``."""
    if isinstance(exc, zipfile.BadZipFile) or (_raised_in_zipfile(exc)
                                                and not isinstance(exc, zlib.error)):
        return "a part fails its checksum" if "CRC" in str(exc) else "the zip container is damaged"
    if isinstance(exc, RecursionError):
        return "its content is nested too deeply"
    if isinstance(exc, MemoryError):
        return "it needs more memory than there is"
    if isinstance(exc, zlib.error):
        return "a compressed part cannot be unpacked"
    if isinstance(exc, EOFError):
        return "the file ends too early"
    if _is_xml_error(exc):
        return _xml_phrase(exc)
    if isinstance(exc, UnicodeError):
        return "its text cannot be decoded"
    if isinstance(exc, (struct.error, IndexError, KeyError, ValueError, TypeError,
                        AttributeError, OverflowError, AssertionError)):
        return "its structure cannot be read"
    return "the reader failed on it"


def reason(kind: str, exc: BaseException, *, label: str = "corrupt") -> str:
    """``"<label> <kind>: <phrase>"``, with the exception logged at DEBUG level."""
    log.debug("%s %s: %s: %s", label, kind, type(exc).__name__, exc, exc_info=exc)
    return f"{label} {kind}: {phrase(exc)}"
