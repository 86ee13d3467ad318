"""PDF reader: text in reading order, ruled tables as " | " rows, unusable pages OCR'd.

Each page's characters and their boxes come from pdfium (``pdf_text``; on right-to-left
pages with pdfium's bidi reordering undone), 36-55 times faster than pdfminer's layout
parse; pdfplumber is opened only for the pages that draw what could rule a table
(``pdf_tables``), and the text outside its tables is still read from pdfium's
characters. Text lines and table rows are merged top to bottom; lines are
put in reading order (``pdf_layout``: columns, right-to-left lines drawn in visual order).
Pages whose text layer cannot be used (scans, fonts without a Unicode map) are read by
OCR (``ocr``). Pages are closed as soon as they are read so that memory stays flat.
"""
from __future__ import annotations

import ctypes
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.io import damage, ocr
from extractors.io.ocr import PageImage
from extractors.io.pdf_layout import reading_order
from extractors.io.pdf_tables import Table, find_tables, in_any, may_have_ruled_table
from extractors.io.pdf_text import lines_of, page_chars, strip_actual_text
from extractors.lang import languages, load
from extractors.records import RawDocument
from extractors.text import TextBuilder, first_line, fix_rtl_line, one_line, text_quality

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
# When this share of a page's characters has no Unicode map in its font (pdfium makes up
# letters from glyph numbers, pdfminer writes "(cid:N)"), its text needs OCR.
MAX_UNMAPPED_SHARE = 0.10


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


def is_page_number(line: str) -> bool:
    """A line that is only a page number: "12", "- 12 -", "Trang 3", "Page 3 of 28"."""
    return _page_number().fullmatch(line.strip()) is not None


def _fix_lines(text: str) -> str:
    """Logical order for right-to-left lines (drawn in visual order)."""
    return "\n".join(fix_rtl_line(line) for line in text.split("\n"))


# --- pages --------------------------------------------------------------------------
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
    unmapped_share: float = 0.0


def _image_share(page: pdfium.PdfPage) -> float:
    """Largest share of the page covered by one image (clipped to the page)."""
    width, height = page.get_size()
    area = float(width * height) or 1.0
    box = [ctypes.c_float() for _ in range(4)]  # left, bottom, right, top
    refs = [ctypes.byref(v) for v in box]
    best = 0.0
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
            continue
        left, bottom, right, top = (v.value for v in box)
        x0, x1 = max(left, 0.0), min(right, width)
        y0, y1 = max(bottom, 0.0), min(top, height)
        if x1 > x0 and y1 > y0:
            best = max(best, (x1 - x0) * (y1 - y0) / area)
    return min(best, 1.0)


def _read_page(page: pdfium.PdfPage, plumber: _Plumber, index: int) -> _PageResult:
    """One page: its characters as lines, ruled tables from pdfplumber when the page draws
    what could rule one, sorted top to bottom.

    On right-to-left pages the characters are read as pdfminer read them (``page_chars``:
    as drawn, with pdfminer's boxes), and marked replacement text (``/ActualText``, which
    pdfminer ignores and pdfium puts in place of the glyphs) is dropped first."""
    chars = page_chars(page)
    if chars.rtl and strip_actual_text(page):
        chars = page_chars(page)
    result = _PageResult(image_share=_image_share(page), unmapped_share=chars.unmapped_share)
    tables = plumber.tables(index) if may_have_ruled_table(page) else []
    text_chars = chars.chars
    if tables:
        boxes = [bbox for bbox, _ in tables]
        text_chars = [c for c in text_chars
                      if not in_any((c[1] + c[3]) / 2, (c[2] + c[4]) / 2, boxes)]
    for line in reading_order(lines_of(text_chars, pdfminer=chars.rtl)):
        result.items.append(_PageItem(top=line.top, text=_fix_lines(line.text)))
    result.text = "\n".join(item.text for item in result.items)
    # Each table goes before the first line (in reading order) that starts below it.
    for bbox, rows in sorted(tables, key=lambda t: t[0][1]):
        cells = [[_fix_lines(c) if c else "" for c in row if c is not None] for row in rows]
        at = next((i for i, item in enumerate(result.items)
                   if item.rows is None and item.top > bbox[1]), len(result.items))
        result.items.insert(at, _PageItem(top=float(bbox[1]), rows=cells))
    # A lone page number as the first or last thing on the page is furniture.
    for index_ in (-1, 0):
        if result.items and result.items[index_].rows is None and is_page_number(
                result.items[index_].text):
            del result.items[index_]
    return result


class _Plumber:
    """pdfplumber's view of the same bytes, opened on the first page that needs it (most
    PDFs never do): its table finder."""

    def __init__(self, data: bytes):
        self.data = data
        self.pdf = None
        self.failed = False
        self.page = None
        self.index = -1

    def _page(self, index: int):
        if self.failed:
            return None
        if index != self.index:
            self._close_page()
            try:
                if self.pdf is None:
                    import pdfplumber

                    self.pdf = pdfplumber.open(io.BytesIO(self.data))
                self.page, self.index = self.pdf.pages[index], index
            except Exception:  # pdfminer refuses some files pdfium reads
                self.failed = True
                return None
        return self.page

    def tables(self, index: int) -> list[Table]:
        page = self._page(index)
        return find_tables(page) if page is not None else []

    def _close_page(self) -> None:
        if self.page is not None:
            self.page.close()
            self.page, self.index = None, -1

    def close(self) -> None:
        self._close_page()
        if self.pdf is not None:
            self.pdf.close()


# --- OCR ----------------------------------------------------------------------------
def page_ocr_reason(page: _PageResult) -> str:
    """Why this page's text layer cannot be used ("" when it can): unmapped fonts, or a
    scan whose text layer is missing or garbled."""
    if page.unmapped_share >= MAX_UNMAPPED_SHARE:
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
    weights = [len(p.text) for p in pages]
    share = sum(p.unmapped_share * w for p, w in zip(pages, weights)) / (sum(weights) or 1)
    if share >= MAX_UNMAPPED_SHARE:
        return f"PDF fonts have no Unicode mapping ({share:.0%} of the text)"
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
    drawn as outlines, or images only)."""
    found = [i for i, p in enumerate(pages) if page_ocr_reason(p)]
    if found:
        return found
    text = "\n".join(p.text for p in pages)
    return list(range(len(pages))) if _needs_ocr(pages, text) else []


def _render(pdf: pdfium.PdfDocument, indices: list[int]) -> Iterator[PageImage]:
    """The pages, rendered grey at OCR resolution, one at a time (pdfium is not
    thread-safe: this runs in the reader's thread, OCR in others)."""
    for index in indices:
        page = pdf[index]
        try:
            bitmap = page.render(scale=ocr.OCR_DPI / 72, grayscale=True)
            yield PageImage(ocr.grey(bitmap.to_pil()), ocr.OCR_DPI)
        finally:
            page.close()


# --- the reader ---------------------------------------------------------------------
# pdfium's reasons for refusing a file, in the words of extractors.io.damage (its own text,
# "Failed to load document (PDFium: Data format error)", names the library, not the damage)
_OPEN_PHRASES = {
    pdfium_c.FPDF_ERR_FORMAT: "its structure cannot be read",
    pdfium_c.FPDF_ERR_FILE: "the file cannot be opened",
    pdfium_c.FPDF_ERR_PAGE: "a page cannot be read",
}


def _open_error(exc: BaseException) -> str:
    code = getattr(exc, "err_code", None)
    if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
        return "encrypted PDF: a password is needed"
    damage.log.debug("corrupt PDF: %s: %s", type(exc).__name__, exc, exc_info=exc)
    return f"corrupt PDF: {_OPEN_PHRASES.get(code, 'the reader failed on it')}"


def _page_failed(index: int, exc: BaseException) -> str:
    """"page 3" for the reason; which library failed how goes to the debug log."""
    damage.log.debug("PDF page %d unreadable: %s: %s", index + 1, type(exc).__name__, exc,
                     exc_info=exc)
    return f"page {index + 1}"


def read_pdf(data: bytes, *, lang: str | None = None, name: str = "") -> RawDocument:
    """Read a PDF: text, ruled tables, page count; pages whose text layer is unusable
    (scans, unmapped fonts) are read by OCR in ``lang`` (detected when None); encrypted
    and broken files are errors."""
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pypdfium2 raises PdfiumError, with pdfium's error code
        return RawDocument(text="", format="pdf", status="error", error=_open_error(exc))
    plumber = _Plumber(data)
    pages: list[_PageResult] = []
    failed: list[str] = []
    try:
        n_pages = len(pdf)
        for index in range(n_pages):
            try:
                page = pdf[index]
            except Exception as exc:  # one broken page must not lose the others
                failed.append(_page_failed(index, exc))
                pages.append(_PageResult())
                continue
            try:
                pages.append(_read_page(page, plumber, index))
            except Exception as exc:
                failed.append(_page_failed(index, exc))
                pages.append(_PageResult())
            finally:
                page.close()
        return _finish(pdf, pages, failed, lang, name)
    finally:
        plumber.close()
        pdf.close()


def _finish(pdf: pdfium.PdfDocument, pages: list[_PageResult], failed: list[str],
            lang: str | None, name: str) -> RawDocument:
    """The document from its read pages: OCR where needed, text and tables built."""
    n_pages = len(pages)
    if n_pages == 0:
        return RawDocument(text="", format="pdf", n_pages=0, status="error",
                           error="corrupt PDF: no pages")
    if len(failed) == n_pages:
        return RawDocument(text="", format="pdf", n_pages=n_pages, status="error",
                           error="corrupt PDF: no page could be read")
    # Pages that failed are named in `error` even though the rest of the text is usable.
    partial = one_line(f"corrupt PDF: {len(failed)} page(s) unreadable: {', '.join(failed)}"
                       ) if failed else ""
    to_ocr = _pages_to_ocr(pages)
    engine_missing = ocr.missing()
    ocr_texts: dict[int, str] = {}
    engine = ""
    if to_ocr and not engine_missing:
        skip = set(to_ocr)
        readable = "\n".join(p.text for i, p in enumerate(pages) if i not in skip)
        done = ocr.ocr_pages(_render(pdf, to_ocr), len(to_ocr), lang, hint_text=readable,
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
