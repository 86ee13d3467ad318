"""The process flow end to end on small real files: every document gets a row, bad input
is reported and does not stop the batch, offsets hold, outputs are complete."""
import csv
import shutil
from pathlib import Path

import pytest
from docx import Document as Docx

from extractors.options import RunOptions
from flows.cli import main
from flows.process import run_process

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def batch(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "en_plan.txt").write_text(
        "The City Party Committee set the goal of average annual growth of 11–12% in the "
        "2025–2030 term. Exports will exceed 33 million USD by 2030.\n", encoding="utf-8")
    (src / "ru_plan.txt").write_bytes(
        "Городской комитет партии поставил цель: к 2030 году довести экспорт до 40 млн долларов. "
        "Рост составит не менее 10,5% ежегодно.\n".encode("cp1251"))
    d = Docx()
    d.add_paragraph("Phấn đấu đến năm 2030 tỷ lệ che phủ rừng đạt từ 60% trở lên.")
    d.save(src / "vi_plan.docx")
    (src / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    (src / "empty.txt").write_bytes(b"")
    return src


def _rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_flow_writes_every_table_and_reports_bad_files(batch, tmp_path):
    out = tmp_path / "out"
    result = run_process(RunOptions((str(batch),), str(out), workers=1))
    docs = {Path(d["source"]).name: d for d in _rows(out / "documents.csv")}
    assert set(docs) == {"en_plan.txt", "ru_plan.txt", "vi_plan.docx", "broken.pdf", "empty.txt"}
    assert docs["broken.pdf"]["status"] == "error" and docs["broken.pdf"]["error"]
    assert "\n" not in docs["broken.pdf"]["error"]
    assert docs["empty.txt"]["status"] == "empty"
    assert docs["en_plan.txt"]["language"] == "en" and docs["ru_plan.txt"]["language"] == "ru"
    assert docs["vi_plan.docx"]["format"] == "docx"
    assert result.summary.failed == 2
    targets = _rows(out / "targets.csv")
    assert {r["language"] for r in targets if r["kind"] == "target"} >= {"en", "ru", "vi"}
    for r in targets:
        text = (out / "texts" / f"{r['doc_id']}.txt").read_text(encoding="utf-8")
        assert text[int(r["start"]):int(r["end"])] == r["sentence"]
        if r["value_start"]:
            assert int(r["start"]) <= int(r["value_start"]) < int(r["value_end"]) <= int(r["end"])
    growth = [r for r in targets if r["unit"] == "percent" and r["value_max"] == "12.0"]
    assert growth and growth[0]["comparator"] == "range" and growth[0]["frequency"] == "annual"
    for name in ("documents", "targets", "mentions"):
        assert (out / f"{name}.parquet").exists()
    assert (out / "review.xlsx").exists()


def test_two_workers_give_the_same_rows(batch, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    run_process(RunOptions((str(batch),), str(one), workers=1))
    run_process(RunOptions((str(batch),), str(two), workers=2))
    key = lambda rows: sorted((r["target_id"], r["value"], r["kind"]) for r in rows)  # noqa: E731
    assert key(_rows(one / "targets.csv")) == key(_rows(two / "targets.csv"))


def test_cli_exit_codes(batch, tmp_path, capsys):
    ok = tmp_path / "ok"
    ok.mkdir()
    shutil.copy(batch / "en_plan.txt", ok)
    assert main(["run", str(ok), "--out", str(tmp_path / "o1"), "--quiet"]) == 0
    assert main(["run", str(batch), "--out", str(tmp_path / "o2"), "--quiet"]) == 1
    assert main(["run", str(tmp_path / "missing"), "--out", str(tmp_path / "o3")]) == 2
    assert main(["run", str(ok)]) == 2  # --out is required
    assert main(["frobnicate"]) == 2


def test_extract_prints_rows_without_prefect(batch, capsys):
    assert main(["extract", str(batch / "en_plan.txt"), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("target_id,doc_id,language,kind,sentence")
    assert "33000000.0" in out


def test_plain_run_batch_gives_the_flows_dataset(batch, tmp_path):
    """The flow is ``run_batch`` with its steps as tasks: without Prefect the same tables come out."""
    from extractors.batch import run_batch

    flow_out, plain_out = tmp_path / "flow", tmp_path / "plain"
    run_process(RunOptions((str(batch),), str(flow_out)))
    lines: list[str] = []
    result = run_batch(RunOptions((str(batch),), str(plain_out)), say=lines.append)
    for name in ("documents", "targets", "mentions"):
        assert (plain_out / f"{name}.csv").read_text(encoding="utf-8") == \
            (flow_out / f"{name}.csv").read_text(encoding="utf-8")
    assert result.summary.failed == 2
    assert sorted(line.split(":")[0] for line in lines) == ["empty", "error"]
