"""review.xlsx: sheets, drop-downs, the value shown in the sentence, and inert text."""
import csv
import zipfile

import pytest
from openpyxl import load_workbook

from extractors.io.runfolder import write_dataset
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
    assert [c.value for c in ws[1]] == list(COLUMNS["targets"])
    assert [c.value for c in wb["documents"][1]] == list(COLUMNS["documents"])
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    k = list(COLUMNS["targets"]).index("sentence") + 1
    assert ws.column_dimensions[ws.cell(1, k).column_letter].width == 80
    assert wb["_original"].sheet_state == "veryHidden"
    # the hidden sheet keeps what a reviewer may change, as written
    assert [c.value for c in wb["_original"][1]] == ["target_id", *EDITABLE]
    assert wb["_original"].cell(2, 1).value == "t1" and wb["_original"].max_row == ws.max_row


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
    assert found[letters["kind"]].errorStyle == "stop"
    assert found[letters["unit"]].errorStyle == "warning"  # units are an open list


def test_value_is_shown_bold_and_coloured_in_the_sentence(workbook):
    wb = load_workbook(workbook / "review.xlsx", rich_text=True)
    ws = wb["targets"]
    k = list(COLUMNS["targets"]).index("sentence") + 1
    cell = ws.cell(2, k).value
    parts = list(cell)
    assert "".join(p if isinstance(p, str) else p.text for p in parts) == "Growth of 11–12% a year."
    (value,) = [p for p in parts if not isinstance(p, str)]
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
    got = {ws.cell(r, k["target_id"]).value: ws.cell(r, k["responsible"]).value
           for r in range(2, ws.max_row + 1)}
    for i, s in enumerate(INJECTIONS):
        cell = ws.cell(i + 3, k["sentence"])
        assert cell.data_type == "s" and cell.value == s
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
