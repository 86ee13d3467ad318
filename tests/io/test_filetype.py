"""Content sniffing (extractors.io.filetype) and the dispatcher (extractors.io.auto)."""
from __future__ import annotations

import io
import zipfile

import pytest

from extractors.io import auto
from extractors.io.auto import read, read_bytes
from extractors.io.filetype import FILETYPES, detect_filetype
from extractors.records import doc_id_for

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _zip(names: list[str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in names:
            zf.writestr(name, "<x/>")
    return buf.getvalue()


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.parametrize(("data", "name", "kind"), [
    (b"%PDF-1.7\n%...", "x.bin", "pdf"),
    (b"junk before\r\n%PDF-1.4\n", "x", "pdf"),  # header within the first 1024 bytes
    (_zip(["[Content_Types].xml", "word/document.xml"]), "x.zip", "docx"),
    (_zip(["[Content_Types].xml", "xl/workbook.xml"]), "x.docx", "xlsx"),
    (_zip(["a.txt"]), "x.docx", "zip"),
    (b"PK\x03\x04truncated", "plan.docx", "docx"),  # the reader will call it corrupt
    (b"PK\x03\x04truncated", "archive", "zip"),
    (OLE2, "nq99.doc", "doc"),
    (OLE2, "nq99", "doc"),
    (OLE2, "sheet.xls", "xls"),
    (OLE2 + "EncryptionInfo".encode("utf-16-le"), "plan.docx", "encrypted_office"),
    (b"{\\rtf1\\ansi hello}", "x.txt", "rtf"),
    (_png(), "scan.pdf", "png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "x", "jpeg"),
    (b"<!DOCTYPE html><html><body>x</body></html>", "x.txt", "html"),
    (b"\n  <html lang='vi'><p>x</p></html>", "x", "html"),
    (b"<?xml version='1.0'?>\n<!-- c --><html xmlns='http://www.w3.org/1999/xhtml'>", "x",
     "html"),
    (b"<div class='content'><p>Tin</p></div>", "x", "html"),
    ("\ufeff<!doctype html><title>t</title>".encode(), "x", "html"),
    ("<html><p>tin</p></html>".encode("utf-16"), "x", "html"),
    (b"plain text, no tags", "x.html", "html"),  # a text file named .html
    (b"Nghi quyet <b>not at start", "x", "txt"),
    ("Nghị quyết Đại hội".encode(), "x.pdf", "txt"),  # content beats the extension
    ("Резолюция".encode("cp1251"), "x", "txt"),
    ("Nghị quyết".encode("utf-16-le"), "x", "txt"),
    (bytes(range(256)) * 4, "x.pdf", "pdf"),  # binary: fall back to the extension
    (bytes(range(256)) * 4, "x.dat", "unknown"),
    (b"", "x.pdf", "empty"),
])
def test_detect_filetype(data: bytes, name: str, kind: str) -> None:
    assert detect_filetype(data, name) == kind


def test_table_has_readers_for_supported_types() -> None:
    for kind in ("pdf", "docx", "doc", "html", "txt"):
        ft = FILETYPES[kind]
        assert ft.supported and ft.reader.startswith("extractors.io.")
        assert callable(auto.load_reader(ft))
    assert not FILETYPES["xls"].supported
    assert FILETYPES["docx"].mime.endswith("wordprocessingml.document")
    assert ".htm" in FILETYPES["html"].extensions


@pytest.mark.parametrize(("data", "name", "status", "error"), [
    (b"", "empty.txt", "empty", "empty file"),
    (OLE2, "nq99.doc", "error", "corrupt .doc: bad OLE2 header"),  # a header and nothing else
    (OLE2 + "EncryptionInfo".encode("utf-16-le"), "x.docx", "error",
     "unsupported file type: password-protected Office document; remove the password and "
     "save it as .docx"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "scan.png", "error",
     "corrupt image: the image data cannot be decoded"),
    (b"GIF89a" + b"\x00" * 32, "scan.gif", "error", "unsupported file type: GIF image; run OCR"),
    (_zip(["a.txt"]), "x.zip", "error", "unsupported file type: ZIP archive; unpack it"),
    (bytes(range(256)) * 4, "x.dat", "error", "unsupported file type: binary data"),
])
def test_read_bytes_statuses(data: bytes, name: str, status: str, error: str) -> None:
    doc_id, raw = read_bytes(data, name)
    assert doc_id == doc_id_for(data)
    assert (raw.status, raw.error) == (status, error)
    assert raw.text == ""
    assert raw.format == {"empty.txt": "txt", "nq99.doc": "doc", "x.docx": "encrypted_office",
                          "scan.png": "png", "scan.gif": "gif", "x.zip": "zip", "x.dat": "unknown"}[name]


def test_reader_exception_becomes_one_plain_line(monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    """The row gets a plain reason; the library's words and the traceback go to the debug
    log only."""
    def boom(data: bytes):
        raise RuntimeError("parser exploded\nwith a traceback line")

    monkeypatch.setattr(auto, "load_reader", lambda ft: boom)
    with caplog.at_level("DEBUG", logger="extractors.io"):
        _, raw = read_bytes(b"hello", "x.txt")
    assert raw.status == "error"
    assert raw.error == "cannot read plain text: the reader failed on it"
    assert "parser exploded" in caplog.text and "RuntimeError" in caplog.text


def test_unnormalised_reader_output_is_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    from extractors.records import RawDocument

    text = "a\r\nTT | Vie\u0323\u0302t   \r\n\r\n\r\n\r\n\r\nend"
    start = text.index("Vie")

    def sloppy(data: bytes) -> RawDocument:
        return RawDocument(text=text, format="txt",
                           tables=[[[(text.index("TT"), text.index("TT") + 2),
                                     (start, start + 6)]]])

    monkeypatch.setattr(auto, "load_reader", lambda ft: sloppy)
    _, raw = read_bytes(b"x", "x.txt")
    assert raw.text == "a\nTT | Việt\n\n\nend"
    assert [[raw.text[s:e] for s, e in row] for row in raw.tables[0]] == [["TT", "Việt"]]


def test_file_too_large(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(auto, "MAX_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    doc_id, raw = read(path)
    assert doc_id == doc_id_for(b"x" * 11)  # hashed in chunks, same id
    assert raw.status == "error"
    assert raw.error.startswith("file too large")
    _, raw = read_bytes(b"x" * 11, "big.txt")
    assert raw.error.startswith("file too large")


def test_missing_file_never_raises(tmp_path) -> None:
    doc_id, raw = read(tmp_path / "nope.pdf")
    assert raw.status == "error"
    assert raw.error == "cannot open file: No such file or directory"
    assert raw.format == "pdf"
    assert len(doc_id) == 16


def test_directory_never_raises(tmp_path) -> None:
    _, raw = read(tmp_path)
    assert raw.status == "error"
    assert raw.error.startswith("cannot open file")


def test_read_accepts_str_and_pathlike(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Nghị quyết\n", encoding="utf-8")
    assert read(str(path)) == read(path)
    assert read(path)[1].text == "Nghị quyết"


# --- garbage is an error in every format ----------------------------------------------

def _soup(n: int = 400) -> str:
    """Words of random letters in random case: what base64 or a broken decoder gives."""
    import random

    r = random.Random(5)
    return " ".join("".join(r.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
                            for _ in range(r.randrange(3, 10))) for _ in range(n))


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _pdf(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, invariant=1)
    y = 800
    for k in range(0, len(text), 90):
        pdf.drawString(20, y, text[k:k + 90])
        y -= 14
        if y < 40:
            pdf.showPage()
            y = 800
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


@pytest.mark.parametrize(("name", "make"), [
    ("soup.txt", lambda t: t.encode()),
    ("soup.md", lambda t: ("# Title\n\n" + t).encode()),
    ("soup.html", lambda t: f"<html><body><p>{t}</p></body></html>".encode()),
    ("soup.docx", _docx),
    ("soup.pdf", _pdf),
])
def test_garbage_text_is_an_error_in_every_format(name: str, make) -> None:
    _, raw = read_bytes(make(_soup()), name)
    assert raw.format == name.rsplit(".", 1)[1]
    assert raw.status == "error"
    assert raw.error.startswith("not text: ") and "upper and lower case at random" in raw.error


@pytest.mark.parametrize(("data", "reason"), [
    (bytes(range(0x80, 0x100)) * 300, "neither letters of a word nor digits"),  # binary, cp125x
    (b"\xff\xfe" + b"\x00\xd8A\x00" * 3000, "could not be decoded"),  # UTF-16, lone surrogates
    ("😀".encode() * 50_000, "100% of characters are neither letters of a word nor digits"),
])
def test_bytes_that_are_no_text(data: bytes, reason: str) -> None:
    _, raw = read_bytes(data, "x.txt")
    assert (raw.status, raw.format) == ("error", "txt")
    assert raw.error.startswith("not text: ") and reason in raw.error
