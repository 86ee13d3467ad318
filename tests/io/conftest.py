"""Fixtures that generate real files with real tools (reportlab, Pillow, python-docx).

Every generator writes into a temporary directory and returns a :class:`Sample`: the
path and the lines a reader must give back.
"""
from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT = "DejaVuSans"

VI_LINES = [
    "NGHỊ QUYẾT ĐẠI HỘI ĐẢNG BỘ TỈNH",
    "Tốc độ tăng trưởng kinh tế (GRDP) bình quân từ 10,5%/năm trở lên.",
    "GRDP bình quân đầu người đến năm 2030 đạt 220 triệu đồng.",
    "Đến năm 2030 có 95% số xã đạt chuẩn nông thôn mới.",
]

# Logical order, no harakat (arabic_reshaper drops them when shaping).
AR_LINES = [
    "نمو اقتصادي 12% سنويا",
    "لا يقل عن 10,5% سنويا",
    "نسبة ISO 9001 في 100% من الوكالات",
    "الفترة 2025-2030 (GDP) حتى",
    "بلغ ٢١٫٧٪ في المدينة",
]

TABLE_ROWS = [
    ["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian ban hành"],
    ["(1)", "Kế hoạch tổ chức học tập, quán triệt Nghị quyết",
     "Ban Tuyên giáo và Dân vận Tỉnh ủy", "Tháng 09 năm 2025"],
    ["(2)", "Quy chế làm việc của Ban Chấp hành", "Ban Tổ chức Tỉnh ủy", "Quý IV năm 2025"],
]
TABLE_BEFORE = "Phụ lục: các nhiệm vụ trọng tâm trước bảng."
TABLE_AFTER = "Văn bản tiếp tục sau bảng."

# What the OCR layer of the real scanned notice looks like (lost and foreign diacritics).
GARBLED_LINES = [
    "TiNH UY THAI NGUYEN BANG CONG SAN VIT NAM",
    "THÔNG BAO CUA BAN CHAP HANH HANG B() TIN}I",
    "V ni dung, thôi gian, Ctja Ctim t(i chü'c Bi hi di biu",
    "Bang b tinh Thai Nguyen Jan thu XXI, nhim k' 2025 - 2030",
    "Can ct'r Diu 1 Bang Cong san Vit Nam; Quy djnh s 294-QD/TW,",
    "ngày 26/5/2025 cüa Ban Chip hành Trung ucing v thi hành Diu 1 Dáng;",
    "Can cü Chi thj s 45-CT/TW, ngày 14/4/2025 cüa B ChInh trj v diai hi",
    "dâng b các cp tin tâi Di hi dai biu toàn quôc lan thu XIV cüa Dâng;",
]


@dataclass
class Sample:
    path: Path
    lines: list[str] = field(default_factory=list)  # what the reader must give back
    meta: dict[str, Any] = field(default_factory=dict)  # other expectations


@pytest.fixture(scope="session")
def font() -> str:
    if not DEJAVU.exists():
        pytest.skip(f"{DEJAVU} is missing")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(DEJAVU)))
    return FONT


def _canvas_pdf(path: Path, pages: list[list[tuple[float, float, str]]], font: str,
                **canvas_kwargs) -> Path:
    """Draw (x, y, text) strings, one list per page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, **canvas_kwargs)
    for page in pages:
        c.setFont(font, 12)
        for x, y, text in page:
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    return path


@pytest.fixture
def vi_pdf(tmp_path: Path, font: str) -> Sample:
    lines = [(72, 770 - 24 * i, line) for i, line in enumerate(VI_LINES)]
    return Sample(_canvas_pdf(tmp_path / "vi.pdf", [lines], font), list(VI_LINES))


@pytest.fixture
def paged_pdf(tmp_path: Path, font: str) -> Sample:
    """Two pages; page numbers "1" at the bottom, "- 2 -" at the bottom, "Trang 2" on top."""
    page1 = [(72, 770, VI_LINES[1]), (72, 746, VI_LINES[2]), (297, 40, "1")]
    page2 = [(270, 800, "Trang 2"), (72, 770, VI_LINES[3]), (290, 40, "- 2 -")]
    return Sample(_canvas_pdf(tmp_path / "paged.pdf", [page1, page2], font),
                  [VI_LINES[1], VI_LINES[2], VI_LINES[3]])


@pytest.fixture
def table_pdf(tmp_path: Path, font: str) -> Sample:
    """A paragraph, a ruled table (reportlab Table with a GRID), a paragraph."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    style = ParagraphStyle("vi", fontName=font, fontSize=10, leading=13)
    cells = [[Paragraph(c, style) for c in row] for row in TABLE_ROWS]
    table = Table(cells, colWidths=[40, 190, 130, 100])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.8, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    path = tmp_path / "table.pdf"
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    doc.build([Paragraph(TABLE_BEFORE, style), Spacer(1, 12), table, Spacer(1, 12),
               Paragraph(TABLE_AFTER, style)])
    return Sample(path, [TABLE_BEFORE, TABLE_AFTER], {"rows": TABLE_ROWS})


def rtl_pdf(path: Path, font: str, lines: list[str], size: float = 14,
            leading: float = 30) -> Path:
    """Arabic as real producers write it: shaped, reordered to visual order, drawn
    right-aligned, one line under the other."""
    import arabic_reshaper
    from bidi.algorithm import get_display
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(font, size)
    for i, line in enumerate(lines):
        c.drawRightString(540, 770 - leading * i, get_display(arabic_reshaper.reshape(line)))
    c.showPage()
    c.save()
    return path


@pytest.fixture
def arabic_pdf(tmp_path: Path, font: str) -> Sample:
    return Sample(rtl_pdf(tmp_path / "ar.pdf", font, AR_LINES), list(AR_LINES))


@pytest.fixture
def encrypted_pdf(tmp_path: Path, font: str) -> Sample:
    lines = [(72, 770, VI_LINES[1])]
    return Sample(_canvas_pdf(tmp_path / "secret.pdf", [lines], font, encrypt="secret"))


def _scan_image(size: tuple[int, int] = (620, 877)) -> bytes:
    """A grey page with dark bars for lines of text, as a PNG."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, (245, 245, 240))
    draw = ImageDraw.Draw(img)
    for y in range(60, size[1] - 60, 24):
        draw.rectangle((50, y, size[0] - 50, y + 8), fill=(40, 40, 40))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _image_pdf(path: Path, font: str, text_lines: list[str]) -> Path:
    """A full-page image, optionally under a text layer (as OCR software leaves it)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    c.drawImage(ImageReader(io.BytesIO(_scan_image())), 0, 0, width, height)
    c.setFont(font, 11)
    for i, line in enumerate(text_lines):
        c.drawString(60, height - 80 - 18 * i, line)
    c.showPage()
    c.save()
    return path


@pytest.fixture
def image_pdf(tmp_path: Path, font: str) -> Sample:
    return Sample(_image_pdf(tmp_path / "scan.pdf", font, []))


@pytest.fixture
def garbled_scan_pdf(tmp_path: Path, font: str) -> Sample:
    return Sample(_image_pdf(tmp_path / "garbled.pdf", font, GARBLED_LINES), GARBLED_LINES)


@pytest.fixture
def clean_scan_pdf(tmp_path: Path, font: str) -> Sample:
    """A scan with a good OCR layer: must read as ok."""
    return Sample(_image_pdf(tmp_path / "ocred.pdf", font, VI_LINES), list(VI_LINES))


@pytest.fixture
def corrupt_pdf(tmp_path: Path, vi_pdf: Sample) -> Sample:
    data = vi_pdf.path.read_bytes()
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(data[: len(data) // 2])
    return Sample(path)


# --- DOCX ---------------------------------------------------------------------------

DOCX_TITLE = "Chương trình hành động thực hiện Nghị quyết"
DOCX_BEFORE = "Tốc độ tăng trưởng kinh tế bình quân từ 10,5%/năm trở lên."
DOCX_AFTER = "Đảng ủy các xã tổ chức thực hiện."
DOCX_TABLE = [
    ["TT", "Nội dung", "Cơ quan chủ trì", "Thời hạn"],
    ["(1)", "Kế hoạch học tập Nghị quyết", "Ban Tuyên giáo và Dân vận Tỉnh ủy",
     "Tháng 09 năm 2025"],
]
DOCX_MERGED = "Công tác xây dựng Đảng"
DOCX_NESTED = ["Quý IV", "năm 2025"]
DOCX_HEADER = "TIÊU ĐỀ TRANG KHÔNG ĐƯỢC ĐỌC"


@pytest.fixture
def docx_file(tmp_path: Path) -> Sample:
    """Heading, paragraphs, a table between paragraphs (a merged row, a nested table),
    a page header that must be ignored."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = DOCX_HEADER
    document.add_paragraph("ỦY BAN NHÂN DÂN TỈNH")
    document.add_heading(DOCX_TITLE, level=1)
    document.add_paragraph(DOCX_BEFORE)
    table = document.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    for r, row in enumerate(DOCX_TABLE):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    merged = table.cell(2, 0).merge(table.cell(2, 3))
    merged.text = DOCX_MERGED
    table.cell(3, 0).text = "(2)"
    table.cell(3, 1).text = "Quy chế\nlàm việc"  # a line break inside a cell
    table.cell(3, 2).text = "Văn phòng Tỉnh ủy"
    nested = table.cell(3, 3).add_table(rows=1, cols=2)
    nested.cell(0, 0).text, nested.cell(0, 1).text = DOCX_NESTED
    document.add_paragraph(DOCX_AFTER)
    path = tmp_path / "plan.docx"
    document.save(str(path))
    return Sample(path, ["ỦY BAN NHÂN DÂN TỈNH", DOCX_TITLE, DOCX_BEFORE], {
        "title": DOCX_TITLE, "after": DOCX_AFTER, "header": DOCX_HEADER,
        "rows": [DOCX_TABLE[0], DOCX_TABLE[1], [DOCX_MERGED],
                 ["(2)", "Quy chế làm việc", "Văn phòng Tỉnh ủy", " ".join(DOCX_NESTED)]],
    })


# --- HTML ---------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="{charset}">
<title>Nghị quyết Đại hội Đảng bộ phường</title>
<style>body {{ color: red; }}</style>
<script>var menu = "KHÔNG ĐỌC SCRIPT";</script>
</head><body>
<header><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a></header>
<nav><ul><li>Chính trị</li><li>Kinh tế</li></ul></nav>
<div role="navigation">Điều hướng phụ</div>
<main>
<article>
<h1>Đại hội Đảng bộ phường Việt Hưng</h1>
<p>Phấn đấu tăng trưởng <b>bình quân</b>
   10,5%/năm trở lên.<br>Thu ngân sách đạt 500 tỷ đồng.</p>
<table>
<tr><th>Chỉ tiêu</th><th>Mục tiêu</th></tr>
<tr><td>Tỷ lệ hộ nghèo</td><td>dưới <i>1%</i></td></tr>
</table>
<ul><li>Mục tiêu một</li><li>Mục tiêu hai</li></ul>
<noscript>Bật JavaScript</noscript>
<form><input name="q"><button>Tìm</button></form>
</article>
<aside>Tin liên quan</aside>
</main>
<footer>Bản quyền thuộc Báo điện tử</footer>
</body></html>
"""

HTML_LINES = [
    "Đại hội Đảng bộ phường Việt Hưng",
    "Phấn đấu tăng trưởng bình quân 10,5%/năm trở lên.",
    "Thu ngân sách đạt 500 tỷ đồng.",
    "Chỉ tiêu | Mục tiêu",
    "Tỷ lệ hộ nghèo | dưới 1%",
    "Mục tiêu một",
    "Mục tiêu hai",
]
HTML_ROWS = [["Chỉ tiêu", "Mục tiêu"], ["Tỷ lệ hộ nghèo", "dưới 1%"]]
HTML_DROPPED = ["KHÔNG ĐỌC SCRIPT", "color", "Trang chủ", "Chính trị", "Điều hướng phụ",
                "Bật JavaScript", "Tìm", "Tin liên quan", "Bản quyền"]


@pytest.fixture
def html_file(tmp_path: Path) -> Sample:
    path = tmp_path / "page.html"
    path.write_bytes(HTML_PAGE.format(charset="utf-8").encode("utf-8"))
    return Sample(path, HTML_LINES, {"title": "Nghị quyết Đại hội Đảng bộ phường",
                                     "rows": HTML_ROWS, "dropped": HTML_DROPPED})


@pytest.fixture
def html_cp1258_file(tmp_path: Path) -> Sample:
    """The same page saved in windows-1258, as declared by its meta charset."""
    path = tmp_path / "page-1258.htm"
    path.write_bytes(encode_cp1258(HTML_PAGE.format(charset="windows-1258")))
    return Sample(path, HTML_LINES, {"encoding": "cp1258"})


# --- text ---------------------------------------------------------------------------

TXT_SAMPLES: dict[str, str] = {
    "vi": "Tốc độ tăng trưởng kinh tế bình quân từ 10,5%/năm trở lên; "
          "GRDP bình quân đầu người đạt 220 triệu đồng.",
    "pl": "Uchwała Zjazdu Komitetu Partii określiła 5 punktów widzenia; "
          "zwiększenie dochodów o 12% rocznie, źródło: żółć.",
    "ru": "Улучшить качество работы; рост ВВП не менее 10,5% ежегодно в новом созыве.",
    "ar": "أكد رئيس اللجنة التنظيمية للجنة الحزب في هانوي أن النمو الاقتصادي لا يقل عن 10%.",
}


def encode_cp1258(text: str) -> bytes:
    """Vietnamese in cp1258 as Windows writes it: base letters with separate tone marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append((base + "".join(c for c in parts if c in tones)).encode("cp1258"))
    return b"".join(out)


# (language, encoding written, encoding the reader must report)
TXT_CASES = [
    ("vi", "utf-8", "utf-8"),
    ("ru", "utf-8-sig", "utf-8-sig"),
    ("ar", "utf-16", "utf-16-le"),  # Python writes a little-endian BOM
    ("pl", "utf-16-be-bom", "utf-16-be"),
    ("ru", "utf-16-le-nobom", "utf-16-le"),
    ("pl", "cp1250", "cp1250"),
    ("ru", "cp1251", "cp1251"),
    ("ar", "cp1256", "cp1256"),
    ("vi", "cp1258", "cp1258"),
]


def encode_sample(text: str, encoding: str) -> bytes:
    if encoding == "cp1258":
        return encode_cp1258(text)
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    if encoding == "utf-16-le-nobom":
        return text.encode("utf-16-le")
    return text.encode(encoding)


@pytest.fixture(params=TXT_CASES, ids=[f"{lang}-{enc}" for lang, enc, _ in TXT_CASES])
def txt_file(request: pytest.FixtureRequest, tmp_path: Path) -> Sample:
    """A two-line text file (CRLF line ends, a title line) in one language and encoding."""
    lang, written, reported = request.param
    title = {"vi": "Nghị quyết", "pl": "Uchwała", "ru": "Резолюция", "ar": "القرار"}[lang]
    text = f"{title}\r\n{TXT_SAMPLES[lang]}\r\n"
    path = tmp_path / f"{lang}-{written}.txt"
    path.write_bytes(encode_sample(text, written))
    return Sample(path, [title, TXT_SAMPLES[lang]], {"encoding": reported, "lang": lang})


# --- scans for OCR ------------------------------------------------------------------

OCR_DPI = 300


def page_image(lines: list[str], dpi: int = OCR_DPI, size_pt: float = 13):
    """A white A4 page with ``lines`` drawn in DejaVu Sans at ``dpi``, as Pillow draws
    a printed page (grey, no text layer)."""
    from PIL import Image, ImageDraw, ImageFont

    if not DEJAVU.exists():
        pytest.skip(f"{DEJAVU} is missing")
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(DEJAVU), int(size_pt * dpi / 72))
    y = int(0.8 * dpi)
    for line in lines:
        draw.text((int(0.8 * dpi), y), line, font=font, fill=20)
        y += int(size_pt * 1.8 * dpi / 72)
    return img


def image_bytes(img, fmt: str, dpi: int = OCR_DPI) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=fmt, dpi=(dpi, dpi))
    return buf.getvalue()


def scan_pdf(path: Path, pages: list) -> Path:
    """A PDF of full-page images and no text layer, as a scanner makes it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for img in pages:
        c.drawImage(ImageReader(io.BytesIO(image_bytes(img, "PNG"))), 0, 0, *A4)
        c.showPage()
    c.save()
    return path


@pytest.fixture
def vi_scan_pdf(tmp_path: Path) -> Sample:
    return Sample(scan_pdf(tmp_path / "vi_scan.pdf", [page_image(VI_LINES)]), list(VI_LINES))


@pytest.fixture
def mixed_pdf(tmp_path: Path, font: str) -> Sample:
    """Page 1 with a text layer, page 2 a scan: only page 2 is OCR'd."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(font, 12)
    for i, line in enumerate(VI_LINES[:2]):
        c.drawString(72, 770 - 24 * i, line)
    c.showPage()
    scan = page_image(VI_LINES[2:])
    c.drawImage(ImageReader(io.BytesIO(image_bytes(scan, "PNG"))), 0, 0, *A4)
    c.showPage()
    c.save()
    return Sample(path, list(VI_LINES))


def unmapped_font_pdf(lines: list[str]) -> bytes:
    """A PDF whose text is drawn by glyph number in an embedded DejaVu Sans with no way
    back to Unicode: an Identity-H CID font without /ToUnicode whose font program's
    ``cmap`` table is renamed. PDF text extractors give "(cid:N)" codes for it, as for
    the designed brochures whose fonts carry no Unicode map."""
    import zlib

    from reportlab.pdfbase.ttfonts import TTFontFile

    face = TTFontFile(str(DEJAVU))
    program = DEJAVU.read_bytes()
    directory = program[:12 + 16 * face.numTables]
    program = directory.replace(b"cmap", b"xmap") + program[len(directory):]
    glyphs = sorted({face.charToGlyph[ord(ch)] for line in lines for ch in line})
    width = {face.charToGlyph[ord(ch)]: round(face.charWidths[ord(ch)])
             for line in lines for ch in line}
    content = b"BT /F1 12 Tf 16 TL 72 770 Td " + b" ".join(
        b"<" + "".join(f"{face.charToGlyph[ord(ch)]:04X}" for ch in line).encode() + b"> Tj T*"
        for line in lines) + b" ET"
    font = zlib.compress(program)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans /CIDToGIDMap /Identity "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 7 0 R /W [" + b" ".join(b"%d [%d]" % (g, width[g]) for g in glyphs)
        + b"] >>",
        b"<< /Type /FontDescriptor /FontName /DejaVuSans /Flags 32 /ItalicAngle 0 "
        b"/FontBBox [-1021 -463 1794 1233] /Ascent 760 /Descent -240 /CapHeight 729 "
        b"/StemV 87 /FontFile2 8 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(font) + font + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def unmapped_pdf(tmp_path: Path, font: str) -> Sample:
    path = tmp_path / "brochure.pdf"
    path.write_bytes(unmapped_font_pdf(EN_LINES))
    return Sample(path, list(EN_LINES))


EN_LINES = [
    "National Strategy for Digital Government",
    "Average annual growth of at least 6.5 percent.",
    "Broadband coverage will reach 95 percent of households by 2030.",
]
