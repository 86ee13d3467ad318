"""Fixtures of the reviewers' loop: small documents, a run folder made by the library (no
Prefect, for speed), helpers to edit review.xlsx like a reviewer, and Prefect's harness for
the flow-level tests (``pytestmark = pytest.mark.usefixtures("prefect_harness")``)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from extractors.batch import discover, extract_chunk, save_dataset, save_texts
from extractors.review import apply_to_extractions

EN_PLAN = ("The City Party Committee set the goal of average annual growth of 11–12% in the "
           "2025–2030 term. Exports will exceed 33 million USD by 2030. The People's Committee "
           "of the city is assigned to attract ten investment projects by 2027.\n"
           "Forest cover will reach 45% by 2030.\n"
           "The Standing Committee reported that 1,200 new members joined the Party.\n")
VI_PLAN = ("Phấn đấu đến năm 2030 tỷ lệ che phủ rừng đạt từ 60% trở lên. Ban Thường vụ Tỉnh ủy "
           "giao Ủy ban nhân dân tỉnh chủ trì thu hút 5 dự án đầu tư đến năm 2027.\n")


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect database for the flow tests of this folder (Prefect's guide)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


def write_docs(folder: Path, en: str = EN_PLAN, vi: str | None = VI_PLAN) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "en_plan.txt").write_text(en, encoding="utf-8")
    if vi is not None:
        (folder / "vi_plan.txt").write_text(vi, encoding="utf-8")
    return folder


def run_library(inputs: list[Path], out: Path):
    """What ``restrack run`` does, through the same library functions, without Prefect."""
    extractions = extract_chunk([str(p) for p in discover([str(i) for i in inputs])])
    out.mkdir(parents=True, exist_ok=True)
    save_texts(out, extractions)
    extractions, report = apply_to_extractions(out, extractions)
    save_dataset(out, extractions)
    return report


@pytest.fixture
def docs(tmp_path) -> Path:
    return write_docs(tmp_path / "in")


@pytest.fixture
def run_dir(docs, tmp_path) -> Path:
    out = tmp_path / "out"
    run_library([docs], out)
    return out


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def targets(out: Path) -> dict[str, dict]:
    return {r["target_id"]: r for r in read_csv(out / "targets.csv")}


class Sheet:
    """The ``targets`` sheet of a review workbook, edited by column name."""

    def __init__(self, path: Path):
        self.path = path
        self.wb = load_workbook(path)
        self.ws = self.wb["targets"]
        self.col = {c.value: i for i, c in enumerate(self.ws[1], start=1)}

    def row_of(self, **match) -> int:
        for r in range(2, self.ws.max_row + 1):
            if all(str(self.get(r, k)) == str(v) for k, v in match.items()):
                return r
        raise KeyError(match)

    def get(self, row: int, column: str):
        return self.ws.cell(row, self.col[column]).value

    def set(self, row: int, column: str, value) -> None:
        self.ws.cell(row, self.col[column]).value = value

    def add(self, **cells) -> int:
        row = self.ws.max_row + 1
        for k, v in cells.items():
            self.set(row, k, v)
        return row

    def save(self, path: Path | None = None) -> Path:
        path = path or self.path
        self.wb.save(path)
        return path
