"""Plain-text reader: encodings of the corpus' languages."""
from __future__ import annotations

import pytest

from extractors.io.auto import read
from extractors.io.txt import codepage_score, decode_text, read_txt


def test_encoding_detected_and_text_normalised(txt_file) -> None:
    doc_id, raw = read(txt_file.path)
    assert raw.status == "ok", raw.error
    assert raw.format == "txt"
    assert raw.encoding == txt_file.meta["encoding"]
    assert raw.text == "\n".join(txt_file.lines)  # CRLF -> LF, BOM gone, NFC
    assert raw.title == txt_file.lines[0]


@pytest.mark.parametrize(("codec", "text"), [
    ("cp1250", "Źródło: żółć"),
    ("cp1251", "Рост ВВП"),
    ("cp1256", "النمو الاقتصادي"),
])
def test_short_legacy_texts(codec: str, text: str) -> None:
    decoded, encoding = decode_text(text.encode(codec))
    assert (decoded, encoding) == (text, codec)


def test_wrong_code_page_scores_lower() -> None:
    from extractors.io.txt import CODEPAGES

    data = "Uchwała określiła zwiększenie dochodów".encode("cp1250")
    scores = {cp: codepage_score(data.decode(cp, errors="replace"), expected, mixes)
              for cp, expected, mixes in CODEPAGES}
    assert max(scores, key=scores.get) == "cp1250"
    assert scores["cp1251"] < 0


def test_title_is_cut_to_200_chars() -> None:
    raw = read_txt(("\n\n" + "Nghị quyết " * 40 + "\nthân bài").encode())
    assert len(raw.title) <= 200
    assert raw.title.startswith("Nghị quyết Nghị quyết")


def test_whitespace_only_is_empty() -> None:
    raw = read_txt(b" \r\n\t\n  ")
    assert raw.status == "empty"
    assert raw.text == ""


def test_control_characters_removed() -> None:
    raw = read_txt(b"Trang 1\x0cTrang 2\x00\x07 ok   \r\n")
    assert raw.text == "Trang 1\nTrang 2 ok"


def test_invalid_utf8_with_bom_is_replaced_not_fatal() -> None:
    raw = read_txt(b"\xef\xbb\xbfabc \xff def")
    assert raw.status == "ok"
    assert raw.encoding == "utf-8-sig"
    assert raw.text == "abc \ufffd def"


VI = "Đảng bộ phường xác định 16 chỉ tiêu chủ yếu nhiệm kỳ 2025–2030."
RU = "Горком партии утвердил программу действий на 2025–2030 годы."
PL = "Uchwała określiła zwiększenie dochodów o 21,7% do 2030 roku."


def test_mixed_encodings_are_decoded_line_by_line() -> None:
    """A file pasted together from a UTF-8 and a cp1251 source keeps both readable."""
    data = b"\n".join([VI.encode(), RU.encode("cp1251"), "Zwykły tekst".encode(), VI.encode(),
                       RU.encode("cp1251")])
    text, encoding = decode_text(data)
    assert text.split("\n") == [VI, RU, "Zwykły tekst", VI, RU]
    assert encoding == "utf-8+cp1251"


def test_one_code_page_throughout_is_decoded_whole() -> None:
    data = "\n".join([PL, "ASCII only line", PL]).encode("cp1250")
    assert decode_text(data) == ("\n".join([PL, "ASCII only line", PL]), "cp1250")


@pytest.mark.parametrize("damage", [
    lambda b: b[:1] + bytes([b[1] ^ 0x40]) + b[2:],  # one flipped bit
    lambda b: b[:20] + b"\xff\xfe\x80" + b[20:],  # junk bytes inserted
])
def test_damaged_utf8_costs_the_damaged_bytes_only(damage) -> None:
    lines = [VI, VI.upper(), VI]
    data = bytearray("\n".join(lines).encode())
    text, encoding = decode_text(damage(bytes(data)))
    assert encoding == "utf-8-replace"
    got = text.split("\n")
    assert got[1:] == lines[1:]  # the undamaged lines are untouched
    assert "\ufffd" in got[0] and got[0].endswith(VI[-30:])



_LEGACY = {"pl": "cp1250", "ru": "cp1251", "ar": "cp1256"}


@pytest.mark.parametrize("lang", sorted(_LEGACY))
def test_real_texts_in_their_legacy_code_page_are_decoded_as_written(lang: str) -> None:
    """dev2's documents of the language, saved in its legacy code page, are read in that
    page; every occurrence of a word counts toward a page's score (a text said three times
    scores three times as much, under every page)."""
    from extractors.io.txt import CODEPAGES

    from ..conftest import shared_path

    folder = shared_path("dev2", "corpus")
    # a character the page lacks is saved as "?", as a legacy editor saves it
    saved = [p.read_text(encoding="utf-8").encode(_LEGACY[lang], errors="replace")
             for p in sorted(folder.glob(f"{lang}_*")) if p.suffix in (".txt", ".md")]
    if not saved:
        pytest.skip(f"no {lang} text document in dev2")
    for data in saved:
        assert decode_text(data)[1] == _LEGACY[lang]
        for cp, expected, mixes in CODEPAGES:
            sample = data[:4000].decode(cp, errors="replace")
            once = codepage_score(sample, expected, mixes)
            assert codepage_score(" ".join([sample] * 3), expected, mixes) == 3 * once


def test_arabic_letters_before_commas_in_cp1256_are_no_utf8() -> None:
    """In cp1256 "ة،" is the bytes C9 A1, a well-formed UTF-8 character: a line with three
    of them is still Arabic in cp1256, not damaged UTF-8."""
    line = "الأهداف: التنمية المستدامة، الطاقة النظيفة، المياه الجوفية، والزراعة الذكية، وغيرها."
    text = "\n".join([line, "رؤية 2030", line])
    assert decode_text(text.encode("cp1256")) == (text, "cp1256")
