"""Legacy Word 97-2003 .doc reader, in pure Python: no dependency.

A .doc is an OLE2 compound file ([MS-CFB]) holding a ``WordDocument`` stream and a table
stream (``0Table`` or ``1Table``) ([MS-DOC]). The text is found through the piece table
(the CLX in the table stream, located by the FIB at the start of ``WordDocument``): each
piece maps a run of character positions (CPs) to UTF-16LE or "compressed" 8-bit text.

Only the main document story is read (headers, footers, footnotes, comments and text
boxes are other stories, as the DOCX reader also leaves them out). Paragraph properties
(PAPX) tell table cells from row ends, so tables come out as in the DOCX reader: one line
per row, cells joined by " | ", with cell spans in :attr:`RawDocument.tables`. Character
properties (CHPX) are read only to drop tracked deletions.
"""
from __future__ import annotations

import struct
from bisect import bisect_right
from dataclasses import dataclass

from extractors.io.damage import reason
from extractors.records import RawDocument
from extractors.text import TextBuilder, first_line, one_line, single_line

# ---------------------------------------------------------------------------------------
# OLE2 / Compound File Binary ([MS-CFB])
# ---------------------------------------------------------------------------------------

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAXREGSECT = 0xFFFFFFFA
_ENDOFCHAIN = 0xFFFFFFFE
_NOSTREAM = 0xFFFFFFFF
_DIR_ENTRY = 128
_STREAM, _ROOT = 2, 5


class DocError(Exception):
    """The file is damaged: the message says where (reported as "corrupt .doc: ...")."""


class NotReadable(DocError):
    """The file is sound but cannot be read as a .doc: the message is the whole reason."""


@dataclass(slots=True)
class _Entry:
    name: str
    kind: int
    left: int
    right: int
    child: int
    start: int
    size: int


class Cfb:
    """A minimal read-only compound file: the top-level streams of the root storage."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(OLE2_MAGIC):
            raise DocError("not an OLE2 compound file")
        (major, byte_order, sector_shift, mini_shift) = struct.unpack_from("<HHHH", data, 26)
        (n_fat, first_dir, _, self.cutoff, first_minifat, n_minifat, first_difat,
         n_difat) = struct.unpack_from("<8I", data, 44)
        if byte_order != 0xFFFE or (major, sector_shift) not in ((3, 9), (4, 12)) \
                or mini_shift != 6:
            raise DocError("bad OLE2 header")
        self.major = major
        self.sector_size = 1 << sector_shift
        # A last sector cut short by the writer still counts: pad it.
        pad = -len(data) % self.sector_size
        self.data = data + b"\x00" * pad if pad else data
        self.n_sectors = len(self.data) // self.sector_size - 1
        per_sector = self.sector_size // 4
        # The FAT's own sectors: 109 in the header, then a chain of DIFAT sectors.
        fat_sectors = list(struct.unpack_from("<109I", data, 76))
        sector, seen = first_difat, 0
        while sector < _MAXREGSECT and seen < min(n_difat, self.n_sectors):
            ids = struct.unpack_from(f"<{per_sector}I", self._sector(sector))
            fat_sectors.extend(ids[:-1])
            sector, seen = ids[-1], seen + 1
        fat_sectors = [s for s in fat_sectors if s < _MAXREGSECT][:max(n_fat, 1)]
        if not fat_sectors:
            raise DocError("OLE2 file without a FAT")
        fat_bytes = b"".join(self._sector(s) for s in fat_sectors)
        self.fat = struct.unpack(f"<{len(fat_bytes) // 4}I", fat_bytes)
        directory = self._chain_bytes(self.fat, first_dir, self._sector)
        self.entries = [self._entry(directory, off)
                        for off in range(0, len(directory) - _DIR_ENTRY + 1, _DIR_ENTRY)]
        if not self.entries or self.entries[0].kind != _ROOT:
            raise DocError("OLE2 file without a root entry")
        root = self.entries[0]
        self.ministream = self._chain_bytes(self.fat, root.start, self._sector)[:root.size]
        minifat_bytes = (self._chain_bytes(self.fat, first_minifat, self._sector)
                         if n_minifat and first_minifat < _MAXREGSECT else b"")
        self.minifat = struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes)
        self.streams = self._top_level_streams()

    def _sector(self, n: int) -> bytes:
        if n >= self.n_sectors:
            raise DocError(f"OLE2 sector {n} is past the end of the file")
        start = (n + 1) * self.sector_size
        return self.data[start:start + self.sector_size]

    def _mini_sector(self, n: int) -> bytes:
        start = n * 64
        if start >= len(self.ministream):
            raise DocError(f"OLE2 mini sector {n} is past the end of the mini stream")
        return self.ministream[start:start + 64]

    @staticmethod
    def _chain_bytes(fat: tuple[int, ...], start: int, read) -> bytes:
        parts: list[bytes] = []
        sector = start
        while sector != _ENDOFCHAIN:
            if sector >= len(fat) or sector > _MAXREGSECT:
                raise DocError("broken OLE2 sector chain")
            if len(parts) > len(fat):
                raise DocError("OLE2 sector chain loops")
            parts.append(read(sector))
            sector = fat[sector]
        return b"".join(parts)

    def _entry(self, directory: bytes, off: int) -> _Entry:
        name_len, kind = struct.unpack_from("<HB", directory, off + 64)
        left, right, child = struct.unpack_from("<3I", directory, off + 68)
        start, size = struct.unpack_from("<IQ", directory, off + 116)
        if self.major == 3:
            size &= 0xFFFFFFFF  # version 3 files may leave junk in the high half
        name = directory[off:off + min(name_len, 64)].decode("utf-16-le", "replace")
        return _Entry(name.rstrip("\x00"), kind, left, right, child, start, size)

    def _top_level_streams(self) -> dict[str, _Entry]:
        """Streams directly under the root (a red-black tree of siblings); embedded
        objects keep their own WordDocument streams in sub-storages, which are skipped."""
        out: dict[str, _Entry] = {}
        stack, seen = [self.entries[0].child], set()
        while stack:
            sid = stack.pop()
            if sid == _NOSTREAM or sid in seen:
                continue
            if sid >= len(self.entries):
                raise DocError("broken OLE2 directory")
            seen.add(sid)
            entry = self.entries[sid]
            if entry.kind == _STREAM:
                out.setdefault(entry.name, entry)
            stack += [entry.left, entry.right]
        return out

    def read(self, name: str) -> bytes | None:
        entry = self.streams.get(name)
        if entry is None:
            return None
        if entry.size < self.cutoff:
            data = self._chain_bytes(self.minifat, entry.start, self._mini_sector)
        else:
            data = self._chain_bytes(self.fat, entry.start, self._sector)
        if len(data) < entry.size:
            raise DocError(f"OLE2 stream {name} is truncated")
        return data[:entry.size]


# ---------------------------------------------------------------------------------------
# Word binary format ([MS-DOC])
# ---------------------------------------------------------------------------------------

_WIDENT = 0xA5EC
_F_WHICH_TBL_STM = 0x0200
_F_ENCRYPTED = 0x0100
_IDX_PLCF_BTE_CHPX, _IDX_PLCF_BTE_PAPX, _IDX_CLX = 12, 13, 33
FKP_SIZE = 512

# Paragraph and character sprms that matter here.
SPRM_P_IN_TABLE, SPRM_P_TTP, SPRM_P_ITAP = 0x2416, 0x2417, 0x6649
SPRM_P_HUGE_PAPX = 0x6646
SPRM_P_CHG_TABS, SPRM_T_DEF_TABLE = 0xC615, 0xD608
SPRM_C_RMARK_DEL = 0x0800
_SPRA_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}

# "Compressed" 8-bit text is Latin-1 except for these bytes ([MS-DOC] 2.9.73).
_COMPRESSED_MAP = {
    0x82: "\u201a", 0x83: "\u0192", 0x84: "\u201e", 0x85: "\u2026", 0x86: "\u2020",
    0x87: "\u2021", 0x88: "\u02c6", 0x89: "\u2030", 0x8A: "\u0160", 0x8B: "\u2039",
    0x8C: "\u0152", 0x91: "\u2018", 0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d",
    0x95: "\u2022", 0x96: "\u2013", 0x97: "\u2014", 0x98: "\u02dc", 0x99: "\u2122",
    0x9A: "\u0161", 0x9B: "\u203a", 0x9C: "\u0153", 0x9F: "\u0178",
}
_COMPRESSED_TABLE = str.maketrans({chr(b): u for b, u in _COMPRESSED_MAP.items()})

PARA_END, CELL_MARK = "\r", "\x07"
FIELD_BEGIN, FIELD_SEP, FIELD_END = "\x13", "\x14", "\x15"
# Characters with a meaning in Word's text stream: line breaks, hyphens; every other
# control (object anchors \x01 and \x08, footnote and comment references...) is dropped.
_CHAR_MAP = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x0e": "\n", "\x1e": "-",
                           "\x1f": "", "\x01": "", "\x02": "", "\x03": "", "\x04": "",
                           "\x05": "", "\x08": ""})


def decode_compressed(raw: bytes) -> str:
    """8-bit piece text as [MS-DOC] defines it (not quite cp1252: 0x80 is not "€")."""
    return raw.decode("latin-1").translate(_COMPRESSED_TABLE)


def iter_sprms(grpprl: bytes):
    """(sprm, operand) pairs of a property list; stops at a truncated one."""
    pos, end = 0, len(grpprl)
    while pos + 2 <= end:
        sprm = grpprl[pos] | grpprl[pos + 1] << 8
        pos += 2
        spra = sprm >> 13
        if spra != 6:
            size = _SPRA_SIZE[spra]
        elif sprm == SPRM_T_DEF_TABLE:
            if pos + 2 > end:
                return
            size = (grpprl[pos] | grpprl[pos + 1] << 8) + 1  # the 2-byte count included
        elif sprm == SPRM_P_CHG_TABS and pos < end and grpprl[pos] == 255:
            # Too long for a 1-byte count: deleted tabs (4 bytes each), added (3 each).
            n_del = grpprl[pos + 1] if pos + 1 < end else 0
            after_del = pos + 2 + 4 * n_del
            n_add = grpprl[after_del] if after_del < end else 0
            size = after_del + 1 + 3 * n_add - pos
        else:
            if pos >= end:
                return
            size = grpprl[pos] + 1  # the count byte included
        if pos + size > end:
            return
        yield sprm, grpprl[pos:pos + size]
        pos += size


@dataclass(frozen=True, slots=True)
class ParaProps:
    in_table: bool = False
    row_end: bool = False  # the paragraph mark ends a table row (a TTP)
    depth: int = 0  # table nesting level (itap)


_NO_PROPS = ParaProps()


class _Runs:
    """Properties by file offset (FC): runs [start, end) from FKP pages, for lookups."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.values: list = []

    def add(self, start: int, end: int, value) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.values.append(value)

    def finish(self) -> _Runs:
        order = sorted(range(len(self.starts)), key=self.starts.__getitem__)
        self.starts = [self.starts[i] for i in order]
        self.ends = [self.ends[i] for i in order]
        self.values = [self.values[i] for i in order]
        return self

    def at(self, fc: int, default=None):
        i = bisect_right(self.starts, fc) - 1
        if i >= 0 and fc < self.ends[i]:
            return self.values[i]
        return default


@dataclass(slots=True)
class _Piece:
    cp_start: int
    cp_end: int
    fc: int  # byte offset of the piece's first character in WordDocument
    compressed: bool
    grpprl: bytes  # properties the piece itself applies (Prm), usually none


class WordFile:
    """The FIB, the piece table and the FKPs of a Word 97-2003 document."""

    def __init__(self, cfb: Cfb) -> None:
        word = cfb.read("WordDocument")
        if word is None:
            raise NotReadable(_not_word_reason(cfb))
        self.word = word
        if len(word) < 68:
            raise DocError("WordDocument stream is too short for a FIB")
        ident, nfib = struct.unpack_from("<HH", word, 0)
        flags = struct.unpack_from("<H", word, 10)[0]
        if ident != _WIDENT:
            raise DocError("WordDocument stream has no Word FIB")
        if nfib < 101:
            raise NotReadable(f"Word 2.0 or older .doc (nFib {nfib}) is not supported; "
                              "save it as .docx")
        if nfib < 106:
            raise NotReadable("Word 6.0/95 .doc is not supported; save it as .docx")
        if flags & _F_ENCRYPTED:
            raise EncryptedDoc
        table_name = "1Table" if flags & _F_WHICH_TBL_STM else "0Table"
        table = cfb.read(table_name)
        if table is None:
            raise DocError(f"the {table_name} stream is missing")
        self.table = table
        # Only "huge" paragraph properties live in the Data stream: never fatal.
        self.data_stream = _try(lambda: cfb.read("Data")) or b""
        self._parse_fib()

    def _parse_fib(self) -> None:
        word = self.word
        pos = 32
        csw = struct.unpack_from("<H", word, pos)[0]
        pos += 2 + 2 * csw
        cslw = struct.unpack_from("<H", word, pos)[0]
        rg_lw = pos + 2
        pos = rg_lw + 4 * cslw
        cb_rg_fc_lcb = struct.unpack_from("<H", word, pos)[0]
        self._fc_lcb = pos + 2
        if cslw < 4 or cb_rg_fc_lcb <= _IDX_CLX:
            raise DocError("FIB too short (no piece table)")
        self.ccp_text = struct.unpack_from("<i", word, rg_lw + 12)[0]

    def fc_lcb(self, index: int) -> tuple[int, int]:
        return struct.unpack_from("<II", self.word, self._fc_lcb + 8 * index)

    # The piece table ---------------------------------------------------------------

    def pieces(self) -> list[_Piece]:
        fc, lcb = self.fc_lcb(_IDX_CLX)
        clx = self.table[fc:fc + lcb]
        if not lcb or len(clx) < lcb:
            raise DocError("the piece table (CLX) is missing or cut short")
        prcs: list[bytes] = []
        pos = 0
        while pos < len(clx) and clx[pos] == 0x01:  # Prc: grpprls that pieces refer to
            size = struct.unpack_from("<h", clx, pos + 1)[0]
            prcs.append(clx[pos + 3:pos + 3 + size])
            pos += 3 + max(size, 0)
        if pos >= len(clx) or clx[pos] != 0x02:
            raise DocError("the piece table (CLX) has no Pcdt")
        lcb_plc = struct.unpack_from("<I", clx, pos + 1)[0]
        plc = clx[pos + 5:pos + 5 + lcb_plc]
        if len(plc) < lcb_plc or (lcb_plc - 4) % 12:
            raise DocError("the piece table (PlcPcd) is malformed")
        n = (lcb_plc - 4) // 12
        cps = struct.unpack_from(f"<{n + 1}I", plc)
        out: list[_Piece] = []
        for i in range(n):
            _, fc_raw, prm = struct.unpack_from("<HIH", plc, 4 * (n + 1) + 8 * i)
            grpprl = prcs[prm >> 1] if prm & 1 and (prm >> 1) < len(prcs) else b""
            compressed = bool(fc_raw & 0x40000000)
            fc = fc_raw & 0x3FFFFFFF
            out.append(_Piece(cps[i], cps[i + 1], fc // 2 if compressed else fc, compressed,
                              grpprl))
        return out

    def piece_text(self, piece: _Piece) -> str:
        count = max(piece.cp_end - piece.cp_start, 0)
        if piece.compressed:
            raw = self.word[piece.fc:piece.fc + count]
            if len(raw) < count:
                raise DocError("piece text is past the end of the WordDocument stream")
            return decode_compressed(raw)
        raw = self.word[piece.fc:piece.fc + 2 * count]
        if len(raw) < 2 * count:
            raise DocError("piece text is past the end of the WordDocument stream")
        return raw.decode("utf-16-le", "replace")

    # Formatted disk pages (FKPs) ---------------------------------------------------

    def _fkp_pages(self, index: int) -> list[bytes]:
        fc, lcb = self.fc_lcb(index)
        plc = self.table[fc:fc + lcb]
        if not lcb or len(plc) < lcb or (lcb - 4) % 8:
            raise DocError("bin table (PlcBte) is missing or malformed")
        n = (lcb - 4) // 8
        pns = struct.unpack_from(f"<{n}I", plc, 4 * (n + 1))
        pages = []
        for pn in pns:
            page = self.word[(pn & 0x3FFFFF) * FKP_SIZE:((pn & 0x3FFFFF) + 1) * FKP_SIZE]
            if len(page) < FKP_SIZE:
                raise DocError("FKP page is past the end of the WordDocument stream")
            pages.append(page)
        return pages

    def _huge_papx(self, operand: bytes) -> bytes:
        offset = struct.unpack_from("<I", operand)[0]
        if offset + 2 > len(self.data_stream):
            return b""
        size = struct.unpack_from("<H", self.data_stream, offset)[0]
        return self.data_stream[offset + 2:offset + 2 + size]

    def para_props(self, grpprl: bytes, base: ParaProps = _NO_PROPS,
                   follow_huge: bool = True) -> ParaProps:
        in_table, row_end, depth = base.in_table, base.row_end, base.depth
        for sprm, operand in iter_sprms(grpprl):
            if sprm == SPRM_P_IN_TABLE:
                in_table = bool(operand[0])
            elif sprm == SPRM_P_TTP:
                row_end = bool(operand[0])
            elif sprm == SPRM_P_ITAP:
                depth = struct.unpack_from("<i", operand)[0]
            elif sprm == SPRM_P_HUGE_PAPX and follow_huge:
                huge = self.para_props(self._huge_papx(operand), follow_huge=False)
                in_table, row_end = in_table or huge.in_table, row_end or huge.row_end
                depth = max(depth, huge.depth)
        if in_table and not depth:
            depth = 1
        return ParaProps(in_table or depth > 0, row_end, depth)

    def paragraph_runs(self) -> _Runs:
        runs = _Runs()
        for page in self._fkp_pages(_IDX_PLCF_BTE_PAPX):
            crun = page[511]
            rgfc = struct.unpack_from(f"<{crun + 1}I", page)
            for i in range(crun):
                b_offset = page[4 * (crun + 1) + 13 * i]
                props = _NO_PROPS
                if b_offset:
                    at = 2 * b_offset
                    cb = page[at]
                    if cb:
                        grpprl = page[at + 1:at + 2 * cb]
                    else:
                        grpprl = page[at + 2:at + 2 + 2 * page[at + 1]]
                    props = self.para_props(grpprl[2:])  # after the style index (istd)
                runs.add(rgfc[i], rgfc[i + 1], props)
        return runs.finish()

    def deleted_runs(self) -> _Runs:
        """FC runs of characters marked as deleted by tracked changes."""
        runs = _Runs()
        for page in self._fkp_pages(_IDX_PLCF_BTE_CHPX):
            crun = page[511]
            rgfc = struct.unpack_from(f"<{crun + 1}I", page)
            for i in range(crun):
                offset = 2 * page[4 * (crun + 1) + i]
                if not offset:
                    continue
                grpprl = page[offset + 1:offset + 1 + page[offset]]
                for sprm, operand in iter_sprms(grpprl):
                    # A toggle: 1 or 0x81 ("the opposite of the style", which never sets
                    # it) mean deleted.
                    if sprm == SPRM_C_RMARK_DEL and operand[0] in (1, 0x81):
                        runs.add(rgfc[i], rgfc[i + 1], True)
        return runs.finish()


class EncryptedDoc(NotReadable):
    def __init__(self) -> None:
        super().__init__("encrypted .doc: a password is needed")


def _not_word_reason(cfb: Cfb) -> str:
    names = set(cfb.streams)
    if "EncryptedPackage" in names:
        return "password-protected Office document: remove the password and save it as .docx"
    if names & {"Workbook", "Book"}:
        return "this is an Excel .xls workbook, not a Word document"
    if "PowerPoint Document" in names:
        return "this is a PowerPoint .ppt presentation, not a Word document"
    return "OLE2 file without a WordDocument stream: not a Word document"


# ---------------------------------------------------------------------------------------
# From Word's character stream to text and tables
# ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Para:
    text: str
    mark: str  # PARA_END or CELL_MARK ("" for text after the last mark)
    props: ParaProps


def _paragraphs(doc: WordFile, with_props: bool) -> list[_Para]:
    """The main story cut into paragraphs at \\r and \\x07, fields resolved, tracked
    deletions dropped, each paragraph with the properties of its mark."""
    pieces = doc.pieces()
    limit = doc.ccp_text if 0 < doc.ccp_text <= (pieces[-1].cp_end if pieces else 0) else None
    para_runs = doc.paragraph_runs() if with_props else _Runs()
    deleted = _try(doc.deleted_runs) or _Runs()
    out: list[_Para] = []
    buf: list[str] = []
    fields: list[bool] = []  # per open field: True once in its result part
    for piece in pieces:
        if limit is not None and piece.cp_start >= limit:
            break
        text = doc.piece_text(piece)
        if limit is not None and piece.cp_end > limit:
            text = text[:limit - piece.cp_start]
        step = 1 if piece.compressed else 2
        piece_props = doc.para_props(piece.grpprl) if piece.grpprl else None
        for i, ch in enumerate(text):
            fc = piece.fc + i * step
            if ch == FIELD_BEGIN:
                fields.append(False)
                continue
            if ch == FIELD_SEP:
                if fields:
                    fields[-1] = True
                continue
            if ch == FIELD_END:
                if fields:
                    fields.pop()
                continue
            if (ch == CELL_MARK or ch == PARA_END) and not all(fields):
                # A field instruction never spans paragraphs: one still open at a mark
                # is unbalanced, and must not swallow the rest of the document.
                fields = [f for f in fields if f]
            if not all(fields):
                continue  # a field instruction: dropped
            if ch == CELL_MARK or ch == PARA_END:
                if ch == PARA_END and deleted.starts and deleted.at(fc, False):
                    continue  # a deleted paragraph mark joins two paragraphs
                props = para_runs.at(fc, _NO_PROPS)
                if piece_props is not None:
                    props = doc.para_props(piece.grpprl, props)
                out.append(_Para("".join(buf), ch, props))
                buf = []
            elif not (deleted.starts and deleted.at(fc, False)):
                buf.append(ch)
    if buf:
        out.append(_Para("".join(buf), "", _NO_PROPS))
    return out


def _try(func):
    try:
        return func()
    except (DocError, struct.error, IndexError, KeyError):
        return None


def _clean(text: str) -> str:
    return text.translate(_CHAR_MAP)


def build_text(paras: list[_Para], with_tables: bool) -> tuple[str, list, str]:
    """Paragraphs one per block; table rows one per line with " | " between cells.

    Also returns the first non-empty paragraph outside tables (the title, as the DOCX
    reader takes it: the letterhead table above "NGHỊ QUYẾT" is not the title)."""
    builder = TextBuilder()
    first_paragraph = ""
    rows: list[list[str]] = []  # the table being read
    cells: list[str] = []  # the row being read
    cell: list[str] = []  # paragraphs of the cell being read

    def flush_table() -> None:
        nonlocal rows, cells, cell
        if cell or cells:  # a row without its end mark (a cut table): keep it
            rows.append(cells + (["\n".join(cell)] if cell else []))
        if rows:
            builder.add_table(rows)
        rows, cells, cell = [], [], []

    for para in paras:
        text = _clean(para.text)
        if not with_tables:
            builder.add_text(single_line(text) if para.mark == CELL_MARK else text)
            first_paragraph = first_paragraph or first_line(single_line(text))
            continue
        if para.mark == CELL_MARK and para.props.row_end:
            if cell:  # text before a row-end mark (not Word's way): it is a last cell
                cells.append("\n".join(cell))
            rows.append(cells)
            cells, cell = [], []
        elif para.mark == CELL_MARK:
            cell.append(text)
            cells.append("\n".join(cell))
            cell = []
        elif para.props.in_table or cells or cell:
            cell.append(text)  # a paragraph inside a cell (or a nested table's)
        else:
            flush_table()
            builder.add_text(text)
            first_paragraph = first_paragraph or first_line(single_line(text))
    flush_table()
    text, tables = builder.build()
    return text, tables, first_paragraph


def read_doc(data: bytes) -> RawDocument:
    """Read a Word 97-2003 .doc: paragraphs one per line, table rows one per line."""
    try:
        doc = WordFile(Cfb(data))
        try:
            paras = _paragraphs(doc, with_props=True)
            with_tables = True
        except (DocError, struct.error, IndexError, KeyError):
            # Paragraph properties unreadable: the text alone, every cell on its own line.
            paras = _paragraphs(doc, with_props=False)
            with_tables = False
        text, tables, first_paragraph = build_text(paras, with_tables)
    except NotReadable as exc:
        return RawDocument(text="", format="doc", status="error", error=one_line(str(exc)))
    except DocError as exc:
        return RawDocument(text="", format="doc", status="error",
                           error=one_line(f"corrupt .doc: {exc}"))
    except (struct.error, IndexError, KeyError, ValueError) as exc:
        # One plain reason; what struct or the index said goes to the debug log.
        return RawDocument(text="", format="doc", status="error", error=reason(".doc", exc))
    if not text.strip():
        return RawDocument(text="", format="doc", status="empty",
                           error="no text: the document body is empty")
    return RawDocument(text=text, format="doc", tables=tables,
                       title=first_paragraph or first_line(text))
