"""Tables read through their header (extractors.tables) and the rows they give.

Real files: a DOCX financing plan with a merged header ("thousand roubles" over the year
columns), a DOCX plan/fact report with a column-numbering row, and Markdown indicator tables
with baseline and target-year columns.
"""
from __future__ import annotations

import docx
import pytest

from extractors.io.auto import read
from extractors.pipeline import extract_file
from extractors.tables import header_role, read_table, unit_of


def _merge_row(table, row: int, start: int, end: int, text: str) -> None:
    cell = table.cell(row, start).merge(table.cell(row, end))
    cell.text = text


@pytest.fixture
def financing_docx(tmp_path):
    d = docx.Document()
    d.add_paragraph("Ведомственная целевая программа «Спорт» на 2017-2021 годы")
    d.add_paragraph("Общая потребность в ресурсах")
    t = d.add_table(rows=5, cols=5)
    t.cell(0, 0).text = "Источники финансирования"
    _merge_row(t, 0, 1, 4, "Объём финансирования, тыс. руб.")
    t.cell(1, 1).text = "всего"
    _merge_row(t, 1, 2, 4, "в том числе по годам")
    for i, year in enumerate(("2019", "2020", "2021")):
        t.cell(2, 2 + i).text = year
    for r, cells in enumerate((("Местный бюджет", "300,0", "100,0", "150,0", "50,0"),
                               ("Областной бюджет", "120,0", "", "120,0", "")), start=3):
        for c, value in enumerate(cells):
            t.cell(r, c).text = value
    path = tmp_path / "ru_financing.docx"
    d.save(path)
    return path


@pytest.fixture
def plan_fact_docx(tmp_path):
    d = docx.Document()
    d.add_paragraph("ОТЧЕТ о реализации программы за 1 полугодие 2019 года")
    t = d.add_table(rows=5, cols=5)
    for c, head in enumerate(("N п/п", "Наименование показателя", "Единица измерения")):
        t.cell(0, c).text = head
    _merge_row(t, 0, 3, 4, "Значение результата")
    t.cell(1, 3).text = "план"
    t.cell(1, 4).text = "факт"
    for c in range(5):
        t.cell(2, c).text = str(c + 1)
    for r, cells in enumerate((("1", "Количество спортивных групп", "единица", "42", "40"),
                               ("2", "Доля населения, занимающегося спортом", "процент", "18", "19")),
                              start=3):
        for c, value in enumerate(cells):
            t.cell(r, c).text = value
    path = tmp_path / "ru_plan_fact.docx"
    d.save(path)
    return path


INDICATORS_MD = """# Strategy 2030

## Key performance indicators

| Indicator | Unit | Baseline 2019 | 2025 | Target 2030 |
|---|---|---|---|---|
| Renewable share of electricity | % | 12 | 25 | 40 |
| Cycle lanes | km | 80 | 120 | 200 |
| Global Innovation Index (0 - 100) |  | 25.9 | 40 | 60 |
"""


def test_header_roles_and_units_come_from_language_data() -> None:
    assert header_role("Целевое значение на 2024 год", "ru") == "target"
    assert header_role("Thời gian thực hiện", "vi") == "period"
    assert header_role("Wartość bazowa", "pl") == "baseline"
    assert unit_of("Объём финансирования, тыс. руб.", "ru") == ("RUB", 1000.0)
    assert unit_of("(%)", "en")[0] == "percent"


def test_a_merged_header_applies_to_every_column_under_it(financing_docx) -> None:
    _, raw = read(financing_docx)
    reading = read_table(raw.text, raw.tables[0], "ru")
    assert reading.header_rows == 3
    assert [c.role for c in reading.columns] == ["skip", "total", "year", "year", "year"]
    assert [c.years for c in reading.columns[2:]] == [(2019, 2019), (2020, 2020), (2021, 2021)]
    assert all(c.unit == "RUB" and c.scale == 1000 for c in reading.columns[1:])


def test_a_financing_plan_gives_a_target_per_year_and_a_total(financing_docx) -> None:
    ex = extract_file(financing_docx, "ru")
    got = sorted((r.value, r.period_start, r.period_end) for r in ex.rows if r.kind == "target")
    assert got == [(50000.0, 2021, 2021), (100000.0, 2019, 2019), (120000.0, 2019, 2021),
                   (120000.0, 2020, 2020), (150000.0, 2020, 2020), (300000.0, 2019, 2021)]
    assert {r.unit for r in ex.rows} == {"RUB"} and all(not r.deadline for r in ex.rows)


def test_plan_is_a_target_and_fact_an_achievement(plan_fact_docx) -> None:
    ex = extract_file(plan_fact_docx, "ru")
    got = sorted((r.kind, r.value, r.unit, r.period_end) for r in ex.rows)
    assert got == [("achievement", 19.0, "percent", 2019), ("achievement", 40.0, "count", 2019),
                   ("target", 18.0, "percent", 2019), ("target", 42.0, "count", 2019)]
    group = next(r for r in ex.rows if r.value == 42)
    assert group.indicator == "Количество спортивных групп"


def test_an_indicator_table_gives_targets_by_year_and_baselines_as_achievements(tmp_path) -> None:
    path = tmp_path / "kpi.md"
    path.write_text(INDICATORS_MD, encoding="utf-8")
    ex = extract_file(path, "en")
    got = {(r.indicator.split()[0], r.value): (r.kind, r.unit, r.period_start, r.period_end,
                                               r.deadline) for r in ex.rows}
    assert got[("Renewable", 40.0)] == ("target", "percent", None, 2030, "2030")
    assert got[("Renewable", 25.0)] == ("target", "percent", 2025, 2025, "")
    assert got[("Renewable", 12.0)][0] == "achievement"
    assert got[("Cycle", 200.0)][1] == "km"
    assert got[("Global", 60.0)][1] == "index"
    assert len(ex.rows) == 9
