"""Legacy Word 97-2003 .doc reader (extractors.io.doc).

No tool on this machine writes .doc files, so the tests build them from the documented
structures ([MS-CFB] compound file, [MS-DOC] FIB, piece table, PAPX/CHPX FKPs) with the
small writer below; the real resolution in ../shared/realdocs is checked when present.
"""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pytest

from extractors.io.auto import read, read_bytes
from extractors.io.doc import read_doc
from extractors.io.filetype import FILETYPES, detect_filetype

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REAL_DOC = SHARED / "realdocs" / "vi_quangninh_nq99-2025-NQ-HDND.doc"

_LEFTOVER_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")

# ---------------------------------------------------------------------------------------
# A minimal compound file writer ([MS-CFB], version 3, 512-byte sectors)
# ---------------------------------------------------------------------------------------

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREESECT, ENDOFCHAIN, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ceil(n: int, size: int) -> int:
    return -(-n // size)


def build_cfb(streams: dict[str, bytes]) -> bytes:
    """A compound file whose root storage holds ``streams``: those under 4096 bytes in
    the mini stream, the others in regular sectors."""
    names = list(streams)
    mini, minifat, mini_start = b"", [], {}
    for name in names:
        data = streams[name]
        if len(data) >= CUTOFF:
            continue
        count = _ceil(len(data), MINI)
        mini_start[name] = len(minifat) if count else ENDOFCHAIN
        first = len(minifat)
        minifat += [first + i + 1 for i in range(count - 1)] + [ENDOFCHAIN] * bool(count)
        mini += data.ljust(count * MINI, b"\x00")
    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat) if minifat else b""

    # Payloads laid out in sector chains after the FAT: directory, mini FAT, mini
    # stream, then every large stream.
    n_entries = 1 + len(names)
    chains: list[tuple[str, bytes]] = [("<dir>", b"\x00" * (n_entries * 128)),
                                       ("<minifat>", minifat_bytes), ("<mini>", mini)]
    chains += [(n, streams[n]) for n in names if len(streams[n]) >= CUTOFF]
    sizes = {key: _ceil(len(data), SECTOR) for key, data in chains}
    n_other = sum(sizes.values())
    n_fat = 1
    while n_fat * (SECTOR // 4) < n_fat + n_other:
        n_fat += 1
    fat = [FATSECT] * n_fat
    starts: dict[str, int] = {}
    for key, _ in chains:
        count = sizes[key]
        starts[key] = len(fat) if count else ENDOFCHAIN
        first = len(fat)
        fat += [first + i + 1 for i in range(count - 1)] + [ENDOFCHAIN] * bool(count)
    fat += [FREESECT] * (n_fat * (SECTOR // 4) - len(fat))

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        return (encoded.ljust(64, b"\x00") + struct.pack("<HBB3I", len(encoded), kind, 1,
                                                         right, 0xFFFFFFFF, child)
                + b"\x00" * 36 + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, 0xFFFFFFFF, 1 if names else 0xFFFFFFFF,
                      starts["<mini>"], len(mini))
    for i, name in enumerate(names, start=1):
        # Siblings chained through the right pointers (a legal, if unbalanced, tree).
        right = i + 1 if i < len(names) else 0xFFFFFFFF
        start = starts[name] if name in starts else mini_start[name]
        directory += entry(name, 2, right, 0xFFFFFFFF, start, len(streams[name]))
    payload = {"<dir>": directory, "<minifat>": minifat_bytes, "<mini>": mini, **streams}

    header = bytearray(SECTOR)
    header[0:8] = OLE2_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<9I", header, 40, 0, n_fat, starts["<dir>"], 0, CUTOFF,
                     starts["<minifat>"], sizes["<minifat>"], ENDOFCHAIN, 0)
    difat = list(range(n_fat)) + [FREESECT] * (109 - n_fat)
    struct.pack_into("<109I", header, 76, *difat)
    body = struct.pack(f"<{len(fat)}I", *fat)
    for key, _ in chains:
        body += payload[key].ljust(sizes[key] * SECTOR, b"\x00")
    return bytes(header) + body


# ---------------------------------------------------------------------------------------
# A minimal Word 97 document writer ([MS-DOC])
# ---------------------------------------------------------------------------------------

# Paragraph properties (grpprl) for the paragraph marks of a table.
IN_CELL = bytes([0x16, 0x24, 1]) + bytes([0x49, 0x66]) + struct.pack("<i", 1)
ROW_END = IN_CELL + bytes([0x17, 0x24, 1])
DELETED = bytes([0x00, 0x08, 1])  # sprmCFRMarkDel on

TEXT_FC = 1024  # where the piece text starts in the WordDocument stream


@dataclass
class Piece:
    text: str
    compressed: bool = False  # 8-bit text (cp1252-like) instead of UTF-16LE
    # Paragraph properties by the index of a paragraph mark in ``text``.
    papx: dict[int, bytes] = field(default_factory=dict)
    deleted: tuple[int, int] | None = None  # a range of ``text`` marked as deleted


def _papx_fkp(runs: list[tuple[int, int, bytes]]) -> bytes:
    """One PAPX FKP page: runs of (start FC, end FC, grpprl); b"" = no properties."""
    page = bytearray(512)
    crun = len(runs)
    fcs = [runs[0][0]] + [end for _, end, _ in runs]
    struct.pack_into(f"<{crun + 1}I", page, 0, *fcs)
    top = 511
    for i, (_, _, grpprl) in enumerate(runs):
        offset = 0
        if grpprl:
            data = b"\x00\x00" + grpprl  # istd 0, then the sprms
            if len(data) % 2:
                blob = bytes([(len(data) + 1) // 2]) + data  # cb: 2*cb - 1 bytes follow
            else:
                blob = bytes([0, len(data) // 2]) + data  # cb 0, cb': 2*cb' bytes follow
            top = (top - len(blob)) & ~1
            page[top:top + len(blob)] = blob
            offset = top // 2
        page[4 * (crun + 1) + 13 * i] = offset
    page[511] = crun
    assert 4 * (crun + 1) + 13 * crun <= top
    return bytes(page)


def _chpx_fkp(runs: list[tuple[int, int, bytes]]) -> bytes:
    page = bytearray(512)
    crun = len(runs)
    fcs = [runs[0][0]] + [end for _, end, _ in runs]
    struct.pack_into(f"<{crun + 1}I", page, 0, *fcs)
    top = 511
    for i, (_, _, grpprl) in enumerate(runs):
        if grpprl:
            blob = bytes([len(grpprl)]) + grpprl
            top = (top - len(blob)) & ~1
            page[top:top + len(blob)] = blob
            page[4 * (crun + 1) + i] = top // 2
    page[511] = crun
    return bytes(page)


def _runs(points: list[int], props: dict[int, bytes]) -> list[tuple[int, int, bytes]]:
    """Cut [first, last) at ``points``; a run ending at a key of ``props`` gets it."""
    points = sorted(set(points))
    return [(a, b, props.get(b, b"")) for a, b in pairwise(points)]


def build_doc(pieces: list[Piece], *, encrypted: bool = False, with_papx: bool = True,
              extra_streams: dict[str, bytes] | None = None, nfib: int = 0xC1) -> bytes:
    fib = bytearray(900)
    flags = 0x0200 | (0x0100 if encrypted else 0)  # fWhichTblStm: the table is 1Table
    struct.pack_into("<HHHHH", fib, 0, 0xA5EC, nfib, 0, 0x0409, 0)
    struct.pack_into("<H", fib, 10, flags)
    struct.pack_into("<H", fib, 32, 14)  # csw, then fibRgW
    struct.pack_into("<H", fib, 62, 22)  # cslw, then fibRgLw
    struct.pack_into("<H", fib, 152, 93)  # cbRgFcLcb: Word 97's fibRgFcLcb97

    # The text: pieces one after the other from TEXT_FC (8-bit ones at even offsets).
    text_bytes = bytearray(b"\x00" * TEXT_FC)
    cps, pcds, para_points, para_props, chp_points, chp_props = [0], [], [], {}, [], {}
    for piece in pieces:
        fc = len(text_bytes)
        if piece.compressed:
            raw = piece.text.encode("latin-1")  # the test's 8-bit text: bytes as chars
            fc_field = (fc * 2) | 0x40000000
            width = 1
        else:
            raw = piece.text.encode("utf-16-le")
            fc_field = fc
            width = 2
        text_bytes += raw
        if len(text_bytes) % 2:
            text_bytes += b"\x00"
        cps.append(cps[-1] + len(piece.text))
        pcds.append(struct.pack("<HIH", 0, fc_field, 0))
        para_points += [fc, fc + len(raw)]
        chp_points += [fc, fc + len(raw)]
        for i, ch in enumerate(piece.text):
            if ch in "\r\x07":
                end = fc + (i + 1) * width
                para_points.append(end)
                if i in piece.papx:
                    para_props[end] = piece.papx[i]
        if piece.deleted:
            a, b = (fc + i * width for i in piece.deleted)
            chp_points += [a, b]
            chp_props[b] = DELETED
    ccp_text = cps[-1]
    struct.pack_into("<i", fib, 64 + 12, ccp_text)  # fibRgLw.ccpText

    word = bytes(fib) + bytes(text_bytes[len(fib):])
    word = word.ljust(_ceil(len(word), 512) * 512, b"\x00")
    papx_pn = len(word) // 512
    word += _papx_fkp(_runs(para_points, para_props))
    chpx_pn = len(word) // 512
    word += _chpx_fkp(_runs(chp_points, chp_props))
    word = word.ljust(CUTOFF + 512, b"\x00")  # large enough for regular sectors

    table = b""

    def put(index: int, blob: bytes) -> None:
        nonlocal word, table
        fc_lcb = bytearray(word[:900])
        struct.pack_into("<II", fc_lcb, 154 + 8 * index, len(table), len(blob))
        word = bytes(fc_lcb) + word[900:]
        table += blob

    plc = struct.pack(f"<{len(cps)}I", *cps) + b"".join(pcds)
    put(33, b"\x02" + struct.pack("<I", len(plc)) + plc)  # Clx
    first, last = TEXT_FC, max(para_points)
    if with_papx:
        put(13, struct.pack("<3I", first, last, papx_pn))  # PlcBtePapx
    put(12, struct.pack("<3I", first, last, chpx_pn))  # PlcBteChpx
    streams = {"WordDocument": word, "1Table": table, **(extra_streams or {})}
    return build_cfb(streams)


# The sample: a UTF-16 piece with a field, a table and a deletion, then an 8-bit piece.
UTF16_TEXT = (
    "NGHỊ QUYẾT\r"
    "Giao \x13 HYPERLINK \"http://x.vn\" \x14Ủy ban nhân dân\x15 tỉnh thực hiện.\r"
    "Nhiệm vụ \x13 REF a \x13 SEQ b \x14 2\x15 \x14số 1\x15 bỏ DELETED chữ\x01\x08.\r"
    "TT\x07Nội dung\x07\x07"
    "1\x07Chi 3.000.000\x0bđồng/văn bản\x07\x07"
    "2\x07Dòng một\rdòng hai\x07\x07"
    "Sau bảng\x0cTrang 2\r"
)
CP1252_TEXT = "\x93Caf\xe9\x94 \x96 \xfcber 5\x80\r"


def _sample_pieces() -> list[Piece]:
    papx: dict[int, bytes] = {}
    for i, ch in enumerate(UTF16_TEXT):
        if ch == "\x07":
            papx[i] = IN_CELL
    # Row ends: the second mark of each "\x07\x07".
    for m in re.finditer("\x07\x07", UTF16_TEXT):
        papx[m.start() + 1] = ROW_END
    papx[UTF16_TEXT.index("Dòng một\r") + len("Dòng một")] = IN_CELL
    start = UTF16_TEXT.index("DELETED ")
    return [Piece(UTF16_TEXT, papx=papx, deleted=(start, start + len("DELETED "))),
            Piece(CP1252_TEXT, compressed=True)]


@pytest.fixture(scope="module")
def sample_doc() -> bytes:
    return build_doc(_sample_pieces())


def test_sample_is_a_compound_file_with_word_streams(sample_doc: bytes) -> None:
    assert sample_doc.startswith(OLE2_MAGIC)
    assert detect_filetype(sample_doc, "") == "doc"
    assert FILETYPES["doc"].supported


def test_reads_utf16_and_8bit_pieces_fields_and_tables(sample_doc: bytes) -> None:
    raw = read_doc(sample_doc)
    assert raw.status == "ok", raw.error
    assert raw.format == "doc"
    assert raw.text.split("\n") == [
        "NGHỊ QUYẾT",
        "Giao Ủy ban nhân dân tỉnh thực hiện.",  # field result kept, instruction dropped
        "Nhiệm vụ số 1 bỏ chữ.",  # nested field; tracked deletion and anchors dropped
        "TT | Nội dung",
        "1 | Chi 3.000.000 đồng/văn bản",
        "2 | Dòng một dòng hai",  # two paragraphs in one cell
        "Sau bảng",
        "Trang 2",
        "\u201cCafé\u201d \u2013 über 5",  # [MS-DOC] 8-bit mapping; 0x80 is no "€"
    ]
    assert raw.title == "NGHỊ QUYẾT"
    assert not _LEFTOVER_CONTROLS.search(raw.text)
    cells = [[raw.text[s:e] for s, e in row] for table in raw.tables for row in table]
    assert len(raw.tables) == 1
    assert cells == [["TT", "Nội dung"], ["1", "Chi 3.000.000 đồng/văn bản"],
                     ["2", "Dòng một dòng hai"]]


def test_dispatcher_reads_doc(sample_doc: bytes) -> None:
    for name in ("nq.doc", "nq.dot", "no-extension"):
        _, raw = read_bytes(sample_doc, name)
        assert (raw.status, raw.format, raw.error) == ("ok", "doc", "")
        assert "1 | Chi 3.000.000 đồng/văn bản" in raw.text


def test_first_paragraph_outside_tables_is_the_title() -> None:
    papx = {1: IN_CELL, 3: IN_CELL, 4: ROW_END}
    raw = read_doc(build_doc([Piece("A\x07B\x07\x07\rNGHỊ QUYẾT\r", papx=papx)]))
    assert raw.text == "A | B\nNGHỊ QUYẾT"
    assert raw.title == "NGHỊ QUYẾT"


def test_unclosed_field_instruction_stops_at_the_paragraph_mark() -> None:
    raw = read_doc(build_doc([Piece("Trước \x13 PAGE broken\rĐiều 2. Sau\r")]))
    assert raw.text == "Trước\nĐiều 2. Sau"


def test_without_paragraph_properties_cells_become_lines() -> None:
    raw = read_doc(build_doc(_sample_pieces(), with_papx=False))
    assert raw.status == "ok"
    assert raw.tables == []
    assert "\nTT\nNội dung\n1\nChi 3.000.000 đồng/văn bản\n" in raw.text


def test_encrypted_doc() -> None:
    raw = read_doc(build_doc(_sample_pieces(), encrypted=True))
    assert (raw.status, raw.error, raw.text) == ("error", "encrypted .doc: a password is needed",
                                                 "")


def test_word95_is_reported() -> None:
    raw = read_doc(build_doc(_sample_pieces(), nfib=0x65))
    assert raw.status == "error"
    assert raw.error == "Word 6.0/95 .doc is not supported; save it as .docx"


def test_empty_document() -> None:
    raw = read_doc(build_doc([Piece("\r\r")]))
    assert (raw.status, raw.text) == ("empty", "")


@pytest.mark.parametrize(("streams", "error"), [
    ({"Workbook": b"x" * 100}, "this is an Excel .xls workbook, not a Word document"),
    ({"Contents": b"x"}, "OLE2 file without a WordDocument stream: not a Word document"),
])
def test_other_compound_files(streams: dict[str, bytes], error: str) -> None:
    _, raw = read_bytes(build_cfb(streams), "x.doc")
    assert (raw.status, raw.format, raw.error) == ("error", "doc", error)


@pytest.mark.parametrize("damage", ["truncated", "zero_fat", "header", "no_clx", "magic_only"])
def test_corrupt_ole2_is_an_error(sample_doc: bytes, damage: str) -> None:
    data = bytearray(sample_doc)
    if damage == "truncated":
        data = data[:2048]
    elif damage == "zero_fat":
        data[512:1024] = b"\x00" * 512  # every chain now points at sector 0
    elif damage == "header":
        data[28:30] = b"\x00\x00"  # byte order mark
    elif damage == "no_clx":
        data = bytearray(build_doc([Piece("x\r")]))
        word_start = data.find(struct.pack("<H", 0xA5EC) + struct.pack("<H", 0xC1))
        struct.pack_into("<II", data, word_start + 154 + 8 * 33, 0, 0)
    else:
        data = bytearray(OLE2_MAGIC + b"\x00" * 504)
    _, raw = read_bytes(bytes(data), "broken.doc")
    assert raw.status == "error"
    assert raw.format == "doc"
    assert raw.error.startswith("corrupt .doc: ")
    assert "\n" not in raw.error and raw.text == ""
    assert not any(w in raw.error for w in ("Error", "unpack", "requires a buffer", "index"))


def test_encrypted_docx_is_still_detected() -> None:
    data = build_cfb({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\x00" * 60,
                      "EncryptedPackage": b"\x00" * 200})
    assert detect_filetype(data, "plan.docx") == "encrypted_office"
    _, raw = read_bytes(data, "plan.docx")
    assert (raw.status, raw.format) == ("error", "encrypted_office")


# ---------------------------------------------------------------------------------------
# The real resolution (../shared/realdocs)
# ---------------------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.skipif(not REAL_DOC.exists(), reason=f"{REAL_DOC} is absent")
class TestRealDoc:
    def test_reads_the_resolution(self) -> None:
        _, raw = read(REAL_DOC)
        assert raw.status == "ok", raw.error
        assert raw.format == "doc"
        assert raw.title == "NGHỊ QUYẾT"
        assert 15_000 < len(raw.text) < 16_000
        for phrase in ("Số: 99/2025/NQ-HĐND | Quảng Ninh, ngày 16 tháng 12 năm 2025",
                       "Hội đồng nhân dân",
                       "- Xây dựng văn bản cấp tỉnh: 3.000.000 đồng/văn bản;",
                       "- Chủ trì cuộc họp: 500.000 đồng/người/buổi;",
                       "1. Ủy ban nhân dân tỉnh tổ chức triển khai thực hiện Nghị quyết.",
                       "Nghị quyết này có hiệu lực từ ngày 26 tháng 12 năm 2025."):
            assert phrase in raw.text, phrase
        assert not _LEFTOVER_CONTROLS.search(raw.text)
        assert "\r" not in raw.text and "\x07" not in raw.text

    def test_tables(self) -> None:
        _, raw = read(REAL_DOC)
        cells = [[[raw.text[s:e] for s, e in row] for row in table] for table in raw.tables]
        assert len(cells) == 2  # the letterhead and the signature block
        assert cells[0][1] == ["Số: 99/2025/NQ-HĐND", "Quảng Ninh, ngày 16 tháng 12 năm 2025"]
        assert cells[0][0][0].startswith("HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NINH")
        assert cells[1][0][1] == "CHỦ TỊCH Trịnh Thị Minh Thanh"

    def test_pipeline_finds_money_in_vnd(self) -> None:
        from extractors.pipeline import extract_file

        ex = extract_file(REAL_DOC)
        assert ex.document.status == "ok"
        assert ex.document.format == "doc"
        assert ex.document.language == "vi"
        money = [m for m in ex.mentions if m.label == "MONEY"]
        assert len(money) >= 40
        assert all(m.unit == "VND" for m in money)
        assert any(m.value == 3_000_000 and m.text.startswith("3.000.000 đồng") for m in money)
        rows = [r for r in ex.rows if r.unit == "VND"]
        assert rows and all(r.value and r.value >= 1000 for r in rows)
        assert any("Ủy ban nhân dân tỉnh tổ chức triển khai" in r.sentence for r in ex.rows)
