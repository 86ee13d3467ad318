"""The workbook's zip container, with its large parts deflated on several threads.

XlsxWriter puts each part of the package (the sheets' XML, styles, the workbook) into a zip
with ``zipfile``: one thread deflating at level 6. A review workbook of 10,000 documents
holds 760 MB of sheet XML, and deflating it took 10 s of the run's serial tail.
``Workbook`` here is XlsxWriter's own, packaged the same way, but written by ``write_zip``:
a part of more than ``CHUNK`` bytes is cut into chunks that threads deflate at once (zlib
lets go of the GIL), each ended by a sync flush so the pieces make one deflate stream, as
pigz does. The chunks are fixed in size, so the file is the same for any number of threads.
Its worksheets (``Worksheet``) copy their constant-memory row file into the sheet's XML as
bytes, where XlsxWriter decodes and encodes it again.
"""
from __future__ import annotations

import os
import shutil
import struct
import zlib
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from zipfile import LargeZipFile

import xlsxwriter
from xlsxwriter.worksheet import Worksheet as _XlsxWorksheet

CHUNK = 4 << 20  # bytes of a part deflated by one thread at a time
LEVEL = 6  # zipfile's default, which XlsxWriter used
LIMIT = 0xFFFFFFFF  # a zip without its 64-bit extension: no part or offset past 4 GB
# Every part dated as XlsxWriter dates its temporary files (31 January 1980), and
# read-write for its owner.
DOS_TIME, DOS_DATE = 0, ((1980 - 1980) << 9) | (1 << 5) | 31
EXTERNAL_ATTR = (0o100600 & 0xFFFF) << 16
VERSION = 20  # 2.0: deflate
MADE_BY = (3 << 8) | VERSION  # Unix


class ZipTooLarge(LargeZipFile):
    """A part or the whole file past what a zip without its 64-bit extension holds
    (``Workbook.close`` says so as XlsxWriter does: ``FileSizeError``)."""


def _deflate(chunk: bytes, last: bool) -> bytes:
    c = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return c.compress(chunk) + c.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


def _chunks(path: Path) -> Iterator[tuple[bytes, bool]]:
    """The file's bytes in ``CHUNK``s, each with whether it is the last."""
    with open(path, "rb") as f:
        chunk = f.read(CHUNK)
        while True:
            following = f.read(CHUNK)
            yield chunk, not following
            if not following:
                return
            chunk = following


def _deflated(path: Path, pool: ThreadPoolExecutor, ahead: int) -> Iterator[tuple[bytes, bytes]]:
    """(raw chunk, deflated chunk) in order, ``ahead`` chunks deflating at once."""
    waiting: deque = deque()
    for chunk, last in _chunks(path):
        waiting.append((chunk, pool.submit(_deflate, chunk, last)))
        if len(waiting) >= ahead:
            raw, done = waiting.popleft()
            yield raw, done.result()
    while waiting:
        raw, done = waiting.popleft()
        yield raw, done.result()


def _flags(name: bytes) -> int:
    return 0 if name.isascii() else 0x800  # bit 11: the name is UTF-8


def _local_header(name: bytes, crc: int, packed: int, size: int) -> bytes:
    return struct.pack("<IHHHHHIIIHH", 0x04034B50, VERSION, _flags(name), zlib.DEFLATED, DOS_TIME,
                       DOS_DATE, crc, packed, size, len(name), 0) + name


def _central_entry(name: bytes, crc: int, packed: int, size: int, offset: int) -> bytes:
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, MADE_BY, VERSION, _flags(name), zlib.DEFLATED,
                       DOS_TIME, DOS_DATE, crc, packed, size, len(name), 0, 0, 0, 0,
                       EXTERNAL_ATTR, offset) + name


def write_zip(target: str | os.PathLike, parts: Sequence[tuple[str, str | os.PathLike]],
              threads: int | None = None) -> None:
    """A zip at ``target`` holding each (name in the zip, file) of ``parts`` deflated, in
    order. A part's header is written before its data and filled in after it."""
    threads = threads or min(4, os.cpu_count() or 1)
    central: list[bytes] = []
    with open(target, "wb") as out, ThreadPoolExecutor(threads) as pool:
        for arcname, path in parts:
            name = arcname.encode("utf-8")
            offset = out.tell()
            out.write(_local_header(name, 0, 0, 0))
            crc = packed = size = 0
            for raw, deflated in _deflated(Path(path), pool, 2 * threads):
                crc = zlib.crc32(raw, crc)
                size += len(raw)
                packed += len(deflated)
                out.write(deflated)
            end = out.tell()
            if max(size, packed, end) > LIMIT:
                raise ZipTooLarge(f"{arcname}: {size:,} bytes, past the 4 GB of a zip without ZIP64")
            out.seek(offset)
            out.write(_local_header(name, crc, packed, size))
            out.seek(end)
            central.append(_central_entry(name, crc, packed, size, offset))
        start = out.tell()
        directory = b"".join(central)
        out.write(directory)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                              len(directory), start, 0))


class Worksheet(_XlsxWorksheet):
    """XlsxWriter's worksheet, its constant-memory rows copied into the sheet's XML file
    byte for byte. XlsxWriter reads the row file as text and writes it out again: 760 MB
    of rows for 10,000 documents were decoded and encoded once more (3 s of the serial
    tail). The bytes are the same either way, both files being UTF-8."""

    def _write_optimized_sheet_data(self) -> None:
        if self.dim_rowmin is None or self.row_data_fh is None:
            return super()._write_optimized_sheet_data()
        self._xml_start_tag("sheetData")
        self.row_data_fh.flush()
        self.fh.flush()
        with open(self.row_data_filename, "rb") as rows:
            shutil.copyfileobj(rows, self.fh.buffer, 1 << 20)
        self.row_data_fh.close()
        os.unlink(self.row_data_filename)
        self._xml_end_tag("sheetData")
        return None


class Workbook(xlsxwriter.Workbook):
    """XlsxWriter's workbook, its package written by ``write_zip``, its sheets ``Worksheet``s.
    The steps before the zip are XlsxWriter 3's ``_store_workbook`` (pinned below 4;
    ``tests/io/test_xlsx_zip.py`` checks the file against XlsxWriter's own)."""

    worksheet_class = Worksheet

    def _store_workbook(self) -> None:
        if self.in_memory or self.allow_zip64:  # parts not in files, or past 4 GB: XlsxWriter's road
            return super()._store_workbook()
        packager = self._get_packager()
        if not self.worksheets():
            self.add_worksheet()
        if self.worksheet_meta.activesheet == 0:
            self.worksheets_objs[0].selected = 1
            self.worksheets_objs[0].hidden = 0
        for sheet in self.worksheets():
            if sheet.index == self.worksheet_meta.activesheet:
                sheet.active = 1
        if self.vba_project:
            for sheet in self.worksheets():
                if sheet.vba_codename is None:
                    sheet.set_vba_name()
        self._prepare_sst_string_data()
        self._prepare_vml()
        self._prepare_defined_names()
        self._prepare_drawings()
        self._add_chart_data()
        self._prepare_tables()
        self._prepare_metadata()
        packager._add_workbook(self)
        packager._set_tmpdir(self.tmpdir)
        packager._set_in_memory(False)
        files = packager._create_package()
        try:
            write_zip(self.filename, [(xml_name, os_name) for os_name, xml_name, _binary in files])
        finally:
            for os_name, _xml_name, _binary in files:
                Path(os_name).unlink(missing_ok=True)
        return None
