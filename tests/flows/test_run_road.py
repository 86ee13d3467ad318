"""The road of a run: results by chunk into parts, the cache by content, the set committed
whole, the time budget and lost workers, the lock — on real files through the real worker."""
import csv
import json
import re
from pathlib import Path

import pytest

from extractors.batch import run_batch
from extractors.io.corrections_log import append_entries
from extractors.io.runfolder import lock, read_manifest
from extractors.options import RunOptions
from flows.cli import main

STANDINS = "tests.flows.standins:extract_file"
TABLES = ("documents", "targets", "mentions")


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_plan.txt").write_text(
        "The City Party Committee set the goal of average annual growth of 11–12% in the "
        "2025–2030 term. Exports will exceed 33 million USD by 2030.\n", encoding="utf-8")
    (src / "b_plan.txt").write_text(
        "The ward Party Committee strives for at least 95% of households to have clean water "
        "by 2027.\n", encoding="utf-8")
    (src / "c_plan.md").write_text("# Programme\n\n- Plant 1,200 ha of forest by 2028.\n", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    return src


def _rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _tables(out: Path) -> dict[str, bytes]:
    return {t: (out / f"{t}.csv").read_bytes() for t in TABLES}


def _quiet(line: str) -> None:
    pass


def test_unchanged_documents_come_from_the_cache(corpus, tmp_path):
    out = tmp_path / "out"
    first = run_batch(RunOptions((str(corpus),), str(out)), say=_quiet)
    assert (first.summary.extracted, first.summary.reused) == (4, 0)
    tables = _tables(out)
    workbook = read_manifest(out)["files"]["review.xlsx"]
    again = run_batch(RunOptions((str(corpus),), str(out)), say=_quiet)
    assert (again.summary.extracted, again.summary.reused) == (0, 4)
    assert _tables(out) == tables
    # the same tables from the same version: the workbook is kept, not written again
    assert read_manifest(out)["files"]["review.xlsx"] == workbook
    assert again.summary.documents == first.summary.documents
    assert again.summary.rows == first.summary.rows
    # one changed file is read again, the rest still come from the cache
    (corpus / "b_plan.txt").write_text("The ward strives for 96% coverage by 2027.\n", encoding="utf-8")
    changed = run_batch(RunOptions((str(corpus),), str(out)), say=_quiet)
    assert (changed.summary.extracted, changed.summary.reused) == (1, 3)
    # another language option, or --force, reads everything again
    forced = run_batch(RunOptions((str(corpus),), str(out), force=True), say=_quiet)
    assert (forced.summary.extracted, forced.summary.reused) == (4, 0)
    by_lang = run_batch(RunOptions((str(corpus),), str(out), lang="en"), say=_quiet)
    assert by_lang.summary.extracted == 4
    # parts of results no longer in the set are gone with the set they belonged to
    manifest = read_manifest(out)
    assert manifest["extracted"] == 4 and manifest["options"]["lang"] == "en"
    parts = list((out / "parts" / manifest["extractor_version"]).iterdir())
    assert parts and all(not p.name.startswith(".") for p in parts)


def test_cached_run_still_applies_corrections(corpus, tmp_path):
    out = tmp_path / "out"
    run_batch(RunOptions((str(corpus),), str(out)), say=_quiet)
    row = next(r for r in _rows(out / "targets.csv") if r["unit"] == "USD")
    append_entries(out, [{"entry": "e1", "op": "set", "target_id": row["target_id"], "doc_id": row["doc_id"],
                          "field": "review_status", "old": "unreviewed", "new": "accepted",
                          "reviewer": "lan", "time": "2026-01-02T03:04:05Z", "file": "x.csv",
                          "file_sha256": "0" * 64},
                         {"entry": "e2", "op": "set", "target_id": "f" * 16, "doc_id": "0" * 16,
                          "field": "review_status", "old": "unreviewed", "new": "rejected",
                          "reviewer": "lan", "time": "2026-01-02T03:04:05Z", "file": "x.csv",
                          "file_sha256": "0" * 64}])
    again = run_batch(RunOptions((str(corpus),), str(out)), say=_quiet)
    assert again.summary.reused == 4
    got = {r["target_id"]: r for r in _rows(out / "targets.csv")}
    assert got[row["target_id"]]["review_status"] == "accepted"
    assert got[row["target_id"]]["reviewed_by"] == "lan"
    assert again.review.applied == 1 and len(again.review.orphans) == 1
    orphans = _rows(out / "orphans.csv")
    assert [o["target_id"] for o in orphans] == ["f" * 16]
    # the same parts and log once more: the set is kept, the report is the one it was made with
    kept = run_batch(RunOptions((str(corpus),), str(out)), say=_quiet)
    assert (kept.review.applied, kept.review.orphans, kept.review.rows) == \
        (again.review.applied, again.review.orphans, again.review.rows)
    assert kept.review.lines() == again.review.lines()


def test_an_unchanged_set_is_kept_as_it_is(corpus, tmp_path):
    """Same parts, same log, files as committed: nothing is assembled again, run.json is new.
    A table edited by hand, or a new line in the log, makes the next run assemble anew."""
    out = tmp_path / "out"
    run_batch(RunOptions((str(corpus),), str(out)), say=_quiet)
    first = read_manifest(out)
    names = sorted(first["files"])
    stamps = {n: (out / n).stat().st_mtime_ns for n in names}
    again = run_batch(RunOptions((str(corpus),), str(out)), say=_quiet)
    second = read_manifest(out)
    assert {n: (out / n).stat().st_mtime_ns for n in names} == stamps
    assert second["run_id"] != first["run_id"] and second["files"] == first["files"]
    assert second["set_key"] == first["set_key"] and second["rows"] == first["rows"]
    assert again.summary.reused == 4 and again.written["targets"] == out / "targets.csv"
    # what a killed run left in the cache meanwhile goes, as with any commit
    stray = out / "parts" / first["extractor_version"] / "0123456789abcdef"
    stray.mkdir()
    (out / "texts" / "0123456789abcdef.txt").write_text("left by a killed run", encoding="utf-8")
    run_batch(RunOptions((str(corpus),), str(out)), say=_quiet)
    assert not stray.exists() and not (out / "texts" / "0123456789abcdef.txt").exists()
    assert read_manifest(out)["files"] == first["files"]
    tables = _tables(out)
    (out / "targets.csv").write_bytes(b"edited by hand\r\n")
    run_batch(RunOptions((str(corpus),), str(out)), say=_quiet)
    assert _tables(out) == tables
    assert read_manifest(out)["files"] == first["files"]
    append_entries(out, [{"entry": "e1", "op": "set", "target_id": "f" * 16, "doc_id": "0" * 16,
                          "field": "review_status", "old": "unreviewed", "new": "rejected",
                          "reviewer": "lan", "time": "2026-01-02T03:04:05Z", "file": "x.csv",
                          "file_sha256": "0" * 64}])
    logged = run_batch(RunOptions((str(corpus),), str(out)), say=_quiet)
    assert len(logged.review.orphans) == 1 and (out / "orphans.csv").is_file()
    assert read_manifest(out)["set_key"] != first["set_key"]


def test_one_set_in_the_folder_and_nothing_left_over(corpus, tmp_path):
    out = tmp_path / "out"
    run_batch(RunOptions((str(corpus),), str(out)), say=_quiet)
    manifest = read_manifest(out)
    assert set(manifest["files"]) >= {f"{t}.{e}" for t in TABLES for e in ("csv", "parquet")} | {"review.xlsx"}
    import hashlib

    for name, facts in manifest["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == facts["sha256"]
    assert manifest["documents"] == {"empty": 1, "ok": 3}
    assert manifest["rows"]["documents"] == 4
    leftovers = [p for p in out.rglob("*") if p.name.startswith(".") or p.name.endswith(".tmp")]
    assert leftovers == []
    # texts of documents no longer in the set go with it
    (corpus / "b_plan.txt").unlink()
    run_batch(RunOptions((str(corpus),), str(out)), say=_quiet)
    docs = _rows(out / "documents.csv")
    assert sorted(p.stem for p in (out / "texts").iterdir()) == sorted(d["doc_id"] for d in docs if d["status"] == "ok")


def test_a_document_over_its_budget_is_an_error_and_the_batch_goes_on(corpus, tmp_path):
    (corpus / "b_stall.txt").write_text("Growth of 7% by 2030.\n", encoding="utf-8")
    out = tmp_path / "out"
    lines: list[str] = []
    result = run_batch(RunOptions((str(corpus),), str(out), doc_timeout=6, extractor=STANDINS), say=lines.append)
    docs = {Path(d["source"]).name: d for d in _rows(out / "documents.csv")}
    stalled = docs["b_stall.txt"]
    assert stalled["status"] == "error"
    # where it was: the step it had reached and the frame of the stand-in that hung (the
    # budget is processor time; on a machine too busy to give it, the clock ends it)
    assert re.fullmatch(r"took longer than (6 s|30 s on the clock) \(assembling rows: "
                        r"standins\.py:\d+ extract_file\)", stalled["error"]), stalled["error"]
    assert docs["a_plan.txt"]["status"] == docs["c_plan.md"]["status"] == "ok"
    assert result.summary.documents == {"ok": 3, "empty": 1, "error": 1}
    assert any(line.startswith("error: ") and "b_stall.txt: took longer" in line for line in lines)
    # a result cut short by the budget is never reused: the next run tries it again
    again = run_batch(RunOptions((str(corpus),), str(out), doc_timeout=6, extractor=STANDINS), say=_quiet)
    assert (again.summary.extracted, again.summary.reused) == (1, 4)


def test_a_killed_worker_costs_one_retry(corpus, tmp_path, monkeypatch):
    marks = tmp_path / "marks"
    marks.mkdir()
    monkeypatch.setenv("RESTRACK_TEST_MARKS", str(marks))
    (corpus / "d_die-once.txt").write_text("Exports will reach 40 million USD by 2030.\n", encoding="utf-8")
    (corpus / "e_die-always.txt").write_text("Growth of 9% by 2030.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_batch(RunOptions((str(corpus),), str(out), extractor=STANDINS), say=_quiet)
    docs = {Path(d["source"]).name: d for d in _rows(out / "documents.csv")}
    assert (marks / "d_die-once.txt.died").exists()  # it was killed once, then done
    assert docs["d_die-once.txt"]["status"] == "ok"
    assert docs["e_die-always.txt"]["status"] == "error"
    assert "stopped twice" in docs["e_die-always.txt"]["error"]
    assert docs["a_plan.txt"]["status"] == "ok" and result.summary.documents["ok"] == 4


def test_a_second_run_into_a_folder_in_use_is_refused(corpus, tmp_path, capfd):
    out = tmp_path / "out"
    with lock(out):
        assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 2
    err = capfd.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is in use by another restrack run (pid " in err[0]
    assert not (out / "documents.csv").exists()


def test_output_inside_the_input_is_left_out(corpus, tmp_path):
    out = corpus / "out"
    for _ in range(2):
        run_batch(RunOptions((str(corpus),), str(out)), say=_quiet)
    assert len(_rows(out / "documents.csv")) == 4


def test_run_json_names_what_made_the_set(corpus, tmp_path):
    out = tmp_path / "out"
    run_batch(RunOptions((str(corpus),), str(out), doc_timeout=30), say=_quiet)
    m = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert m["options"]["doc_timeout"] == 30 and m["schema_version"]
    assert m["started"] <= m["finished"]


@pytest.mark.parametrize("n, workers", [(0, 1), (5, 1), (1000, 2), (10_000, 2), (100_000, 1), (100_000, 8)])
def test_chunks_shrink_towards_the_end_of_a_run(n, workers):
    """Large chunks while much is left (few tasks), the smallest at the end (workers finish
    together); every document once, in order."""
    from extractors.batch import guided_chunks
    from extractors.options import CHUNK_SIZE, MAX_CHUNK_SIZE

    items = list(range(n))
    got = guided_chunks(items, workers)
    assert [i for c in got for i in c] == items
    sizes = [len(c) for c in got]
    assert sizes == sorted(sizes, reverse=True)
    assert all(s <= MAX_CHUNK_SIZE for s in sizes)
    assert all(s >= CHUNK_SIZE for s in sizes[:-1])
    if n >= 1000:
        assert sizes[-2] == CHUNK_SIZE  # the tail is as fine as it gets
        assert len(got) < n / CHUNK_SIZE / 4  # far fewer tasks than chunks of the smallest
        # what one worker may still hold when the others are done: a small part of the run
        assert sum(sizes[-workers * 4:]) < n / 10


def test_a_chunk_size_given_is_kept(corpus, tmp_path):
    from extractors.batch import plan_chunks

    opts = RunOptions((str(corpus),), str(tmp_path / "out"), chunk_size=3)
    assert [len(c) for c in plan_chunks(opts, list(range(10)))] == [3, 3, 3, 1]


def test_children_are_started_early_only_for_a_run_that_will_extract(corpus, tmp_path):
    from extractors.batch import will_extract

    out = tmp_path / "out"
    opts = RunOptions((str(corpus),), str(out), extractor=STANDINS)
    assert will_extract(opts)  # a new folder
    run_batch(opts, say=_quiet)
    assert not will_extract(opts)  # its results are cached: a re-run extracts little or nothing
    assert will_extract(opts.with_(force=True))
    assert not will_extract(opts.with_(force=True, dask="tcp://127.0.0.1:8786"))  # tasks run elsewhere
