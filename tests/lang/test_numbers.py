"""extractors.numbers: locale-aware numerals and quantities (SPEC §3 Normalisation).

Cases are ``(lang, text, expected)``, per language, as in spaCy's ``tests/lang/<code>/``.
``Q(...)`` names the fields a found quantity must have; every case also checks that spans are
exact, sorted and non-overlapping.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.numbers import find_quantities, parse_number


def Q(text: str, value: float, unit: str = "", cmp: str = "eq", vmax: float | None = None,
      freq: str | None = None, noun: str | None = None) -> dict:
    label = "PERCENT" if unit == "percent" else "MONEY" if unit.isupper() and len(unit) == 3 else "QUANTITY"
    out = {"text": text, "value": value, "value_max": vmax, "unit": unit, "comparator": cmp,
           "frequency": freq, "label": label}
    if noun is not None:
        out["noun"] = noun
    return out


# --- parse_number ------------------------------------------------------------------------

PARSE = [
    # decimal comma, groups by point/space, scales
    ("vi", "21,7", 21.7), ("vi", "2.639", 2639), ("vi", "1.845,7", 1845.7), ("vi", "140.009", 140009),
    ("vi", "1,156", 1.156), ("vi", "361,6 nghìn tỷ", 3.616e14), ("vi", "2 vạn", 20000),
    ("vi", "1,2M", 1.2e6), ("vi", "5 ngàn", 5000), ("vi", "1,06 triệu tỷ", 1.06e15),
    ("vi", "mười", 10), ("vi", "hai mươi lăm", 25), ("vi", "năm mươi", 50), ("vi", "ba mươi ba", 33),
    ("vi", "mười bốn", 14), ("vi", "hai chục", 20), ("vi", "một trăm linh năm", 105),
    ("vi", "bảy trăm hai mươi mốt nghìn không trăm mười hai", 721012), ("vi", "một tỷ", 1e9),
    ("vi", "05 (năm)", 5),
    ("pl", "21,7", 21.7), ("pl", "21.7", 21.7), ("pl", "2 639", 2639), ("pl", "2.639", 2639),
    ("pl", "2\u2009639", 2639), ("pl", "2\u202f639", 2639), ("pl", "2\u00a0639", 2639),
    ("pl", "1.845,7", 1845.7), ("pl", "5 tys.", 5000), ("pl", "33 mln", 33e6), ("pl", "1,5 mld", 1.5e9),
    ("pl", "dziesięć", 10), ("pl", "dziesięciu", 10), ("pl", "dziesiątej", 10), ("pl", "piętnasta", 15),
    ("pl", "dwadzieścia pięć", 25), ("pl", "osiemdziesiat cztery", 84), ("pl", "pięć tysięcy", 5000),
    ("pl", "dwadzieścia jeden tysięcy i jedenaście", 21011),
    ("ru", "21,7", 21.7), ("ru", "2 639", 2639), ("ru", "10,5", 10.5), ("ru", "десять", 10),
    ("ru", "десяти", 10), ("ru", "десятью", 10), ("ru", "двадцать пять", 25), ("ru", "четырёх", 4),
    ("ru", "пятьсот двадцати пять", 525), ("ru", "33 млн", 33e6), ("ru", "5 тыс.", 5000),
    ("ru", "1,2 млрд", 1.2e9), ("ru", "полтора", 1.5), ("ru", "три с половиной", 3.5),
    ("ru", "1 точка 1", 1.1), ("ru", "десятый", 10),
    ("ar", "٢١٫٧", 21.7), ("ar", "۲۱٫۷", 21.7), ("ar", "١٠٠٬٠٠٠", 100000), ("ar", "21.7", 21.7),
    ("ar", "21,7", 21.7), ("ar", "2,639", 2639), ("ar", "١١", 11), ("ar", "عشرة", 10), ("ar", "العشرة", 10),
    ("ar", "عشر", 10), ("ar", "عشره", 10), ("ar", "أربعة", 4), ("ar", "خمسة و عشرون", 25),
    ("ar", "ثلاثمائة وخمسين", 350), ("ar", "إحدى عشرة", 11), ("ar", "33 مليون", 33e6),
    ("ar", "2 مليار", 2e9), ("ar", "ألفين", 2000), ("ar", "10 آلاف", 10000), ("ar", "واحد فاصلة واحد", 1.1),
    ("en", "2,639", 2639), ("en", "21.7", 21.7), ("en", "1,845.7", 1845.7), ("en", "ten", 10),
    ("en", "tenth", 10), ("en", "twenty-five", 25), ("en", "one hundred and sixteen", 116),
    ("en", "33 million", 33e6), ("en", "2.5 billion", 2.5e9), ("en", "a thousand", 1000),
    ("en", "3 trillion", 3e12), ("en", "forty-five (45)", 45), ("en", "two point two million", 2.2e6),
    ("en", "100K", 1e5), ("en", "0033", 33),
]


@pytest.mark.parametrize("lang,text,expected", PARSE)
def test_parse_number(lang: str, text: str, expected: float) -> None:
    assert parse_number(text, lang) == pytest.approx(expected)


@pytest.mark.parametrize("lang,text", [
    ("vi", ""), ("vi", "abc"), ("vi", "12/6/2025"), ("vi", "4.0"), ("vi", "01.07.2025"), ("en", "21.7%"),
    ("en", "ten projects"), ("pl", "nr 1"), ("ar", "مشروع"),
])
def test_parse_number_rejects(lang: str, text: str) -> None:
    assert parse_number(text, lang) is None


# --- find_quantities ---------------------------------------------------------------------

FIND = [
    # Vietnamese originals (forms from the Thái Nguyên congress documents)
    ("vi", "361,6 nghìn tỷ đồng", [Q("361,6 nghìn tỷ đồng", 3.616e14, "VND")]),
    ("vi", "đạt từ 437\ntriệu đồng/lao động trở lên",
     [Q("từ 437\ntriệu đồng/lao động trở lên", 4.37e8, "VND", "gte")]),
    ("vi", "826 nghìn\nngười trở lên", [Q("826 nghìn", 826000, "count", "gte", noun="người")]),
    ("vi", "10,5%/năm trở lên", [Q("10,5%/năm trở lên", 10.5, "percent", "gte", freq="annual")]),
    ("vi", "tăng bình quân 12,5%/năm", [Q("12,5%/năm", 12.5, "percent", freq="annual")]),
    ("vi", "trên 8 triệu đồng/tháng", [Q("trên 8 triệu đồng/tháng", 8e6, "VND", "gt")]),
    ("vi", "tốc độ trên 1Gb/s", [Q("trên 1Gb/s", 1, "Gbps", "gt")]),
    ("vi", "gấp 1,5 lần", [Q("1,5 lần", 1.5, "times")]),
    ("vi", "gấp 2 lần", [Q("2 lần", 2, "times")]),
    ("vi", "75,5 tuổi trở lên", [Q("75,5 tuổi trở lên", 75.5, "year", "gte")]),
    ("vi", "ít nhất 01 câu lạc bộ", [Q("ít nhất 01", 1, "count", "gte", noun="câu lạc bộ")]),
    ("vi", "có ít nhất một câu lạc bộ", [Q("ít nhất một", 1, "count", "gte", noun="câu lạc bộ")]),
    ("vi", "có 2.639 đảng viên", [Q("2.639", 2639, "count", noun="đảng viên")]),
    ("vi", "từ 10–10,5%", [Q("từ 10–10,5%", 10, "percent", "range", vmax=10.5)]),
    ("vi", "1 - 1,5 điểm%/năm", [Q("1 - 1,5 điểm%/năm", 1, "percent", "range", vmax=1.5, freq="annual")]),
    ("vi", "6.700–7.500 USD", [Q("6.700–7.500 USD", 6700, "USD", "range", vmax=7500)]),
    ("vi", "đạt từ 3 đến 5 sao", [Q("từ 3 đến 5 sao", 3, "star", "range", vmax=5)]),
    ("vi", "thu hút mười dự án", [Q("mười", 10, "count", noun="dự án")]),
    ("vi", "hai mươi lăm xã", [Q("hai mươi lăm", 25, "count", noun="xã")]),
    ("vi", "có từ 19 bác sỹ", [Q("từ 19 bác sỹ", 19, "doctor", "gte")]),
    ("vi", "50 giường bệnh trên 1 vạn dân trở lên", [Q("50 giường bệnh trên 1 vạn dân trở lên", 50, "bed", "gte")]),
    ("vi", "đạt khoảng 35%", [Q("khoảng 35%", 35, "percent", "approx")]),
    ("vi", "thành thị dưới 3%", [Q("dưới 3%", 3, "percent", "lt")]),
    ("vi", "không quá 10 ngày", [Q("không quá 10 ngày", 10, "day", "lte")]),
    ("vi", "tối đa 5%", [Q("tối đa 5%", 5, "percent", "lte")]),
    ("vi", "trên 20 nghìn doanh nghiệp", [Q("trên 20 nghìn", 20000, "count", "gt", noun="doanh nghiệp")]),
    ("vi", "2 tỷ 500 triệu đồng", [Q("2 tỷ 500 triệu đồng", 2.5e9, "VND")]),
    ("vi", "giao 05 (năm) cơ quan", [Q("05 (năm)", 5, "count", noun="cơ quan")]),
    ("vi", "đứng thứ 5 cả nước, tăng 7 bậc", [Q("5", 5, "rank"), Q("7 bậc", 7, "rank")]),
    # "top N" as each language writes it: the words before the number name the unit
    ("vi", "thuộc nhóm 3 nước đứng đầu ASEAN", [Q("3", 3, "rank")]),
    ("ru", "вхождение в число пяти крупнейших экономик", [Q("пяти", 5, "rank")]),
    ("ar", "ضمن أفضل 10 دول", [Q("10", 10, "rank")]),
    # Arabic plans bracket their figures, the scale or unit after the bracket, and a PDF's
    # visual order puts "%" first: "(30) مليون", "(80) عاماً", "(%40)"
    ("ar", "إلى (30) مليون معتمر", [Q("(30) مليون", 30e6, "count")]),
    ("ar", "من (74) إلى (80) عاماً", [Q("(80) عاماً", 80, "year")]),
    ("ar", "رفع نسبة ممارسي الرياضة أسبوعياً من (%13) إلى (%40)",
     [Q("%13", 13, "percent"), Q("%40", 40, "percent")]),
    # a number before ")" far into a line is a figure; only near the line start is it "4)"
    ("en", "The plan expects the number of charging points to grow (to 950)", [Q("950", 950)]),
    # a number word inside a name is no value: "net zero" and "zero carbon" are not 0
    ("en", "reach net-zero carbon by 2030 and cut zero carbon heat costs by 5%",
     [Q("5%", 5, "percent")]),
    ("vi", "tăng từ 86,5% năm 2020 lên 88,8% năm 2025",
     [Q("86,5%", 86.5, "percent"), Q("88,8%", 88.8, "percent")]),
    ("vi", "diện tích 8.375,21 km2", [Q("8.375,21 km2", 8375.21, "km2")]),
    ("vi", "HDI đạt từ 0,79 trở lên", [Q("từ 0,79 trở lên", 0.79, "", "gte")]),
    ("vi", "100% các xã", [Q("100%", 100, "percent")]),
    ("vi", "bình quân đạt 7,3%/năm12, cơ cấu", [Q("7,3%/năm", 7.3, "percent", freq="annual")]),  # footnote 12
    # Polish translations
    ("pl", "wzrost 21,7% rocznie", [Q("21,7% rocznie", 21.7, "percent", freq="annual")]),
    ("pl", "wzrost 21.7% w skali roku", [Q("21.7% w skali roku", 21.7, "percent", freq="annual")]),
    ("pl", "liczy 2 639 członków", [Q("2 639", 2639, "count", noun="członków")]),
    ("pl", "zrzeszających 2639 członków partii", [Q("2639", 2639, "count", noun="członków partii")]),
    ("pl", "od 10 do 12%", [Q("od 10 do 12%", 10, "percent", "range", vmax=12)]),
    ("pl", "między 11% a 12%", [Q("między 11% a 12%", 11, "percent", "range", vmax=12)]),
    ("pl", "dziesięć projektów", [Q("dziesięć", 10, "count", noun="projektów")]),
    ("pl", "co najmniej 50 tys. miejsc pracy",
     [Q("co najmniej 50 tys.", 50000, "count", "gte", noun="miejsc pracy")]),
    ("pl", "eksport ponad 33 mln USD", [Q("ponad 33 mln USD", 33e6, "USD", "gt")]),
    ("pl", "1,5 mld zł", [Q("1,5 mld zł", 1.5e9, "PLN")]),
    ("pl", "około 20%", [Q("około 20%", 20, "percent", "approx")]),
    ("pl", "poniżej 5%", [Q("poniżej 5%", 5, "percent", "lt")]),
    ("pl", "do 10%", [Q("do 10%", 10, "percent", "lte")]),
    ("pl", "w 98 lokalizacjach", [Q("98", 98, "count", noun="lokalizacjach")]),
    ("pl", "75 lat i więcej", [Q("75 lat i więcej", 75, "year", "gte")]),
    ("pl", "dwa razy", [Q("dwa razy", 2, "times")]),
    ("pl", "2-krotnie", [Q("2-krotnie", 2, "times")]),
    ("pl", "50 łóżek i 19 lekarzy", [Q("50 łóżek", 50, "bed"), Q("19 lekarzy", 19, "doctor")]),
    ("pl", "określiła 5 punktów widzenia, 3 przełomy i 16 celów",
     [Q("5", 5, "count", noun="punktów widzenia"), Q("3", 3, "count", noun="przełomy"),
      Q("16", 16, "count", noun="celów")]),
    # Russian translations
    ("ru", "рост на 21,7% ежегодно", [Q("21,7% ежегодно", 21.7, "percent", freq="annual")]),
    ("ru", "от 10 до 10,5%", [Q("от 10 до 10,5%", 10, "percent", "range", vmax=10.5)]),
    ("ru", "не менее 10,5% в год", [Q("не менее 10,5% в год", 10.5, "percent", "gte", freq="annual")]),
    ("ru", "свыше 1,2 млрд долларов США", [Q("свыше 1,2 млрд долларов США", 1.2e9, "USD", "gt")]),
    ("ru", "около 2 639 членов партии", [Q("около 2 639", 2639, "count", "approx", noun="членов партии")]),
    ("ru", "от 10 до 12 тыс. рублей", [Q("от 10 до 12 тыс. рублей", 10000, "RUB", "range", vmax=12000)]),
    ("ru", "десять проектов", [Q("десять", 10, "count", noun="проектов")]),
    ("ru", "с 2 стратегическими вопросами", [Q("2", 2, "count", noun="стратегическими вопросами")]),
    ("ru", "вырасти в 2 раза", [Q("2 раза", 2, "times")]),
    ("ru", "75 лет и более", [Q("75 лет и более", 75, "year", "gte")]),
    ("ru", "менее 5%", [Q("менее 5%", 5, "percent", "lt")]),
    ("ru", "не более 3 дней", [Q("не более 3 дней", 3, "day", "lte")]),
    ("ru", "500 млн руб.", [Q("500 млн руб.", 5e8, "RUB")]),
    ("ru", "20 коек и 19 врачей", [Q("20 коек", 20, "bed"), Q("19 врачей", 19, "doctor")]),
    # Arabic translations
    ("ar", "٢١٫٧٪", [Q("٢١٫٧٪", 21.7, "percent")]),
    ("ar", "صادرات تتجاوز 33 مليون دولار أمريكي", [Q("تتجاوز 33 مليون دولار أمريكي", 33e6, "USD", "gt")]),
    ("ar", "نمو بين 11% و12%", [Q("بين 11% و12%", 11, "percent", "range", vmax=12)]),
    ("ar", "بنسبة 21.7% سنويًا", [Q("21.7% سنويًا", 21.7, "percent", freq="annual")]),
    ("ar", "قيادة أربعة إجراءات إدارية", [Q("أربعة", 4, "count", noun="إجراءات إدارية")]),
    ("ar", "على خمس نقاط رئيسية", [Q("خمس", 5, "count", noun="نقاط رئيسية")]),
    ("ar", "بما في ذلك 4 أهداف تم إكمالها", [Q("4", 4, "count", noun="أهداف")]),
    ("ar", "عدد المشاريع الاستثمارية العشرة التي",
     [Q("المشاريع الاستثمارية العشرة", 10, "count", noun="المشاريع الاستثمارية")]),
    ("ar", "نمو لا تقل عن 10%", [Q("لا تقل عن 10%", 10, "percent", "gte")]),
    ("ar", "حوالي 500 عضو", [Q("حوالي 500", 500, "count", "approx", noun="عضو")]),
    ("ar", "أقل من 5%", [Q("أقل من 5%", 5, "percent", "lt")]),
    ("ar", "أكثر من 20 مشروعا", [Q("أكثر من 20", 20, "count", "gt", noun="مشروعا")]),
    ("ar", "10 في المائة", [Q("10 في المائة", 10, "percent")]),
    ("ar", "١٠٠ بالمئة", [Q("١٠٠ بالمئة", 100, "percent")]),
    ("ar", "120 مليون دونغ للفرد", [Q("120 مليون دونغ للفرد", 1.2e8, "VND")]),
    ("ar", "2,639 عضوا", [Q("2,639", 2639, "count", noun="عضوا")]),
    ("ar", "75 عامًا فأكثر", [Q("75 عامًا فأكثر", 75, "year", "gte")]),
    ("ar", "50 سريرا و19 طبيبا", [Q("50 سريرا", 50, "bed"), Q("19 طبيبا", 19, "doctor")]),
    ("ar", "زيادة الإنتاج مرتين ونصف", []),  # no digits, no number word
    # English
    ("en", "exports exceeding 33 million USD", [Q("exceeding 33 million USD", 33e6, "USD", "gt")]),
    ("en", "growth of 11–12%", [Q("11–12%", 11, "percent", "range", vmax=12)]),
    ("en", "growth of 11-12%", [Q("11-12%", 11, "percent", "range", vmax=12)]),
    ("en", "between 11% and 12%", [Q("between 11% and 12%", 11, "percent", "range", vmax=12)]),
    ("en", "from 10 to 12 percent", [Q("from 10 to 12 percent", 10, "percent", "range", vmax=12)]),
    ("en", "attract ten investment projects", [Q("ten", 10, "count", noun="investment projects")]),
    ("en", "twenty-five communes", [Q("twenty-five", 25, "count", noun="communes")]),
    ("en", "the committee has 2,639 members", [Q("2,639", 2639, "count", noun="members")]),
    ("en", "at least 95% of communes", [Q("at least 95%", 95, "percent", "gte")]),
    ("en", "about 1.5 times", [Q("about 1.5 times", 1.5, "times", "approx")]),
    ("en", "75.5 years or more", [Q("75.5 years or more", 75.5, "year", "gte")]),
    ("en", "up to 5%", [Q("up to 5%", 5, "percent", "lte")]),
    ("en", "below 3%", [Q("below 3%", 3, "percent", "lt")]),
    ("en", "more than 20 clubs", [Q("more than 20", 20, "count", "gt", noun="clubs")]),
    ("en", "no less than 10 doctors", [Q("no less than 10 doctors", 10, "doctor", "gte")]),
    ("en", "50 hospital beds", [Q("50 hospital beds", 50, "bed")]),
    ("en", "21.7% per year", [Q("21.7% per year", 21.7, "percent", freq="annual")]),
    ("en", "12% annually", [Q("12% annually", 12, "percent", freq="annual")]),
    ("en", "$10 million", [Q("$10 million", 1e7, "USD")]),
    ("en", "€20", [Q("€20", 20, "EUR")]),
    ("en", "USD 6,700–7,500", [Q("USD 6,700–7,500", 6700, "USD", "range", vmax=7500)]),
    ("en", "1,000 ha and 500 MW", [Q("1,000 ha", 1000, "ha"), Q("500 MW", 500, "MW")]),
    ("en", "2 million tonnes", [Q("2 million tonnes", 2e6, "tonne")]),
    ("en", "a speed of 1 Gb/s", [Q("1 Gb/s", 1, "Gbps")]),
    ("en", "5 percentage points", [Q("5 percentage points", 5, "percent")]),
]


@pytest.mark.parametrize("lang,text,expected", FIND)
def test_find_quantities(lang: str, text: str, expected: list[dict]) -> None:
    found = find_quantities(text, lang)
    assert_spans(text, found)
    assert len(found) == len(expected), [q.text for q in found]
    for q, want in zip(found, expected):
        for key, value in want.items():
            got = getattr(q, key)
            if isinstance(value, float) or isinstance(value, int) and key.startswith("value"):
                assert got == pytest.approx(value), (key, q)
            else:
                assert got == value, (key, q)


NOT_QUANTITIES = [
    ("vi", "Nghị quyết số 202/2025/QH15"), ("vi", "ngày 12/6/2025"), ("vi", "Quyết định số 308-QĐ/TW"),
    ("vi", "khóa XV, QH15"), ("vi", "(1) Thị trường hàng hóa"), ("vi", "1. Kết quả đạt được"),
    ("vi", "II. NHIỆM VỤ"), ("vi", "a) Mục tiêu"), ("vi", "lần thứ I"), ("vi", "Đại hội lần thứ hai"),
    ("vi", "trước năm 2030"), ("vi", "ngày 15 tháng 9 năm 2025"), ("vi", "giai đoạn 2021 - 2025"),
    ("vi", "từ ngày 01.07.2025"), ("vi", "ngày 22/9"), ("vi", "Hội nghị Trung ương 8"),
    ("vi", "tiêu chuẩn ISO 9001"), ("vi", "mạng 5G"), ("vi", "trên một số lĩnh vực"),
    ("vi", "Từ năm 2021 đến nay"), ("vi", "cách mạng công nghiệp 4.0"), ("vi", "1.1. Công tác xây dựng Đảng"),
    ("vi", "hiện đại1. Công tác"), ("vi", "3 Kết nạp đảng viên mới"),
    ("pl", "Program nr 1"), ("pl", "Program nr 04"), ("pl", "w 2025 roku"), ("pl", "dnia 16 października"),
    ("pl", "w latach 2025–2030"), ("pl", "Uchwała nr 15"), ("pl", "normy TCVN ISO 9001"),
    ("ru", "№ 5"), ("ru", "в 2025 году"), ("ru", "18-го созыва"), ("ru", "16 октября"), ("ru", "XVIII съезда"),
    ("ru", "один из"), ("ru", "Постановление 15"),
    ("ar", "القرار رقم 15"), ("ar", "حتى عام 2050"), ("ar", "للفترة 2025-2030"), ("ar", "صباح يوم 16 أكتوبر"),
    ("ar", "المؤتمر الثامن عشر"), ("ar", "كوفيد-19"),
    ("en", "No. 3"), ("en", "ISO 9001"), ("en", "5G"), ("en", "in 2030"), ("en", "Resolution 18-NQ/TW"),
    ("en", "October 25, 2017"), ("en", "12/6/2025"), ("en", "the 18th congress"), ("en", "(1) Introduction"),
    ("en", "1. Results"), ("en", "Covid-19"), ("en", "the first congress"), ("en", "one of the tasks"),
    ("en", "see https://example.com/news-723245.html"), ("en", "thousands of members"),
]


@pytest.mark.parametrize("lang,text", NOT_QUANTITIES)
def test_not_quantities(lang: str, text: str) -> None:
    assert find_quantities(text, lang) == []


def test_enumeration_keeps_each_value() -> None:
    text = "industry and construction 27.8%, services 11.3%, agriculture 3.5%"
    assert [q.value for q in find_quantities(text, "en")] == [27.8, 11.3, 3.5]


def test_year_range_and_counts_in_one_sentence() -> None:
    text = "Uchwała określiła 5 punktów widzenia, 3 przełomy, 16 celów na okres 2025–2030."
    assert [q.value for q in find_quantities(text, "pl")] == [5, 3, 16]


def assert_spans(text: str, found) -> None:
    last = 0
    for q in found:
        assert text[q.start:q.end] == q.text
        assert q.start >= last
        last = q.end


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 .,%-–/()\nabcnmtỷđồngtriệu năm ít nhất trở lên USD$", max_size=80),
       st.sampled_from(["vi", "pl", "ru", "ar", "en"]))
def test_spans_always_exact(text: str, lang: str) -> None:
    assert_spans(text, find_quantities(text, lang))


@pytest.mark.parametrize("digits", [25, 400, 4_300, 20_000])
def test_a_run_of_digits_is_no_value(digits: int) -> None:
    """More digits than any amount (float() overflows past 308, int() refuses past 4,300):
    an identifier or noise, not a quantity, and never an exception."""
    text = f"Growth of 11% by 2030; code {'7' * digits}% and {'1' * digits} USD."
    found = find_quantities(text, "en")
    assert [q.text for q in found] == ["11%"]


@pytest.mark.parametrize(("lang", "text", "value", "cmp"), [
    ("en", "poverty rate ≤ 15% by 2030", 15.0, "lte"),
    ("vi", "tỷ lệ hộ nghèo ≥ 1,5%", 1.5, "gte"),
    ("pl", "bezrobocie < 5%", 5.0, "lt"),
    ("ru", "доля > 60 %", 60.0, "gt"),
    ("ar", "نسبة ≥ 40%", 40.0, "gte"),
    # "or higher" after the value, "higher than (or equal to)" before it (Arab Vision 2045)
    ("ar", "أن يكون المعدل 95 في المائة أو أعلى", 95.0, "gte"),
    ("ar", "دخل الفرد أعلى من 18,000 دولار", 18000.0, "gt"),
    ("ar", "أعلى من أو يساوي 3 في المائة", 3.0, "gte"),
    ("ar", "أقل من أو يساوي 8 في المائة", 8.0, "lte"),
    # the comparator reaches the value over "в" (times) and "до" (a level), as in decree 204
    ("ru", "увеличение не менее чем в четыре раза", 4.0, "gte"),
    ("ru", "не менее чем до 50 процентов", 50.0, "gte"),
    ("ru", "рост до 55 процентов", 55.0, "eq"),
])
def test_comparator_signs_and_phrases(lang, text, value, cmp):
    q = find_quantities(text, lang)[0]
    assert (q.value, q.comparator) == (value, cmp)


@pytest.mark.parametrize(("text", "value"), [
    ("3،250 مليون دونج/شخص/شهر", 3_250_000.0),  # machine translation's decimal mark
    ("بلغت الصادرات 1،500 مليار دولار", 1_500_000_000.0),
    ("2،639 مشروع", 2639.0),  # no scale word: the mark groups
    ("3،250 دولار", 3250.0),
    ("3٬250 مليون دونج", 3_250_000_000.0),  # the Arabic thousands sign always groups
])
def test_arabic_comma_before_a_scale_word_is_decimal(text, value):
    assert find_quantities(text, "ar")[0].value == value


@pytest.mark.parametrize(("lang", "phrase", "code"), [
    ("en", "the food security index", "other"),  # the longer phrase covers "security"
    ("en", "public security", "security_order"),
    ("ar", "دليل الأمن الغذائي العالمي", "other"),
    ("vi", "đảm bảo an ninh lương thực", "other"),
    ("en", "growth in the coming years", "economic_growth"),  # "Vietnam aims at 10% growth"
])
def test_the_longest_indicator_phrase_decides(lang, phrase, code):
    from extractors.rows.fields import indicator_code

    assert indicator_code(lang, phrase) == code


@pytest.mark.parametrize(("lang", "text", "values"), [
    # the base of a rate is no value of its own; the rate is
    ("vi", "(10) Số bác sĩ trên 1 vạn dân đạt khoảng 15,3 bác sĩ.", [15.3]),
    ("ru", "Обеспечить 45 врачей на 10 000 жителей.", [45]),
    ("vi", "tỷ lệ hộ nghèo giảm trên 50% dân số", [50]),  # "trên" is also "over"
    # an anniversary names a year count, it measures nothing
    ("vi", "Đến năm 2030, kỷ niệm 100 năm thành lập Đảng.", []),
])
def test_the_base_of_a_rate_and_an_anniversary_are_no_values(lang, text, values):
    assert [q.value for q in find_quantities(text, lang)] == values


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("przebudowa drogi na odcinku około 800 mb", 800, "m"),  # metr bieżący
    ("Aborcja do 12 tygodnia ciąży", 12, "week"),
])
def test_polish_running_metres_and_the_genitive_week(text, value, unit):
    got = find_quantities(text, "pl")
    assert [(q.value, q.unit) for q in got] == [(value, unit)]


@pytest.mark.parametrize(("text", "expected"), [
    # a comparator before the brackets and the counted noun after them still count
    ("سيكون هناك أكثر من (450) نادي هواة مسجل", [(450, "count", "gt", "")]),
    # a rank word before "(N)" makes it a figure, not a list marker; "from rank X" starts a change
    ("الارتقاء بمؤشر رأس المال الاجتماعي من المرتبة (26) إلى المرتبة (10)",
     [(26, "rank", "eq", "baseline"), (10, "rank", "eq", "")]),
    ("الخطة تشمل: (1) التعليم؛ (2) الصحة", []),  # inline list markers stay markers
])
def test_arabic_bracketed_figures_read_with_the_words_around_them(text, expected):
    got = [(q.value, q.unit, q.comparator, q.role) for q in find_quantities(text, "ar")]
    assert got == expected
