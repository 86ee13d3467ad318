"""Build the sample documents of data/raw from the texts in bench/sample_texts.

``make run`` processes data/raw; ``bench/sample_texts/samples.json`` says how each file is
made from which text. Every document is original text written for restrack: the places,
numbers and URLs are invented (``*.example`` domains), but the genre, phrasing and layout
follow real congress resolutions, action programmes and news reports and their machine
translations. What each file demonstrates is listed in ``data/raw/README.md``; what an
analyst would extract from it is in ``data/raw/EXPECTED.md``. The output is deterministic
(``bench/render.py``), which ``tests/test_samples.py`` checks.

    python -m bench.samples            # writes data/raw/ (make samples)
    python -m bench.samples --out DIR  # writes elsewhere (used by the tests)
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from . import render

TEXTS_DIR = Path(__file__).resolve().parent / "sample_texts"
RECIPE = TEXTS_DIR / "samples.json"
RAW_DIR = Path(__file__).resolve().parents[1] / "data" / "raw"


def _text(name: str) -> str:
    return (TEXTS_DIR / name).read_text(encoding="utf-8")


def _table(name: str) -> list[tuple[str, ...]]:
    """Tab-separated rows, header first."""
    return [tuple(line.split("\t")) for line in _text(name).splitlines()]


def build_file(name: str, recipe: dict, built: dict[str, bytes]) -> bytes:
    """The bytes of one sample file, rendered as its name's extension says; ``built`` holds
    the files before it (a broken download is cut from one of them)."""
    if "truncate" in recipe:
        # the header and part of the first object: no xref, no pages
        return built[recipe["truncate"]][: recipe["keep"]]
    text = _text(recipe["text"])
    kind = Path(name).suffix
    if kind == ".txt":
        return text.replace("\n", recipe.get("newline", "\n")).encode(recipe.get("encoding", "utf-8"))
    if kind == ".html":
        return render.html_page(paragraphs=text.splitlines(), **recipe["page"]).encode("utf-8")
    blocks = render.parse_blocks(text)
    if kind == ".pdf":
        return render.render_pdf(blocks, title=recipe["title"], rtl=recipe.get("rtl", False))
    if kind == ".docx":
        tables = [(len(blocks) - 1, _table(recipe["table"]))] if "table" in recipe else []
        tail = render.parse_blocks(_text(recipe["tail"])) if "tail" in recipe else []
        return render.render_docx(blocks, title=recipe["title"], language=recipe["language"],
                                  tables=tables, tail=tail)
    raise ValueError(f"{RECIPE.name}: no renderer for {name}")


def build_samples() -> dict[str, bytes]:
    """All sample files, name -> bytes, in the recipe's order."""
    recipes = json.loads(RECIPE.read_text(encoding="utf-8"))
    files: dict[str, bytes] = {}
    for name, recipe in recipes.items():
        if not name.startswith("_"):
            files[name] = build_file(name, recipe, files)
    return files


def write_samples(out_dir: Path) -> list[Path]:
    """Write every sample into ``out_dir``; leaves README.md and EXPECTED.md alone."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, data in build_samples().items():
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=RAW_DIR, help="output folder (default: data/raw)")
    args = parser.parse_args(argv)
    for path in write_samples(args.out):
        print(f"{path.stat().st_size:>8}  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
