"""The run-breaking inputs of ../shared/reliability (01–13): each ends with its tables
written, the right exit code and a one-line reason, never a traceback or a hang."""
import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from flows.cli import main

from .proc_tree import cmdline, descendants

ROOT = Path(__file__).resolve().parents[2]
RELIABILITY = ROOT.parent / "shared" / "reliability"


def _rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, errors="replace")


def _plan(folder: Path, name: str = "plan.txt") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("The ward Party Committee strives for growth of 8% a year by 2030.\n",
                               encoding="utf-8")


def _one_line_error(err: str) -> str:
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("restrack: error: ")
    return lines[0]


# 01–05: inputs that once hung the run (a regex scan of the whole sentence per value, spaCy's
# affix splitting of one huge token). Made here the same way when ../shared is not there.
HANGS = {
    "01_hang_txt_range_percent": ("0014_txt_range_percent_repeat.txt", b"11-12% " * 40_000),
    "02_hang_txt_spaced_thousands": ("0015_txt_spaced_thousands.txt", b"1 000 000 " * 30_000),
    "03_hang_txt_parens": ("0018_txt_parens.txt", b"(" * 100_000 + b" x " + b")" * 100_000),
    "04_hang_txt_emoji": ("0021_txt_emoji.txt", "\U0001F600".encode() * 100_000),
    "05_hang_pdf_200k_char_line": ("0007_pdf_200k_char_line.pdf", None),
}


def _hang_inputs(folder: Path) -> None:
    import random

    from bench import fuzz

    folder.mkdir(parents=True)
    for case, (name, data) in HANGS.items():
        shared = RELIABILITY / case / name
        if shared.is_file():
            shutil.copy(shared, folder / name)
        else:
            (folder / name).write_bytes(data if data is not None else
                                        fuzz._pdf_line(random.Random(7), "Growth 11-12% by 2030 " * 1000))
    # the same shapes read as text, so that every value goes through the row finders:
    # 40,000 values in one 280 kB sentence, and 4,000 lines of one target each
    target = "The ward Party Committee strives for growth of 8% a year, 11-12% in industry by 2030, "
    (folder / "values_in_one_sentence.txt").write_text((target * 3200)[:280_000] + ".", encoding="utf-8")
    plan = "The ward Party Committee strives for growth of 8% a year by 2030.\n"
    (folder / "a_target_per_line.txt").write_text(plan * 4000, encoding="utf-8")


def test_01_05_inputs_that_hung_end_with_a_row_each(tmp_path):
    """Through ``restrack run --doc-timeout``: a row per input, garbage refused with its
    reason, text with tens of thousands of values extracted, not one document over its
    budget, and on stderr nothing but one line per document not ok."""
    src = tmp_path / "in"
    _hang_inputs(src)
    out = tmp_path / "out"
    res = _cli("run", str(src), "--out", str(out), "--quiet", "--doc-timeout", "120", timeout=900)
    assert res.returncode == 1, res.stderr[-2000:]
    docs = {Path(d["source"]).name: d for d in _rows(out / "documents.csv")}
    assert sorted(docs) == sorted(p.name for p in src.iterdir())
    assert not any("took longer than" in d["error"] for d in docs.values())
    for name, _ in list(HANGS.values())[:4]:
        assert docs[name]["status"] == "error" and docs[name]["error"].startswith("not text: "), docs[name]
    pdf, wordy, lines = (docs[n] for n in ("0007_pdf_200k_char_line.pdf", "values_in_one_sentence.txt",
                                           "a_target_per_line.txt"))
    assert pdf["status"] == wordy["status"] == lines["status"] == "ok"
    assert pdf["language"] == wordy["language"] == "en"
    targets = Counter(t["doc_id"] for t in _rows(out / "targets.csv"))
    assert targets[wordy["doc_id"]] > 1000 and targets[lines["doc_id"]] == 4000
    not_ok = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(not_ok) == 4 and all(line.startswith("error: ") and ": not text: " in line
                                    for line in not_ok), res.stderr[-2000:]


def test_06_a_file_name_that_is_not_utf8(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    with open(os.fsencode(src) + b"/latin1_" + bytes([0xE9, 0xE8]) + b".txt", "wb") as f:
        f.write(b"Plan: 10% growth by 2030.")
    out = tmp_path / "out"
    assert main(["run", str(src), "--out", str(out), "--quiet"]) == 0
    [doc] = _rows(out / "documents.csv")
    assert doc["status"] == "ok" and doc["source"].endswith("latin1_\\xe9\\xe8.txt")
    assert (out / "targets.parquet").exists()


def test_07_names_and_errors_are_never_markup(tmp_path, capsys):
    src = tmp_path / "in"
    if (RELIABILITY / "07_crash_rich_markup").is_dir():
        shutil.copytree(RELIABILITY / "07_crash_rich_markup", src, ignore=shutil.ignore_patterns("README*"))
    else:
        (src / "a[").mkdir(parents=True)
        (src / "a[" / "b].txt").write_bytes(b"")
    (src / "[red]x.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    out = tmp_path / "out"
    assert main(["run", str(src), "--out", str(out), "--quiet"]) == 1
    printed = capsys.readouterr().out
    assert "a[/b].txt" in printed and "[red]x.pdf" in printed
    assert len(_rows(out / "documents.csv")) == len(list(p for p in src.rglob("*") if p.is_file()))


def test_08_09_links_to_devices_and_pipes_are_not_read(tmp_path):
    src = tmp_path / "in"
    _plan(src)
    os.symlink("/dev/zero", src / "devzero.txt")
    os.mkfifo(src / "pipe.txt")
    out = tmp_path / "out"
    started = time.monotonic()
    res = _cli("run", str(src), "--out", str(out), "--quiet", timeout=240)
    assert res.returncode == 1, res.stderr[-2000:]
    assert "Traceback" not in res.stderr
    assert time.monotonic() - started < 240
    docs = {Path(d["source"]).name: d for d in _rows(out / "documents.csv")}
    assert docs["plan.txt"]["status"] == "ok"
    assert docs["devzero.txt"]["status"] == "error"
    assert docs["devzero.txt"]["error"] == "not a regular file: a character device is never read"
    assert docs["pipe.txt"]["error"] == "not a regular file: a named pipe is never read"
    assert "pipe.txt: not a regular file: a named pipe is never read" in res.stderr


def test_10_out_is_a_file(tmp_path, capfd):
    src = tmp_path / "in"
    _plan(src)
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    assert main(["run", str(src), "--out", str(afile)]) == 2
    assert "is a file, not a folder" in _one_line_error(capfd.readouterr().err)
    assert main(["run", str(src), "--out", str(afile / "sub")]) == 2
    assert "lies under a file" in _one_line_error(capfd.readouterr().err)
    # an input inside the output folder would read the run's own files back: refused
    out = tmp_path / "out"
    _plan(out / "inbox")
    assert main(["run", str(out / "inbox"), "--out", str(out)]) == 2
    assert "inside the output folder" in _one_line_error(capfd.readouterr().err)


@pytest.mark.slow
def test_11_a_killed_worker_costs_a_retry_not_the_run(tmp_path):
    src = tmp_path / "in"
    from bench.corpus import generate

    generate(src, n_docs=40, n_pdfs=0)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", str(src), "--out", str(out),
                             "--workers", "2", "--quiet"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, errors="replace")
    killed = None
    deadline = time.monotonic() + 240
    while killed is None and time.monotonic() < deadline and proc.poll() is None:
        workers = [p for p in descendants(proc.pid) if "extractors.worker" in cmdline(p)]
        if workers and (out / "parts").exists():  # a chunk done: the run is well under way
            os.kill(workers[0], signal.SIGKILL)
            killed = workers[0]
        time.sleep(0.2)
    stdout, stderr = proc.communicate(timeout=600)
    assert killed is not None, "no worker process was seen"
    assert proc.returncode in (0, 1), stderr[-2000:]
    assert "Traceback" not in stderr
    docs = _rows(out / "documents.csv")
    files = [p for p in src.rglob("*") if p.is_file() and p.suffix != ".json"]
    assert len(docs) == len(files)
    assert all(d["status"] == "ok" for d in docs), [d["error"] for d in docs if d["status"] != "ok"]


def test_12_output_inside_the_input_is_not_read_back(tmp_path):
    src = tmp_path / "D"
    _plan(src)
    _plan(src, "other.txt")
    (src / "other.txt").write_text("Exports will exceed 33 million USD by 2030.\n", encoding="utf-8")
    for _ in range(2):
        assert main(["run", str(src), "--out", str(src / "out"), "--quiet"]) == 0
    assert len(_rows(src / "out" / "documents.csv")) == 2


def test_13_unknown_or_unsafe_language_codes_are_usage_errors(tmp_path, capfd):
    src = tmp_path / "in"
    _plan(src)
    out = tmp_path / "L"
    for code in ("../../escaped_lang", "xx"):
        assert main(["run", str(src), "--out", str(out), "--lang", code]) == 2
        line = _one_line_error(capfd.readouterr().err)
        assert f"unknown --lang {code!r}; supported: " in line and "vi" in line
    assert not out.exists()
    assert main(["extract", str(src / "plan.txt"), "--lang", "xx"]) == 2


def test_a_run_that_fails_as_a_whole_exits_3_with_one_line(tmp_path, capfd, monkeypatch):
    import flows.process

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(flows.process, "assemble", broken)
    src = tmp_path / "in"
    _plan(src)
    assert main(["run", str(src), "--out", str(tmp_path / "out"), "--quiet"]) == 3
    err = capfd.readouterr().err
    assert "restrack: error: the run failed: OSError: [Errno 28] No space left on device" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out" / "documents.csv").exists()
