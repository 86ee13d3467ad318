"""review.xlsx: sheets, layout, drop-downs, the value shown in the sentence, number formats,
printing, rows past Excel's limit, and inert text."""
import csv
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from extractors.io.runfolder import write_dataset
from extractors.io.workbook import (FRONT_COLUMNS, ID_COLUMNS, read_review_table, sentence_shown,
                                    target_columns, write_review)
from extractors.review import import_review
from extractors.records import COLUMNS, COMPARATORS, FREQUENCIES, KINDS, REVIEW_STATUSES, Document, Row
from extractors.schema import EDITABLE, body_types, indicator_codes

INJECTIONS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)",
              "\tcmd", "\r=1"]


def _row(tid="t1", **kw):
    base = dict(target_id=tid, doc_id="d1", language="en", kind="target",
                sentence="Growth of 11–12% a year.", start=100, end=124, value_start=110,
                value_end=116, value=11.0, value_max=12.0, unit="percent", comparator="range",
                frequency="annual")
    base.update(kw)
    return Row(**base)


@pytest.fixture
def workbook(tmp_path):
    docs = [Document(doc_id="d1", source="a.txt", format="txt", language="en", n_chars=300,
                     title=INJECTIONS[0])]
    rows = [_row(), *[_row(f"x{i}", sentence=s, start=0, end=len(s), value_start=None,
                           value_end=None, responsible=s) for i, s in enumerate(INJECTIONS)]]
    write_dataset(tmp_path, docs, rows, [])
    return tmp_path


def test_sheets_columns_and_layout(workbook):
    wb = load_workbook(workbook / "review.xlsx")
    assert wb.sheetnames == ["targets", "documents", "vocabularies", "_original"]
    ws = wb["targets"]
    header = [c.value for c in ws[1]]
    assert header == target_columns(COLUMNS["targets"]) and sorted(header) == sorted(COLUMNS["targets"])
    # the sentence, then the decisions, then the rest; ids and offsets last
    assert header[:12] == ["sentence", "review_status", "kind", "value", "value_max", "unit",
                           "comparator", "period_start", "period_end", "deadline", "responsible",
                           "indicator"] == list(FRONT_COLUMNS[:12])
    assert header[-len(ID_COLUMNS):] == list(ID_COLUMNS)
    assert [c.value for c in wb["documents"][1]] == list(COLUMNS["documents"])
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    assert round(ws.column_dimensions["A"].width) in (80, 81)  # XlsxWriter adds its padding
    hidden = {i for d in ws.column_dimensions.values() if d.hidden and d.outlineLevel == 1
              for i in range(d.min, d.max + 1)}
    assert hidden == {header.index(name) + 1 for name in ID_COLUMNS}  # grouped and hidden
    assert not ws.column_dimensions["D"].hidden
    # printed landscape, one page wide, the header on every page
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)  # 1 is the default
    assert ws.print_title_rows.replace("$", "") == "1:1"
    assert wb["_original"].sheet_state == "veryHidden"
    # the hidden sheet keeps what a reviewer may change, as written
    assert [c.value for c in wb["_original"][1]] == ["target_id", *EDITABLE]
    assert wb["_original"].cell(2, 1).value == "t1" and wb["_original"].max_row == ws.max_row


def test_numbers_are_never_scientific_and_rows_show_the_sentence(tmp_path):
    long = "The province will " + "keep developing the economy and society, " * 40 + "reach 7% growth."
    rows = [_row("big", value=30_000_000_000_000.0, value_max=None, unit="VND", comparator="eq"),
            _row("dec", value=7.25, value_max=None),
            _row("long", sentence=long, start=0, end=len(long), value_start=len(long) - 16,
                 value_end=len(long) - 14)]
    write_review(tmp_path / "r.xlsx", rows, [])
    ws = load_workbook(tmp_path / "r.xlsx")["targets"]
    header = [c.value for c in ws[1]]
    value = header.index("value") + 1
    assert (ws.cell(2, value).value, ws.cell(2, value).number_format) == (30_000_000_000_000, "#,##0")
    assert (ws.cell(3, value).value, ws.cell(3, value).number_format) == (7.25, "#,##0.######")
    assert ws.cell(2, header.index("start") + 1).number_format == "0"
    assert ws.cell(4, 1).alignment.wrap_text
    assert ws.row_dimensions[4].height >= 15 * 18  # tall enough for its ~1,700 characters


def test_a_sentence_taller_than_a_row_is_cut_around_its_value():
    sentence = "Word " * 3000 + "growth of 12% by 2030 " + "more " * 1000
    i = sentence.index("12%")
    shown, span = sentence_shown(sentence, 100, 100 + i, 100 + i + 3)
    assert shown.startswith("… ") and shown.endswith(" …") and len(shown) < 3000
    assert shown[span[0]:span[1]] == "12%"
    assert sentence_shown("Short 5%.", 0, 6, 8) == ("Short 5%.", (6, 8))


def test_a_long_sentence_shown_cut_imports_as_unchanged(tmp_path):
    from .conftest import run_library

    src = tmp_path / "in"
    src.mkdir()
    # taller than Excel's tallest row (~2,480 characters) yet one sentence (under 3,000)
    long = ("The Provincial Party Committee resolved that " + "the economy and society shall develop, " * 65
            + "and exports will exceed 33 million USD by 2030.\n")
    (src / "long.txt").write_text(long, encoding="utf-8")
    out = tmp_path / "out"
    run_library([src], out)
    table = read_review_table(out / "review.xlsx")
    assert any(r.cells["sentence"].startswith("… ") for r in table.rows)
    report = import_review(out / "review.xlsx", out, "anna")
    assert report.appended == [] and report.rows_changed == 0


def test_rows_past_the_sheet_limit_go_on_further_sheets(tmp_path):
    rows = [_row(f"t{i}", value=float(i)) for i in range(7)]
    assert write_review(tmp_path / "r.xlsx", iter(rows), [], max_rows=3) == 7
    wb = load_workbook(tmp_path / "r.xlsx")
    assert [n for n in wb.sheetnames if n.startswith(("targets", "_original"))] == [
        "targets", "_original", "targets_2", "_original_2", "targets_3", "_original_3"]
    assert wb.sheetnames[:4] == ["targets", "documents", "vocabularies", "_original"]
    assert "rows before are on sheet targets_2" in [c.value for c in wb["targets_3"][1]][-1]
    assert "7 target rows on sheets targets, targets_2, targets_3" in [c.value for c in wb["documents"][1]][-1]
    table = read_review_table(tmp_path / "r.xlsx")
    assert [r.cells["target_id"] for r in table.rows] == [f"t{i}" for i in range(7)]
    assert [r.sheet for r in table.rows] == ["targets"] * 3 + ["targets_2"] * 3 + ["targets_3"]
    assert sorted(table.original) == sorted(f"t{i}" for i in range(7))


def _vocab_column(wb, name):
    ws = wb["vocabularies"]
    header = [c.value for c in ws[1]]
    j = header.index(name) + 1
    return [ws.cell(i, j).value for i in range(2, ws.max_row + 1) if ws.cell(i, j).value is not None]


def test_vocabularies_sheet_lists_spec_vocabularies(workbook):
    wb = load_workbook(workbook / "review.xlsx")
    assert _vocab_column(wb, "kind") == list(KINDS)
    assert _vocab_column(wb, "comparator") == list(COMPARATORS)
    assert _vocab_column(wb, "frequency") == list(FREQUENCIES)
    assert _vocab_column(wb, "review_status") == list(REVIEW_STATUSES)
    assert _vocab_column(wb, "indicator_code") == list(indicator_codes())
    assert "economic_growth" in indicator_codes() and "other" in indicator_codes()
    assert _vocab_column(wb, "body_type") == list(body_types())
    assert "peoples_committee" in body_types()
    units = dict(zip(_vocab_column(wb, "unit"), _vocab_column(wb, "unit_family")))
    assert units["percent"] == "percent" and units["count"] == "count"
    assert units["USD"] == units["VND"] == "money" and units["ha"] == "measure"


def test_drop_downs_read_the_vocabularies(workbook):
    wb = load_workbook(workbook / "review.xlsx")
    ws = wb["targets"]
    letters = {c.value: c.column_letter for c in ws[1]}
    vocab_letters = {c.value: c.column_letter for c in wb["vocabularies"][1]}
    found = {}
    for dv in ws.data_validations.dataValidation:
        (rng,) = dv.sqref.ranges
        found[rng.coord.split(":")[0].rstrip("0123456789")] = dv
    for name in ("kind", "comparator", "frequency", "review_status", "unit", "indicator_code"):
        dv = found[letters[name]]
        assert dv.type == "list" and dv.showErrorMessage
        assert dv.formula1.startswith("'vocabularies'!$" + vocab_letters[name] + "$2:")
        assert str(dv.sqref).endswith("1048576")
    # strict, as the import: a cell off the list is refused (errorStyle "stop" is the default)
    for name in ("kind", "unit", "indicator_code"):
        assert found[letters[name]].errorStyle in (None, "stop")


def test_value_is_shown_bold_and_coloured_in_the_sentence(workbook):
    wb = load_workbook(workbook / "review.xlsx", rich_text=True)
    ws = wb["targets"]
    cell = ws.cell(2, 1).value
    parts = list(cell)
    assert "".join(p if isinstance(p, str) else p.text for p in parts) == "Growth of 11–12% a year."
    (value,) = [p for p in parts if not isinstance(p, str) and p.font is not None and p.font.b]
    assert value.text == "11–12%"  # value_start/value_end relative to the sentence's start
    assert value.font.b and value.font.color.rgb.endswith("C00000")


def test_formula_like_text_is_inert_in_xlsx_and_csv(workbook):
    wb = load_workbook(workbook / "review.xlsx")
    for sheet in ("targets", "documents", "_original"):
        for row in wb[sheet].iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f"
    ws = wb["targets"]
    k = {c.value: c.column for c in ws[1]}
    got = {ws.cell(r, k["target_id"]).value: unescape(ws.cell(r, k["responsible"]).value or "")
           for r in range(2, ws.max_row + 1)}
    for i, s in enumerate(INJECTIONS):
        cell = ws.cell(i + 3, k["sentence"])
        assert cell.data_type == "s" and unescape(cell.value) == s
        assert got[f"x{i}"] == s
    assert wb["documents"].cell(2, 6).value == INJECTIONS[0]
    # no cell of any sheet is stored as a formula
    with zipfile.ZipFile(workbook / "review.xlsx") as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)
    with open(workbook / "targets.csv", newline="", encoding="utf-8") as f:
        rows = {r["target_id"]: r for r in csv.DictReader(f)}
    for i, s in enumerate(INJECTIONS):
        assert rows[f"x{i}"]["sentence"] == "'" + s
        assert rows[f"x{i}"]["responsible"] == "'" + s
    with open(workbook / "documents.csv", newline="", encoding="utf-8") as f:
        assert next(csv.DictReader(f))["title"] == "'" + INJECTIONS[0]


def test_rows_rendered_by_worker_processes_make_the_same_workbook(tmp_path, monkeypatch):
    # A large run's rows are rendered in blocks by several processes (blocks that never
    # straddle two sheets); the workbook is the one a single process writes.
    import extractors.io.workbook as workbook
    from extractors.io.writers import arrow_table
    import pyarrow.parquet as pq

    rows = [_row(f"t{i}", value=float(i), sentence=f"Row {i}: growth of 11–12% a year.")
            for i in range(11)]
    table = tmp_path / "targets.parquet"
    pq.write_table(arrow_table("targets", rows), table)
    monkeypatch.setattr(workbook, "PARALLEL_ROWS", 1)
    monkeypatch.setattr(workbook, "BLOCK_ROWS", 2)
    assert write_review(tmp_path / "one.xlsx", table, [], max_rows=5, workers=1) == 11
    assert write_review(tmp_path / "two.xlsx", table, [], max_rows=5, workers=2) == 11
    assert workbook._blocks_of(11, 5) == [(1, 0, 2, 1), (1, 2, 4, 3), (1, 4, 5, 5), (2, 5, 7, 1),
                                          (2, 7, 9, 3), (2, 9, 10, 5), (3, 10, 11, 1)]
    one, two = zipfile.ZipFile(tmp_path / "one.xlsx"), zipfile.ZipFile(tmp_path / "two.xlsx")
    assert one.namelist() == two.namelist()
    assert [n for n in one.namelist() if n != "docProps/core.xml" and one.read(n) != two.read(n)] == []
    assert [r.cells["target_id"] for r in read_review_table(tmp_path / "two.xlsx").rows] == [
        f"t{i}" for i in range(11)]
    assert not list(tmp_path.glob(".rows-*"))  # the blocks' files are gone


def test_documents_sheet_cells_are_typed_in_blocks_of_rows(tmp_path, monkeypatch):
    # The documents sheet is written as row XML a block at a time (as the target rows):
    # text stays text in the text format, counts are numbers, empty fields leave no cell,
    # and the rows of every block (the last one short) arrive in order.
    import extractors.io.workbook as workbook

    monkeypatch.setattr(workbook, "TABLE_BLOCK_ROWS", 2)
    docs = [Document(doc_id=f"d{i}", source=f"batch/{i}.pdf", format="pdf", language="vi",
                     n_chars=1000 + i, n_pages=i or None, title=f"Nghị quyết\x07 số {i}",
                     term_start=2025 if i % 2 else None, term_end=2030 if i % 2 else None)
            for i in range(5)]
    write_review(tmp_path / "review.xlsx", [_row()], docs)
    ws = load_workbook(tmp_path / "review.xlsx")["documents"]
    header = [c.value for c in ws[1]]
    got = [dict(zip(header, [c.value for c in row])) for row in ws.iter_rows(min_row=2)]
    assert [g["doc_id"] for g in got] == [f"d{i}" for i in range(5)]
    for i, g in enumerate(got):
        assert g["n_chars"] == 1000 + i and isinstance(g["n_chars"], int)
        assert g["n_pages"] == (i or None) and g["language"] == "vi"
        assert g["title"] == f"Nghị quyết số {i}"  # the control character XML cannot hold is gone
        assert (g["term_start"], g["term_end"]) == ((2025, 2030) if i % 2 else (None, None))
        assert g["error"] is None and g["source_url"] is None
    cells = {c.coordinate: c for row in ws.iter_rows(min_row=2, max_row=2) for c in row}
    assert cells["A2"].number_format == "@" and cells["G2"].data_type == "n"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(COLUMNS['documents'])).column_letter}6"
