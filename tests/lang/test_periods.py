"""Dates, deadlines and periods (SPEC §3) in vi, pl, ru, ar and en: ``extractors.periods``."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.periods import document_term, find_dates
from extractors.records import DateRef

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def ref(text: str, label: str, relation: str, ps: int | None = None, pe: int | None = None,
        deadline: str | None = None, ds: str | None = None, de: str | None = None) -> dict:
    return {"text": text, "label": label, "relation": relation, "period_start": ps,
            "period_end": pe, "deadline": deadline, "date_start": ds, "date_end": de}


def check(lang: str, text: str, expected: dict) -> None:
    """``expected`` is found with its exact span and every field as given."""
    found = find_dates(text, lang)
    for d in found:
        assert text[d.start:d.end] == d.text
    matches = [d for d in found if d.text == expected["text"]]
    assert matches, f"{expected['text']!r} not in {[d.text for d in found]}"
    d = matches[0]
    assert d.start == text.index(expected["text"])
    assert {k: getattr(d, k) for k in expected} == expected


def range_(text: str, a: int, b: int) -> dict:
    return ref(text, "PERIOD", "range", a, b, None, str(a), str(b))


def term(text: str, a: int, b: int) -> dict:
    return ref(text, "PERIOD", "term", a, b, None, str(a), str(b))


def term_ref(text: str) -> dict:
    return ref(text, "PERIOD", "term_ref")


def by(text: str, year: int, deadline: str) -> dict:
    return ref(text, "DATE", "by", None, year, deadline, None, deadline)


def in_(text: str, year: int, start: str, end: str) -> dict:
    return ref(text, "DATE", "in", year, year, end, start, end)


def exact(text: str, day: str) -> dict:
    return ref(text, "DATE", "exact", None, None, None, day, day)


RANGES = [
    ("en", "growth of 7.5% in 2020–2025 and", range_("in 2020–2025", 2020, 2025)),
    ("en", "over 2025-2030.", range_("over 2025-2030", 2025, 2030)),
    ("en", "Plan 2025 - 2030 was", range_("2025 - 2030", 2025, 2030)),
    ("en", "the plan for 2021-2030, with a vision to 2050, was approved",
     range_("for 2021-2030, with a vision to 2050", 2021, 2030)),
    ("en", "between 2026 and 2030", range_("between 2026 and 2030", 2026, 2030)),
    ("en", "from 2026 to 2030", range_("from 2026 to 2030", 2026, 2030)),
    ("vi", "Phấn đấu giai đoạn 2026 - 2030, tỷ trọng", range_("giai đoạn 2026 - 2030", 2026, 2030)),
    ("vi", "thời kỳ 2021 - 2030, tầm nhìn đến năm 2050 tại Quyết định",
     range_("thời kỳ 2021 - 2030, tầm nhìn đến năm 2050", 2021, 2030)),
    ("vi", "giai đoạn 2026 -\n2030.", range_("giai đoạn 2026 -\n2030", 2026, 2030)),
    ("vi", "giai đoạn II: Từ năm 2026 đến năm 2030.",
     range_("Từ năm 2026 đến năm 2030", 2026, 2030)),
    ("pl", "które mają zostać wdrożone w okresie 2025–2030.",
     range_("w okresie 2025–2030", 2025, 2030)),
    ("pl", "ery rozwoju w latach 2025–2030.", range_("w latach 2025–2030", 2025, 2030)),
    ("pl", "od 2026 do 2030 r.", range_("od 2026 do 2030 r.", 2026, 2030)),
    ("ru", "в 2025–2030 годах", range_("в 2025–2030 годах", 2025, 2030)),
    ("ru", "с 2026 по 2030 год", range_("с 2026 по 2030 год", 2026, 2030)),
    ("ar", "تُعدّ الفترة 2025-2030 فترةً استثنائيةً", range_("الفترة 2025-2030", 2025, 2030)),
    ("ar", "للفترة 2025-2030", range_("للفترة 2025-2030", 2025, 2030)),
    ("ar", "تخطيط العاصمة هانوي للفترة 2021-2030، مع رؤية حتى عام 2050.",
     range_("للفترة 2021-2030، مع رؤية حتى عام 2050", 2021, 2030)),
    ("ar", "بين عامي 2026 و2030", range_("بين عامي 2026 و2030", 2026, 2030)),
    ("ar", "الفترة ٢٠٢٥-٢٠٣٠", range_("الفترة ٢٠٢٥-٢٠٣٠", 2025, 2030)),
    # Months: the range's last month is the deadline.
    ("vi", "| Tháng 09 năm 2025 | Tháng 9 và 10/2025 |",
     ref("Tháng 9 và 10/2025", "PERIOD", "range", 2025, 2025, "2025-10", "2025-09", "2025-10")),
    ("vi", "tháng 9-10/2025",
     ref("tháng 9-10/2025", "PERIOD", "range", 2025, 2025, "2025-10", "2025-09", "2025-10")),
    ("en", "in September and October 2025",
     ref("in September and October 2025", "PERIOD", "range", 2025, 2025, "2025-10", "2025-09",
         "2025-10")),
    ("pl", "we wrześniu i październiku 2025 r.",
     ref("we wrześniu i październiku 2025 r.", "PERIOD", "range", 2025, 2025, "2025-10",
         "2025-09", "2025-10")),
    ("ru", "в сентябре и октябре 2025 года",
     ref("в сентябре и октябре 2025 года", "PERIOD", "range", 2025, 2025, "2025-10", "2025-09",
         "2025-10")),
    ("ar", "في سبتمبر وأكتوبر 2025",
     ref("في سبتمبر وأكتوبر 2025", "PERIOD", "range", 2025, 2025, "2025-10", "2025-09",
         "2025-10")),
    ("pl", "w dniach 22-24 września 2025", ref("w dniach 22-24 września 2025", "PERIOD", "range",
                                             2025, 2025, "2025-09-24", "2025-09-22",
                                             "2025-09-24")),
    ("vi", "Đại hội diễn ra từ ngày 22 - 24/9/2025.",
     ref("từ ngày 22 - 24/9/2025", "PERIOD", "range", 2025, 2025, "2025-09-24", "2025-09-22",
         "2025-09-24")),
    ("vi", "ngày 22/9/2025 đến 24/9/2025",
     ref("ngày 22/9/2025 đến 24/9/2025", "PERIOD", "range", 2025, 2025, "2025-09-24",
         "2025-09-22", "2025-09-24")),
    ("ru", "между 2026 и 2030 годами", range_("между 2026 и 2030 годами", 2026, 2030)),
    ("pl", "między 2026 a 2030 r.", range_("między 2026 a 2030 r.", 2026, 2030)),
    ("vi", "Từ ngày 01/7/2025 đến ngày 08/8/2025, đã",
     ref("Từ ngày 01/7/2025 đến ngày 08/8/2025", "PERIOD", "range", 2025, 2025, "2025-08-08",
         "2025-07-01", "2025-08-08")),
]

TERMS = [
    ("vi", "Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025 - 2030 diễn ra",
     term("nhiệm kỳ 2025 - 2030", 2025, 2030)),
    ("vi", "Trong nhiệm kỳ 2020 - 2025, tập thể", term("Trong nhiệm kỳ 2020 - 2025", 2020, 2025)),
    ("pl", "kadencja 2025–2030", term("kadencja 2025–2030", 2025, 2030)),
    ("pl", "Komitet Wykonawczy Komitetu Partyjnego gminy na kadencję 2025-2030 zatwierdził",
     term("na kadencję 2025-2030", 2025, 2030)),
    ("ru", "срок 2025–2030 годов", term("срок 2025–2030 годов", 2025, 2030)),
    ("ru", "на первый год срока 2025–2030 годов.", term("срока 2025–2030 годов", 2025, 2030)),
    ("ru", "депутаты созыва 2021–2026 годов", term("созыва 2021–2026 годов", 2021, 2026)),
    ("en", "the committee for the term 2025–2030", term("for the term 2025–2030", 2025, 2030)),
    ("en", "the Congress for the 2025-2030 term", term("for the 2025-2030 term", 2025, 2030)),
    ("ar", "اللجنة التنفيذية الولاية 2025-2030", term("الولاية 2025-2030", 2025, 2030)),
    # "for the period" names the term when a congress word comes before it in the sentence.
    ("ar", "في الجلسة الافتتاحية للمؤتمر الثامن عشر لحزب هانوي، للفترة 2025-2030، أكد",
     term("للفترة 2025-2030", 2025, 2030)),
    ("en", "the 18th Hanoi Party Congress for the period 2025-2030 opened",
     term("for the period 2025-2030", 2025, 2030)),
]

TERM_REFS = [
    ("en", "average growth of 11-12% in the new term.", term_ref("in the new term")),
    ("en", "a target for the next five years", term_ref("the next five years")),
    ("en", "by the end of the term", term_ref("by the end of the term")),
    ("vi", "tăng trưởng bình quân 11-12% trong nhiệm kỳ mới", term_ref("nhiệm kỳ mới")),
    ("vi", "chỉ tiêu cả nhiệm kỳ", term_ref("cả nhiệm kỳ")),
    ("vi", "mục tiêu 5 năm tới", term_ref("5 năm tới")),
    ("vi", "đến cuối nhiệm kỳ", term_ref("cuối nhiệm kỳ")),
    ("pl", "wzrost w nowej kadencji", term_ref("w nowej kadencji")),
    ("pl", "programy pracy na całą kadencję, koncentrujące", term_ref("na całą kadencję")),
    ("ru", "в новом созыве", term_ref("в новом созыве")),
    ("ru", "предложили ли мы в этом созыве какие-либо", term_ref("в этом созыве")),
    ("ru", "в ближайшие пять лет", term_ref("в ближайшие пять лет")),
    ("ar", "نمو اقتصادي سنوي متوسط في الولاية الجديدة.", term_ref("في الولاية الجديدة")),
    ("ar", "خلال السنوات الخمس المقبلة", term_ref("خلال السنوات الخمس المقبلة")),
    ("ar", "وضعت هدفًا طموحًا للسنوات الخمس المقبلة، يتمثل",
     term_ref("للسنوات الخمس المقبلة")),
]

DEADLINES = [
    ("en", "by 2030", by("by 2030", 2030, "2030")),
    ("en", "until 2030", by("until 2030", 2030, "2030")),
    ("en", "before 2030", by("before 2030", 2030, "2030")),
    ("en", "no later than 2030", by("no later than 2030", 2030, "2030")),
    ("vi", "GRDP bình quân đầu người đến năm 2030 đạt 220 triệu đồng",
     by("đến năm 2030", 2030, "2030")),
    ("vi", "thu nhập trung bình cao trước năm 2030, phấn đấu", by("trước năm 2030", 2030, "2030")),
    ("vi", "tới năm 2030", by("tới năm 2030", 2030, "2030")),
    ("vi", "đến hết năm 2025, dư nợ", by("đến hết năm 2025", 2025, "2025")),
    ("vi", "Từ năm 2021 đến\nnăm 2030", range_("Từ năm 2021 đến\nnăm 2030", 2021, 2030)),
    ("ru", "до 2030 года", by("до 2030 года", 2030, "2030")),
    ("ru", "к 2030 году", by("к 2030 году", 2030, "2030")),
    ("pl", "do 2030 r.", by("do 2030 r.", 2030, "2030")),
    ("pl", "do 2030 roku", by("do 2030 roku", 2030, "2030")),
    ("pl", "do końca 2030", by("do końca 2030", 2030, "2030")),
    ("ar", "بحلول عام 2030", by("بحلول عام 2030", 2030, "2030")),
    ("ar", "حتى عام 2030", by("حتى عام 2030", 2030, "2030")),
    ("ar", "بحلول عام ٢٠٣٠", by("بحلول عام ٢٠٣٠", 2030, "2030")),
    # Quarters: the deadline is the quarter's last day.
    ("en", "by the end of the first quarter of 2026",
     by("by the end of the first quarter of 2026", 2026, "2026-03-31")),
    ("vi", "hoàn thành trước quý I/2026", by("trước quý I/2026", 2026, "2026-03-31")),
    ("pl", "do końca I kwartału 2026 r.", by("do końca I kwartału 2026 r.", 2026, "2026-03-31")),
    ("ru", "до конца первого квартала 2026 года",
     by("до конца первого квартала 2026 года", 2026, "2026-03-31")),
    ("ar", "بحلول نهاية الربع الأول من عام 2026",
     by("بحلول نهاية الربع الأول من عام 2026", 2026, "2026-03-31")),
    # Months and days after a by-cue.
    ("en", "by October 2025", by("by October 2025", 2025, "2025-10")),
    ("vi", "trước tháng 11/2025", by("trước tháng 11/2025", 2025, "2025-11")),
    ("ru", "до 31 декабря 2025 года", by("до 31 декабря 2025 года", 2025, "2025-12-31")),
    ("vi", "tính đến ngày 01/9/2025, Đảng bộ", by("đến ngày 01/9/2025", 2025, "2025-09-01")),
    ("pl", "nie później niż 30 czerwca 2026 r.",
     by("nie później niż 30 czerwca 2026 r.", 2026, "2026-06-30")),
    # A vision horizon is a bound, not a deadline.
    ("vi", "tầm nhìn đến năm 2045", ref("tầm nhìn đến năm 2045", "DATE", "by", None, 2045, None,
                                         None, "2045")),
]

IN_PERIOD = [
    ("en", "in the first quarter of 2026", in_("in the first quarter of 2026", 2026, "2026-01-01",
                                               "2026-03-31")),
    ("en", "Q1 2026", in_("Q1 2026", 2026, "2026-01-01", "2026-03-31")),
    ("vi", "Quý I/2026", in_("Quý I/2026", 2026, "2026-01-01", "2026-03-31")),
    ("vi", "| Quý IV năm 2025 |", in_("Quý IV năm 2025", 2025, "2025-10-01", "2025-12-31")),
    ("pl", "I kwartał 2026", in_("I kwartał 2026", 2026, "2026-01-01", "2026-03-31")),
    ("pl", "w pierwszym kwartale 2026 roku", in_("w pierwszym kwartale 2026 roku", 2026,
                                                  "2026-01-01", "2026-03-31")),
    ("ru", "первый квартал 2026", in_("первый квартал 2026", 2026, "2026-01-01", "2026-03-31")),
    ("ar", "الربع الأول من عام 2026", in_("الربع الأول من عام 2026", 2026, "2026-01-01",
                                           "2026-03-31")),
    ("vi", "Kế hoạch tháng 11/2025", in_("tháng 11/2025", 2025, "2025-11", "2025-11")),
    ("vi", "| Tháng 09 năm 2025 |", in_("Tháng 09 năm 2025", 2025, "2025-09", "2025-09")),
    ("vi", "tháng Chín năm 2025", in_("tháng Chín năm 2025", 2025, "2025-09", "2025-09")),
    ("pl", "w październiku 2025 roku Komitet", in_("w październiku 2025 roku", 2025, "2025-10",
                                                    "2025-10")),
    ("ru", "в октябре 2025 года", in_("в октябре 2025 года", 2025, "2025-10", "2025-10")),
    ("ar", "عقد في أكتوبر 2025", in_("في أكتوبر 2025", 2025, "2025-10", "2025-10")),
    ("ar", "أكتوبر/تشرين الأول 2025", in_("أكتوبر/تشرين الأول 2025", 2025, "2025-10", "2025-10")),
    ("en", "October 2025", in_("October 2025", 2025, "2025-10", "2025-10")),
    ("en", "in May 2025", in_("in May 2025", 2025, "2025-05", "2025-05")),
    ("en", "in 2026", in_("in 2026", 2026, "2026", "2026")),
    ("vi", "năm 2026", in_("năm 2026", 2026, "2026", "2026")),
    ("vi", "Năm 2030 phấn đấu có 82% trường học", in_("Năm 2030", 2030, "2030", "2030")),
    ("vi", "(năm 2022, 2023 đều đạt 100%)", in_("2023", 2023, "2023", "2023")),
    ("pl", "w 2026 r.", in_("w 2026 r.", 2026, "2026", "2026")),
    ("ru", "в 2026 году", in_("в 2026 году", 2026, "2026", "2026")),
    ("ru", "особенно Законом о столице 2024 года и", in_("2024 года", 2024, "2024", "2024")),
    ("ar", "في عام 2026", in_("في عام 2026", 2026, "2026", "2026")),
    ("ar", "في ٢٠٢٦", in_("في ٢٠٢٦", 2026, "2026", "2026")),
    ("vi", "Ban Tổ chức | 2026 | 2026 - 2030", in_("2026", 2026, "2026", "2026")),
]

FROM = [
    ("en", "from 2026", ref("from 2026", "DATE", "from", 2026, ds="2026")),
    ("vi", "từ năm 2026", ref("từ năm 2026", "DATE", "from", 2026, ds="2026")),
    ("pl", "od 2026", ref("od 2026", "DATE", "from", 2026, ds="2026")),
    ("ru", "с 2026 года", ref("с 2026 года", "DATE", "from", 2026, ds="2026")),
    ("ar", "اعتبارًا من عام 2026", ref("اعتبارًا من عام 2026", "DATE", "from", 2026, ds="2026")),
    ("vi", "theo đó, từ ngày 01/7/2025, tỉnh",
     ref("từ ngày 01/7/2025", "DATE", "from", 2025, ds="2025-07-01")),
]

EXACT = [
    ("vi", "Thực hiện Nghị quyết số 202/2025/QH15, ngày 12/6/2025 của Quốc hội",
     exact("ngày 12/6/2025", "2025-06-12")),
    ("vi", "Thái Nguyên, ngày 15 tháng 9 năm 2025",
     exact("ngày 15 tháng 9 năm 2025", "2025-09-15")),
    ("pl", "12.06.2025", exact("12.06.2025", "2025-06-12")),
    ("pl", "16 października 2025", exact("16 października 2025", "2025-10-16")),
    ("pl", "3ci marca 2015", exact("3ci marca 2015", "2015-03-03")),
    ("ru", "16 октября 2025 года", exact("16 октября 2025 года", "2025-10-16")),
    ("ar", "16 أكتوبر/تشرين الأول 2025", exact("16 أكتوبر/تشرين الأول 2025", "2025-10-16")),
    ("ar", "يوم ١٦ أكتوبر ٢٠٢٥", exact("يوم ١٦ أكتوبر ٢٠٢٥", "2025-10-16")),
    ("en", "June 12, 2025", exact("June 12, 2025", "2025-06-12")),
    ("en", "on 12 May 2025", exact("12 May 2025", "2025-05-12")),
    ("en", "2025-06-12", exact("2025-06-12", "2025-06-12")),
]


@pytest.mark.parametrize(("lang", "text", "expected"), RANGES)
def test_ranges(lang: str, text: str, expected: dict) -> None:
    check(lang, text, expected)


@pytest.mark.parametrize(("lang", "text", "expected"), TERMS)
def test_terms(lang: str, text: str, expected: dict) -> None:
    check(lang, text, expected)


@pytest.mark.parametrize(("lang", "text", "expected"), TERM_REFS)
def test_term_refs(lang: str, text: str, expected: dict) -> None:
    check(lang, text, expected)


@pytest.mark.parametrize(("lang", "text", "expected"), DEADLINES)
def test_deadlines(lang: str, text: str, expected: dict) -> None:
    check(lang, text, expected)


@pytest.mark.parametrize(("lang", "text", "expected"), IN_PERIOD)
def test_in(lang: str, text: str, expected: dict) -> None:
    check(lang, text, expected)


@pytest.mark.parametrize(("lang", "text", "expected"), FROM)
def test_from(lang: str, text: str, expected: dict) -> None:
    check(lang, text, expected)


@pytest.mark.parametrize(("lang", "text", "expected"), EXACT)
def test_exact_dates(lang: str, text: str, expected: dict) -> None:
    check(lang, text, expected)


# Text that holds no date at all: verbs, counts, percentages, identifiers, stray words.
NO_DATES = [
    ("pl", "Wszystkie programy mają zostać wdrożone."),
    ("pl", "które mają 2025 członków"),
    ("pl", "zrzeszających 2 639 członków partii"),
    ("pl", "liczy 2639 członków"),
    ("pl", "wzrost o 21,7% rocznie"),
    ("en", "they may 2025 times"),
    ("en", "the committee has 2,639 members"),
    ("en", "a rise of 2030% is absurd"),
    ("en", "Pay ABC 2000"),
    ("vi", "Nghị quyết số 202/2025/QH15"),
    ("vi", "Quyết định số 308-QĐ/TW"),
    ("vi", "khoảng 202.925 tỷ đồng"),
    ("vi", "có 2.025 đảng viên"),
    ("vi", "từ 3 đến 5 sao"),
    ("ru", "в предыдущем созыве"),
    ("ru", "постоянного комитета 18-го созыва"),
    ("ru", "рост на 2025,5 млрд"),
    ("ar", "قدرها ٢٠٢٥٫٥ مليون"),
    ("ar", "16 أكتوبر/تشرين الأول، في الجلسة"),
]


@pytest.mark.parametrize(("lang", "text"), NO_DATES)
def test_no_dates(lang: str, text: str) -> None:
    assert find_dates(text, lang) == []


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("pl", "które mają zostać wdrożone w okresie 2025–2030.", ["w okresie 2025–2030"]),
    ("vi", "Thực hiện Nghị quyết số 202/2025/QH15, ngày 12/6/2025 của Quốc hội; Quyết định số "
           "308-QĐ/TW, ngày 18/6/2025", ["ngày 12/6/2025", "ngày 18/6/2025"]),
    ("ru", "Законом о столице 2024 года", ["2024 года"]),
    ("en", "an increase of 2030 jobs by 2030", ["by 2030"]),
    # "and" lists years; it makes a range only after "between"
    ("en", "in 2025 and 2026", ["in 2025", "2026"]),
    ("ar", "في عامي 2025 و2026", ["عامي 2025", "2026"]),
    ("en", "The May 2025 plenum", ["May 2025"]),
])
def test_only_these(lang: str, text: str, expected: list[str]) -> None:
    assert [d.text for d in find_dates(text, lang)] == expected


def test_year_never_two_digits() -> None:
    """"2024 года" is the year 2024, never the year 2 or 24 (a date parser's reading)."""
    (d,) = find_dates("2024 года", "ru")
    assert (d.period_start, d.period_end, d.deadline) == (2024, 2024, "2024")


def test_identifier_is_not_a_deadline() -> None:
    dates = find_dates("Thực hiện Nghị quyết số 202/2025/QH15 của Quốc hội", "vi")
    assert all(d.deadline != "2025" and d.period_end != 2025 for d in dates)


def test_years_outside_1945_2100_are_ignored() -> None:
    assert find_dates("do 1944 r. i do 2101 r.", "pl") == []
    assert [d.period_end for d in find_dates("do 1945 r. i do 2100 r.", "pl")] == [1945, 2100]


def test_unknown_language_still_reads_numbers() -> None:
    assert [d.text for d in find_dates("2025–2030 • 12.06.2025", "xx")] == ["2025–2030",
                                                                           "12.06.2025"]


_FRAGMENTS = ["w latach 2025–2030", "do 2030 r.", "mają", "2 639", "21,7%", " ", ", ", "\n",
              "nhiệm kỳ 2025 - 2030", "Quý I/2026", "tháng 9 và 10/2025", "202/2025/QH15",
              "в 2026 году", "بحلول عام ٢٠٣٠", "June 12, 2025", "in the new term", "od", "do"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12), st.sampled_from(["vi", "pl", "ru",
                                                                             "ar", "en"]))
def test_spans_exact_sorted_disjoint(parts: list[str], lang: str) -> None:
    text = "".join(parts)
    dates = find_dates(text, lang)
    for d in dates:
        assert text[d.start:d.end] == d.text
    for a, b in zip(dates, dates[1:]):
        assert a.end <= b.start


# --------------------------------------------------------------------------- document_term


def _d(relation: str, a: int | None = None, b: int | None = None) -> DateRef:
    return DateRef(0, 0, "", "PERIOD", relation, period_start=a, period_end=b)


@pytest.mark.parametrize(("dates", "expected"), [
    ([], None),
    ([_d("term_ref")], None),
    ([_d("range", 2025, 2030)], (2025, 2030)),
    ([_d("range", 2021, 2030), _d("range", 2026, 2030), _d("range", 2026, 2030)], (2026, 2030)),
    # a term beats any number of ranges
    ([_d("range", 2026, 2030), _d("range", 2026, 2030), _d("term", 2025, 2030)], (2025, 2030)),
    ([_d("term", 2020, 2025), _d("term", 2025, 2030), _d("term", 2025, 2030)], (2025, 2030)),
    # a tie goes to the new term: a congress report reviews the old one
    ([_d("term", 2020, 2025), _d("term", 2025, 2030)], (2025, 2030)),
    # long strategy horizons are not a plan period
    ([_d("range", 2021, 2045), _d("range", 1945, 2025)], None),
    ([_d("by", None, 2030), _d("in", 2026, 2026)], None),
])
def test_document_term(dates: list[DateRef], expected: tuple[int, int] | None) -> None:
    assert document_term(dates) == expected


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("vi", "Báo cáo chính trị của Ban Chấp hành Đảng bộ tỉnh nhiệm kỳ 2020 - 2025 tại Đại hội "
           "đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025 - 2030. Giai đoạn 2021 - 2025 ...",
     (2025, 2030)),
    ("pl", "Program nr 2 w latach 2025–2030. Program nr 3 w latach 2025–2030.", (2025, 2030)),
    ("en", "Growth of 7% in the new term.", None),
])
def test_document_term_from_text(lang: str, text: str, expected: tuple[int, int] | None) -> None:
    assert document_term(find_dates(text, lang)) == expected


# --------------------------------------------------------------------------- shared data

SEEDS = SHARED / "seeds"


def _seed_language(text: str) -> str:
    # The seeds' own footers name the language: Komentarz / تعليق / Комментарий.
    for lang, word in (("pl", "Komentarz"), ("ar", "تعليق"), ("ru", "Комментарий"),
                       ("en", "Comment")):
        if word in text:
            return lang
    return "vi"


@pytest.mark.shared
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [],
                         ids=lambda p: p.name)
def test_seed_document_term(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    dates = find_dates(text, _seed_language(text))
    assert all(text[d.start:d.end] == d.text for d in dates)
    assert document_term(dates) == (2025, 2030)


_DUCKLING = re.compile(r"^datetime \((\d+), (\d+), (\d+), 0, 0, 0\) (Year|Month|Day|Quarter)$")
PEER = SHARED / "peer" / "duckling"


def _duckling_subset(lang: str) -> list[tuple[str, str]]:
    """Duckling's explicit dates: a four-digit year, and a day (if any) written in digits."""
    cases = json.loads((PEER / f"time_{lang}.json").read_text(encoding="utf-8"))
    out = []
    for c in cases:
        m = _DUCKLING.match(c.get("raw") or "")
        if c["corpus"] not in ("corpus", "defaultCorpus") or not m:
            continue
        y, mo, da, grain = int(m[1]), int(m[2]), int(m[3]), m[4]
        if not 1945 <= y <= 2100 or not re.search(rf"(?<!\d){y}(?!\d)", c["input"]):
            continue
        if grain == "Day" and not re.search(rf"(?<!\d)0?{da}(?!\d)", c["input"]):
            continue  # "third tuesday", "last day of": relative days are out of scope
        want = {"Year": f"{y}", "Month": f"{y}-{mo:02d}", "Day": f"{y}-{mo:02d}-{da:02d}",
                "Quarter": f"{y}-{mo:02d}-01"}[grain]
        out.append((c["input"], want))
    return out


@pytest.mark.shared
@pytest.mark.skipif(not PEER.is_dir(), reason="../shared/peer not present")
@pytest.mark.parametrize(("lang", "floor"), [("en", 0.8), ("pl", 0.9), ("ru", 0.9),
                                             ("vi", 0.9)])
def test_duckling_explicit_dates(lang: str, floor: float) -> None:
    cases = _duckling_subset(lang)
    hits = sum(any((d.date_start or d.date_end) == want for d in find_dates(text, lang))
               for text, want in cases)
    assert cases and hits / len(cases) >= floor


def _term(text: str, name: str = "x.md") -> tuple:
    from extractors.io.auto import read_bytes
    from extractors.pipeline import analyse
    from extractors.records import Document

    doc_id, raw = read_bytes(text.encode("utf-8"), name)
    doc = Document(doc_id=doc_id, source=name, format=raw.format)
    analyse(doc, raw)
    return doc.term_start, doc.term_end


@pytest.mark.parametrize(("text", "term"), [
    # a plan of one year, named in its title, though its text names a longer term
    ("# Kế hoạch phát triển kinh tế - xã hội năm 2026\n\nNăm 2026 là năm đầu nhiệm kỳ 2026 - 2031. "
     "Tăng trưởng GDP đạt 10% trở lên.\n", (2026, 2026)),
    # a resolution "of 2025" is no plan of 2025: the term in its text is the document's
    ("# Nghị quyết của Bộ Chính trị năm 2025\n\nGiai đoạn 2026 - 2030 tăng trưởng bình quân 10%. "
     "Nhiệm kỳ 2026 - 2030.\n", (2026, 2030)),
    # the range in the opening lines wins over a range named more often later
    ("# City strategy\n\nThis strategy covers 2026–2030.\n\n" + "In 2019–2021 the city grew.\n" * 3,
     (2026, 2030)),
])
def test_document_term_from_title_and_opening(text, term):
    assert _term(text) == term


@pytest.mark.parametrize(("text", "term"), [
    # a plan named by its horizon alone runs to it from an unknown start
    ("# Climate City Contract\n\n## 2030 Climate Neutrality Action Plan of Bristol\n\n"
     "Reduce car miles by 40%. In 2019–2021 emissions fell.\n", (None, 2030)),
    ("# Стратегия развития области до 2030 года\n\nРост инвестиций на 5% ежегодно.\n",
     (None, 2030)),
    # a plan period that ends at the horizon is the term
    ("# Kế hoạch phòng, chống ma túy đến năm 2030\n\nGiai đoạn 2025 - 2030 giảm 10% số người "
     "nghiện. Giai đoạn 2025 - 2030 phấn đấu 100% xã đạt chuẩn.\n", (2025, 2030)),
    # a title in capitals over two lines, as a DOCX gives a decree's title
    ("7 мая 2018 года | N 204\nУКАЗ ПРЕЗИДЕНТА\nО НАЦИОНАЛЬНЫХ ЦЕЛЯХ И СТРАТЕГИЧЕСКИХ ЗАДАЧАХ\n"
     "РАЗВИТИЯ НА ПЕРИОД ДО 2024 ГОДА\nОбеспечить рост доходов. В 2017–2019 годах рост был 2%.\n",
     (None, 2024)),
    # a heading with a year but no plan is no horizon
    ("# Report 2030 conference\n\nIn 2019–2021 the city grew.\n", (2019, 2021)),
])
def test_a_plans_horizon(text, term):
    assert _term(text) == term


@pytest.mark.parametrize(("lang", "text", "dates"), [
    ("vi", "GRDP bình quân đầu người đạt 120 triệu đồng (giá so sánh năm 2010) vào năm 2030",
     ["vào năm 2030"]),
    ("en", "GDP of 500 billion USD at constant 2015 prices by 2030", ["by 2030"]),
    ("en", "in 2015 prices the GDP will reach 10 billion USD in 2030", ["in 2030"]),
    ("ru", "ВРП в ценах 2016 года вырастет до 2030 года", ["до 2030 года"]),
    ("pl", "PKB w cenach stałych z 2010 r. wzrośnie do 2030 r.", ["do 2030 r."]),
    ("ar", "الناتج بأسعار عام 2010 يصل في عام 2030", ["في عام 2030"]),
    ("en", "by 2030 and in 2015", ["by 2030", "in 2015"]),  # a year with no price is a date
])
def test_a_price_base_year_is_no_period(lang, text, dates):
    assert [d.text for d in find_dates(text, lang)] == dates
