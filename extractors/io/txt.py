"""Plain-text reader: encoding detection for the corpus' languages, then normalisation."""
from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable

from extractors.io.filetype import guess_utf16
from extractors.records import RawDocument
from extractors.text import TextBuilder, first_line, is_rtl_char

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # (BOM, codec that decodes the bytes after it, name recorded in RawDocument.encoding)
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)


def _vietnamese_letters() -> frozenset[str]:
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    vowels = "aăâeêioôơuưy"
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones} | {"đ"}
    return frozenset(letters | {c.upper() for c in letters})


_POLISH = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
_RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
_VIETNAMESE = _vietnamese_letters()


def _is_polish(c: str) -> bool:
    return c in _POLISH


def _is_russian(c: str) -> bool:
    return c in _RUSSIAN


def _is_arabic(c: str) -> bool:
    return is_rtl_char(c)


def _is_vietnamese(c: str) -> bool:
    return c in _VIETNAMESE


# Legacy single-byte code pages in the order of preference for ties, each with the
# letters its language uses beyond ASCII and whether ASCII letters may share a word
# with them (Latin scripts: yes; Cyrillic and Arabic: a mixed word is a wrong guess).
CODEPAGES: tuple[tuple[str, Callable[[str], bool], bool], ...] = (
    ("cp1250", _is_polish, True),  # Polish
    ("cp1251", _is_russian, False),  # Russian
    ("cp1256", _is_arabic, False),  # Arabic
    ("cp1258", _is_vietnamese, True),  # Vietnamese
)


def _case_ok(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return (all(not c.isupper() for c in letters[1:])
            or all(not c.islower() for c in letters))


def codepage_score(text: str, expected: Callable[[str], bool], mixes_ascii: bool) -> int:
    """Words that look right minus words that look wrong, for one decoding of the bytes.

    Only words with non-ASCII characters count. A word looks right when it is made of
    letters (and combining marks), its non-ASCII letters are ones the language uses, its
    case is lower, UPPER or Title, and (for non-Latin scripts) it has no ASCII letters.
    A wrong code page turns letters into symbols ("Zwi¹zek"), letters of other
    languages ("Ïîëüñêà"), mixed scripts or random case.
    """
    score = 0
    for token in unicodedata.normalize("NFC", text).split():
        word = token.strip(".,;:!?()[]{}\"'«»„“”‘’-–—…/*%،؛؟")
        if not word or all(ord(c) < 0x80 for c in word):
            continue
        ok = _case_ok(word)
        has_ascii_letter = False
        for c in word:
            if ord(c) < 0x80:
                if c.isalpha():
                    has_ascii_letter = True
                elif c not in "-'":
                    ok = False
            elif unicodedata.category(c)[0] == "M":
                continue
            elif not (c.isalpha() and expected(c)):
                ok = False
        if has_ascii_letter and not mixes_ascii:
            ok = False
        score += 1 if ok else -1
    return score


# Code pages are scored on the start of the file: enough words to decide, and a 200 MB
# file is not decoded four times.
SCORE_SAMPLE_BYTES = 256 * 1024


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes in one of the corpus' encodings; return (text, encoding name).

    BOMs first (UTF-8, UTF-16, UTF-32), then BOM-less UTF-16, then strict UTF-8, then
    the legacy code page whose decoding scores best (:func:`codepage_score`). The last
    resort is UTF-8 with replacement characters, recorded as "utf-8-replace".
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace"), name
    utf16 = guess_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = data[:SCORE_SAMPLE_BYTES]
    best: tuple[int, str] | None = None
    for codec, expected, mixes_ascii in CODEPAGES:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue  # a byte the code page does not define: not this one
        score = codepage_score(text, expected, mixes_ascii)
        if best is None or score > best[0]:
            best = (score, codec)
    if best is not None:
        try:
            return data.decode(best[1]), best[1]
        except UnicodeDecodeError:
            return data.decode(best[1], errors="replace"), best[1]
    return data.decode("utf-8", errors="replace"), "utf-8-replace"


def read_txt(data: bytes) -> RawDocument:
    """Read a plain-text file: decode, normalise, title = first non-empty line."""
    text, encoding = decode_text(data)
    builder = TextBuilder()
    builder.add_text(text)
    text, _ = builder.build()
    if not text.strip():
        return RawDocument(text="", format="txt", encoding=encoding, status="empty",
                           error="no text: the file holds only whitespace")
    return RawDocument(text=text, format="txt", encoding=encoding, title=first_line(text))
