"""bench/corpus.py makes a deterministic multi-language, multi-format corpus; bench/run.py measures."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import docx
import pdfplumber
import pytest

from bench import corpus as bench_corpus

ROOT = Path(__file__).resolve().parents[1]
LANGS = {"vi", "en", "pl", "ru", "ar"}
FORMATS = {"txt", "pdf", "docx", "html"}
SMALL_N = 40


@pytest.fixture(scope="module")
def corpus() -> ModuleType:
    return bench_corpus


@pytest.fixture(scope="module")
def small(corpus: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("corpus_a")
    return out, corpus.generate(out, n_docs=SMALL_N, seed=7, n_pdfs=5)


def test_same_seed_gives_same_manifest(corpus: ModuleType, small: tuple[Path, dict], tmp_path: Path) -> None:
    out, manifest = small
    again = corpus.generate(tmp_path / "b", n_docs=SMALL_N, seed=7, n_pdfs=5)
    assert again == manifest  # includes every file's sha256, so the bytes are identical
    on_disk = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert on_disk == manifest


def test_other_seed_differs(corpus: ModuleType, small: tuple[Path, dict], tmp_path: Path) -> None:
    other = corpus.generate(tmp_path, n_docs=SMALL_N, seed=8, n_pdfs=5)
    assert [f["sha256"] for f in other["files"]] != [f["sha256"] for f in small[1]["files"]]


def test_covers_languages_and_formats(small: tuple[Path, dict]) -> None:
    _, manifest = small
    files = manifest["files"]
    assert len(files) == SMALL_N
    assert {f["lang"] for f in files} == LANGS
    assert {f["format"] for f in files} == FORMATS
    # PDFs cycle through the languages, so 5 PDFs hold one per language (Arabic included).
    assert {f["lang"] for f in files if f["format"] == "pdf"} == LANGS
    t = manifest["totals"]
    assert t["documents"] == SMALL_N
    assert t["n_chars"] == sum(f["n_chars"] for f in files) > 0
    assert t["pdf_pages"] == sum(f["n_pages"] for f in files if f["format"] == "pdf")


def test_files_match_manifest(small: tuple[Path, dict]) -> None:
    out, manifest = small
    for entry in manifest["files"]:
        path = out / entry["file"]
        assert path.is_file()
        assert path.parent.name == entry["format"]
        assert path.name.startswith(entry["lang"] + "_")
        assert entry["n_chars"] > 200
        if entry["format"] == "txt":
            text = path.read_bytes().decode(entry["encoding"])
            assert len(text.replace("\r\n", "\n")) == entry["n_chars"]
        else:
            assert entry["encoding"] is None


def test_pdfs_have_3_to_10_pages(small: tuple[Path, dict]) -> None:
    out, manifest = small
    for entry in (f for f in manifest["files"] if f["format"] == "pdf"):
        with pdfplumber.open(out / entry["file"]) as pdf:
            assert len(pdf.pages) == entry["n_pages"]
            assert 3 <= entry["n_pages"] <= 10
            assert (pdf.pages[-1].extract_text() or "").strip()


def test_docx_and_html_open(small: tuple[Path, dict]) -> None:
    out, manifest = small
    for entry in manifest["files"]:
        if entry["format"] == "docx":
            document = docx.Document(str(out / entry["file"]))
            assert len(document.paragraphs) > 3
        elif entry["format"] == "html":
            page = (out / entry["file"]).read_text(encoding="utf-8")
            assert "<article" in page and "<script" in page


def test_default_plan_has_2000_documents_and_40_pdfs(corpus: ModuleType) -> None:
    plan = corpus.plan_formats(corpus.DEFAULT_DOCS)
    assert sum(plan.values()) == corpus.DEFAULT_DOCS >= 2000
    assert plan["pdf"] == 40
    assert plan["txt"] > plan["html"] > plan["docx"] > 0


def test_ensure_corpus_reuses_a_matching_corpus(corpus: ModuleType, tmp_path: Path) -> None:
    first, built = corpus.ensure_corpus(tmp_path, n_docs=12, seed=3)
    assert built
    again, built = corpus.ensure_corpus(tmp_path, n_docs=12, seed=3)
    assert not built and again == first
    bigger, built = corpus.ensure_corpus(tmp_path, n_docs=15, seed=3)
    assert built and bigger["n_docs"] == 15
    assert sum(1 for p in tmp_path.rglob("*.*") if p.name != "manifest.json") == 15


def test_number_formats(corpus: ModuleType) -> None:
    assert corpus.fmt_number(2639, "en") == "2,639"
    assert corpus.fmt_number(2639, "vi") == "2.639"
    assert corpus.fmt_number(2639, "pl") == "2 639"
    assert corpus.fmt_number(10.5, "ru") == "10,5"
    assert corpus.fmt_number(10.5, "en") == "10.5"


# --- bench/run.py against a stand-in CLI (the real one is tested elsewhere) -------------

FAKE_CLI = textwrap.dedent('''
    import argparse, csv, pathlib, sys
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run")
    run.add_argument("inputs", nargs="+")
    run.add_argument("--out", required=True)
    run.add_argument("--workers", type=int, default=1)
    a = ap.parse_args()
    if a.cmd == "run" and "FAKE_CLI_FAIL" in __import__("os").environ:
        print("boom: the extractor crashed", file=sys.stderr)
        sys.exit(3)
    files = [p for i in a.inputs for p in sorted(pathlib.Path(i).rglob("*")) if p.is_file()]
    out = pathlib.Path(a.out)
    out.mkdir(parents=True)
    with open(out / "documents.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["doc_id", "source", "status"])
        for f in files:
            w.writerow(["x", f, "ok"])
''')


def _run_bench(tmp_path: Path, *extra: str, fail: bool = False) -> subprocess.CompletedProcess[str]:
    (tmp_path / "fakecli.py").write_text(FAKE_CLI, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    if fail:
        env["FAKE_CLI_FAIL"] = "1"
    cmd = [sys.executable, "-m", "bench.run", "--module", "fakecli", "--docs", "12",
           "--corpus", str(tmp_path / "corpus"), "--results", str(tmp_path / "results.json"), *extra]
    return subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_run_measures_each_scenario_and_worker_count(tmp_path: Path) -> None:
    proc = _run_bench(tmp_path)
    assert proc.returncode == 0, proc.stderr
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert results["status"] == "ok"
    runs = {(r["scenario"], r["workers"]): r for r in results["runs"]}
    assert set(runs) == {("txt", 1), ("txt", 2), ("pdf", 1), ("pdf", 2)}
    for r in runs.values():
        assert r["documents"] == r["output_rows"] > 0
        assert r["max_proc_rss_mb"] > 1 and r["docs_per_s"] > 0
    assert runs[("pdf", 1)]["pages_per_s"] > 0 and runs[("txt", 1)]["pages_per_s"] is None
    assert "documents/s" in proc.stdout


def test_run_fails_loudly_when_the_cli_fails(tmp_path: Path) -> None:
    proc = _run_bench(tmp_path, "--scenarios", "txt", "--workers", "1", fail=True)
    assert proc.returncode != 0
    assert "boom: the extractor crashed" in proc.stderr
    assert json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["status"] == "failed"
