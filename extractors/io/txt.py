"""Plain-text reader: encoding detection for the corpus' languages, then normalisation."""
from __future__ import annotations

import codecs
import unicodedata
from collections import Counter
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


_WORD_PUNCTUATION = ".,;:!?()[]{}\"'«»„“”‘’-–—…/*%،؛؟"


def _word_looks_right(word: str, expected: Callable[[str], bool], mixes_ascii: bool) -> bool:
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
    return ok and not (has_ascii_letter and not mixes_ascii)


def codepage_score(text: str, expected: Callable[[str], bool], mixes_ascii: bool) -> int:
    """Words that look right minus words that look wrong, for one decoding of the bytes.

    Only words with non-ASCII characters count. A word looks right when it is made of
    letters (and combining marks), its non-ASCII letters are ones the language uses, its
    case is lower, UPPER or Title, and (for non-Latin scripts) it has no ASCII letters.
    A wrong code page turns letters into symbols ("Zwi¹zek"), letters of other
    languages ("Ïîëüñêà"), mixed scripts or random case. Each distinct word is judged once
    and counted as often as it occurs (judging each occurrence letter by letter cost 50 ms
    a file).
    """
    words = Counter(token.strip(_WORD_PUNCTUATION) for token in unicodedata.normalize("NFC", text).split())
    return sum(n if _word_looks_right(word, expected, mixes_ascii) else -n
               for word, n in words.items() if not word.isascii())


# Code pages are scored on the start of the file: enough words to decide, and a 200 MB
# file is not decoded four times.
SCORE_SAMPLE_BYTES = 256 * 1024


def _best_codepage(sample: bytes) -> str | None:
    """The legacy code page whose decoding of ``sample`` scores best, or None when every
    one of them leaves a byte undefined."""
    best: tuple[int, str] | None = None
    for codec, expected, mixes_ascii in CODEPAGES:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue  # a byte the code page does not define: not this one
        score = codepage_score(text, expected, mixes_ascii)
        if best is None or score > best[0]:
            best = (score, codec)
    return best[1] if best else None


# A line with this many well-formed multi-byte UTF-8 characters is UTF-8, however many
# damaged bytes it also holds: text in a legacy code page almost never forms one (its letters
# are all lead bytes, or all continuation bytes), random bytes form one in about 30 bytes.
UTF8_EVIDENCE = 3


def _utf8_line(line: bytes) -> str | None:
    """``line`` as UTF-8 when it is UTF-8, possibly damaged, else None: a bit flipped in a
    UTF-8 file, or junk inserted into it, costs the damaged bytes, not the file's decoding."""
    text = line.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if ord(c) > 0x7F) - bad
    return text if good >= UTF8_EVIDENCE or (good and good >= bad) else None


def _reads_as(line: bytes, codec: str) -> bool:
    """Whether ``line`` decodes in the legacy page ``codec`` to words that look right."""
    expected, mixes_ascii = next((e, m) for c, e, m in CODEPAGES if c == codec)
    try:
        text = line.decode(codec)
    except UnicodeDecodeError:
        return False
    return codepage_score(text, expected, mixes_ascii) > 0


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes in one of the corpus' encodings; return (text, encoding name).

    BOMs first (UTF-8, UTF-16, UTF-32), then BOM-less UTF-16, then strict UTF-8. Otherwise
    line by line: lines that are UTF-8 (even with a damaged byte) stay UTF-8, the others are
    decoded with the legacy code page that scores best on them (:func:`codepage_score`).
    A file in one code page throughout is decoded as before, in one piece ("cp1251"); a
    file that mixes gets "utf-8+cp1251"; damaged UTF-8 alone gets "utf-8-replace", and so
    does the last resort, UTF-8 with replacement characters.
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
    lines = data.split(b"\n")
    utf8 = {i: text for i, line in enumerate(lines)
            if not line.isascii() and (text := _utf8_line(line)) is not None}
    legacy = [line for i, line in enumerate(lines) if i not in utf8 and not line.isascii()]
    codec = _best_codepage(b"\n".join(legacy)[:SCORE_SAMPLE_BYTES]) if legacy else None
    if codec is not None:
        # A legacy page's letters can pair into UTF-8 by chance: in cp1256 a letter before
        # the Arabic comma (0xA1) or before پ چ ژ گ (0x81-0x90) is a well-formed two-byte
        # sequence, so a line of Arabic can hold three. A damaged line (some bytes not
        # UTF-8) that reads as words in the file's page is in that page.
        utf8 = {i: text for i, text in utf8.items()
                if not ("\ufffd" in text and _reads_as(lines[i], codec))}
    if not utf8 and codec:
        return data.decode(codec, errors="replace"), codec
    if codec is None and legacy:
        return data.decode("utf-8", errors="replace"), "utf-8-replace"
    out = [utf8[i] if i in utf8 else line.decode(codec or "ascii", errors="replace")
           for i, line in enumerate(lines)]
    return "\n".join(out), f"utf-8+{codec}" if codec else "utf-8-replace"


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
