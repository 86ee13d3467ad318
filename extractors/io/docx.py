"""DOCX reader (python-docx): body paragraphs and tables in document order.

The body's XML is walked directly, not through ``Document.paragraphs`` and
``Document.tables``, because only the XML gives paragraphs and tables in their order
and gives a merged cell once (python-docx's ``row.cells`` repeats it per grid column).
Headers, footers, footnotes and comments live in other parts and are ignored.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.text.paragraph import Paragraph
from lxml import etree

from extractors.io.damage import log, reason
from extractors.records import RawDocument
from extractors.text import TextBuilder, first_line, single_line

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


W_P, W_TBL, W_TR, W_TC, W_T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("t")
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
W_TXBX_CONTENT = _w("txbxContent")
W_PPR, W_PSTYLE = _w("pPr"), _w("pStyle")
W_TCPR, W_GRIDSPAN, W_VAL = _w("tcPr"), _w("gridSpan"), _w("val")
MC_FALLBACK = f"{{{_MC}}}Fallback"

# Run content that stands for characters.
_CHAR_TAGS = {_w("tab"): "\t", _w("br"): "\n", _w("cr"): "\n", _w("noBreakHyphen"): "-"}
# Subtrees whose text is not part of the paragraph's visible text: deleted and moved-away
# revisions, field instructions, the fallback copy of a drawing (its twin under
# mc:Choice is read), and text boxes, which are read as blocks of their own.
_SKIP_TAGS = {_w("del"), _w("moveFrom"), _w("instrText"), _w("delText"), MC_FALLBACK,
              W_TXBX_CONTENT, _w("rPr"), _w("pPr")}
# Wrappers around rows or cells (content controls, custom XML) that are looked through.
_WRAPPERS = {W_SDT, W_SDT_CONTENT, W_CUSTOM_XML}

HEADING_STYLE_PREFIXES = ("heading", "title")


def _collect_text(el: etree._Element, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == W_T:
            out.append(child.text or "")
        elif tag in _CHAR_TAGS:
            out.append(_CHAR_TAGS[tag])
        elif tag in _SKIP_TAGS or not isinstance(tag, str):
            continue  # also comments and processing instructions
        else:
            _collect_text(child, out)


def paragraph_text(p: etree._Element) -> str:
    out: list[str] = []
    _collect_text(p, out)
    return "".join(out)


def _textboxes(p: etree._Element) -> Iterator[etree._Element]:
    """Text boxes anchored in paragraph ``p`` (outermost only, fallback copies skipped)."""
    for box in p.iter(W_TXBX_CONTENT):
        ancestors = list(box.iterancestors())
        ancestors = ancestors[: ancestors.index(p)] if p in ancestors else ancestors
        if any(a.tag in (MC_FALLBACK, W_TXBX_CONTENT) for a in ancestors):
            continue
        yield box


def _block_children(el: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables under ``el`` in order, looking through content controls."""
    for child in el:
        if child.tag in (W_P, W_TBL):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _block_children(child)


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr:
        if child.tag == W_TC:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _cells(child)


def _rows(tbl: etree._Element) -> Iterator[etree._Element]:
    for child in tbl:
        if child.tag == W_TR:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _rows(child)


def cell_text(tc: etree._Element) -> str:
    """A cell's text on one line; nested tables are flattened into it."""
    parts: list[str] = []
    for block in _block_children(tc):
        if block.tag == W_P:
            parts.append(paragraph_text(block))
            for box in _textboxes(block):
                parts.append(cell_text(box))
        else:
            parts.extend(cell_text(c) for r in _rows(block) for c in _cells(r))
    return single_line(" ".join(parts))


def _grid_span(tc: etree._Element) -> int:
    span = tc.find(f"{W_TCPR}/{W_GRIDSPAN}")
    try:
        return max(1, int(span.get(W_VAL))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def table_grid(tbl: etree._Element) -> tuple[list[list[str]], list[list[int]]]:
    """Rows of cell texts and, for each cell, how many grid columns it spans (horizontal
    merges, ``w:gridSpan``), so that a row's cell ``i`` can be the table's column ``i``."""
    rows = [list(_cells(tr)) for tr in _rows(tbl)]
    return ([[cell_text(tc) for tc in row] for row in rows],
            [[_grid_span(tc) for tc in row] for row in rows])


def _style_name(p: etree._Element, document: docx.document.Document) -> str:
    ppr = p.find(W_PPR)
    if ppr is None or ppr.find(W_PSTYLE) is None:
        return ""
    try:
        return (Paragraph(p, document._body).style.name or "").lower()
    except (KeyError, ValueError, AttributeError):
        return ""


class _Walker:
    def __init__(self, document: docx.document.Document) -> None:
        self.document = document
        self.builder = TextBuilder()
        self.title = ""
        self.first_paragraph = ""

    def blocks(self, parent: etree._Element) -> None:
        for block in _block_children(parent):
            if block.tag == W_TBL:
                self.builder.add_table(*table_grid(block))
                continue
            text = paragraph_text(block)
            self.builder.add_text(text)
            line = first_line(single_line(text))
            if line:
                if not self.first_paragraph:
                    self.first_paragraph = line
                if not self.title and _style_name(block, self.document).startswith(
                        HEADING_STYLE_PREFIXES):
                    self.title = line
            for box in _textboxes(block):
                self.blocks(box)


# A package whose parts unpack to more than this is refused before it is unpacked (a zip
# bomb: a few kilobytes that inflate to gigabytes). Real documents' XML is a few megabytes.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024


def _open(data: bytes) -> tuple[docx.document.Document | None, str]:
    """The document, or None and a plain reason (the library's exception is logged)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(i.file_size for i in zf.infolist())
    except Exception as exc:  # a broken directory raises more than BadZipFile
        log.debug("zip directory unreadable: %r", exc)
        return None, "corrupt DOCX: the zip container is damaged"
    if unpacked > MAX_UNPACKED_BYTES:
        return None, (f"corrupt DOCX: its parts would unpack to {unpacked // 2**20:,} MB "
                      f"(limit {MAX_UNPACKED_BYTES // 2**20} MB)")
    try:
        return docx.Document(io.BytesIO(data)), ""
    except PackageNotFoundError as exc:
        log.debug("not a Word package: %r", exc)
        return None, "corrupt DOCX: it is not a Word package"
    except KeyError as exc:  # a part the package's relationships name is not in the zip
        log.debug("missing part: %r", exc)
        missing = str(exc).split("'")[1] if str(exc).count("'") >= 2 else "a part"
        return None, f"corrupt DOCX: the part {missing} is missing"
    except Exception as exc:  # zipfile, zlib, lxml: one plain reason per kind (io.damage)
        return None, reason("DOCX", exc)


def read_docx(data: bytes) -> RawDocument:
    """Read a .docx: paragraphs one per line, table rows one per line (" | " cells)."""
    document, problem = _open(data)
    if document is None:
        return RawDocument(text="", format="docx", status="error", error=problem)
    walker = _Walker(document)
    try:
        walker.blocks(document.element.body)
    except Exception as exc:  # a part python-docx accepted but cannot walk
        return RawDocument(text="", format="docx", status="error", error=reason("DOCX", exc))
    text, tables = walker.builder.build()
    if not text.strip():
        return RawDocument(text="", format="docx", status="empty",
                           error="no text: the document body is empty")
    title = walker.title or walker.first_paragraph or first_line(text)
    return RawDocument(text=text, format="docx", tables=tables, title=title)
