"""The workbook's zip, deflated on threads: the same parts as XlsxWriter's own, any reader opens it."""
import random
import zipfile
from datetime import datetime

import pytest
import xlsxwriter
from openpyxl import load_workbook

from extractors.io import xlsx_zip
from extractors.io.xlsx_zip import Workbook, write_zip


def _xml_like(n_bytes: int, seed: int) -> bytes:
    rng = random.Random(seed)
    words = ["<row r=\"%d\">" % i + "".join(f'<c r="A{i}" t="s"><v>{rng.randrange(10**6)}</v></c>'
                                            for _ in range(rng.randrange(1, 9))) + "</row>"
             for i in range(n_bytes // 40)]
    return "".join(words).encode()[:n_bytes]


def test_parts_read_back_whole_and_the_file_is_the_same_on_any_number_of_threads(tmp_path):
    parts = {"big/sheet1.xml": _xml_like(3 * xlsx_zip.CHUNK + 12345, 1),
             "exact.xml": _xml_like(xlsx_zip.CHUNK, 2),
             "small.xml": b"<a>tiny</a>", "empty.xml": b"", "docs/naïve.xml": "ĐẢNG ٪".encode()}
    for name, data in parts.items():
        (tmp_path / name.replace("/", "_")).write_bytes(data)
    listed = [(name, tmp_path / name.replace("/", "_")) for name in parts]
    write_zip(tmp_path / "one.zip", listed, threads=1)
    write_zip(tmp_path / "four.zip", listed, threads=4)
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "four.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "four.zip") as z:
        assert z.testzip() is None
        assert [i.filename for i in z.infolist()] == list(parts)
        for name, data in parts.items():
            assert z.read(name) == data, name
        big = z.getinfo("big/sheet1.xml")
        assert big.compress_type == zipfile.ZIP_DEFLATED and big.compress_size < big.file_size // 2


def _same_calls(wb) -> None:
    wb.set_properties({"title": "review", "created": datetime(2026, 1, 2, 3, 4, 5)})
    ws = wb.add_worksheet("targets")
    bold = wb.add_format({"bold": True, "num_format": "0.0%"})
    ws.write_row(0, 0, ["target_id", "sentence", "value"], bold)
    for r in range(1, 3000):
        ws.write_row(r, 0, [f"t{r}", f"Tăng trưởng {r % 13}% mỗi năm, đến 2030", r / 7])
    ws.data_validation(1, 2, 2999, 2, {"validate": "list", "source": ["a", "b"]})
    wb.add_worksheet("documents").write(0, 0, "doc_id")


def test_workbook_holds_the_parts_xlsxwriter_writes(tmp_path):
    ours = Workbook(str(tmp_path / "ours.xlsx"), {"constant_memory": True, "tmpdir": str(tmp_path)})
    theirs = xlsxwriter.Workbook(str(tmp_path / "theirs.xlsx"), {"constant_memory": True,
                                                                 "tmpdir": str(tmp_path)})
    for wb in (ours, theirs):
        _same_calls(wb)
        wb.close()
    with zipfile.ZipFile(tmp_path / "ours.xlsx") as a, zipfile.ZipFile(tmp_path / "theirs.xlsx") as b:
        assert a.namelist() == b.namelist()
        for name in b.namelist():
            assert a.read(name) == b.read(name), name
    sheet = load_workbook(tmp_path / "ours.xlsx", read_only=True)["targets"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("target_id", "sentence", "value") and rows[2999][0] == "t2999"
    assert not [p for p in tmp_path.iterdir() if p.suffix not in (".xlsx",)], "temporary parts left"


def test_a_part_past_4_gb_is_refused_as_xlsxwriter_refuses_it(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_zip, "LIMIT", 1000)
    wb = Workbook(str(tmp_path / "big.xlsx"), {"constant_memory": True, "tmpdir": str(tmp_path)})
    _same_calls(wb)
    with pytest.raises(xlsxwriter.exceptions.FileSizeError):
        wb.close()
