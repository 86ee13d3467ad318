"""Markdown files read as documents: headings, pipe tables, soft-wrapped paragraphs."""
from __future__ import annotations

import pytest

from extractors.batch import discover, is_note
from extractors.io.auto import read_bytes
from extractors.io.filetype import detect_filetype
from extractors.pipeline import extract_file
from extractors.segment import segment
from tests.conftest import shared_path

PLAN = """---
title: "Climate Action Plan 2030"
layout: page
---

# Climate Action Plan 2030

The city will **reduce emissions by 60%** by 2030,
compared with 2019 levels, and plant *10,000 trees* a year.
See the [annex](https://example.org/annex.pdf) for details.

![Figure 1](img/fig1.png)

## Indicators

| Indicator | Unit | 2019 | 2030 |
|---|:---:|---:|---:|
| Renewable share | % | 12 | 40 |
| Cycle lanes | km | 80 | 200 |

* First item with `code`
+ Second item \\*escaped\\*
"""


def test_markdown_is_sniffed_by_its_marks_and_its_name() -> None:
    assert detect_filetype(PLAN.encode(), "plan.txt") == "md"
    assert detect_filetype(b"Just a line.\nAnd another one.\n", "notes.md") == "md"
    assert detect_filetype(b"Just a line.\nAnd another one - with a dash.\n", "a.txt") == "txt"
    table_only = "| a | b |\n|---|---|\n| 1 | 2 |\n".encode()
    assert detect_filetype(table_only, "t.txt") == "md"


def test_link_targets_and_images_go_paragraphs_are_joined_inline_marks_stay() -> None:
    """Inline marks stay where the source has them: evidence is quoted from the source."""
    _, raw = read_bytes(PLAN.encode(), "plan.md")
    assert raw.status == "ok" and raw.format == "md"
    assert raw.title == "Climate Action Plan 2030"
    text = raw.text
    assert "The city will **reduce emissions by 60%** by 2030, compared with 2019 levels, and " \
           "plant *10,000 trees* a year." in text
    assert "See the [annex] for details." in text
    for mark in ("](", "![", "https://", "layout:", "fig1"):
        assert mark not in text
    assert "* First item with `code`" in text and "+ Second item \\*escaped\\*" in text


def test_headings_are_headings_and_tables_are_rows() -> None:
    _, raw = read_bytes(PLAN.encode(), "plan.md")
    text = raw.text
    assert [text[s:e] for s, e in raw.headings] == ["# Climate Action Plan 2030", "## Indicators"]
    (table,) = raw.tables
    assert [[text[s:e] for s, e in row] for row in table] == [
        ["Indicator", "Unit", "2019", "2030"], ["Renewable share", "%", "12", "40"],
        ["Cycle lanes", "km", "80", "200"]]
    segs = segment(text, "en", table_rows=[(r[0][0], r[-1][1]) for r in table],
                   headings=raw.headings)
    kinds = {text[s.start:s.end]: s.kind for s in segs}
    assert kinds["## Indicators"] == "heading"  # not upper-case: marked by the format
    assert kinds["Cycle lanes | km | 80 | 200"] == "row"


def test_a_markdown_plan_yields_its_target(tmp_path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(PLAN, encoding="utf-8")
    ex = extract_file(path)
    targets = [r for r in ex.rows if r.kind == "target"]
    assert any(r.value == 60 and r.unit == "percent" and r.period_end == 2030 for r in targets)
    assert all(not r.sentence.startswith("**") for r in ex.rows)


def test_notes_beside_documents_are_skipped_but_markdown_documents_are_read(tmp_path) -> None:
    for name in ("README.md", "SOURCES_vi_en.md", "EXPECTED.md", "LICENSE", "plan.md",
                 "readme-first.txt", "sources.txt", "resourcing.md"):
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    assert [p.name for p in discover([tmp_path])] == ["plan.md", "resourcing.md"]
    assert is_note("Readme.MD") and not is_note("sourcebook.md")


@pytest.mark.shared
def test_real_markdown_conversions_read_without_markup() -> None:
    corpus = shared_path("dev2", "corpus")
    for path in sorted(corpus.glob("*.md")):
        _, raw = read_bytes(path.read_bytes(), path.name)
        assert raw.status == "ok" and raw.format == "md", path.name
        assert "](http" not in raw.text and "![" not in raw.text, path.name
        source_lines = path.read_text(encoding="utf-8").count("\n")
        assert raw.text.count("\n") < source_lines * 0.8, path.name  # soft wraps joined
