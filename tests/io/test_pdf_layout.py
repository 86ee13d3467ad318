"""Reading order: columns read one after the other, on generated and real PDFs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.io import ocr
from extractors.io.pdf import read_pdf

from .conftest import AR_LINES

ANNOT = Path("/work/annot")

LEFT = ["Left column line one about growth", "left column line two about jobs",
        "left column line three about roads", "left column line four about schools",
        "left column line five about clinics"]
RIGHT = ["Right column first line on budget", "right column second line on water",
         "right column third line on forests", "right column fourth line on housing",
         "right column fifth line on parks"]


def _two_columns(path: Path, left: list[str], right: list[str], font: str, *, rtl: bool = False,
                 offset: float = 7.0, title: str = "") -> Path:
    """A title across the page, then two columns whose baselines are ``offset`` apart."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(font, 11)
    if title:
        c.drawString(60, 800, title)
    for i, (a, b) in enumerate(zip(left, right)):
        y = 760 - 20 * i
        if rtl:
            import arabic_reshaper
            from bidi.algorithm import get_display

            c.drawRightString(280, y, get_display(arabic_reshaper.reshape(a)))
            c.drawRightString(540, y - offset, get_display(arabic_reshaper.reshape(b)))
        else:
            c.drawString(60, y, a)
            c.drawString(320, y - offset, b)
    c.showPage()
    c.save()
    return path


def test_two_columns_are_read_one_after_the_other(tmp_path: Path, font: str) -> None:
    title = "A title that runs across both of the columns of this page"
    raw = read_pdf(_two_columns(tmp_path / "cols.pdf", LEFT, RIGHT, font, title=title)
                   .read_bytes())
    assert raw.text.split("\n") == [title, *LEFT, *RIGHT]


def test_two_columns_on_one_baseline(tmp_path: Path, font: str) -> None:
    raw = read_pdf(_two_columns(tmp_path / "cols.pdf", LEFT, RIGHT, font, offset=0).read_bytes())
    assert raw.text.split("\n") == [*LEFT, *RIGHT]


def test_right_to_left_columns_start_on_the_right(tmp_path: Path, font: str) -> None:
    right = AR_LINES + ["تحقيق نمو اقتصادي مستدام"]
    left = ["رفع نسبة التحضر في المدينة", "تطوير البنية التحتية للنقل", "تحسين جودة التعليم",
            "زيادة الصادرات الزراعية", "توسيع شبكة المياه النظيفة", "دعم المشاريع الصغيرة"]
    raw = read_pdf(_two_columns(tmp_path / "ar_cols.pdf", left, right, font, rtl=True)
                   .read_bytes())
    assert raw.text.split("\n") == [*right, *left]


def test_an_aligned_table_is_not_two_columns(tmp_path: Path, font: str) -> None:
    """Indicators with their values far to the right stay one line each."""
    labels = ["Tốc độ tăng trưởng GRDP", "GRDP bình quân đầu người", "Tỷ lệ xã nông thôn mới",
              "Tỷ lệ hộ nghèo", "Tỷ lệ đô thị hóa"]
    values = ["10,5%", "220 triệu", "95%", "1,2%", "45%"]
    raw = read_pdf(_two_columns(tmp_path / "table.pdf", labels, values, font, offset=0)
                   .read_bytes())
    assert raw.text.split("\n") == [f"{a} {b}" for a, b in zip(labels, values)]


def _evidence_found(path: Path, gold: Path) -> tuple[int, int]:
    text = " ".join(read_pdf(path.read_bytes()).text.split())
    rows = json.loads(gold.read_text(encoding="utf-8"))["rows"]
    return sum(" ".join(r["evidence"].split()) in text for r in rows), len(rows)


@pytest.mark.slow
@pytest.mark.skipif(not (ANNOT / "corpus").is_dir(), reason="/work/annot is absent")
@pytest.mark.parametrize(("name", "least"), [
    # Arabic in visual order, two interleaved columns (Baladna) and KPI boxes (Saudi
    # Vision 2030): every evidence string, in logical order.
    ("ar_baladna_annual_report_2021_chairman.pdf", 1.0),
    ("ar_baladna_annual_report_2021_operating_review.pdf", 1.0),
    ("ar_saudi_vision2030_visual_order.pdf", 1.0),
    # Four-column tables without rules: 34 of 58 before columns were read in order.
    ("en_uk_civil_service_people_plan_2024_2027.pdf", 50 / 58),
])
def test_evidence_of_real_pdfs_is_in_the_text(name: str, least: float,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ocr.SWITCH_ENV, "off")
    found, total = _evidence_found(ANNOT / "corpus" / name, ANNOT / "gold" / f"{name}.json")
    assert found >= least * total, (found, total)

