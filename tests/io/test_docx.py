"""DOCX reader on documents generated with python-docx."""
from __future__ import annotations

import io
import zipfile

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
