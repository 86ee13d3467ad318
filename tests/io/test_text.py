"""extractors.text: normalisation, bidi repair, text quality, the text builder."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.text import (TextBuilder, first_line, fix_rtl_line, fold_presentation_forms,
                             normalize_text, not_text_reason, one_line, text_quality,
                             visual_to_logical)


@pytest.mark.parametrize(("raw", "expected"), [
    ("a\r\nb\rc", "a\nb\nc"),
    ("\ufeffTitle\nbody", "Title\nbody"),
    ("page one\fpage two", "page one\npage two"),
    ("a\x00b\x07c\x1bd", "abcd"),
    ("tab\tkept\n", "tab\tkept"),
    ("trailing   \nspaces\t \nend  ", "trailing\nspaces\nend"),
    ("a\n\n\n\n\n\nb", "a\n\n\nb"),  # five blank lines -> two
    ("a\n \n\t\n  \n \nb", "a\n\n\nb"),  # whitespace-only lines are blank lines
    ("a\n\nb", "a\n\nb"),
    ("\n\n  indented\n", "  indented"),  # leading indentation is content
    ("Vie\u0323\u0302t Nam", "Việt Nam"),  # NFC
    ("Tie\x00\u0302ng", "Tiêng"),  # a control between letter and mark does not block NFC
    ("line\u2028sep\u2029para\x85nel", "line\nsep\npara\nnel"),
    ("zero\u00a0width\u200bjoiner\u200d", "zero\u00a0width\u200bjoiner\u200d"),  # not controls
])
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


_text = st.lists(st.sampled_from(
    list("ab ẹ\u0323\u0302\t\n\r\f\x00\x07\ufeff\u00a0\u2028ąяع٢%") + ["\r\n", "e\u0301"]),
    max_size=60).map("".join)


@given(_text)
def test_normalize_text_is_idempotent_and_clean(raw: str) -> None:
    text = normalize_text(raw)
    assert normalize_text(text) == text
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text and "\ufeff" not in text and "\f" not in text
    assert not any(ord(c) < 32 and c not in "\n\t" for c in text)
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert "\n\n\n\n" not in text
    assert text == text.strip("\n")


def test_one_line_and_first_line() -> None:
    assert one_line("corrupt PDF:\n  bad xref\r\n table") == "corrupt PDF: bad xref table"
    assert len(one_line("x" * 500)) == 200
    assert first_line("\n\n   \n  Nghị quyết số 01  \nbody") == "Nghị quyết số 01"
    assert first_line("") == ""


# --- right-to-left ------------------------------------------------------------------

AR_LOGICAL = [
    "نمو اقتصادي 12% سنويا",
    "لا يقل عن 10,5% سنويًا",
    "نسبة ISO 9001 في 100% من الوكالات",
    "الفترة 2025 - 2030",
    "الفترة 2025-2030 (GDP) حتى",
    "بلغ ٢١٫٧٪ في المدينة",
    "قال (ها مينه هاي) إن",
    "الناتج المحلي الإجمالي (GRDP) للفرد",
    "حتى 22/9/2025 و 10.000 مليون",
    "نسبة GDP 12% في المدينة",
    "نمو 12% و GDP",
]


@pytest.mark.parametrize("logical", AR_LOGICAL)
def test_visual_to_logical_inverts_python_bidi(logical: str) -> None:
    from bidi.algorithm import get_display

    visual = get_display(logical)
    assert visual != logical
    assert visual_to_logical(visual) == logical


@pytest.mark.parametrize(("visual", "logical"), [
    ("%12 ومن", "نمو 12%"),  # percent sign drawn on the left of the number
    ("ةرتفلا ىتح", "حتى الفترة"),
    ("(ياه) لاق", "قال (هاي)"),  # brackets are mirrored back
    ("", ""),
])
def test_visual_to_logical_examples(visual: str, logical: str) -> None:
    assert visual_to_logical(visual) == logical


def test_fold_presentation_forms() -> None:
    import arabic_reshaper

    shaped = arabic_reshaper.reshape("لا يقل عن النمو")
    assert shaped != "لا يقل عن النمو"
    assert fold_presentation_forms(shaped) == "لا يقل عن النمو"


def test_fix_rtl_line_leaves_ltr_lines_alone() -> None:
    assert fix_rtl_line("GDP growth 10,5% per year") == "GDP growth 10,5% per year"
    assert fix_rtl_line("Tốc độ tăng trưởng") == "Tốc độ tăng trưởng"
    # An English line quoting one Arabic word stays left-to-right.
    assert fix_rtl_line("the word نمو means growth") == "the word نمو means growth"


# --- text quality -------------------------------------------------------------------

CLEAN = {
    "vi": "Tốc độ tăng trưởng kinh tế (GRDP) bình quân từ 10,5%/năm trở lên; GRDP bình quân "
          "đầu người đến năm 2030 đạt 220 triệu đồng, có 95% số xã đạt chuẩn nông thôn mới.",
    "pl": "Uchwała Pierwszego Zjazdu Komitetu Partii określiła pięć punktów widzenia, trzy "
          "przełomy i szesnaście celów na kadencję 2025–2030.",
    "ru": "Выступая на открытии конференции, секретарь городского партийного комитета "
          "сказал, что рост ВВП составит не менее 10,5% ежегодно.",
    "ar": "أكد رئيس اللجنة التنظيمية للجنة الحزب في هانوي أن المؤتمر الثامن عشر ينعقد في "
          "لحظة تاريخية، وأن النمو الاقتصادي لا يقل عن 10% سنويًا.",
    "en": "The ward Party Committee set the goal of average annual growth of 11-12% in the "
          "new term, with 100% of agencies maintaining ISO 9001.",
}

GARBLED = ("TiNH UY THAI NGUYEN BANG CONG SAN VIT NAM S 348-TB/TU TháiNguyên, ngày22 tháng8nám "
           "THÔNG BAO CUA BAN CHAP HANH HANG B() TIN}I V ni dung, thôi gian, Ctja Ctim t(i "
           "chü'c Bi hi di biu Bang b tinh Thai Nguyen Jan thu XXI, nhim k' 2025 - 2030 "
           "Can ct'r Diu 1 Bang Cong san Vit Nam; Quy djnh s 294-QD/TW, ngày 26/5/2025 cüa "
           "Ban Chip hành Trung ucing v thi hành Diu 1 Dáng; Can cü Chi thj s 45-CT/TW")


@pytest.mark.parametrize("lang", sorted(CLEAN))
def test_text_quality_clean_text_scores_high(lang: str) -> None:
    assert text_quality(CLEAN[lang]) >= 0.9


def test_text_quality_garbled_ocr_scores_low() -> None:
    assert text_quality(GARBLED) < 0.5


def test_text_quality_odd_symbols_and_case() -> None:
    assert text_quality("hOi ChInh B() TIN}I xY") == 0.0
    assert text_quality("") == 1.0
    assert text_quality("2025 - 2030 10,5%") == 1.0  # no words to judge


# --- is it text at all? ---------------------------------------------------------------

@pytest.mark.parametrize("lang", sorted(CLEAN))
def test_clean_text_is_text(lang: str) -> None:
    assert not_text_reason(CLEAN[lang]) == ""


def test_garbled_ocr_is_still_text() -> None:
    """A bad OCR layer is the PDF reader's ``needs_ocr`` case, not garbage."""
    assert not_text_reason(GARBLED) == ""


def _random_bytes_as(codec: str, n: int = 20_000) -> str:
    import random

    data = random.Random(7).randbytes(n)
    return normalize_text(data.decode(codec, errors="replace"))


@pytest.mark.parametrize(("text", "reason"), [
    ("\ufffd" * 90 + "Growth of 11% by 2030", "could not be decoded"),
    ("\ue000\ue001\ue002 " * 30 + "Growth of 11% by 2030", "control, private-use or unassigned"),
    ("(" * 2_000, "100% of characters are neither letters of a word nor digits"),
    ("😀" * 1_000, "100% of characters are neither letters of a word nor digits"),
    ("11-12% " * 500, "100% of characters are not letters of a word"),  # figures, no words
    ("\n".join("0a 1f 3c 9e ff 00 7b 2d" for _ in range(300)), "of tokens mix letters and digits"),
    (_random_bytes_as("cp1251"), ""),
    (_random_bytes_as("cp1256"), ""),
    (" ".join(["Рост", "РОCT", "ВВПx", "plаn"] * 50), "of words mix letters of different scripts"),
    ("p7GXjMpLnXFdrQpbM3jO4pMkq+tA0S6miL2RLVJRyIfq751FZqGBSqaPlc8rNyRjrzXaPchLSsquA/ck" * 20,
     "of words mix upper and lower case at random"),  # base64
])
def test_garbage_is_not_text(text: str, reason: str) -> None:
    got = not_text_reason(text)
    assert got.startswith("not text: ") and reason in got


def test_tables_of_figures_are_text() -> None:
    rows = [f"{i} | Xã Hòa Hội số {i} | {i * 1.5:.1f}% | {i * 1234:,} | 2025–2030" for i in range(300)]
    assert not_text_reason("Bảng chỉ tiêu\n" + "\n".join(rows)) == ""


def test_too_short_to_judge() -> None:
    assert not_text_reason("((((((((") == ""
    assert not_text_reason("2025-2030") == ""


# --- text builder -------------------------------------------------------------------

def test_builder_table_spans_index_the_text() -> None:
    b = TextBuilder()
    b.add_text("Before\r\n\n\n\n\nthe table   ")
    b.add_table([["TT", "Nội dung\nhai dòng", ""], [None, "", ""], ["(1)", "Vie\u0323\u0302t", ""]])
    b.add_break()
    b.add_text("After")
    text, tables = b.build()
    assert text == ("Before\n\n\nthe table\nTT | Nội dung hai dòng |\n(1) | Việt |\n\nAfter")
    assert [[text[s:e] for s, e in row] for row in tables[0]] == [
        ["TT", "Nội dung hai dòng", ""], ["(1)", "Việt", ""]]
    assert normalize_text(text) == text


_cell = st.lists(st.sampled_from(list("ab ẹ\u0302\t\n\r|\x00 ")), max_size=8).map("".join)


@given(st.lists(st.lists(_cell, min_size=1, max_size=4), max_size=4), _text)
def test_builder_spans_always_match(rows: list[list[str]], before: str) -> None:
    b = TextBuilder()
    b.add_text(before)
    b.add_table(rows)
    text, tables = b.build()
    assert normalize_text(text) == text
    for table in tables:
        for row in table:
            for s, e in row:
                assert 0 <= s <= e <= len(text)
                assert "\n" not in text[s:e]
    expected = [[" ".join(normalize_text(c).split()) for c in row] for row in rows
                if any(normalize_text(c).strip() for c in row)]
    got = [[text[s:e] for s, e in row] for table in tables for row in table]
    assert got == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("الفترة 2025-2030 )GDP) حتى", "الفترة 2025-2030 (GDP) حتى"),
    ("الفترة (GDP( حتى", "الفترة (GDP) حتى"),
    ("(أ) و(ب)", "(أ) و(ب)"),
    ("«نص«", "«نص»"),
    ("بلا أقواس", "بلا أقواس"),
])
def test_balance_brackets(line: str, expected: str) -> None:
    from extractors.text import balance_brackets

    assert balance_brackets(line) == expected
