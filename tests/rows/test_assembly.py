"""rows.py on its own: each decision of row assembly, called directly on small texts.

``context(text, lang)`` runs the finders and the segmenter as the pipeline does and hands
rows.py a ``DocContext``; the tests then call one decision at a time — the kind of a value,
the roles of a sentence's bodies, the scope of an enumeration item — so a failure names the
decision that broke, not just a document whose rows changed.
"""
from __future__ import annotations

import pytest

from extractors import rows
from extractors.bodies import find_bodies
from extractors.numbers import find_quantities
from extractors.periods import document_term, find_dates
from extractors.rows import DocContext
from extractors.segment import Segment, segment


def _extract(text: str, name: str, lang: str):
    """The extraction of a text as if read from a file called ``name``."""
    from extractors.io.auto import read_bytes
    from extractors.pipeline import extract_text
    from extractors.records import Document

    doc_id, raw = read_bytes(text.encode("utf-8"), name)
    return extract_text(Document(doc_id=doc_id, source=name, format=raw.format), raw, lang)


def context(text: str, lang: str) -> tuple[DocContext, list[Segment]]:
    dates = find_dates(text, lang)
    ctx = DocContext("d", lang, text, document_term(dates), "", find_quantities(text, lang),
                     dates, find_bodies(text, lang))
    return ctx, segment(text, lang)


def sentence_of(ctx: DocContext, segments: list[Segment], evidence: str) -> Segment:
    at = ctx.text.index(evidence)
    return next(s for s in segments if s.start <= at < s.end)


def value_at(ctx: DocContext, evidence: str):
    at = ctx.text.index(evidence)
    return next(q for q in ctx.quantities if q.start < at + len(evidence) and q.end > at)


def kind_of(text: str, lang: str, evidence: str) -> str | None:
    ctx, segments = context(text, lang)
    modes = rows.section_modes(ctx, segments)
    frames = rows.paragraph_frames(ctx, segments)
    seg = sentence_of(ctx, segments, evidence)
    q = value_at(ctx, evidence)
    return rows.classify(ctx, q, (seg.start, seg.end), modes[segments.index(seg)],
                         frames.get(seg.block, 0.0), rows.within(ctx.dates, seg.start, seg.end))


def target_units(tmp_path, name: str, text: str, lang: str) -> dict[float, str]:
    """Each target's value and unit, extracted from ``text`` written to a file ``name``."""
    from extractors.pipeline import extract_file

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return {r.value: r.unit for r in extract_file(path, lang).rows if r.kind == "target"}


TITLE = {
    "vi": "Nghị quyết Đại hội Đảng bộ phường Tân Phong lần thứ I, nhiệm kỳ 2025–2030\n",
    "en": "Resolution of the 1st Congress of the Tan Phong Ward Party Committee, 2025–2030 term\n",
    "pl": "Uchwała I Zjazdu Komitetu Partii gminy Dong Lam, kadencja 2025–2030\n",
    "ru": "Резолюция съезда партийной организации города Лам Жанг на срок 2025–2030 годов\n",
    "ar": "قرار المؤتمر الأول للجنة الحزب في مقاطعة بينه سون للفترة 2025-2030\n",
}

KINDS = [
    ("vi", "Phấn đấu tốc độ tăng trưởng kinh tế bình quân hằng năm đạt 10%.", "10%", "target"),
    ("vi", "Năm 2024, tăng trưởng kinh tế đã đạt 7,5%.", "7,5%", "achievement"),
    ("vi", "Hiện nay Đảng bộ có 2.639 đảng viên.", "2.639", None),
    ("en", "The ward will raise forest cover to 45% by 2030.", "45%", "target"),
    ("en", "In 2020–2024 the ward reached growth of 7.5%.", "7.5%", "achievement"),
    ("en", "The resolution sets out 5 viewpoints and 16 targets.", "16", "structure"),
    ("pl", "Dążymy do wzrostu eksportu o 12% rocznie.", "12%", "target"),
    ("ru", "Обеспечить рост экспорта не менее 10,5% ежегодно.", "10,5%", "target"),
    ("ar", "تسعى اللجنة إلى تحقيق نمو اقتصادي بنسبة 8% سنويا.", "8%", "target"),
]


@pytest.mark.parametrize("lang,sentence,evidence,kind", KINDS)
def test_kind_of_a_value(lang, sentence, evidence, kind) -> None:
    assert kind_of(TITLE[lang] + sentence, lang, evidence) == kind


def test_a_results_heading_makes_past_values_achievements_and_a_targets_heading_targets() -> None:
    text = (TITLE["en"] + "I. RESULTS OF THE 2020–2025 TERM\nGrowth of 7.5% a year.\n"
            "II. TARGETS FOR 2025–2030\nGrowth of 10% a year.\n")
    assert kind_of(text, "en", "7.5%") == "achievement"
    assert kind_of(text, "en", "10%") == "target"


ROLES = [
    ("vi", "Giao Ủy ban nhân dân phường chủ trì, phối hợp với Công an phường xây dựng kế hoạch.",
     ["peoples_committee", "police"]),
    ("en", "The People's Committee of the ward is assigned to draft the plan by 2026.",
     ["peoples_committee"]),
    ("vi", "Giao Ủy ban nhân dân phường và Ủy ban Mặt trận Tổ quốc phường thực hiện.",
     ["peoples_committee", "fatherland_front"]),
]


@pytest.mark.parametrize("lang,sentence,types", ROLES)
def test_responsible_bodies_of_a_sentence(lang, sentence, types) -> None:
    ctx, segments = context(sentence, lang)
    seg = segments[0]
    responsible, _ = rows.roles(ctx, (seg.start, seg.end),
                                rows.within(ctx.bodies, seg.start, seg.end))
    assert [code.split(":")[0] for code in responsible] == types


def test_a_per_year_cue_covers_only_its_own_enumeration_item() -> None:
    text = TITLE["vi"] + ("Tăng trưởng kinh tế bình quân hằng năm đạt 10%; "
                          "thu nhập bình quân đầu người đến năm 2030 đạt 120 triệu đồng.")
    ctx, segments = context(text, "vi")
    seg = sentence_of(ctx, segments, "10%")
    span = (seg.start, seg.end)
    dates = rows.within(ctx.dates, seg.start, seg.end)
    assert rows.frequency(ctx, value_at(ctx, "10%"), span, dates) == "annual"
    assert rows.frequency(ctx, value_at(ctx, "120 triệu"), span, dates) == "total"
    income = rows.pick_date(ctx, value_at(ctx, "120 triệu"), dates, span)
    assert income is not None and income.period_end == 2030


def test_a_comparison_base_is_not_the_period_of_the_value() -> None:
    text = TITLE["en"] + "Exports will grow by 20% compared with 2020."
    ctx, segments = context(text, "en")
    seg = sentence_of(ctx, segments, "20%")
    d = rows.pick_date(ctx, value_at(ctx, "20%"), rows.within(ctx.dates, seg.start, seg.end),
                       (seg.start, seg.end))
    assert d is None  # the row inherits the document's term instead
    assert rows.period_fields(ctx, d)[:2] == (2025, 2030)


def test_one_row_per_value_of_an_enumeration_each_with_its_indicator() -> None:
    text = TITLE["en"] + ("By 2030, the economy will be structured as: industry and construction "
                          "27.8%, services 11.3%, agriculture 3.5%.")
    ctx, segments = context(text, "en")
    built = [r for r in rows.build_rows(ctx, segments) if r.kind == "target"]
    assert [r.value for r in built] == [27.8, 11.3, 3.5]
    assert all(r.period_end == 2030 for r in built)
    assert [r.indicator.split()[-1] for r in built] == ["construction", "services", "agriculture"]


def test_items_take_the_body_their_lead_in_assigns():
    text = ("The Standing Committee assigns the Provincial People's Committee to achieve the "
            "following targets:\na) forest cover reaches 45% by 2030;\nb) the following by "
            "2028:\nc) exports exceed 33 million USD by 2030.\n\nThe city grew 5% in 2020.\n")
    ex = _extract(text, "plan.txt", "en")
    targets = {r.sentence.split()[1]: r.responsible for r in ex.rows if r.kind == "target"}
    assert targets["forest"].startswith("peoples_committee:province")
    assert targets["exports"].startswith("peoples_committee:province")  # past a nested lead-in


def test_unmarked_lines_after_a_lead_in_take_its_body_and_the_title_names_the_issuer():
    """A decree lists its goals as bare lines ending with ";" under "… обеспечить:"; each
    line is a member of that list, and the act's author in the title ("УКАЗ / ПРЕЗИДЕНТА …")
    is the document's issuer even when other bodies are named more often."""
    from extractors.io.auto import read_bytes
    from extractors.pipeline import extract_text
    from extractors.records import Document

    text = ("УКАЗ\nПРЕЗИДЕНТА РОССИЙСКОЙ ФЕДЕРАЦИИ\nО НАЦИОНАЛЬНЫХ ЦЕЛЯХ НА ПЕРИОД ДО 2024 ГОДА\n"
            "1. Правительству Российской Федерации обеспечить в 2024 году:\n"
            "а) достижение следующих целевых показателей:\n"
            "увеличение доли граждан, занимающихся спортом, до 55 процентов;\n"
            "снижение смертности до 350 случаев на 100 тыс. населения.\n"
            "Рост экспорта составит 7 процентов к 2025 году.\n")
    doc_id, raw = read_bytes(text.encode("utf-8"), "ukaz.txt")
    doc = Document(doc_id=doc_id, source="ukaz.txt", format=raw.format)
    ex = extract_text(doc, raw, "ru")
    assert doc.issuer == "agency:central:"
    targets = {r.value: r for r in ex.rows if r.kind == "target"}
    assert set(targets) == {55, 350, 7}
    for value in (55, 350):
        assert targets[value].responsible.startswith("government:")
        assert targets[value].issuer == "agency:central:"
        # the lead-in's "в 2024 году" is the period of every member
        assert (targets[value].period_start, targets[value].period_end) == (2024, 2024)
    assert targets[7].period_end == 2025
    # a line that follows a sentence ending with "." is no longer a member of the list
    assert targets[7].responsible == ""


def test_polish_report_past_tense_and_labels_against_plans():
    """A Polish investment report: what was spent or contracted ("Kwota wydatkowana: …",
    impersonal "-ono/-ano", "zostało") is no target, even inside a paragraph that also
    plans; what is planned ("zaplanowano kwotę") or promised ("-ujemy") is. "zł." ends a
    sentence: Polish writes the unit without a dot, so a dot after it is a full stop."""
    from extractors.segment import segment

    text = ("Przebudowa ulicy Leśnej. W kolejnych latach będzie realizowany drugi etap. "
            "Kwota wydatkowana: 82 024,23 zł. Umowę zawarto na kwotę 46 452,48 zł brutto. "
            "Na zadanie to zaplanowano kwotę 70 000,00 zł. "
            "Zbudujemy 500 żłobków do 2027 roku.\n")
    ex = _extract(text, "raport.txt", "pl")
    targets = {r.value for r in ex.rows if r.kind == "target"}
    assert targets == {70000, 500}
    sentences = [ex.text[s.start:s.end] for s in segment(ex.text, "pl")]
    assert "Kwota wydatkowana: 82 024,23 zł." in sentences


def test_a_breakdown_sentence_shares_the_period_and_a_yearly_rate_runs_over_the_term():
    """"Trong đó: …" (of which) breaks down the sentence before it and takes its "by 2030";
    an average yearly rate "by 2030" in a 2026–2030 plan runs from 2026."""

    text = ("KẾ HOẠCH XUẤT KHẨU GIAI ĐOẠN 2026 - 2030\n\n"
            "Phấn đấu giá trị xuất khẩu đến năm 2030 đạt 400 triệu USD, tăng bình quân "
            "hàng năm đạt 10 - 13%/năm. Trong đó: nông sản xuất khẩu đạt 395 triệu USD.\n")
    ex = _extract(text, "kh.txt", "vi")
    rows = {r.value: r for r in ex.rows if r.kind == "target"}
    assert (rows[400e6].period_end, rows[400e6].deadline) == (2030, "2030")
    assert (rows[395e6].period_end, rows[395e6].deadline) == (2030, "2030")
    assert (rows[10].period_start, rows[10].period_end, rows[10].frequency) == (2026, 2030, "annual")


def test_the_indicator_comes_from_the_values_own_item_not_from_far_up_its_paragraph():
    """What a value measures is named in its own enumeration item, else near it: a theme
    named a long sentence earlier in the paragraph ("an ninh trật tự", security) does not
    code a later value that names nothing of it."""

    text = ("KẾ HOẠCH GIAI ĐOẠN 2026 - 2030\n\n"
            "Bảo đảm an ninh trật tự là nhiệm vụ thường xuyên của cả hệ thống chính trị, gắn "
            "với việc xây dựng nếp sống văn minh, phát triển văn hóa, giáo dục và nâng cao "
            "đời sống vật chất, tinh thần của nhân dân trên địa bàn toàn tỉnh trong những năm "
            "tới. Phấn đấu đến năm 2030 đạt 100% xã có nhà văn hóa; tỷ lệ che phủ rừng đạt "
            "45%.\n")
    ex = _extract(text, "kh.txt", "vi")
    codes = {r.value: r.indicator_code for r in ex.rows if r.kind == "target"}
    assert codes == {100: "other", 45: "forest_cover"}


def test_a_value_read_by_its_plausible_size_says_so_in_its_confidence():
    """"3،250 مليون" is read as 3.25 million (the Arabic comma serves both as group and as
    decimal sign in machine translation); the row that rests on that reading is less sure
    than the same row written unambiguously."""
    from extractors.numbers import read_by_size

    def target(number: str):
        text = (f"خطة التنمية 2026-2030\n\nتهدف الخطة إلى رفع متوسط الدخل إلى {number} مليون "
                "دونج للفرد شهريا بحلول عام 2030.\n")
        ex = _extract(text, "plan.txt", "ar")
        [row] = [r for r in ex.rows if r.kind == "target"]
        return row

    doubtful, plain = target("3،250"), target("3٫25")
    assert doubtful.value == plain.value == 3_250_000
    assert round(plain.confidence - doubtful.confidence, 2) == 0.2
    assert read_by_size("3،250 مليون", "ar") and not read_by_size("3,250 million", "en")


def test_a_sub_row_takes_its_parent_rows_unit_and_a_share_is_a_percentage(tmp_path):
    """Indicator tables break a row down in sub-rows whose first cell is empty (" | urban
    population | 88,0"): they measure what their parent row measures. A row that names a
    share ("Доля …") holds percentages even when no "%" is written."""
    units = target_units(
        tmp_path, "criteria.md",
        "# Целевые значения критериев доступности медицинской помощи на 2016 год\n\n"
        "| N п/п | Наименование критерия | Целевое значение |\n|---|---|---|\n"
        "| 1.1 | Удовлетворенность населения медицинской помощью (процентов от числа "
        "опрошенных): | 90,0 |\n"
        "|  | городского населения | 88,0 |\n"
        "| 1.7 | Доля умерших в трудоспособном возрасте на дому | 31,5 |\n", "ru")
    assert units == {90: "percent", 88: "percent", 31.5: "percent"}


def test_a_strategy_table_reports_its_history_and_sets_its_targets(tmp_path):
    """A strategy's indicator table runs consecutive past years, then jumps to its target
    years (2017 2018 | 2025 2030): the years before the jump, up to the year the document
    was written, report results; the label's unit brings its scale ("тыс. рублей"); a
    forecast scenario's row ("пессимистический") sets no target."""
    from extractors.pipeline import extract_file

    path = tmp_path / "strategy.md"
    path.write_text(
        "# Стратегия социально-экономического развития области до 2030 года\n\n"
        "Утверждена постановлением от 12.03.2019 N 45.\n\n"
        "| Показатель | Сценарий | 2017 | 2018 | 2025 | 2030 |\n|---|---|---|---|---|---|\n"
        "| Инвестиции в основной капитал на душу населения, тыс. рублей | целевой "
        "| 90,2 | 108,7 | 221,1 | 336,2 |\n"
        "|  | пессимистический |  |  | 150,5 | 160,5 |\n", encoding="utf-8")
    ex = extract_file(path, "ru")
    rows = {r.value: (r.kind, r.unit) for r in ex.rows if r.kind in ("target", "achievement")}
    assert rows == {90_200: ("achievement", "RUB"), 108_700: ("achievement", "RUB"),
                    221_100: ("target", "RUB"), 336_200: ("target", "RUB")}


@pytest.mark.parametrize("lang, sentence, start, target, year", [
    ("en", "We will increase forest cover from 40% in 2025 to 45% by 2030.", 40, 45, 2030),
    ("vi", "Phấn đấu tỷ lệ che phủ rừng tăng từ 40% năm 2025 lên 45% năm 2030.", 40, 45, 2030),
    ("pl", "Do 2030 roku wydatki na naukę wzrosną z około 10 mln złotych do 60 mln złotych.",
     10e6, 60e6, 2030),
    ("ru", "К 2030 году обеспечить увеличение доли с 10 до 60 процентов.", 10, 60, 2030),
])
def test_a_change_from_a_start_to_a_target_is_one_target(lang, sentence, start, target, year):
    """"From X to Y" is a change: Y is the target, X where it starts (no row of its own,
    not a range), and the year written with X is not the target's period."""

    text = f"Plan 2026-2030\n\n{sentence}\n"
    ex = _extract(text, "plan.txt", lang)
    rows = [r for r in ex.rows if r.kind in ("target", "achievement")]
    assert [(r.kind, r.value, r.value_max, r.comparator, r.period_end) for r in rows] == [
        ("target", target, None, "eq", year)]
    assert rows[0].baseline == start  # the targets table keeps where the change starts
    starts = [m for m in ex.mentions if m.label in ("PERCENT", "MONEY", "QUANTITY")
              and m.value == start]
    assert len(starts) == 1  # the start is still a mention of the text


def test_a_heading_that_is_only_a_date_gives_its_section_the_period():
    """"(1) Đến năm 2030" over a list of goals, "(2) Tầm nhìn đến năm 2045" over the next:
    each value without a date of its own takes its section's."""

    text = ("KẾ HOẠCH PHÁT TRIỂN KINH TẾ TƯ NHÂN NĂM 2026\n\n"
            "Mục tiêu phát triển kinh tế tư nhân như sau:\n\n**(1) Đến năm 2030**\n\n"
            "- Phấn đấu có 2 triệu doanh nghiệp hoạt động trong nền kinh tế.\n\n"
            "- Tốc độ tăng trưởng bình quân của kinh tế tư nhân đạt khoảng 10 - 12%/năm.\n\n"
            "**(2) Tầm nhìn đến năm 2045**\n\n"
            "Phấn đấu có ít nhất 3 triệu doanh nghiệp hoạt động trong nền kinh tế.\n")
    ex = _extract(text, "kh.md", "vi")
    ends = {r.value: r.period_end for r in ex.rows if r.kind == "target"}
    assert ends == {2e6: 2030, 10: 2030, 3e6: 2045}


def test_a_scale_written_anywhere_in_a_table_row_makes_its_values_an_index(tmp_path):
    """"القيمة: 0.34 (0 - 1)" in the baseline cell says the indicator is an index scored
    0 to 1, though its name ("دليل …") is no index cue word and no unit follows the target."""
    from extractors.pipeline import extract_file

    path = tmp_path / "vision.md"
    path.write_text(
        "# الرؤية العربية 2045\n\n"
        "| المؤشر | خط الأساس | المستهدف 2045 |\n|---|---|---|\n"
        "| **دليل الحرية الأكاديمية** | القيمة: 0.34 (0 - 1)<br>السنة: 2021 | 0.75 أو أعلى |\n"
        "| **دليل التنوع البيئي** | القيمة: 65.64 (0 - 100)<br>السنة: 2020 | 80 |\n",
        encoding="utf-8")
    ex = extract_file(path, "ar")
    units = {r.value: r.unit for r in ex.rows if r.kind == "target"}
    assert units == {0.75: "index", 80: "index"}


@pytest.mark.parametrize("lang, sentence, start, target", [
    # a PDF line break between the verb and its 'from' word
    ("pl", "Podniesiemy kwotę świadczenia z Funduszu Alimentacyjnego\nz 500 zł do 1000 zł.", 500, 1000),
    ("en", "We will raise the share of cycling trips in the city\nfrom 10% to 25% by 2030.", 10, 25),
])
def test_a_change_from_a_start_reads_across_a_line_break(lang, sentence, start, target):
    found = [(q.value, q.comparator, q.role) for q in find_quantities(sentence, lang)]
    assert found == [(start, "eq", "baseline"), (target, "eq", "")]


def test_a_wrapped_line_opening_in_lower_case_continues_the_sentence_before():
    """A PDF line that starts in lower case ("zł., w przypadku …") is not a new sentence,
    whatever stop ended the line before ("do 60 tys."): the amount keeps its currency."""

    text = ("Podniesiemy kwotę wolną od podatku – z 30 tys. zł do 60 tys.\n"
            "zł., w przypadku podatników rozliczających się według skali podatkowej.\n"
            "Zlikwidujemy podatek Belki.\n")
    said = [text[s.start:s.end] for s in segment(text, "pl", wrapped=True)]
    assert [s[:11] for s in said] == ["Podniesiemy", "Zlikwidujem"]
    assert "60 tys.\nzł" in said[0]


PROMISES = ["Wprowadzimy obligacje antyinflacyjne.", "Zbudujemy 100 tysięcy mieszkań.",
            "Podniesiemy pensje nauczycieli.", "Zlikwidujemy podatek Belki.",
            "Przywrócimy finansowanie in vitro.", "Zapewnimy bezpłatne znieczulenie.",
            "Stworzymy fundusz dla rolników.", "Uruchomimy program dla seniorów."]


@pytest.mark.parametrize("promises, kind", [(PROMISES, "target"), (PROMISES[:3], None)])
def test_a_document_written_in_promises_frames_its_bare_lines(promises, kind):
    """An election programme promises in the first person; its verbless lines ("Emerytura do
    5000 zł brutto") are promises too — but not in a text where promises are rare."""

    text = "Nasz program\n\n" + "\n\n".join(promises) + "\n\nEmerytura do 5000 zł brutto – bez podatku.\n"
    assert kind_of(text, "pl", "5000 zł") == kind


@pytest.mark.parametrize("lang, sentence, evidence, kind", [
    ("en", "Heat networks will be carbon neutral (taking into account the anticipated 50% "
           "increase in demand by 2030).", "50%", None),
    ("en", "It is expected that by 2030 approximately 23% of private vehicles will be electric.",
     "23%", None),
    ("en", "We aim to reach 40% of electric vehicles by 2030.", "40%", "target"),
    # a figure a source gives ("according to …") is that source's, not a goal; a cross-reference
    # in another table cell is not a source of the value
    ("en", "According to the Network Development Plan, 57% of primary substations will reach "
           "capacity by 2030.", "57%", None),
    ("en", "| Outcome (according to module B-1.1) | We will achieve a 40% reduction in car miles "
           "by 2030. |", "40%", "target"),
    # what studies say will happen is a forecast
    ("ar", "تشير الدراسات الى أن التحول الى التكنولوجيا المتقدمة في الحكومات يرفع الإنتاجية "
           "بنسبة 20% بحلول عام 2030.", "20%", None),
    # a forecast word that names the indicator is no forecast of the value
    ("ar", "زيادة متوسط العمر المتوقع من (74) إلى (80) عاماً بحلول عام 2030.", "(80)", "target"),
    ("en", "The city will have at least 950 charge points by 2030.", "950", "target"),
])
def test_a_forecast_right_before_a_value_and_document_parts_that_are_things(lang, sentence,
                                                                           evidence, kind):
    """A value a forecast word stands right before is expected, not aimed at; "950 charge
    points" are things to build, not 950 of the document's own points."""

    assert kind_of(TITLE[lang] + sentence, lang, evidence) == kind


@pytest.mark.parametrize("lang, sentence, evidence", [
    ("vi", "Mục tiêu đến năm 2030 là nước đang phát triển có công nghiệp hiện đại: đồng ý có "
           "1.514 phiếu (95,7%), không đồng ý có 2 phiếu (0,13%).", "95,7%"),
    ("en", "The congress will adopt the resolution by 2030 with 98% of votes in favour.", "98%"),
])
def test_how_a_vote_went_is_no_target(lang, sentence, evidence):
    """Vote counts and shares report a ballot; the goal voted on is not their value."""

    assert kind_of(TITLE[lang] + sentence, lang, evidence) is None


@pytest.mark.parametrize("lang, sentence, evidence", [
    ("vi", "Mục tiêu đến năm 2030: Dự Đại hội có 1.587 đại biểu thay mặt cho đảng viên.", "1.587"),
    ("en", "Targets to 2030: the congress will be attended by 1,587 delegates.", "1,587"),
])
def test_who_attends_an_event_is_no_target(lang, sentence, evidence):
    """Delegates of a congress and the opinions voiced there count an event, not a goal."""

    assert kind_of(TITLE[lang] + sentence, lang, evidence) is None


@pytest.mark.parametrize("lang, text, issuer", [
    ("vi", "TỈNH ỦY THANH HÓA\nSố 12-QĐ/TU\nQUY ĐỊNH\nvề đánh giá cán bộ bằng KPI\n"
           "- Căn cứ Quy định số 294-QĐ/TW của Ban Chấp hành Trung ương;\n"
           "- Căn cứ Nghị quyết số 58-NQ/TW của Bộ Chính trị;\n"
           "Ban Thường vụ Tỉnh ủy Thanh Hóa quy định về đánh giá, xếp loại như sau:\n"
           "Tỉnh ủy Thanh Hóa phấn đấu 100% cơ quan áp dụng KPI vào năm 2027.\n",
     "standing_committee:province:"),
    ("vi", "HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NINH\nNGHỊ QUYẾT\nvề phát triển du lịch\n"
           "HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NINH\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
           "Xét Tờ trình của Ủy ban nhân dân tỉnh Quảng Ninh; báo cáo của Ủy ban nhân dân "
           "tỉnh Quảng Ninh và ý kiến của Ủy ban nhân dân tỉnh Quảng Ninh;\n"
           "HỘI ĐỒNG NHÂN DÂN TỈNH QUYẾT NGHỊ:\n"
           "Ủy ban nhân dân tỉnh Quảng Ninh phấn đấu đón 20 triệu lượt khách vào năm 2030.\n",
     "peoples_council:province:"),
])
def test_the_body_of_an_acts_enacting_clause_is_its_issuer(lang, text, issuer):
    """After the title and legal bases, "<body> quy định / QUYẾT NGHỊ:" names the act's
    author; where that line names no place, the author keeps the place the text gives it."""
    from extractors.io.auto import read_bytes
    from extractors.pipeline import extract_text
    from extractors.records import Document

    doc_id, raw = read_bytes(text.encode("utf-8"), "act.txt")
    doc = Document(doc_id=doc_id, source="act.txt", format=raw.format)
    extract_text(doc, raw, lang)
    assert doc.issuer.startswith(issuer)
    assert doc.issuer.rsplit(":", 1)[1].lower() in ("thanh hóa", "quảng ninh")


def test_a_strategy_table_with_a_group_column_reads_each_labels_own_unit(tmp_path):
    """A first column of goal groups leaves its cells empty for the same group: the rows
    below are no sub-rows of the one above. Each label states its own unit: a scaled unit
    at its end ("in million tonnes"), a ranking, a coefficient (an index)."""
    units = target_units(
        tmp_path, "vision.md",
        "# Vision 2030: key performance indicators\n\n"
        "| General Goals | Indicators | 2019 | 2025 | 2030 |\n|---|---|---|---|---|\n"
        "| **Health** | Percentage of premature deaths due to non-communicable diseases (%) "
        "| 67 | 53.6 | 46.9 |\n"
        "| | Total annual fish production in million tonnes | 2 | 2.5 | 3 |\n"
        "| | Global Innovation Index (ranking out of 129 countries) | 92 | 85 | 70 |\n"
        "| | Gini Coefficient | 0.29 | 0.283 | 0.275 |\n"
        "| **Work** | Employment rate in urban governorates | 36.5 | 38 | 42 |\n"
        "| | Total exports in billion US dollars (goods and services) | 47.7 | 72 | 104 |\n", "en")
    assert units == {53.6: "percent", 46.9: "percent", 2_500_000: "tonne", 3_000_000: "tonne",
                     85: "rank", 70: "rank", 0.283: "index", 0.275: "index", 38: "percent",
                     42: "percent", 72e9: "USD", 104e9: "USD"}


@pytest.mark.parametrize("lang, text, evidence, kind", [
    ("ru", "Цели и задачи развития области до 2030 года:\n"
           "Территория области занимает площадь 30 тысяч квадратных километров.", "30 тысяч", None),
    ("ru", "Цели и задачи развития области до 2030 года:\n"
           "Территория области занимает площадь 30 тысяч квадратных километров, "
           "протяженность границы 536 км.", "536 км", None),  # the verb stands earlier
    ("ru", "Цели и задачи развития области до 2030 года:\n"
           "Довести долю экспорта до 30 процентов к 2030 году.", "30 процентов", "target"),
])
def test_a_present_fact_under_a_heading_of_goals_is_no_target(lang, text, evidence, kind):
    """A heading of goals frames what follows, but a sentence stating what is ("занимает
    площадь", "has 2,639 members") states no goal unless its own words aim at one."""
    assert kind_of(text, lang, evidence) == kind
