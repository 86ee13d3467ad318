"""Applying the corrections log to a fresh extraction; a property test that no sequence of
imports and re-runs loses a correction (library functions, no Prefect)."""
import csv
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.batch import extract_chunk, save_dataset, save_texts
from extractors.export import export_workbook
from extractors.io.corrections_log import LOG_FILE, read_log
from extractors.io.writers import frame, write_csv
from extractors.records import COLUMNS, Row
from extractors.review import (ORPHANS_FILE, REASON_NO_DOCUMENT, REASON_NO_ROW, InvalidReview,
                               apply_corrections, apply_to_extractions, import_review, load_run)

from .conftest import Sheet, read_csv, write_docs


def _row(tid, **kw):
    base = dict(target_id=tid, doc_id="d1", language="en", kind="target", sentence="S 5%.",
                start=0, end=5, value=5.0, unit="percent", comparator="eq", frequency="total",
                missing="deadline | responsible")
    base.update(kw)
    return Row(**base)


def _entry(tid, field, new, old=None, op="set", reviewer="anna", time="2025-01-01T00:00:00Z",
           doc_id="d1"):
    return {"entry": f"{tid}{field}", "op": op, "target_id": tid, "doc_id": doc_id,
            "field": field, "old": old, "new": new, "reviewer": reviewer, "time": time,
            "file": "f.xlsx", "file_sha256": "0" * 64}


def test_corrections_fill_the_review_columns():
    rows = [_row("a"), _row("b"), _row("c"), _row("d")]
    log = [_entry("a", "value", 6.0, 5.0), _entry("a", "responsible", "party_committee:city:X"),
           _entry("b", "review_status", "rejected", "unreviewed", reviewer="bob",
                  time="2025-01-02T00:00:00Z"),
           _entry("c", "review_status", "accepted"), _entry("c", "review_note", "fine"),
           _entry("d", "review_status", "rejected"), _entry("d", "review_status", "accepted")]
    out, report = apply_corrections(rows, log, {"d1": "en"})
    got = {r.target_id: r for r in out}
    assert (got["a"].value, got["a"].review_status, got["a"].reviewed_by) == (6.0, "corrected", "anna")
    assert got["a"].missing == "deadline"  # recomputed: responsible is now given
    assert (got["b"].review_status, got["b"].reviewed_by, got["b"].reviewed_at) == (
        "rejected", "bob", "2025-01-02T00:00:00Z")
    assert (got["c"].review_status, got["c"].review_note) == ("accepted", "fine")
    assert got["d"].review_status == "accepted"  # the latest decision counts
    assert [r.target_id for r in out] == ["a", "b", "c", "d"]  # rejected rows stay
    assert rows[0].value == 5.0 and rows[0].review_status == "unreviewed"  # inputs untouched
    assert report.applied == len(log) and not report.orphans
    again, _ = apply_corrections(out, log, {"d1": "en"})
    assert again == out  # applying twice changes nothing


def test_added_rows_and_orphans():
    rows = [_row("a"), _row("b", doc_id="d2")]
    add = [_entry("n", f, v, op="add") for f, v in (("kind", "task"), ("sentence", "S 5%."),
                                                    ("start", 0), ("end", 5), ("language", "en"))]
    log = [*add, _entry("gone", "value", 1.0), _entry("x", "value", 2.0, doc_id="d9"),
           _entry("n2", "kind", "task", op="add", doc_id="d9")]
    out, report = apply_corrections(rows, log, {"d1": "en", "d2": "en"},
                                    text_of=lambda d: "S 5%. more")
    assert [r.target_id for r in out] == ["a", "n", "b"]  # after its document's rows
    new = out[1]
    assert (new.kind, new.sentence, new.review_status, new.extractor) == ("task", "S 5%.", "corrected", "review:anna")
    reasons = {o["target_id"]: o["reason"] for o in report.orphans}
    assert reasons == {"gone": REASON_NO_ROW, "x": REASON_NO_DOCUMENT, "n2": REASON_NO_DOCUMENT}
    # the added row's document changed: its sentence is no longer where it was
    _, moved = apply_corrections(rows, add, {"d1": "en"}, text_of=lambda d: "xx S 5%.")
    assert len(moved.orphans) == len(add)


# ---------------------------------------------------------------------------------------------
# Property: any sequence of imports and re-runs loses no correction.

@cache
def _extractions():
    folder = write_docs(Path(tempfile.mkdtemp(prefix="restrack-review-")) / "in")
    return tuple(extract_chunk([str(folder / "en_plan.txt"), str(folder / "vi_plan.txt")]))


def _rerun(out: Path, with_vi: bool):
    exs = [ex for ex in _extractions() if with_vi or ex.document.language != "vi"]
    save_texts(out, exs)
    exs, report = apply_to_extractions(out, exs)
    save_dataset(out, exs)
    return report


VALUES = {
    "value": st.sampled_from([1.0, 2.5, 45.0, 1e6]),
    "comparator": st.sampled_from(["eq", "gte", "gt", "lte", "lt", "approx"]),
    "frequency": st.sampled_from(["annual", "total"]),
    "review_status": st.sampled_from(["accepted", "rejected", "corrected", "unreviewed"]),
    "review_note": st.sampled_from(["ok", "=HYPERLINK(\"x\")", "+check", "wrong unit", ""]),
    "indicator_code": st.sampled_from(["economic_growth", "forest_cover", "other", ""]),
    "deadline": st.sampled_from(["2030", "2026-03", "2026-03-31", ""]),
    "unit": st.sampled_from(["percent", "USD", "count", "ha"]),
    "period_end": st.sampled_from([2025, 2030, None]),
    "responsible": st.sampled_from(["peoples_committee:city:", "party_committee:ward:Viet Hung", ""]),
}
edit = st.tuples(st.integers(0, 50), st.sampled_from(sorted(VALUES))).flatmap(
    lambda t: VALUES[t[1]].map(lambda v: (t[0], t[1], v)))
step = st.one_of(
    st.tuples(st.just("import"), st.sampled_from(["xlsx", "csv"]), st.lists(edit, min_size=1, max_size=4),
              st.sampled_from(["anna", "bob"])),
    st.tuples(st.just("rerun"), st.booleans()),
    st.tuples(st.just("again")),
)


def _log_bytes(out: Path) -> bytes:
    return (out / LOG_FILE).read_bytes() if (out / LOG_FILE).exists() else b""


def _cell(v) -> str:
    return "" if v is None else str(v)


def _import(out: Path, tmp: Path, k: int, fmt: str, edits, reviewer: str):
    """Export the current state (a fresh workbook, or a CSV), apply ``edits``, import."""
    current = load_run(out).targets
    edits = [(current[i % len(current)].target_id, f, v) for i, f, v in edits]
    if fmt == "xlsx":
        path, _ = export_workbook(out, tmp / f"wb{k}.xlsx")
        sheet = Sheet(path)
        for tid, f, v in edits:
            sheet.set(sheet.row_of(target_id=tid), f, v)
        sheet.save()
    else:
        path = tmp / f"t{k}.csv"
        write_csv(frame("targets", current), path)
        rows = read_csv(path)
        for tid, f, v in edits:
            next(r for r in rows if r["target_id"] == tid)[f] = _cell(v)
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(COLUMNS["targets"]))
            w.writeheader()
            w.writerows(rows)
    return path, edits


def _typed(field, text):
    dtype = COLUMNS["targets"][field]
    if text == "":
        return "" if dtype == "string" else None
    if dtype == "Int64":
        return int(float(text))
    if dtype == "Float64":
        return float(text)
    return text[1:] if text.startswith("'") and text[1:2] in "=+-@\t\r" else text


def _check_run(out: Path, log: list[dict]) -> None:
    rows = {r["target_id"]: r for r in read_csv(out / "targets.csv")}
    orphans = {o["entry"] for o in read_csv(out / ORPHANS_FILE)} if log else set()
    latest, last = {}, {}
    for e in log:
        latest[(e["target_id"], e["field"])] = e["new"]
        last[e["target_id"]] = e
    for (tid, field), new in latest.items():
        if tid in rows and field == "review_status":
            continue  # checked below: the status also follows from the other corrections
        if tid in rows:
            got = _typed(field, rows[tid][field])
            assert got == new or (new in (None, "") and got in (None, "")), (tid, field, got, new)
        else:
            assert all(e["entry"] in orphans for e in log if e["target_id"] == tid), tid
    for tid, e in last.items():
        if tid in rows:
            assert (rows[tid]["reviewed_by"], rows[tid]["reviewed_at"]) == (e["reviewer"], e["time"])
            mine = [x for x in log if x["target_id"] == tid]
            statuses = [x["new"] for x in mine if x["field"] == "review_status"]
            data = any(x["field"] not in ("review_status", "review_note") for x in mine)
            if statuses and statuses[-1] == "rejected":
                expected = "rejected"
            elif data:
                expected = "corrected"
            else:
                expected = statuses[-1] if statuses else "unreviewed"
            assert rows[tid]["review_status"] == expected, (tid, mine)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=6))
def test_no_sequence_of_imports_and_reruns_loses_a_correction(steps):
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        out = tmp / "out"
        _rerun(out, with_vi=True)
        logged: list[dict] = []
        last_file = None
        for k, s in enumerate(steps):
            if s[0] == "import":
                _, fmt, edits, reviewer = s
                path, edits = _import(out, tmp, k, fmt, edits, reviewer)
                before = _log_bytes(out)
                history = {}
                for e in logged:
                    history.setdefault((e["target_id"], e["field"]), []).extend([e["old"], e["new"]])
                    history.setdefault((e["target_id"], "review_status"), []).append("unreviewed")
                try:
                    import_review(path, out, reviewer)
                except InvalidReview:
                    assert _log_bytes(out) == before  # nothing of a bad file is applied
                    continue
                last_file = (path, reviewer)
                new_log = read_log(out).entries
                latest = {(e["target_id"], e["field"]): e["new"] for e in new_log}
                final = {}
                for tid, f, v in edits:
                    final[(tid, f)] = v  # a cell edited twice keeps its last value
                shown = {(r.target_id, f): getattr(r, f) for r in load_run(out).targets for f in VALUES}
                for (tid, f), v in final.items():
                    if f == "review_status" and v in ("", shown.get((tid, f))):
                        continue  # a status cell left as the workbook showed it is no edit
                    if fmt == "csv" and any(h == v or (h in (None, "") and v in (None, ""))
                                            for h in history.get((tid, f), ())):
                        continue  # a CSV cell equal to an earlier value is an old export's
                    if (tid, f) in latest:
                        got = latest[(tid, f)]
                        assert got == v or (got in (None, "") and v in (None, "")), (tid, f, got, v)
                    elif f != "review_status":  # the status also follows from other cells
                        assert shown.get((tid, f)) in (v, "" if v is None else v), (tid, f, v)
            elif s[0] == "again" and last_file:
                before = _log_bytes(out)
                import_review(last_file[0], out, last_file[1])
                assert _log_bytes(out) == before
            elif s[0] == "rerun":
                _rerun(out, with_vi=s[1])
                _check_run(out, read_log(out).entries)
            current = read_log(out).entries
            assert current[:len(logged)] == logged  # append-only: nothing lost or rewritten
            logged = current
        _rerun(out, with_vi=True)
        _check_run(out, read_log(out).entries)
        assert read_log(out).entries == logged
