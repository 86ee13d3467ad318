"""Regression tests on the real documents in ../shared/realdocs (never copied here)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors.io import ocr
from extractors.io.auto import read
from extractors.records import RawDocument

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REALDOCS = SHARED / "realdocs"
GOLD = SHARED / "gold" / "dev"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not REALDOCS.is_dir(), reason=f"{REALDOCS} is absent"),
]

CONGRESS = "vi_thainguyen_vankien_daihoi_2025-2030.pdf"
ACTION_PROGRAMME = "vi_thainguyen_du_thao_chuong_trinh_hanh_dong_table.pdf"
SCANNED = "vi_thainguyen_tb348-TU_scanned.pdf"
LEGACY_DOC = "vi_quangninh_nq99-2025-NQ-HDND.doc"
DOCX_FILES = [
    "vi_baccamranh_kh_kiem_tra_giam_sat_bau_cu.docx",
    "vi_luongminh_kh16-KH-MTTQ-BTT_bau_cu.docx",
    "vi_phobang_kh01-KH-TBTTKT_tuyen_truyen.docx",
]


def _cells(raw: RawDocument) -> list[list[str]]:
    return [[raw.text[s:e] for s, e in row] for table in raw.tables for row in table]


@pytest.fixture(scope="module")
def congress() -> RawDocument:
    """The 76-page congress PDF, read once for the module (about 12 s)."""
    return read(REALDOCS / CONGRESS)[1]


@pytest.fixture(scope="module")
def action_programme() -> RawDocument:
    return read(REALDOCS / ACTION_PROGRAMME)[1]


def test_congress_pdf(congress: RawDocument) -> None:
    assert congress.status == "ok", congress.error
    assert congress.n_pages == 76
    assert "10,5%/năm trở lên" in congress.text
    assert congress.title == "ĐẢNG CỘNG SẢN VIỆT NAM"
    # Page numbers at the top of the pages are gone.
    assert not re.search(r"^\d{1,3}$", congress.text, re.MULTILINE)


def test_congress_pdf_table_of_results(congress: RawDocument) -> None:
    rows = _cells(congress)
    assert ["1", "Tốc độ tăng trưởng kinh tế (GRDP) bình quân", "8%/năm", "7,35%/năm",
            "Không đạt"] in rows
    # White highlight boxes behind prose are not tables: every row has 3+ cells here.
    assert all(len(row) >= 3 for row in rows)


@pytest.mark.skipif(not (GOLD / f"{CONGRESS}.json").exists(), reason="no gold for the PDF")
def test_congress_pdf_holds_every_gold_evidence(congress: RawDocument) -> None:
    gold = json.loads((GOLD / f"{CONGRESS}.json").read_text(encoding="utf-8"))
    flat = " ".join(congress.text.split())
    missing = [row["evidence"] for row in gold["rows"]
               if " ".join(row["evidence"].split()) not in flat]
    assert missing == []


def test_action_programme_table(action_programme: RawDocument) -> None:
    raw = action_programme
    assert raw.status == "ok", raw.error
    assert raw.n_pages == 28
    rows = _cells(raw)
    header = ["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian ban hành",
              "Thời gian triển khai thực hiện"]
    assert header in rows
    first = next(row for row in rows if row[0] == "(1)")
    assert first[2:] == ["Ban Tuyên giáo và Dân vận Tỉnh ủy", "Tháng 09 năm 2025",
                         "Tháng 9 và 10/2025"]
    assert any("Ban Tuyên giáo và Dân vận Tỉnh ủy" in row for row in rows)
    assert any("Tháng 09 năm 2025" in row for row in rows)
    # Cells wrapped over several lines come back as one cell, one row per line.
    assert first[1].startswith("Kế hoạch tổ chức học tập, quán triệt")
    assert f"{first[0]} | {first[1]} | " in raw.text


def test_scanned_notice_needs_ocr_without_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ocr.SWITCH_ENV, "off")
    _, raw = read(REALDOCS / SCANNED)
    assert raw.status == "needs_ocr"
    assert raw.n_pages == 1
    assert raw.error.startswith("scanned PDF: text layer is missing or garbled (quality 0.")
    assert raw.error.endswith("; cannot OCR: OCR is switched off (RESTRACK_OCR=off)")
    assert "\n" not in raw.error


@pytest.mark.skipif(bool(ocr.missing()), reason="needs Tesseract")
def test_scanned_notice_is_read_by_ocr() -> None:
    """The notice end to end: its garbled OCR layer is replaced by Tesseract's text, and
    the rules find its dates, term and bodies in it (README, "Scanned documents")."""
    from extractors.pipeline import OCR_CONFIDENCE, extract_file

    ex = extract_file(REALDOCS / SCANNED)
    doc = ex.document
    assert (doc.status, doc.error, doc.language, doc.pages_ocr) == ("ok", "", "vi", 1)
    assert "THÔNG BÁO" in ex.text and "nhiệm kỳ 2025 - 2030" in ex.text
    dates = {(m.date_start, m.date_end) for m in ex.mentions if m.label in ("DATE", "PERIOD")}
    # Issued 22 Aug 2025; the congress from 22 to 24 Sep 2025.
    assert {("2025-08-22", "2025-08-22"), ("2025-09-22", "2025-09-24")} <= dates
    assert (doc.term_start, doc.term_end) == (2025, 2030)
    bodies = {m.canonical for m in ex.mentions if m.label == "BODY"}
    assert "party_committee:province:Thái Nguyên" in bodies
    assert all("+ocr:tesseract@" in m.extractor for m in ex.mentions)
    assert all(m.confidence <= OCR_CONFIDENCE for m in ex.mentions)


def test_legacy_doc_is_read() -> None:
    _, raw = read(REALDOCS / LEGACY_DOC)
    assert raw.status == "ok", raw.error
    assert raw.format == "doc"
    assert raw.error == ""


@pytest.mark.parametrize("name", DOCX_FILES)
def test_docx_files_read_ok(name: str) -> None:
    _, raw = read(REALDOCS / name)
    assert raw.status == "ok", raw.error
    assert raw.format == "docx"
    assert raw.title == "KẾ HOẠCH"
    assert len(raw.text) > 10_000
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in raw.text  # from the header table
    assert len(raw.tables) == 2
