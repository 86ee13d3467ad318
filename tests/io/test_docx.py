"""DOCX reader on documents generated with python-docx."""
from __future__ import annotations

import io
import zipfile

import pytest

from extractors.io.auto import read, read_bytes
from extractors.io.docx import read_docx


def test_paragraphs_and_table_in_document_order(docx_file) -> None:
    doc_id, raw = read(docx_file.path)
    assert raw.status == "ok", raw.error
    assert raw.format == "docx"
    assert raw.n_pages is None
    rows = docx_file.meta["rows"]
    expected = docx_file.lines + [" | ".join(r) for r in rows] + [docx_file.meta["after"]]
    assert raw.text == "\n".join(expected)


def test_table_cell_offsets(docx_file) -> None:
    raw = read_docx(docx_file.path.read_bytes())
    assert len(raw.tables) == 1
    # A merged cell's span repeats once per grid column it covers; its text stands once.
    once = [[raw.text[s:e] for k, (s, e) in enumerate(row) if k == 0 or row[k - 1] != (s, e)]
            for row in raw.tables[0]]
    assert once == docx_file.meta["rows"]


def test_merged_cells_keep_the_grid(docx_file) -> None:
    """Every row has one cell per grid column, so column i is the same column in every row."""
    raw = read_docx(docx_file.path.read_bytes())
    widths = {len(row) for row in raw.tables[0]}
    assert widths == {max(len(r) for r in docx_file.meta["rows"])}


def test_merged_cell_once_nested_table_flattened(docx_file) -> None:
    raw = read_docx(docx_file.path.read_bytes())
    assert raw.text.count("Công tác xây dựng Đảng") == 1  # python-docx repeats it 4 times
    assert "Văn phòng Tỉnh ủy | Quý IV năm 2025" in raw.text
    assert "Quy chế làm việc" in raw.text  # line break inside a cell became a space


def test_title_is_first_heading(docx_file) -> None:
    raw = read_docx(docx_file.path.read_bytes())
    assert raw.title == docx_file.meta["title"]
    assert raw.text.split("\n")[0] != raw.title  # a plain paragraph comes first


def test_header_is_ignored(docx_file) -> None:
    raw = read_docx(docx_file.path.read_bytes())
    assert docx_file.meta["header"] not in raw.text


def test_corrupt_docx_is_an_error(docx_file) -> None:
    data = docx_file.path.read_bytes()
    _, raw = read_bytes(data[: len(data) // 2], "plan.docx")
    assert raw.status == "error"
    assert raw.format == "docx"
    assert raw.error.startswith("corrupt DOCX: ")
    assert "\n" not in raw.error


def test_docx_without_document_part_is_an_error(docx_file) -> None:
    src = zipfile.ZipFile(docx_file.path)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                out.writestr(item, src.read(item.filename))
    _, raw = read_bytes(buf.getvalue(), "broken.docx")
    assert raw.status == "error"
    assert raw.error.startswith("corrupt DOCX")


def test_empty_docx_is_empty(tmp_path) -> None:
    import docx

    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    _, raw = read(path)
    assert raw.status == "empty"
    assert raw.text == ""
    assert raw.error


# --- damage: one plain reason per kind, never the library's words ---------------------

LIBRARY_WORDS = ("Error", "seek", "XMLSyntaxError", "BadZipFile", "KeyError", "lxml", "line ",
                 "column", "zlib", "AttributeError", "ValueError")


def _members(path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in members:
            zf.writestr(name, blob)
    return buf.getvalue()


def _with_part(path, name: str, blob: bytes) -> bytes:
    return _zip([(n, blob if n == name else b) for n, b in _members(path)])


def _flip_in_member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    out = bytearray(data)
    for k in range(0, info.compress_size, 7):
        out[start + k] ^= 0x55
    return bytes(out)


DEEP = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>" + b"<w:p>" * 5000 + b"</w:p>" * 5000 + b"</w:body></w:document>")
BOMB = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10)
                   for i in range(8))
        + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          b"<w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>")


@pytest.mark.parametrize(("damage", "reason"), [
    (lambda p: _with_part(p, "word/document.xml", b"<w:document><w:body><w:p>"),
     "corrupt DOCX: a part is not valid XML"),
    (lambda p: _with_part(p, "word/document.xml", DEEP), "corrupt DOCX: a part is nested too deeply"),
    (lambda p: _with_part(p, "word/document.xml", BOMB),
     "corrupt DOCX: a part defines entities that expand without bound (an XML bomb)"),
    (lambda p: _zip([(n, b) for n, b in _members(p) if n != "word/styles.xml"]),
     "corrupt DOCX: the part word/styles.xml is missing"),
    (lambda p: _flip_in_member(p.read_bytes(), "word/document.xml"),
     "corrupt DOCX: a compressed part cannot be unpacked"),
    (lambda p: p.read_bytes()[:-30], "corrupt DOCX: the zip container is damaged"),
    (lambda p: b"PK\x03\x04" + bytes(200), "corrupt DOCX: the zip container is damaged"),
])
def test_damage_gets_a_plain_reason(docx_file, damage, reason: str, caplog) -> None:
    with caplog.at_level("DEBUG", logger="extractors.io"):
        _, raw = read_bytes(damage(docx_file.path), "plan.docx")
    assert (raw.status, raw.format, raw.error) == ("error", "docx", reason)
    assert not any(w in raw.error for w in LIBRARY_WORDS)


def test_a_part_that_would_unpack_to_gigabytes_is_refused(docx_file, monkeypatch) -> None:
    """A zip bomb is refused by the sizes its directory declares, before anything unpacks."""
    import extractors.io.docx as reader

    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 1000)
    _, raw = read_bytes(docx_file.path.read_bytes(), "plan.docx")
    assert raw.status == "error"
    assert raw.error.startswith("corrupt DOCX: its parts would unpack to ")
    assert "(limit " in raw.error
