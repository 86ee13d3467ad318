"""Render documents into PDF, DOCX and HTML files, byte for byte the same on every run.

PDFs use DejaVu fonts and store Arabic in the visual order PDF producers use; DOCX files
may hold tables; HTML files are news pages around the article.

Used by ``bench/samples.py`` (the sample corpus in data/raw) and ``bench/corpus.py`` (the
benchmark corpus). PDFs are made in reportlab's invariant mode with a fixed date; DOCX
archives are re-zipped with fixed timestamps and fixed core properties.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
NEWS_PAGE = Path(__file__).resolve().parent / "templates" / "news_page.html"

# One fixed moment for every piece of metadata, so output bytes never depend on the clock.
FIXED_DATE = dt.datetime(2025, 11, 3, 8, 0, 0)
PDF_DATE = "D:20251103080000+07'00'"
ZIP_DATE = (2025, 11, 3, 8, 0, 0)
AUTHOR = "restrack sample corpus"
# The committed PDFs in data/raw carry this creator; a new name would change their bytes.
PDF_CREATOR = "restrack data/make_samples.py"


# --------------------------------------------------------------------------------------
# HTML pages: real news pages wrap the article in navigation, scripts and a footer,
# which a reader must strip; the "Source:" line sits inside the article body.
# --------------------------------------------------------------------------------------

@cache
def _news_page() -> str:
    return NEWS_PAGE.read_text(encoding="utf-8")


def html_page(
    *,
    lang: str,
    title: str,
    meta: str,
    paragraphs: Sequence[str],
    source_label: str,
    url: str,
    nav: Sequence[str],
    related_label: str,
    related: Sequence[str],
    footer: str,
    comments: str,
) -> str:
    """Render a news page around the article paragraphs (text is already HTML-safe)."""
    return _news_page().format(
        lang=lang,
        title=title,
        meta=meta,
        paragraphs="\n".join(f"<p>{p}</p>" for p in paragraphs),
        source_label=source_label,
        url=url,
        nav="\n".join(f'<li><a href="/{i}">{item}</a></li>' for i, item in enumerate(nav)),
        related_label=related_label,
        related="\n".join(f'<li><a href="/related/{i}">{r}</a></li>' for i, r in enumerate(related)),
        footer=footer,
        comments=comments,
    )


# --------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """One logical paragraph of a rendered document."""

    text: str
    style: str  # "title" | "heading" | "body" | "pagebreak"


def parse_blocks(text: str) -> list[Block]:
    """Split a marked-up text into blocks: "# " starts a title, "## " a heading, and a
    form feed alone on a line is a page break."""
    blocks: list[Block] = []
    # split("\n"), not splitlines(): splitlines() treats "\f" as a line break itself.
    for line in text.split("\n"):
        if line == "\f":
            blocks.append(Block("", "pagebreak"))
        elif line.startswith("# "):
            blocks.append(Block(line[2:], "title"))
        elif line.startswith("## "):
            blocks.append(Block(line[3:], "heading"))
        elif line.strip():
            blocks.append(Block(line, "body"))
    return blocks


def register_fonts() -> None:
    """Register DejaVu once: the standard 14 PDF fonts cannot show Vietnamese or Arabic."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = pdfmetrics.getRegisteredFontNames()
    if FONT_REGULAR not in registered:
        pdfmetrics.registerFont(TTFont(FONT_REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    if FONT_BOLD not in registered:
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def visual_rtl(line: str) -> str:
    """Arabic in the order PDF producers store it: shaped presentation forms, visual order.

    Readers such as pdfplumber then return this visual order, which is what restrack's
    PDF reader has to undo.
    """
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(line))


def wrap_words(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Greedy word wrap in logical order; ``fits`` says whether a candidate line fits."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and not fits(candidate):
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def render_pdf(
    blocks: Sequence[Block],
    *,
    title: str,
    rtl: bool = False,
    lines_per_page: int | None = None,
) -> bytes:
    """Render blocks onto A4 pages with DejaVu fonts; returns the PDF bytes.

    ``lines_per_page`` caps body lines per page (the benchmark uses it to control the
    page count); otherwise pages break when the text reaches the bottom margin.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    register_fonts()
    buf = io.BytesIO()
    # invariant=1 fixes the document ID; the date formatter fixes CreationDate/ModDate.
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    pdf.setDateFormatter(lambda *_: PDF_DATE)
    pdf.setTitle(title)
    pdf.setAuthor(AUTHOR)
    pdf.setSubject("restrack sample document")
    pdf.setCreator(PDF_CREATOR)

    width, height = A4
    margin = 56.0
    usable = width - 2 * margin
    sizes = {"title": 14.0, "heading": 11.5, "body": 10.5}
    y = height - margin
    lines_on_page = 0

    def new_page() -> None:
        nonlocal y, lines_on_page
        pdf.showPage()
        y = height - margin
        lines_on_page = 0

    for block in blocks:
        if block.style == "pagebreak":
            new_page()
            continue
        font = FONT_BOLD if block.style in ("title", "heading") else FONT_REGULAR
        size = sizes[block.style]
        leading = size * 1.45

        def fits(candidate: str, font: str = font, size: float = size) -> bool:
            shown = visual_rtl(candidate) if rtl else candidate
            return stringWidth(shown, font, size) <= usable

        for line in wrap_words(block.text, fits):
            page_full = lines_per_page is not None and lines_on_page >= lines_per_page
            if y - leading < margin or page_full:
                new_page()
            y -= leading
            pdf.setFont(font, size)
            if rtl:
                pdf.drawRightString(width - margin, y, visual_rtl(line))
            else:
                pdf.drawString(margin, y, line)
            lines_on_page += 1
        y -= size * 0.5  # paragraph spacing
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


# --------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------

def deterministic_zip(data: bytes) -> bytes:
    """Re-zip an OOXML package with fixed timestamps; python-docx stamps the current time."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3  # Unix, whatever the host: keeps bytes identical
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render_docx(
    blocks: Sequence[Block],
    *,
    title: str,
    language: str,
    tables: Sequence[tuple[int, Sequence[Sequence[str]]]] = (),
    tail: Sequence[Block] = (),
) -> bytes:
    """Build a DOCX: blocks, then each (index, rows) table after block ``index``, then tail.

    Tables use the "Table Grid" style and a bold header row, like real programme
    appendices; the header is repeated on every page as Word users usually set it.
    """
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    tables_after: dict[int, list[Sequence[Sequence[str]]]] = {}
    for index, rows in tables:
        tables_after.setdefault(index, []).append(rows)

    def add_block(block: Block) -> None:
        if block.style == "title":
            document.add_heading(block.text, level=1)
        elif block.style == "heading":
            document.add_heading(block.text, level=2)
        elif block.style == "pagebreak":
            document.add_page_break()
        else:
            document.add_paragraph(block.text)

    def add_table(rows: Sequence[Sequence[str]]) -> None:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                cell.text = value
                if r == 0:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
        header_props = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header_props.append(repeat)

    for i, block in enumerate(blocks):
        add_block(block)
        for rows in tables_after.get(i, []):
            add_table(rows)
    for block in tail:
        add_block(block)

    props = document.core_properties
    props.title = title
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.language = language
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.last_printed = FIXED_DATE
    props.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    return deterministic_zip(buf.getvalue())
