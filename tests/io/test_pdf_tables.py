"""Which pages are given to pdfplumber's table finder: every page where it finds a table it
keeps, and as few others as can be told apart from pdfium's drawing objects."""
from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors.io.pdf_tables import could_rule_cells, find_tables, may_have_ruled_table
from tests.conftest import ROOT, SHARED, shared_path


def _box(x0, y0, x1, y1):
    """A rectangle's four sides as (horizontal, vertical) edges."""
    return [(y0, x0, x1), (y1, x0, x1)], [(x0, y0, y1), (x1, y0, y1)]


def _edges(*boxes):
    across, down = [], []
    for b in boxes:
        a, d = _box(*b)
        across += a
        down += d
    return across, down


def test_cells_side_by_side_are_told_from_frames_and_rules():
    assert could_rule_cells(*_edges((0, 0, 100, 20), (100, 0, 200, 20)))  # a row of two cells
    assert could_rule_cells(*_edges((0, 0, 100, 20), (102, 0, 200, 20)))  # within tolerance
    assert not could_rule_cells(*_edges((0, 0, 200, 300)))  # a frame around prose
    assert not could_rule_cells(*_edges((0, 0, 200, 20), (0, 20, 200, 40)))  # stacked boxes
    assert not could_rule_cells([(10, 0, 500), (30, 0, 500), (50, 0, 500)], [])  # rules only
    assert not could_rule_cells(*_edges((0, 0, 100, 20), (300, 500, 400, 520)))  # apart


def _pdf(draw) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _grid(c, x=72, y=600, cols=3, rows=2, w=120, h=24):
    for i in range(rows):
        for j in range(cols):
            c.rect(x + j * w, y - i * h, w, h)
            c.drawString(x + j * w + 4, y - i * h + 8, f"cell {i}{j} 12%")


def _framed_prose(c):
    c.rect(60, 500, 470, 200)
    for k in range(8):
        c.drawString(72, 680 - 20 * k, "Growth of 11-12% a year by 2030 in every commune.")
    c.line(60, 480, 530, 480)


def _grid_in_a_form(c):
    c.beginForm("table")
    _grid(c)
    c.endForm()
    c.doForm("table")


def _hatching_and_a_box(c):
    for k in range(40):  # pdfplumber takes each slanted line for a vertical edge
        c.line(300 + 4 * k, 200, 500 + 4 * k, 400)
    c.rect(150, 780, 68, 10)
    c.drawString(72, 700, "Exports over 33 million USD by 2030.")


@pytest.mark.parametrize("draw", [_grid, _framed_prose, _grid_in_a_form, _hatching_and_a_box],
                         ids=lambda f: f.__name__.strip("_"))
def test_the_gate_opens_for_every_table_pdfplumber_keeps(draw):
    data = _pdf(draw)
    with pdfplumber.open(io.BytesIO(data)) as pl:
        found = bool(find_tables(pl.pages[0]))
    gate = may_have_ruled_table(pdfium.PdfDocument(data)[0])
    assert gate or not found
    assert gate == {"_grid": True, "_framed_prose": False, "_grid_in_a_form": True,
                    "_hatching_and_a_box": found}[draw.__name__]


def _real_pdfs() -> list[Path]:
    return sorted([*SHARED.glob("realdocs/*.pdf"), *SHARED.glob("dev2/corpus/**/*.pdf"),
                   *(ROOT / "data" / "raw").glob("*.pdf")])


@pytest.mark.slow
def test_on_real_pdfs_no_page_with_a_table_is_kept_from_pdfplumber():
    # data/raw's few PDFs draw no ruled table: the shared real ones are what this asks about
    shared_path()
    files = _real_pdfs()
    with_paths = refused = tables = 0
    for path in files:
        data = path.read_bytes()
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:  # the damaged PDFs among them
            continue
        with pdfplumber.open(io.BytesIO(data)) as pl:
            for i, plumber_page in enumerate(pl.pages):
                page = doc[i]
                found = bool(find_tables(plumber_page))
                gate = may_have_ruled_table(page)
                assert gate or not found, f"{path.name} page {i + 1}: a table the gate hides"
                tables += found
                drawn = bool(plumber_page.rects or plumber_page.lines or plumber_page.curves)
                with_paths += drawn
                refused += drawn and not gate
                page.close()
    assert tables > 0
    assert refused > 0, "the gate refuses no page that draws lines: it tells nothing apart"
