from extractors.segment import MAX_BLOCK_CHARS, MAX_SENTENCE_CHARS, segment

import pytest


def spans(text, **kw):
    return [(s.kind, text[s.start:s.end]) for s in segment(text, **kw)]


@pytest.mark.parametrize("lang,text,expected", [
    ("en", "Growth reached 7.5%. The term ends in 2030. Mr. Smith spoke.",
     ["Growth reached 7.5%.", "The term ends in 2030.", "Mr. Smith spoke."]),
    ("pl", "Wzrost wyniesie 21,7% rocznie. Komitet liczy 2 639 członków.",
     ["Wzrost wyniesie 21,7% rocznie.", "Komitet liczy 2 639 członków."]),
    ("ru", "Рост составит 10,5 %. К 2030 г. экспорт вырастет.",
     ["Рост составит 10,5 %.", "К 2030 г. экспорт вырастет."]),
    ("ar", "حققت اللجنة نموا بنسبة 7%. وتسعى إلى 12% سنويا.",
     ["حققت اللجنة نموا بنسبة 7%.", "وتسعى إلى 12% سنويا."]),
    ("vi", "Tăng trưởng đạt 10,5%/năm. Thu nhập đạt 1.845,7 nghìn đồng.",
     ["Tăng trưởng đạt 10,5%/năm.", "Thu nhập đạt 1.845,7 nghìn đồng."]),
])
def test_sentences_per_language(lang, text, expected):
    assert [t for _, t in spans(text, lang=lang)] == expected


def test_wrapped_pdf_lines_join_into_items():
    text = ("2. Các chỉ tiêu chủ yếu\n(1) Tổng sản phẩm theo giá hiện hành đến năm\n"
            "2030 đạt 361,6 nghìn tỷ đồng.\n(2) Tốc độ tăng trưởng bình quân từ\n"
            "10,5%/năm trở lên.\n")
    got = spans(text, lang="vi", wrapped=True)
    assert got[1] == ("item", "(1) Tổng sản phẩm theo giá hiện hành đến năm\n2030 đạt 361,6 nghìn tỷ đồng.")
    assert got[2] == ("item", "(2) Tốc độ tăng trưởng bình quân từ\n10,5%/năm trở lên.")


def test_unwrapped_text_keeps_lines_apart():
    text = "First line without stop\nSecond line"
    assert [t for _, t in spans(text, lang="en")] == ["First line without stop", "Second line"]


def test_headings_and_year_lines():
    text = "III. MỤC TIÊU VÀ CÁC CHỈ TIÊU\nso với năm\n2025. Đạt trên 8 triệu đồng/tháng."
    got = spans(text, lang="vi", wrapped=True)
    assert got[0] == ("heading", "III. MỤC TIÊU VÀ CÁC CHỈ TIÊU")
    # "2025." is a wrapped year, not a list marker: the line joins the one before it.
    assert got[1][1].startswith("so với năm\n2025.")


def test_bullets_are_not_part_of_the_sentence():
    text = "- Xây dựng kế hoạch.\n+ =HYPERLINK(\"x\") item"
    got = spans(text, lang="vi")
    assert [t for _, t in got] == ["Xây dựng kế hoạch.", "=HYPERLINK(\"x\") item"]


def test_table_rows_stay_whole():
    text = "Intro.\nA | Ban Tuyên giáo. Tỉnh ủy | Tháng 9/2025\nOutro."
    row = (7, 7 + len("A | Ban Tuyên giáo. Tỉnh ủy | Tháng 9/2025"))
    got = spans(text, lang="vi", table_rows=[row])
    assert ("row", "A | Ban Tuyên giáo. Tỉnh ủy | Tháng 9/2025") in got


def test_offsets_always_index_the_text():
    text = "  Alpha beta. Gamma delta!\n\n(1) Item one;\n- Item two.  \n"
    for s in segment(text, lang="en", wrapped=True):
        assert text[s.start:s.end] == text[s.start:s.end].strip()
        assert s.end > s.start


# --- bounds: no sentence or block grows without limit -------------------------------

def _check_pieces(text, segs):
    for s in segs:
        piece = text[s.start:s.end]
        assert piece == piece.strip() and piece
        assert s.end - s.start <= MAX_SENTENCE_CHARS


@pytest.mark.parametrize("unit,cut_after", [
    ("industry 27,8%; services 11,3%; ", ";"),  # an enumeration: cut after a semicolon
    ("the ward, the commune, the district ", ","),
    ("growth of 11-12% by 2030 and ", None),  # no clause marks: cut between words
])
def test_overlong_sentence_is_cut_at_a_break(unit, cut_after):
    text = unit * (3 * MAX_SENTENCE_CHARS // len(unit))
    segs = segment(text, "en")
    _check_pieces(text, segs)
    assert len(segs) >= 3
    assert segs[0].start == 0 and segs[-1].end == len(text.rstrip())
    for a, b in zip(segs, segs[1:]):
        assert text[a.end:b.start].isspace()  # only the space at the cut is left out
        if cut_after:
            assert text[a.end - 1] == cut_after


def test_spaced_thousands_are_not_cut_inside_a_number_when_words_allow():
    unit = "budget of 1 000 000 VND "
    text = unit * (2 * MAX_SENTENCE_CHARS // len(unit))
    for s in segment(text, "en")[:-1]:
        assert text[s.end - 3:s.end] == "VND"


def test_a_run_without_spaces_is_cut_at_the_limit():
    text = "(" * (2 * MAX_SENTENCE_CHARS + 5)
    segs = segment(text, "en")
    _check_pieces(text, segs)
    assert [s.end - s.start for s in segs] == [MAX_SENTENCE_CHARS, MAX_SENTENCE_CHARS, 5]


def test_overlong_block_continues_as_new_blocks():
    para = "Growth of 5% in 2025. " * (3 * MAX_BLOCK_CHARS // 22)
    text = para + "\n\nNext paragraph with 3%."
    segs = segment(text, "en")
    blocks = {}
    for s in segs:
        lo, hi = blocks.get(s.block, (s.start, s.end))
        blocks[s.block] = (min(lo, s.start), max(hi, s.end))
    assert len(blocks) >= 4
    assert all(hi - lo <= MAX_BLOCK_CHARS + MAX_SENTENCE_CHARS for lo, hi in blocks.values())
    assert [s.block for s in segs] == sorted(s.block for s in segs)
    assert segs[-1].block == max(blocks) and segs[-1].block != segs[-2].block


def test_many_wrapped_lines_in_one_block_are_joined():
    """A PDF block that grows line by line is judged by its end, not re-read whole."""
    text = "\n".join(["một dòng văn bản không có dấu chấm cuối"] * 20_000)
    segs = segment(text, "vi", wrapped=True)
    _check_pieces(text, segs)
    assert segs[0].start == 0 and segs[-1].end == len(text)
