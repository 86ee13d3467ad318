"""Target ids keyed on the document's normalised text: the same text from other bytes keeps
its ids and its corrections; logs keyed on the old (file bytes) ids still apply."""
import json

from extractors.io.corrections_log import LOG_FILE, append_entries
from extractors.records import legacy_target_id, target_id_for, text_key
from extractors.review import ORPHANS_FILE, import_review

from .conftest import EN_PLAN, Sheet, read_csv, run_library, targets

EXPORTS = "Exports will exceed 33 million USD by 2030."
MISSED = "The Standing Committee reported that 1,200 new members joined the Party."


def _single(tmp_path, name: str, data: bytes):
    src = tmp_path / name
    src.mkdir()
    (src / "plan.txt").write_bytes(data)
    return src


def test_same_text_from_other_bytes_keeps_ids_and_corrections(tmp_path):
    first = _single(tmp_path, "a", EN_PLAN.encode("utf-8"))
    out = tmp_path / "out"
    run_library([first], out)
    before = targets(out)
    (doc_a,) = {r["doc_id"] for r in before.values()}
    text = (out / "texts" / f"{doc_a}.txt").read_text(encoding="utf-8")
    # the key is the text and the spans, nothing of the file
    row = next(r for r in before.values() if r["sentence"] == EXPORTS)
    assert row["target_id"] == target_id_for(text_key(text), int(row["start"]), int(row["end"]),
                                             int(row["value_start"]), int(row["value_end"]), "target")

    sheet = Sheet(out / "review.xlsx")
    sheet.set(sheet.row_of(sentence=EXPORTS), "value", 34000000)
    sheet.add(doc_id=doc_a, kind="target", sentence=MISSED, value=1200, unit="count")
    import_review(sheet.save(tmp_path / "e.xlsx"), out, "anna")

    # the same document re-saved: a byte order mark and Windows line ends, another doc_id
    resaved = _single(tmp_path, "b", b"\xef\xbb\xbf" + EN_PLAN.replace("\n", "\r\n").encode("utf-8"))
    run_library([resaved], out)
    after = targets(out)
    (doc_b,) = {r["doc_id"] for r in after.values()}
    assert doc_b != doc_a
    assert (out / "texts" / f"{doc_b}.txt").read_text(encoding="utf-8") == text
    assert set(before) <= set(after)
    assert after[row["target_id"]]["value"] == "34000000.0"
    (added,) = [r for r in after.values() if r["sentence"] == MISSED]
    assert (added["doc_id"], added["review_status"], added["value"]) == (doc_b, "corrected", "1200.0")
    assert read_csv(out / ORPHANS_FILE) == []


def test_a_log_keyed_on_the_old_ids_still_applies(run_dir):
    rows = targets(run_dir)
    row = next(r for r in rows.values() if r["sentence"] == EXPORTS)
    old_id = legacy_target_id(row["doc_id"], int(row["start"]), int(row["end"]),
                              int(row["value_start"]), int(row["value_end"]), row["kind"])
    assert old_id != row["target_id"]
    gone = legacy_target_id(row["doc_id"], 0, 3, None, None, "task")  # names no row
    base = {"op": "set", "doc_id": row["doc_id"], "old": None, "reviewer": "old",
            "time": "2025-01-01T00:00:00Z", "file": "review.xlsx", "file_sha256": "0" * 64,
            "schema_version": "1.0"}
    append_entries(run_dir, [{**base, "entry": "1", "target_id": old_id, "field": "value", "new": 35000000.0},
                             {**base, "entry": "2", "target_id": old_id, "field": "review_note", "new": "old log"},
                             {**base, "entry": "3", "target_id": gone, "field": "review_status", "new": "accepted"}])
    report = run_library([run_dir.parent / "in"], run_dir)
    got = targets(run_dir)[row["target_id"]]
    assert (got["value"], got["review_note"], got["review_status"]) == ("35000000.0", "old log", "corrected")
    assert report.applied == 2
    assert [o["target_id"] for o in read_csv(run_dir / ORPHANS_FILE)] == [gone]
    # the log is never rewritten: the old ids stay in it as logged
    log = [json.loads(x) for x in (run_dir / LOG_FILE).read_text(encoding="utf-8").splitlines()]
    assert [e["target_id"] for e in log] == [old_id, old_id, gone]
