"""PDF reading speed: pages per CPU-second of the reader, against pdfplumber's text lines.

    python bench/pdf_pages.py              # 40 generated PDFs (make bench runs it)
    python bench/pdf_pages.py --pdfs 100 --real ../shared/realdocs

The PDFs are those of the benchmark corpus (``bench/corpus.py``: reportlab, 3-10 pages,
five languages). CPU time of this process (``time.process_time``), so the figure is per
core and holds on a busy machine. ``pdfplumber`` is the text extraction the reader used
before (``extract_text_lines`` on every page), measured on the same files.
"""
from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench import corpus  # noqa: E402  (run as a script or as ``python -m bench.pdf_pages``)
from extractors.io.pdf import read_pdf  # noqa: E402

LANGS = ("vi", "en", "pl", "ru", "ar")
DEFAULT_PDFS = 40
GOAL = 100.0


def generated(n: int, seed: int = corpus.DEFAULT_SEED) -> list[bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        entries = [corpus.build_entry(out, "pdf", LANGS[i % len(LANGS)], i, seed)
                   for i in range(n)]
        return [(out / e["file"]).read_bytes() for e in entries]


def _pdfplumber_pages(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text_lines(strip=True, return_chars=False)
            page.close()
        return len(pdf.pages)


def measure(files: list[bytes]) -> dict:
    start = time.process_time()
    pages = sum(read_pdf(data).n_pages or 0 for data in files)
    reader = time.process_time() - start
    start = time.process_time()
    plumber_pages = sum(_pdfplumber_pages(data) for data in files)
    plumber = time.process_time() - start
    return {"files": len(files), "pages": pages,
            "reader_pages_per_cpu_s": round(pages / reader, 1),
            "pdfplumber_pages_per_cpu_s": round(plumber_pages / plumber, 1),
            "speedup": round(plumber / reader, 1)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--pdfs", type=int, default=DEFAULT_PDFS)
    p.add_argument("--real", type=Path, help="also a folder of real PDFs")
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    files = generated(args.pdfs)
    arabic = [f for i, f in enumerate(files) if LANGS[i % len(LANGS)] == "ar"]
    others = [f for i, f in enumerate(files) if LANGS[i % len(LANGS)] != "ar"]
    # Right-to-left pages cost more (pdfium's bidi undone, pdfminer's boxes rebuilt from
    # three calls per character), so Arabic is measured apart.
    results = {"generated": measure(files), "generated, vi/en/pl/ru": measure(others),
               "generated, ar": measure(arabic)}
    if args.real and args.real.is_dir():
        results["real"] = measure([f.read_bytes() for f in sorted(args.real.glob("*.pdf"))])
    print("| PDFs | files | pages | reader pages/CPU-s | pdfplumber pages/CPU-s | speed-up |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        print(f"| {name} | {r['files']} | {r['pages']} | {r['reader_pages_per_cpu_s']} | "
              f"{r['pdfplumber_pages_per_cpu_s']} | {r['speedup']}× |")
    print(f"goal: ≥ {GOAL:.0f} pages/s per core on the generated PDFs")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
