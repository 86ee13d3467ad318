"""PDF reader on PDFs generated with reportlab (and Pillow for scans)."""
from __future__ import annotations

import pytest

from extractors.io import ocr
from extractors.io.auto import read
from extractors.io.pdf import is_page_number, read_pdf
from extractors.io.pdf_tables import is_visible_edge
from extractors.records import doc_id_for


def test_vietnamese_pdf_reads_ok(vi_pdf) -> None:
    doc_id, raw = read(vi_pdf.path)
    assert doc_id == doc_id_for(vi_pdf.path.read_bytes())
    assert raw.status == "ok", raw.error
    assert raw.format == "pdf"
    assert raw.n_pages == 1
    assert raw.text == "\n".join(vi_pdf.lines)
    assert raw.title == vi_pdf.lines[0]
    assert raw.tables == []


def test_page_numbers_dropped_and_pages_joined(paged_pdf) -> None:
    raw = read_pdf(paged_pdf.path.read_bytes())
    assert raw.status == "ok"
    assert raw.n_pages == 2
    first, second, third = paged_pdf.lines
    assert raw.text == f"{first}\n{second}\n\n{third}"
    assert "Trang 2" not in raw.text and "- 2 -" not in raw.text


@pytest.mark.parametrize(("line", "expected"), [
    ("12", True), (" 7 ", True), ("- 12 -", True), ("– 3 –", True), ("Trang 3", True),
    ("trang 3/28", True), ("Page 4 of 10", True), ("Strona 2", True), ("3/28", True),
    ("2025", False), ("1. Mục tiêu", False), ("12%", False), ("Trang chủ", False), ("", False),
])
def test_is_page_number(line: str, expected: bool) -> None:
    assert is_page_number(line) is expected


def test_ruled_table_rows_and_offsets(table_pdf) -> None:
    raw = read_pdf(table_pdf.path.read_bytes())
    assert raw.status == "ok", raw.error
    rows = table_pdf.meta["rows"]
    assert len(raw.tables) == 1
    cells = [[raw.text[s:e] for s, e in row] for row in raw.tables[0]]
    assert cells == rows
    # Each row is one line, in reading order between the paragraphs.
    lines = raw.text.split("\n")
    before, after = table_pdf.lines
    assert lines[0] == before
    assert lines[1:1 + len(rows)] == [" | ".join(r) for r in rows]
    assert lines[1 + len(rows)] == after
    # Cell text is not repeated outside the table.
    assert raw.text.count("Ban Tuyên giáo và Dân vận Tỉnh ủy") == 1


def test_arabic_visual_order_comes_back_logical(arabic_pdf) -> None:
    raw = read_pdf(arabic_pdf.path.read_bytes())
    assert raw.status == "ok", raw.error
    assert raw.text.split("\n") == arabic_pdf.lines
    # Shaped glyphs (presentation forms) are folded to letters.
    assert not any("\ufe70" <= c <= "\ufefe" for c in raw.text)


def test_encrypted_pdf_is_an_error(encrypted_pdf) -> None:
    _, raw = read(encrypted_pdf.path)
    assert raw.status == "error"
    assert raw.error == "encrypted PDF: a password is needed"
    assert raw.text == ""


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a machine without Tesseract."""
    monkeypatch.setenv(ocr.SWITCH_ENV, "off")


def test_image_only_pdf_needs_ocr(image_pdf, no_ocr) -> None:
    _, raw = read(image_pdf.path)
    assert raw.status == "needs_ocr"
    assert raw.n_pages == 1
    assert raw.error.startswith("scanned PDF:") and "cannot OCR: " in raw.error
    assert "\n" not in raw.error


def test_scan_with_garbled_text_layer_needs_ocr(garbled_scan_pdf, no_ocr) -> None:
    raw = read_pdf(garbled_scan_pdf.path.read_bytes())
    assert raw.status == "needs_ocr"
    assert "garbled" in raw.error and "(quality 0." in raw.error
    # The junk text layer is kept for inspection.
    assert "BANG CONG SAN VIT NAM" in raw.text


@pytest.mark.skipif(bool(ocr.missing()), reason="needs Tesseract")
def test_scan_of_no_text_is_empty_after_ocr(image_pdf) -> None:
    _, raw = read(image_pdf.path)
    assert (raw.status, raw.error) == ("empty", "OCR found no text on 1 page(s)")
    assert raw.pages_ocr == 1


def test_scan_with_good_text_layer_is_ok(clean_scan_pdf) -> None:
    raw = read_pdf(clean_scan_pdf.path.read_bytes())
    assert raw.status == "ok", raw.error
    assert raw.text == "\n".join(clean_scan_pdf.lines)


def test_corrupt_pdf_is_an_error(corrupt_pdf) -> None:
    doc_id, raw = read(corrupt_pdf.path)
    assert doc_id == doc_id_for(corrupt_pdf.path.read_bytes())
    assert raw.status == "error"
    assert raw.format == "pdf"
    assert raw.error.startswith("corrupt PDF: ")
    assert "\n" not in raw.error and len(raw.error) <= 200


def test_not_a_pdf_at_all_is_an_error() -> None:
    raw = read_pdf(b"%PDF-1.7\nthis is not really a PDF\n")
    assert raw.status == "error"
    # in plain words, not pdfium's ("PdfiumError: Failed to load document (PDFium: ...)")
    assert raw.error == "corrupt PDF: its structure cannot be read"


@pytest.mark.parametrize(("obj", "visible"), [
    ({"object_type": "rect", "fill": True, "stroke": False, "non_stroking_color": (1.0,)}, False),
    ({"object_type": "rect", "fill": True, "stroke": False, "non_stroking_color": (1, 1, 1)},
     False),
    ({"object_type": "rect", "fill": True, "stroke": False, "non_stroking_color": (0.0,)}, True),
    ({"object_type": "rect", "fill": False, "stroke": True, "stroking_color": (0,)}, True),
    ({"object_type": "rect", "fill": False, "stroke": False}, False),
    ({"object_type": "line", "stroke": True, "stroking_color": (1, 1, 1)}, False),
    ({"object_type": "char", "text": "a"}, True),
])
def test_invisible_rects_are_not_table_edges(obj: dict, visible: bool) -> None:
    assert is_visible_edge(obj) is visible
