"""The reviewers' loop end to end through the Prefect flow and the CLI: run, edit review.xlsx,
import, re-run; a correction survives, an added row appears, a deleted document's
corrections become orphans; formula-like text stays inert."""
import csv
import json
import zipfile

import pytest
from openpyxl import load_workbook

from extractors.io.corrections_log import LOG_FILE
from extractors.options import RunOptions
from extractors.review import ORPHANS_FILE, REASON_NO_DOCUMENT
from flows.cli import main
from flows.process import run_process

from .conftest import Sheet, read_csv, targets, write_docs

pytestmark = pytest.mark.usefixtures("prefect_harness")

EXPORTS = "Exports will exceed 33 million USD by 2030."
FOREST = "Forest cover will reach 45% by 2030."
MISSED = "The Standing Committee reported that 1,200 new members joined the Party."
VI_FOREST = "Phấn đấu đến năm 2030 tỷ lệ che phủ rừng đạt từ 60% trở lên."
INJECTED = ('=HYPERLINK("http://evil.example","Growth") of exports will reach 20% by 2030, '
            'the Provincial Party Committee decided.')


def test_corrections_survive_reruns_and_orphans_are_listed(tmp_path, capsys):
    src = write_docs(tmp_path / "in")
    out = tmp_path / "out"
    first = run_process(RunOptions((str(src),), str(out)))
    assert not first.review.entries and not (out / ORPHANS_FILE).exists()
    before = targets(out)
    en_doc = next(r["doc_id"] for r in before.values() if r["language"] == "en")

    sheet = Sheet(out / "review.xlsx")
    ex, forest = sheet.row_of(sentence=EXPORTS), sheet.row_of(sentence=FOREST)
    ex_id, forest_id = sheet.get(ex, "target_id"), sheet.get(forest, "target_id")
    sheet.set(ex, "value", 35000000)  # change a value
    sheet.set(forest, "review_status", "rejected")  # reject a row
    vi = sheet.row_of(sentence=VI_FOREST)
    vi_id = sheet.get(vi, "target_id")
    sheet.set(vi, "review_status", "accepted")
    sheet.set(vi, "review_note", "đúng")
    sheet.add(doc_id=en_doc, kind="target", sentence=MISSED, value=1500, unit="count",
              indicator="new members", indicator_code="party_building",
              responsible="standing_committee::")  # a target the extractor missed
    edited = sheet.save(tmp_path / "edited.xlsx")
    assert main(["review", "import", str(edited), "--out", str(out), "--reviewer", "anna"]) == 0
    assert main(["review", "import", str(edited), "--out", str(out), "--reviewer", "anna"]) == 0
    log = [json.loads(x) for x in (out / LOG_FILE).read_text(encoding="utf-8").splitlines()]
    # one entry per changed cell: value, status, status + note, and the new row's cells
    sets = sorted((e["target_id"], e["field"]) for e in log if e["op"] == "set")
    assert sets == sorted([(ex_id, "value"), (forest_id, "review_status"),
                           (vi_id, "review_status"), (vi_id, "review_note")])
    adds = [e for e in log if e["op"] == "add"]
    assert {e["field"] for e in adds} >= {"kind", "sentence", "start", "end", "value", "unit",
                                          "indicator_code", "responsible"}
    assert len({e["target_id"] for e in adds}) == 1

    second = run_process(RunOptions((str(src),), str(out)))
    rows = targets(out)
    assert (rows[ex_id]["value"], rows[ex_id]["review_status"]) == ("35000000.0", "corrected")
    assert rows[ex_id]["reviewed_by"] == "anna" and rows[ex_id]["reviewed_at"] == log[0]["time"]
    assert rows[forest_id]["review_status"] == "rejected"  # stays, marked
    assert (rows[vi_id]["review_status"], rows[vi_id]["review_note"]) == ("accepted", "đúng")
    added = rows[adds[0]["target_id"]]
    text = (out / "texts" / f"{en_doc}.txt").read_text(encoding="utf-8")
    assert text[int(added["start"]):int(added["end"])] == added["sentence"] == MISSED
    assert (added["value"], added["kind"], added["review_status"]) == ("1500.0", "target", "corrected")
    assert set(rows) - set(before) == {added["target_id"]}
    assert second.review.applied == len(log) and not second.review.orphans
    assert read_csv(out / ORPHANS_FILE) == []
    wb = Sheet(out / "review.xlsx")
    assert wb.get(wb.row_of(target_id=ex_id), "value") == 35000000
    # the score tool's columns are untouched
    with open(out / "targets.csv", newline="", encoding="utf-8") as f:
        assert next(csv.reader(f)) == list(before[ex_id])

    # the English document is deleted: its corrections are orphans, never dropped
    (src / "en_plan.txt").unlink()
    capsys.readouterr()
    third = run_process(RunOptions((str(src),), str(out)))
    orphans = read_csv(out / ORPHANS_FILE)
    assert {o["target_id"] for o in orphans} == {ex_id, forest_id, added["target_id"]}
    assert all(o["reason"] == REASON_NO_DOCUMENT for o in orphans)
    assert next(o for o in orphans if o["field"] == "value" and o["target_id"] == ex_id)["new"] == "35000000.0"
    assert len(third.review.orphans) == len(orphans)
    assert "orphan" in third.review.markdown() and ex_id in capsys.readouterr().err
    assert targets(out)[vi_id]["review_status"] == "accepted"
    assert len((out / LOG_FILE).read_text(encoding="utf-8").splitlines()) == len(log)

    # ... and come back with it
    write_docs(src, vi=None)
    run_process(RunOptions((str(src),), str(out)))
    assert read_csv(out / ORPHANS_FILE) == []
    assert targets(out)[ex_id]["value"] == "35000000.0"


def test_formula_like_text_from_a_document_stays_inert(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "inj.txt").write_text(INJECTED + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run_process(RunOptions((str(src),), str(out)))
    (row,) = [r for r in read_csv(out / "targets.csv") if r["sentence"].startswith("'=")]
    assert row["sentence"] == "'" + INJECTED
    wb = load_workbook(out / "review.xlsx")
    ws = wb["targets"]
    k = [c.value for c in ws[1]].index("sentence") + 1
    assert ws.cell(2, k).data_type == "s" and ws.cell(2, k).value == INJECTED
    with zipfile.ZipFile(out / "review.xlsx") as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")
    # exported for downstream systems as CSV: inert too
    assert main(["export", str(out), "--format", "csv"]) == 0
    assert read_csv(out / "export" / "targets.csv")[0]["sentence"] == "'" + INJECTED
    # reading the files back is lossless: importing them unchanged logs nothing
    assert main(["review", "import", str(out / "targets.csv"), "--out", str(out), "--reviewer", "a"]) == 0
    assert main(["review", "import", str(out / "review.xlsx"), "--out", str(out), "--reviewer", "a"]) == 0
    assert not (out / LOG_FILE).exists()
