"""restrack review import: one log entry per changed cell, validation, idempotence, locking."""
import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractors.io.corrections_log import LOG_FILE, locked, read_log
from extractors.review import InvalidReview, import_review, load_run
from flows.cli import main

from .conftest import Sheet, read_csv

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = "Exports will exceed 33 million USD by 2030."
FOREST = "Forest cover will reach 45% by 2030."
GROWTH_START = "The City Party Committee set the goal"


def _edit(run_dir, tmp_path, name="edited.xlsx") -> tuple[Sheet, Path]:
    sheet = Sheet(run_dir / "review.xlsx")
    return sheet, tmp_path / name


def _log(run_dir) -> list[dict]:
    path = run_dir / LOG_FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _growth_row(sheet: Sheet) -> int:
    for r in range(2, sheet.ws.max_row + 1):
        if str(sheet.get(r, "sentence")).startswith(GROWTH_START):
            return r
    raise KeyError(GROWTH_START)


def test_every_changed_cell_is_one_log_entry(run_dir, tmp_path):
    sheet, path = _edit(run_dir, tmp_path)
    ex = sheet.row_of(sentence=EXPORTS)
    sheet.set(ex, "value", 35000000)
    sheet.set(ex, "comparator", "gte")
    sheet.set(sheet.row_of(sentence=FOREST), "review_status", "rejected")
    g = _growth_row(sheet)
    sheet.set(g, "review_status", "accepted")
    sheet.set(g, "review_note", "checked against the resolution")
    sheet.save(path)
    report = import_review(path, run_dir, "anna")
    log = _log(run_dir)
    assert len(log) == len(report.appended) == 5
    by_field = {(e["target_id"], e["field"]): e for e in log}
    ex_id = sheet.get(ex, "target_id")
    e = by_field[(ex_id, "value")]
    assert (e["old"], e["new"], e["op"], e["reviewer"]) == (33000000.0, 35000000.0, "set", "anna")
    assert by_field[(ex_id, "comparator")]["old"] == "gt"
    assert by_field[(sheet.get(g, "target_id"), "review_note")]["new"] == "checked against the resolution"
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    for e in log:
        assert e["file_sha256"] == sha and e["file"] == "edited.xlsx" and e["sheet"] == "targets"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", e["time"])
        assert e["doc_id"] and e["row"] >= 2 and len(e["entry"]) == 16
    assert {e["entry"] for e in log} == {e["entry"] for e in report.appended}
    assert report.statuses == {"rejected": 1, "accepted": 1} and report.corrected == 1


def test_importing_the_same_file_twice_changes_nothing(run_dir, tmp_path):
    sheet, path = _edit(run_dir, tmp_path)
    sheet.set(sheet.row_of(sentence=FOREST), "value", 46)
    sheet.save(path)
    assert len(import_review(path, run_dir, "anna").appended) == 1
    before = (run_dir / LOG_FILE).read_bytes()
    again = import_review(path, run_dir, "anna")
    assert again.already_imported and not again.appended
    # the same edits saved again (other bytes, other hash): nothing new either
    resaved = sheet.save(tmp_path / "resaved.xlsx")
    with open(resaved, "ab") as f:
        f.write(b"\0")  # different bytes, same content for openpyxl
    third = import_review(resaved, run_dir, "bob")
    assert not third.appended and third.already_logged == 1
    assert (run_dir / LOG_FILE).read_bytes() == before


def test_invalid_cells_are_reported_by_sheet_row_column_and_nothing_is_applied(run_dir, tmp_path, capsys):
    sheet, path = _edit(run_dir, tmp_path)
    ok = sheet.row_of(sentence=FOREST)
    sheet.set(ok, "value", 50)  # a valid change in the same file: not applied either
    ex = sheet.row_of(sentence=EXPORTS)
    sheet.set(ex, "comparator", "bigger")
    sheet.set(ex, "period_start", "soon")
    sheet.set(ex, "deadline", "2030-13")
    sheet.set(ex, "responsible", "committee:city:Hanoi")
    sheet.set(ex, "indicator_code", "gdp")
    sheet.set(ex, "kind", "wish")
    sheet.save(path)
    with pytest.raises(InvalidReview) as info:
        import_review(path, run_dir, "anna")
    errors = info.value.errors
    letter = {c.value: c.column_letter for c in sheet.ws[1]}
    for column in ("comparator", "deadline", "responsible", "indicator_code", "kind", "period_start"):
        assert any(e.startswith(f"sheet targets, row {ex}, column {column} ({letter[column]}):")
                   for e in errors), (column, errors)
    assert len(errors) == 6
    assert not (run_dir / LOG_FILE).exists()
    assert main(["review", "import", str(path), "--out", str(run_dir), "--reviewer", "anna"]) == 1
    err = capsys.readouterr().err
    assert "nothing was imported" in err and f"row {ex}, column comparator" in err
    assert not (run_dir / LOG_FILE).exists()


def test_cells_fixed_by_the_target_id_cannot_change(run_dir, tmp_path):
    sheet, path = _edit(run_dir, tmp_path)
    r = sheet.row_of(sentence=FOREST)
    sheet.set(r, "sentence", "Forest cover will reach 50% by 2030.")
    sheet.set(r, "start", 0)
    sheet.save(path)
    with pytest.raises(InvalidReview) as info:
        import_review(path, run_dir, "anna")
    from xlsxwriter.utility import xl_col_to_name

    from extractors.io.workbook import target_columns
    from extractors.records import COLUMNS

    start = xl_col_to_name(target_columns(COLUMNS["targets"]).index("start"))
    assert [e.split(":")[0] for e in info.value.errors] == [
        f"sheet targets, row {r}, column sentence (A)", f"sheet targets, row {r}, column start ({start})"]


def test_a_formula_typed_by_a_reviewer_is_refused(run_dir, tmp_path):
    sheet, path = _edit(run_dir, tmp_path)
    r = sheet.row_of(sentence=FOREST)
    sheet.set(r, "review_note", '=HYPERLINK("http://evil.example","x")')  # openpyxl: a formula
    sheet.save(path)
    with pytest.raises(InvalidReview, match="1 invalid") as info:
        import_review(path, run_dir, "anna")
    assert "a formula" in info.value.errors[0]


def test_an_added_row_is_located_in_the_text_and_gets_a_fresh_stable_id(run_dir, tmp_path):
    text_path = next((run_dir / "texts").iterdir())
    text = text_path.read_text(encoding="utf-8")
    doc_id = text_path.stem if "Forest" in text else None
    if doc_id is None:
        text_path = [p for p in (run_dir / "texts").iterdir() if "Forest" in p.read_text(encoding="utf-8")][0]
        doc_id, text = text_path.stem, text_path.read_text(encoding="utf-8")
    sentence = "The Standing Committee reported that 1,200 new members joined the Party."
    sheet, path = _edit(run_dir, tmp_path)
    extracted = {sheet.get(r, "target_id") for r in range(2, sheet.ws.max_row + 1)}
    # typed with a double space: located all the same, with the text's own spelling
    sheet.add(doc_id=doc_id, kind="achievement", sentence=sentence.replace("reported", " reported"),
              value=1200, unit="count", indicator="new members", indicator_code="party_building",
              responsible="standing_committee::")
    sheet.save(path)
    report = import_review(path, run_dir, "anna")
    assert report.rows_added == 1
    adds = [e for e in report.appended if e["op"] == "add"]
    (tid,) = {e["target_id"] for e in adds}
    assert re.fullmatch(r"[0-9a-f]{16}", tid) and tid not in extracted
    fields = {e["field"]: e["new"] for e in adds}
    assert text[fields["start"]:fields["end"]] == sentence == fields["sentence"]
    assert text[fields["value_start"]:fields["value_end"]] == "1,200"
    assert fields["kind"] == "achievement" and fields["language"] == "en"
    assert all(e["old"] is None for e in adds)
    # one entry per filled cell of the new row (kind, sentence, offsets, language, value...)
    assert sorted(fields) == sorted(["kind", "sentence", "start", "end", "value_start", "value_end",
                                     "language", "value", "unit", "indicator", "indicator_code",
                                     "responsible"])
    row = {r.target_id: r for r in load_run(run_dir).targets}[tid]
    assert row.review_status == "corrected" and row.extractor == "review:anna"
    # imported again from another file with the row still without id: the same row
    sheet.save(tmp_path / "again.xlsx")
    assert not import_review(tmp_path / "again.xlsx", run_dir, "anna").appended


def test_an_added_row_whose_sentence_is_not_in_the_text_is_refused(run_dir, tmp_path):
    doc_id = read_csv(run_dir / "documents.csv")[0]["doc_id"]
    sheet, path = _edit(run_dir, tmp_path)
    r = sheet.add(doc_id=doc_id, kind="target", sentence="A sentence nobody wrote.", value=1)
    sheet.add(doc_id="0000000000000000", kind="target", sentence="Anything.", value=1)
    sheet.save(path)
    with pytest.raises(InvalidReview) as info:
        import_review(path, run_dir, "anna")
    assert info.value.errors[0].startswith(f"sheet targets, row {r}, column sentence (A): not found")
    assert "not a document of this run" in info.value.errors[1]


def test_a_csv_of_the_same_columns_is_imported(run_dir, tmp_path):
    rows = read_csv(run_dir / "targets.csv")
    path = tmp_path / "targets-edited.csv"
    shutil.copy(run_dir / "targets.csv", path)
    assert import_review(path, run_dir, "anna").appended == []  # unchanged: nothing
    forest = next(r for r in rows if r["sentence"] == FOREST)
    forest["deadline"] = "2029-06"
    forest["review_status"] = "corrected"
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    report = import_review(path, run_dir, "carl")
    assert sorted((e["field"], e["new"]) for e in report.appended) == [
        ("deadline", "2029-06"), ("review_status", "corrected")]
    assert report.appended[0]["sheet"] == path.name and report.appended[0]["row"] == rows.index(forest) + 2


def _cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flows.cli", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_concurrent_imports_never_lose_or_duplicate_an_entry(run_dir, tmp_path):
    import csv

    rows = read_csv(run_dir / "targets.csv")
    n = 3
    files = []
    for i in range(n):
        edited = [dict(r) for r in rows]
        edited[i]["review_note"] = f"note {i}"
        p = tmp_path / f"edit{i}.csv"
        with open(p, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(edited)
        files.append(p)
    jobs = [(p, f"r{i}") for i, p in enumerate(files)]
    jobs += [(files[0], "again")] * 2  # the same file, twice more at once
    procs = [_cli("review", "import", str(p), "--out", str(run_dir), "--reviewer", who)
             for p, who in jobs]
    assert [proc.wait(timeout=120) for proc in procs] == [0] * len(procs)
    log = _log(run_dir)  # every line parses
    assert len(log) == n
    assert sorted(e["new"] for e in log) == sorted(f"note {i}" for i in range(n))
    assert len({e["entry"] for e in log}) == len(log)


def test_an_import_waits_for_the_lock(run_dir, tmp_path):
    sheet, path = _edit(run_dir, tmp_path)
    sheet.set(sheet.row_of(sentence=FOREST), "review_status", "accepted")
    sheet.save(path)
    with locked(run_dir):
        proc = _cli("review", "import", str(path), "--out", str(run_dir), "--reviewer", "dora")
        time.sleep(3)
        assert proc.poll() is None  # blocked on the lock
        assert not (run_dir / LOG_FILE).exists()
    assert proc.wait(timeout=60) == 0
    assert [e["reviewer"] for e in _log(run_dir)] == ["dora"]


def test_a_torn_last_line_is_kept_apart_and_skipped(run_dir, tmp_path):
    (run_dir / LOG_FILE).write_text('{"target_id": "x", "field": "val', encoding="utf-8")
    sheet, path = _edit(run_dir, tmp_path)
    sheet.set(sheet.row_of(sentence=FOREST), "review_status", "accepted")
    sheet.save(path)
    report = import_review(path, run_dir, "anna")
    log = read_log(run_dir)
    assert log.bad_lines == [1] and len(log.entries) == 1 == len(report.appended)
    assert (run_dir / LOG_FILE).read_text(encoding="utf-8").startswith('{"target_id": "x", "field": "val\n')


def test_import_exit_codes(run_dir, tmp_path, capsys):
    sheet, path = _edit(run_dir, tmp_path)
    sheet.set(sheet.row_of(sentence=FOREST), "review_status", "accepted")
    sheet.save(path)
    base = ["review", "import", str(path), "--out", str(run_dir), "--reviewer"]
    assert main([*base, "anna"]) == 0
    assert main([*base, "anna"]) == 0  # already imported: nothing to do, not an error
    assert main([*base, " "]) == 2
    assert main(["review", "import", str(tmp_path / "missing.xlsx"), "--out", str(run_dir),
                 "--reviewer", "a"]) == 2
    assert main(["review", "import", str(path), "--out", str(tmp_path), "--reviewer", "a"]) == 2
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n", encoding="utf-8")
    assert main(["review", "import", str(notes), "--out", str(run_dir), "--reviewer", "a"]) == 2
    assert main(["review", "import", str(path), "--out", str(run_dir)]) == 2  # --reviewer required
    assert "lacks the column" in capsys.readouterr().err


def test_an_old_csv_export_never_reverts_a_later_correction(run_dir, tmp_path):
    import csv

    old = read_csv(run_dir / "targets.csv")  # exported before the correction below
    sheet, path = _edit(run_dir, tmp_path)
    forest = sheet.row_of(sentence=FOREST)
    forest_id = sheet.get(forest, "target_id")
    sheet.set(forest, "value", 50)
    import_review(sheet.save(path), run_dir, "anna")
    next(r for r in old if r["target_id"] == forest_id)["review_note"] = "see p. 3"
    stale = tmp_path / "old.csv"
    with open(stale, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(old[0]))
        w.writeheader()
        w.writerows(old)
    report = import_review(stale, run_dir, "bob")
    assert [(e["field"], e["new"]) for e in report.appended] == [("review_note", "see p. 3")]
    row = {r.target_id: r for r in load_run(run_dir).targets}[forest_id]
    assert (row.value, row.review_note, row.reviewed_by) == (50.0, "see p. 3", "bob")


def test_log_lines_that_cannot_apply_are_skipped_not_fatal(run_dir):
    good = {"target_id": "x", "field": "value", "new": 1.0, "reviewer": "a", "time": "t",
            "file_sha256": "0"}
    lines = [json.dumps(good), json.dumps({**good, "new": "lots"}), json.dumps({**good, "field": "colour"}),
             "not json", json.dumps({**good, "target_id": "y"})]
    (run_dir / LOG_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    log = read_log(run_dir)
    assert log.bad_lines == [2, 3, 4] and [e["target_id"] for e in log.entries] == ["x", "y"]
    report = load_run(run_dir).report
    assert report.bad_lines == [2, 3, 4] and len(report.orphans) == 2


def test_rows_of_targets_no_longer_extracted_are_skipped_in_a_csv(run_dir, tmp_path):
    import csv

    rows = read_csv(run_dir / "targets.csv")
    rows[0]["target_id"] = "0123456789abcdef"  # a row of an older run: no baseline in a CSV
    rows[0]["review_note"] = "stale"
    rows[1]["target_id"] = "my-new-row"  # not an id: a row the reviewer added
    rows[1]["kind"] = "task"
    path = tmp_path / "old.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    report = import_review(path, run_dir, "anna")
    assert report.unknown_rows == [2] and report.rows_added == 1
    assert {e["op"] for e in report.appended} == {"add"}
    assert "1 rows skipped" in "\n".join(report.lines())
