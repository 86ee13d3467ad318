"""File types restrack knows, and content sniffing.

One table (like unstructured's ``file/filetype.py``): each type with its extensions,
MIME type and the reader that handles it. :func:`detect_filetype` trusts the bytes
first and the file name only when the bytes say nothing.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath


@dataclass(frozen=True, slots=True)
class FileType:
    name: str  # the value of documents.format
    label: str  # human name used in error messages
    extensions: tuple[str, ...]
    mime: str
    reader: str = ""  # "module:function"; empty when the type is not supported
    hint: str = ""  # what the user can do about an unsupported type
    # The reader may OCR: it takes the document's language (``lang``) and a ``name`` for
    # its progress lines as keywords.
    ocr: bool = False

    @property
    def supported(self) -> bool:
        return bool(self.reader)


FILETYPES: dict[str, FileType] = {
    ft.name: ft
    for ft in (
        FileType("pdf", "PDF", (".pdf",), "application/pdf", "extractors.io.pdf:read_pdf",
                 ocr=True),
        FileType("docx", "Word document", (".docx", ".docm", ".dotx"),
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "extractors.io.docx:read_docx"),
        FileType("html", "HTML page", (".html", ".htm", ".xhtml", ".shtml"), "text/html",
                 "extractors.io.html:read_html"),
        FileType("md", "Markdown text", (".md", ".markdown", ".mdown", ".mkd"), "text/markdown",
                 "extractors.io.markdown:read_markdown"),
        FileType("txt", "plain text", (".txt", ".text", ".csv", ".tsv"), "text/plain",
                 "extractors.io.txt:read_txt"),
        FileType("doc", "legacy Word 97-2003 .doc", (".doc", ".dot"), "application/msword",
                 "extractors.io.doc:read_doc"),
        FileType("xls", "legacy Excel 97-2003 .xls", (".xls",), "application/vnd.ms-excel",
                 hint="save it as .xlsx or .csv"),
        FileType("ppt", "legacy PowerPoint 97-2003 .ppt", (".ppt",),
                 "application/vnd.ms-powerpoint", hint="save it as PDF"),
        FileType("xlsx", "Excel workbook", (".xlsx",),
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 hint="save it as .csv"),
        FileType("pptx", "PowerPoint presentation", (".pptx",),
                 "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                 hint="save it as PDF"),
        FileType("odt", "OpenDocument text", (".odt",),
                 "application/vnd.oasis.opendocument.text", hint="save it as .docx"),
        FileType("rtf", "RTF document", (".rtf",), "application/rtf", hint="save it as .docx"),
        FileType("zip", "ZIP archive", (".zip",), "application/zip", hint="unpack it"),
        FileType("png", "PNG image", (".png",), "image/png", "extractors.io.images:read_image",
                 ocr=True),
        FileType("jpeg", "JPEG image", (".jpg", ".jpeg"), "image/jpeg",
                 "extractors.io.images:read_image", ocr=True),
        FileType("gif", "GIF image", (".gif",), "image/gif", hint="run OCR"),
        FileType("tiff", "TIFF image", (".tif", ".tiff"), "image/tiff",
                 "extractors.io.images:read_image", ocr=True),
        FileType("webp", "WebP image", (".webp",), "image/webp", hint="run OCR"),
        FileType("bmp", "BMP image", (".bmp",), "image/bmp", hint="run OCR"),
        FileType("encrypted_office", "password-protected Office document", (),
                 "application/x-ole-storage", hint="remove the password and save it as .docx"),
        FileType("empty", "empty file", (), "application/x-empty"),
        FileType("unknown", "binary data", (), "application/octet-stream"),
    )
}

EXTENSIONS: dict[str, str] = {ext: ft.name for ft in FILETYPES.values() for ext in ft.extensions}

# How much of the file the sniffers look at.
SNIFF_BYTES = 8192
# Acrobat accepts "%PDF-" anywhere in the first 1024 bytes (junk before it happens).
PDF_HEADER_WINDOW = 1024
# Share of control characters above which decoded bytes are binary, not text.
MAX_CONTROL_SHARE = 0.01
# The control characters that do not occur in text (layout controls and the DOS end of file
# do), counted one str.count each rather than testing every character in Python.
_CONTROLS = tuple(c for c in map(chr, range(32)) if c not in "\t\n\r\f\v\x1a") + ("\x7f",)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),  # OLE2 compound file
    (b"{\\rtf", "rtf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"BM", "bmp"),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# An encrypted .docx/.xlsx is an OLE2 container holding an "EncryptionInfo" stream.
_OLE_ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")
_OLE_BY_EXTENSION = {".xls": "xls", ".xlt": "xls", ".ppt": "ppt", ".pps": "ppt"}

_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(
    r"<(?:head|body|title|meta|link|div|p|table|article|main|section|h[1-6]|ul|ol|span|br|a)"
    r"\b[^>]*>", re.IGNORECASE)
# Tags "near the start": the file must open with markup, and a tag must show up early.
HTML_TAG_WINDOW = 1024

# Markdown marks that plain text does not make. A table separator row or front matter
# is proof enough; otherwise several kinds of marks must show up, and more than once.
_MD_PROOF = (
    re.compile(r"^\|?\s*:?-{3,}:?\s*\|\s*:?-{3,}:?", re.MULTILINE),  # |---|---|
    re.compile(r"\A---[ \t]*\n[A-Za-z_]+:.*\n(?:.*\n)*?---[ \t]*$", re.MULTILINE),  # front matter
)
_MD_MARKS = (
    re.compile(r"^ {0,3}#{1,6} \S", re.MULTILINE),  # # Heading
    re.compile(r"\*\*\S[^*\n]*\*\*|__\S[^_\n]*__"),  # **strong**
    re.compile(r"!?\[[^\]\n]+\]\([^)\s]+\)"),  # [link](url), ![image](src)
    re.compile(r"^\s*[*+-] \S", re.MULTILINE),  # * item
    re.compile(r"^```", re.MULTILINE),  # fenced code
)
MD_MIN_KINDS = 2
MD_MIN_MARKS = 3


def extension_of(name: str) -> str:
    return PurePath(name).suffix.lower()


def filetype_for_extension(name: str) -> str | None:
    return EXTENSIONS.get(extension_of(name))


def _sniff_zip(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError):
        # A damaged Office file still starts with PK: let its reader say it is corrupt.
        by_ext = filetype_for_extension(name)
        return by_ext if by_ext in ("docx", "xlsx", "pptx", "odt") else "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return "odt"
    if "[Content_Types].xml" in names and filetype_for_extension(name) == "docx":
        return "docx"  # an Office package that lost its main part: the reader explains
    return "zip"


def _bom_utf16(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return None


def guess_utf16(data: bytes) -> str | None:
    """"utf-16-le" / "utf-16-be" for BOM-less UTF-16 text, judged by where NULs fall.

    Text in any of our languages has spaces, digits and punctuation from ASCII; in
    UTF-16 those put a NUL in every other byte, on one side only.
    """
    sample = data[:SNIFF_BYTES]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) // 2 * 2]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= 0.2 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.2 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


def _looks_like_text(data: bytes) -> bool:
    """Whether the bytes decode to text (any of the encodings the txt reader knows)."""
    sample = data[:SNIFF_BYTES]
    encoding = _bom_utf16(sample) or guess_utf16(sample)
    if encoding:
        try:
            # Cut on an even length: the sample may end in the middle of a code unit.
            text = sample[: len(sample) // 2 * 2].decode(encoding, errors="strict")
        except UnicodeDecodeError:
            text = sample.decode(encoding, errors="replace")
    else:
        if b"\x00" in sample:
            return False
        # A cut multi-byte sequence at the end of the sample is fine.
        text = sample.decode("utf-8", errors="ignore")
        if len(text.encode("utf-8")) < len(sample) - 3:
            text = sample.decode("cp1252", errors="replace")
    if not text:
        return False
    controls = sum(text.count(c) for c in _CONTROLS)
    return controls / len(text) <= MAX_CONTROL_SHARE


def _sample_text(data: bytes) -> str:
    sample = data[:SNIFF_BYTES]
    if sample.startswith(b"\xef\xbb\xbf"):
        sample = sample[3:]
    encoding = _bom_utf16(sample) or guess_utf16(sample)
    if encoding:
        return sample[: len(sample) // 2 * 2].decode(encoding, errors="replace").lstrip("\ufeff")
    return sample.decode("utf-8", errors="replace")


def looks_like_html(data: bytes) -> bool:
    """A doctype or <html> first, or a file that opens with a tag and has known tags early."""
    text = _sample_text(data)
    if _HTML_START.match(text):
        return True
    head = text.lstrip()[:HTML_TAG_WINDOW]
    return head.startswith("<") and _HTML_TAG.search(head) is not None


def looks_like_markdown(data: bytes) -> bool:
    """Markdown by its marks: a pipe table or front matter, or several kinds of marks."""
    text = _sample_text(data)
    if any(p.search(text) for p in _MD_PROOF):
        return True
    counts = [len(p.findall(text)) for p in _MD_MARKS]
    return sum(1 for n in counts if n) >= MD_MIN_KINDS and sum(counts) >= MD_MIN_MARKS


def detect_filetype(data: bytes, name: str = "") -> str:
    """Name of the file type (a key of :data:`FILETYPES`): content first, then extension."""
    if not data:
        return "empty"
    head = data[:SNIFF_BYTES]
    if b"%PDF-" in head[:PDF_HEADER_WINDOW]:
        return "pdf"
    if head.startswith(_ZIP_MAGIC):
        return _sniff_zip(data, name)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "doc":
                if _OLE_ENCRYPTION_MARK in data[:65536]:
                    return "encrypted_office"
                return _OLE_BY_EXTENSION.get(extension_of(name), "doc")
            if kind == "bmp" and _looks_like_text(data):
                continue  # a text file that happens to start with "BM"
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if _looks_like_text(data):
        if looks_like_html(data) or filetype_for_extension(name) == "html":
            return "html"
        if filetype_for_extension(name) == "md" or looks_like_markdown(data):
            return "md"
        return "txt"
    return filetype_for_extension(name) or "unknown"


def describe(kind: str) -> FileType:
    return FILETYPES.get(kind, FILETYPES["unknown"])
