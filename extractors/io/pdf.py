"""PDF reader (pdfplumber): text in reading order, ruled tables as " | " rows, scans flagged.

Each page is parsed once: the ruled tables are found, the text outside them is read as
lines, and both are merged top to bottom. Lines of right-to-left scripts come out of
pdfplumber in visual order and are turned back into logical order. Pages are closed as
soon as they are read so that memory stays flat on long documents.
"""
from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from extractors.io import ocr
from extractors.io.ocr import PageImage
from extractors.lang import languages, load
from extractors.records import RawDocument
from extractors.text import (TextBuilder, first_line, fix_rtl_line, one_line, text_quality)

# --- scans --------------------------------------------------------------------------
# A page is a scan when one image covers at least this share of it.
FULL_PAGE_IMAGE_SHARE = 0.70
# Below this text_quality() the text layer of a scanned page is junk (a garbled OCR
# layer). Clean text of every corpus language scores > 0.95, the real garbled notice
# 0.37; 0.70 sits in the wide gap between them.
OCR_QUALITY_THRESHOLD = 0.70
# A scanned page with fewer letters than this has no usable text layer at all.
MIN_LETTERS_PER_PAGE = 20
# The document needs OCR when at least this share of its non-blank pages does.
OCR_PAGES_SHARE = 0.5

# pdfminer writes "(cid:123)" for glyphs whose font has no Unicode mapping; when they
# are this share of the text, the text layer is unreadable without OCR.
MAX_CID_SHARE = 0.10
_CID = re.compile(r"\(cid:\d+\)")

# --- page numbers -------------------------------------------------------------------
@cache
def _page_number() -> re.Pattern[str]:
    """A line that is only a page number. The reader does not know the document's language
    yet, so the page words of every language (``page_words``, ``page_of`` in
    ``lang/<code>/cues.json``) count."""
    words: set[str] = set()
    of = {"/"}
    for lang in languages():
        cues = load(lang, "cues")
        words.update(cues.get("page_words", []))
        of.update(cues.get("page_of", []))

    def alt(xs: set[str]) -> str:
        return "|".join(re.escape(x) for x in sorted(xs, key=len, reverse=True))

    return re.compile(
        r"(?:\d{1,3}"  # "12" (not 4 digits: a lone year on a cover page is content)
        r"|[-–—]\s*\d{1,4}\s*[-–—]"  # "- 12 -"
        rf"|(?:{alt(words)})\s*\d{{1,4}}(?:\s*(?:{alt(of)})\s*\d{{1,4}})?"
        r"|\d{1,4}\s*/\s*\d{1,4})",  # "3/28"
        re.IGNORECASE)


# --- tables -------------------------------------------------------------------------
# pdfplumber's "lines" strategy: only ruled tables. Text-aligned "tables" are prose.
TABLE_SETTINGS: dict[str, Any] = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# A char belongs to a table when its centre is inside the table's box (points).
TABLE_BBOX_TOLERANCE = 1.0

_WHITE = {(1,), (1, 1, 1), (0, 0, 0, 0)}


def is_page_number(line: str) -> bool:
    """A line that is only a page number: "12", "- 12 -", "Trang 3", "Page 3 of 28"."""
    return _page_number().fullmatch(line.strip()) is not None


def _is_white(color: Any) -> bool:
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        return tuple(float(c) for c in color) in _WHITE
    except (TypeError, ValueError):
        return False


def is_visible_edge(obj: dict[str, Any]) -> bool:
    """False for rectangles and lines nobody can see: white fills behind text, no stroke.

    Word and PDF24 draw white boxes behind highlighted text; pdfplumber would take them
    for table cells (the real congress document has such phantom "tables" in prose).
    """
    kind = obj.get("object_type")
    if kind not in ("rect", "line", "curve"):
        return True
    stroked = obj.get("stroke") and not _is_white(obj.get("stroking_color"))
    filled = obj.get("fill") and not _is_white(obj.get("non_stroking_color"))
    if kind == "line":
        return bool(obj.get("stroke", True)) and not _is_white(obj.get("stroking_color"))
    return bool(stroked or filled)


def _is_real_table(rows: list[list[str | None]]) -> bool:
    """A ruled table has a row with at least two cells; boxes around prose do not."""
    return any(sum(c is not None for c in row) >= 2 for row in rows)


def _inside(inner: tuple[float, ...], outer: tuple[float, ...], tol: float = 1.0) -> bool:
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol
            and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)


def _fix_lines(text: str) -> str:
    """Logical order for right-to-left lines (pdfplumber gives visual order)."""
    return "\n".join(fix_rtl_line(line) for line in text.split("\n"))


@dataclass
class _PageItem:
    top: float
    text: str = ""  # a text line
    rows: list[list[str]] | None = None  # or a table


@dataclass
class _PageResult:
    items: list[_PageItem] = field(default_factory=list)
    text: str = ""  # the page's text lines, for the quality check
    image_share: float = 0.0


def _image_share(page: pdfplumber.page.Page) -> float:
    """Largest share of the page covered by one image (clipped to the page)."""
    area = float(page.width * page.height) or 1.0
    best = 0.0
    for im in page.images:
        x0, x1 = max(im["x0"], page.bbox[0]), min(im["x1"], page.bbox[2])
        top, bottom = max(im["top"], page.bbox[1]), min(im["bottom"], page.bbox[3])
        if x1 > x0 and bottom > top:
            best = max(best, (x1 - x0) * (bottom - top) / area)
    return min(best, 1.0)


def _char_outside(bboxes: list[tuple[float, ...]]) -> Callable[[dict[str, Any]], bool]:
    tol = TABLE_BBOX_TOLERANCE

    def keep(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] - tol <= cx <= b[2] + tol and b[1] - tol <= cy <= b[3] + tol
                       for b in bboxes)

    return keep


def _read_page(page: pdfplumber.page.Page) -> _PageResult:
    result = _PageResult(image_share=_image_share(page))
    tables: list[tuple[tuple[float, ...], list[list[str | None]]]] = []
    if page.rects or page.lines or page.curves:
        ruled = page.filter(is_visible_edge)
        for table in ruled.find_tables(TABLE_SETTINGS):
            rows = table.extract()
            if _is_real_table(rows):
                tables.append((tuple(table.bbox), rows))
    # A table drawn inside another table's cell is part of that cell.
    tables = [t for t in tables
              if not any(o is not t and _inside(t[0], o[0]) and o[0] != t[0] for o in tables)]
    text_page = page.filter(_char_outside([b for b, _ in tables])) if tables else page
    lines = text_page.extract_text_lines(strip=True, return_chars=False)
    for line in lines:
        text = _fix_lines(line["text"])
        result.items.append(_PageItem(top=float(line["top"]), text=text))
    result.text = "\n".join(item.text for item in result.items)
    for bbox, rows in tables:
        cells = [[_fix_lines(c) if c else "" for c in row if c is not None] for row in rows]
        result.items.append(_PageItem(top=float(bbox[1]), rows=cells))
    result.items.sort(key=lambda item: item.top)  # stable: lines keep their order
    # A lone page number as the first or last thing on the page is furniture.
    for index in (-1, 0):
        if result.items and result.items[index].rows is None and is_page_number(
                result.items[index].text):
            del result.items[index]
    return result


def cid_share(text: str) -> float:
    """Share of the non-space characters of ``text`` taken by "(cid:N)" placeholders."""
    chars = sum(1 for c in text if not c.isspace())
    if not chars:
        return 0.0
    return sum(len(m.group()) for m in _CID.finditer(text)) / chars


def page_ocr_reason(page: _PageResult) -> str:
    """Why this page's text layer cannot be used ("" when it can): unmapped fonts, or a
    scan whose text layer is missing or garbled."""
    if cid_share(page.text) >= MAX_CID_SHARE:
        return "unmapped fonts"
    if page.image_share >= FULL_PAGE_IMAGE_SHARE and (
            sum(c.isalpha() for c in page.text) < MIN_LETTERS_PER_PAGE
            or text_quality(page.text) < OCR_QUALITY_THRESHOLD):
        return "scan"
    return ""


def _needs_ocr(pages: list[_PageResult], text: str) -> str:
    """The one-line reason the PDF needs OCR, or "" when its text layer is usable."""
    if not text.strip():
        return "scanned PDF: there is no text layer (quality 0.00)"
    share = cid_share(text)
    if share >= MAX_CID_SHARE:
        return f"PDF fonts have no Unicode mapping ({share:.0%} of the text is cid codes)"
    content = [p for p in pages if p.text.strip() or p.image_share > 0]
    scanned = [p for p in content if p.image_share >= FULL_PAGE_IMAGE_SHARE]
    if not scanned:
        return ""
    quality = text_quality("\n".join(p.text for p in scanned))
    junk = [p for p in scanned if page_ocr_reason(p)]
    if len(junk) >= OCR_PAGES_SHARE * len(content):
        return f"scanned PDF: text layer is missing or garbled (quality {quality:.2f})"
    return ""


def _pages_to_ocr(pages: list[_PageResult]) -> list[int]:
    """Pages to read by OCR: those whose text layer is unusable; every page when the
    document as a whole is unusable but no page alone is (no text layer at all: text
    drawn as outlines, or images only; cid codes spread thinly over every page)."""
    found = [i for i, p in enumerate(pages) if page_ocr_reason(p)]
    if found:
        return found
    text = "\n".join(p.text for p in pages)
    return list(range(len(pages))) if _needs_ocr(pages, text) else []


def _render(data: bytes, indices: list[int]) -> Iterator[PageImage]:
    """The pages, rendered grey at OCR resolution, one at a time (pdfium is not
    thread-safe: this runs in the reader's thread, OCR in others)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for index in indices:
            page = pdf[index]
            try:
                bitmap = page.render(scale=ocr.OCR_DPI / 72, grayscale=True)
                yield PageImage(ocr.grey(bitmap.to_pil()), ocr.OCR_DPI)
            finally:
                page.close()
    finally:
        pdf.close()


def _open_error(exc: BaseException) -> str:
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(
            cause).lower() or "encrypt" in type(cause).__name__.lower():
        return "encrypted PDF: a password is needed"
    detail = str(cause) or type(cause).__name__
    return one_line(f"corrupt PDF: {type(cause).__name__}: {detail}")


def read_pdf(data: bytes, *, lang: str | None = None, name: str = "") -> RawDocument:
    """Read a PDF: text, ruled tables, page count; pages whose text layer is unusable
    (scans, unmapped fonts) are read by OCR in ``lang`` (detected when None); encrypted
    and broken files are errors."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for broken files
        return RawDocument(text="", format="pdf", status="error", error=_open_error(exc))
    pages: list[_PageResult] = []
    failed: list[str] = []
    try:
        try:
            page_list = pdf.pages
        except Exception as exc:
            return RawDocument(text="", format="pdf", status="error", error=_open_error(exc))
        for number, page in enumerate(page_list, start=1):
            try:
                result = _read_page(page)
            except Exception as exc:  # one broken page must not lose the others
                failed.append(f"page {number}: {type(exc).__name__}")
                result = _PageResult()
            finally:
                page.close()
            pages.append(result)
        n_pages = len(page_list)
    finally:
        pdf.close()
    if n_pages == 0:
        return RawDocument(text="", format="pdf", n_pages=0, status="error",
                           error="corrupt PDF: no pages")
    if len(failed) == n_pages:
        return RawDocument(text="", format="pdf", n_pages=n_pages, status="error",
                           error=one_line(f"corrupt PDF: no page could be read ({failed[0]})"))
    # Pages that failed are named in `error` even though the rest of the text is usable.
    partial = one_line(f"corrupt PDF: {len(failed)} page(s) unreadable: {', '.join(failed)}"
                       ) if failed else ""
    to_ocr = _pages_to_ocr(pages)
    engine_missing = ocr.missing()
    ocr_texts: dict[int, str] = {}
    engine = ""
    if to_ocr and not engine_missing:
        readable = "\n".join(p.text for i, p in enumerate(pages) if i not in set(to_ocr))
        done = ocr.ocr_pages(_render(data, to_ocr), len(to_ocr), lang, hint_text=readable,
                             label=name)
        ocr_texts = dict(zip(to_ocr, done.texts))
        engine = done.engine
    builder = TextBuilder()
    for index, result in enumerate(pages):
        builder.add_break()
        if index in ocr_texts:
            builder.add_text(ocr_texts[index], mark=True)
            continue
        for item in result.items:
            if item.rows is not None:
                builder.add_table(item.rows)
            else:
                builder.add_text(item.text)
    text, tables = builder.build()
    common = dict(text=text, format="pdf", n_pages=n_pages, tables=tables,
                  title=first_line(text), pages_ocr=len(ocr_texts))
    if ocr_texts:
        if not text.strip():
            return RawDocument(**common, status="empty", error=one_line(
                f"OCR found no text on {len(ocr_texts)} page(s)"))
        return RawDocument(**common, ocr_spans=builder.marked_spans(text), ocr_engine=engine,
                           error=partial)
    reason = _needs_ocr(pages, text)
    if reason:
        # Tesseract is missing (or switched off): the file waits for it, and says so.
        return RawDocument(**common, status="needs_ocr",
                           error=one_line(f"{reason}; cannot OCR: {engine_missing}"))
    return RawDocument(**common, error=partial)
