"""The pdfium reader gives the same rows as pdfplumber's text did, on real PDFs.

The reference is the reader as it was before pdfium (pdfplumber's ``extract_text_lines``
outside the same ruled tables); both texts go through the same pipeline and their rows
must be identical, field by field (offsets aside: a space pdfium leaves out may shift them).
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from extractors.io import pdf as pdf_reader
from extractors.io.pdf_tables import find_tables, in_any
from extractors.pipeline import extract_text
from extractors.records import Document, RawDocument
from extractors.text import TextBuilder

ROOT = Path(__file__).resolve().parents[2]
REALDOCS = ROOT.parent / "shared" / "realdocs"
PDFS = [REALDOCS / "vi_thainguyen_vankien_daihoi_2025-2030.pdf",  # the dev gold's PDF
        REALDOCS / "vi_thainguyen_du_thao_chuong_trinh_hanh_dong_table.pdf",
        *sorted((ROOT / "data" / "raw").glob("*.pdf"))]

pytestmark = [pytest.mark.slow, pytest.mark.shared]


def pdfplumber_reference(data: bytes) -> RawDocument:
    """Text lines from pdfplumber, tables and page furniture handled as the reader does."""
    import pdfplumber

    builder = TextBuilder()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            tables = find_tables(page)
            boxes = [bbox for bbox, _ in tables]
            text_page = page.filter(lambda o: o.get("object_type") != "char" or not in_any(
                (o["x0"] + o["x1"]) / 2, (o["top"] + o["bottom"]) / 2, boxes)) if tables else page
            items: list[tuple[float, str | None, list | None]] = [
                (float(line["top"]), pdf_reader._fix_lines(line["text"]), None)
                for line in text_page.extract_text_lines(strip=True, return_chars=False)]
            items += [(float(bbox[1]), None, [[pdf_reader._fix_lines(c) if c else ""
                                              for c in row if c is not None] for row in rows])
                      for bbox, rows in tables]
            items.sort(key=lambda item: item[0])
            for index in (-1, 0):
                if items and items[index][2] is None and pdf_reader.is_page_number(items[index][1]):
                    del items[index]
            builder.add_break()
            for _, text, rows in items:
                if rows is not None:
                    builder.add_table(rows)
                else:
                    builder.add_text(text)
    text, tables = builder.build()
    return RawDocument(text=text, format="pdf", tables=tables)


def _rows(raw: RawDocument) -> list[tuple]:
    ex = extract_text(Document(doc_id="same", source="same", format="pdf"), raw)
    return sorted(repr((r.kind, " ".join(r.sentence.split()), r.value, r.value_max, r.unit,
                        r.comparator, r.frequency, r.period_start, r.period_end, r.deadline,
                        r.indicator, r.indicator_code, r.responsible, r.issuer, r.missing))
                  for r in ex.rows)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_same_rows_as_pdfplumber(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is absent")
    data = path.read_bytes()
    new = pdf_reader.read_pdf(data)
    if new.status != "ok":
        pytest.skip(f"{path.name} is {new.status}")
    old = pdfplumber_reference(data)
    rows = _rows(new)
    assert rows == _rows(old)
    assert rows, "a PDF that gives no row proves nothing here"
