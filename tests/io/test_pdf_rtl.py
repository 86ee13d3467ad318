"""Right-to-left PDF pages read from pdfium's characters, with pdfium's bidi undone.

The reader used to take the characters of right-to-left pages from pdfminer (through
pdfplumber), because pdfium reorders and mirrors right-to-left runs. These tests read
the same pages both ways (pdfminer's characters are the oracle) and check that pdfium's
reading gives the same text, without ever opening pdfplumber.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractors.io.pdf import _fix_lines, _Plumber, _read_page, read_pdf
from extractors.io.pdf_layout import reading_order
from extractors.io.pdf_text import PDFIUM_RTL, Char, lines_of, page_chars

from .conftest import DEJAVU, rtl_pdf

REPO = Path(__file__).resolve().parents[2]
QARAR = REPO / "data" / "raw" / "ar_qarar_mutamar.pdf"
# Lines with what pdfium mirrors (brackets, quotation marks, guillemets) and a glyph it
# writes out as several characters ("…"), in logical order.
MIRRORED_LINES = [
    "قالت الشركة “بلدنا” إن النمو بلغ 12% (تقريبا)",
    "المؤشر [أ] و«الهدف» ≤ 30 في المائة…",
    "الفترة 2025-2030 (GDP) حتى نهاية العام",
]


def _pdfminer_pages(path: Path) -> list[str]:
    """Each page's text lines as the reader made them from pdfminer's characters."""
    import pdfplumber

    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars = [Char(c["text"], c["x0"], c["top"], c["x1"], c["bottom"])
                     for c in page.chars if c.get("upright", True)]
            lines = reading_order(lines_of(chars, pdfminer=True))
            pages.append("\n".join(_fix_lines(line.text) for line in lines))
    return pages


def _pdfium_pages(path: Path) -> list[str]:
    """Each page's text lines as the reader makes them now (before page numbers go)."""
    data = path.read_bytes()
    pdf = pdfium.PdfDocument(data)
    plumber = _Plumber(data)
    try:
        return [_read_page(pdf[i], plumber, i).text for i in range(len(pdf))]
    finally:
        plumber.close()
        pdf.close()


@pytest.fixture
def no_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts pdfplumber's openings (which parse the whole page with pdfminer)."""
    import pdfplumber

    opened: list[int] = []
    real = pdfplumber.open

    def counting(*args, **kwargs):
        opened.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pdfplumber, "open", counting)
    return opened


def _generated_arabic(tmp_path: Path) -> list[Path]:
    """Arabic PDFs of the benchmark corpus (Western and Arabic-Indic digits)."""
    from bench import corpus

    out = []
    for index in (4, 9, 14):
        entry = corpus.build_entry(tmp_path, "pdf", "ar", index, corpus.DEFAULT_SEED)
        out.append(tmp_path / entry["file"])
    return out


def test_mirrored_characters_read_as_drawn(tmp_path: Path, font: str,
                                           no_pdfplumber: list[int]) -> None:
    path = rtl_pdf(tmp_path / "mirrored.pdf", font, MIRRORED_LINES, size=13, leading=26)
    expected = _pdfminer_pages(path)
    no_pdfplumber.clear()
    assert _pdfium_pages(path) == expected
    raw = read_pdf(path.read_bytes())
    assert raw.text == expected[0]
    assert "“بلدنا”" in raw.text and "(تقريبا)" in raw.text and "«الهدف»" in raw.text
    assert "…" in raw.text and "..." not in raw.text
    assert no_pdfplumber == []


def test_right_to_left_page_never_opens_pdfplumber(arabic_pdf,
                                                   no_pdfplumber: list[int]) -> None:
    raw = read_pdf(arabic_pdf.path.read_bytes())
    assert raw.text.split("\n") == arabic_pdf.lines
    assert no_pdfplumber == []


def test_generated_arabic_pdfs_read_as_from_pdfminer(tmp_path: Path) -> None:
    for path in _generated_arabic(tmp_path):
        assert _pdfium_pages(path) == _pdfminer_pages(path), path.name


@pytest.mark.skipif(not QARAR.exists(), reason="data/raw/ar_qarar_mutamar.pdf is absent")
def test_real_arabic_pdf_reads_as_from_pdfminer(no_pdfplumber: list[int]) -> None:
    expected = _pdfminer_pages(QARAR)
    no_pdfplumber.clear()
    assert _pdfium_pages(QARAR) == expected
    assert no_pdfplumber == []
    assert "2025-2030" in expected[0]


def test_pdfium_rtl_table_matches_the_pdfium_installed(tmp_path: Path, font: str) -> None:
    """Every pair of ``pdfium_rtl.json`` that DejaVu Sans draws, and every glyph pdfium
    writes out as several characters, drawn between two Arabic letters, reads back as
    drawn: pdfium still mirrors (and expands) what the table says."""
    from reportlab.pdfbase.ttfonts import TTFontFile
    from reportlab.pdfgen import canvas

    table = json.loads(PDFIUM_RTL.read_text(encoding="utf-8"))
    face = TTFontFile(str(DEJAVU))
    drawn = [ch for pair in table["mirrored"] for ch in pair] + list(table["expanded"].values())
    drawn = [ch for ch in drawn if ord(ch) in face.charToGlyph
             and unicodedata.category(ch) != "So"]
    path = tmp_path / "table.pdf"
    c = canvas.Canvas(str(path))
    c.setFont(font, 12)
    rows = [drawn[i:i + 10] for i in range(0, len(drawn), 10)]
    for row_index, row in enumerate(rows):
        for k, ch in enumerate(row):
            c.drawString(40 + 50 * k, 800 - 20 * row_index, "ب" + ch + "ب")
    c.showPage()
    c.save()
    chars = page_chars(pdfium.PdfDocument(path.read_bytes())[0]).chars
    got = [c[0] for c in sorted(chars, key=lambda c: (round(c[4]), c[1])) if c[0] != "ب"]
    assert got == [ch for row in rows for ch in row]


@pytest.mark.parametrize("r2l", [False, True])
def test_mirrored_characters_of_a_mixed_page(tmp_path: Path, font: str, r2l: bool) -> None:
    """A left-to-right line above right-to-left ones, in a document that does or does not
    ask viewers for right-to-left (``/ViewerPreferences /Direction /R2L``, which makes
    pdfium take every line for a right-to-left paragraph): brackets and quotation marks
    come back as drawn on both kinds of line."""
    import arabic_reshaper
    from bidi.algorithm import get_display
    from reportlab.pdfgen import canvas

    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path))
    if r2l:
        c.setViewerPreference("Direction", "R2L")
    c.setFont(font, 13)
    latin = "Plan (2025) [A] “quoted” text"
    c.drawString(60, 780, latin)
    for i, line in enumerate(MIRRORED_LINES[:1] + ["المؤشر [أ] و«الهدف» في المائة"]):
        c.drawRightString(540, 740 - 26 * i, get_display(arabic_reshaper.reshape(line)))
    c.showPage()
    c.save()
    assert read_pdf(path.read_bytes()).text.split("\n") == [
        latin, MIRRORED_LINES[0], "المؤشر [أ] و«الهدف» في المائة"]
