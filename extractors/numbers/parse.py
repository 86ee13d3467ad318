"""A written numeral -> its value (``parse_number``), and the numeral reader behind it.

Digits with the language's separators, number words, scale words and letters, decimal
words and a restatement in brackets. The same reading serves ``find_quantities``:
``core_at`` turns a scanner match into a numeral core (digits, or a run of number words),
``numeral`` extends a core over its decimal tail, scales and lower-order parts
("2 tỷ 500 triệu").
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from .lexicon import BIDI, Rules, rules

_BIDI_TABLE = {ord(c): None for c in BIDI}
_BRACKETED = re.compile(r"[^\S\n]*\([^\S\n]*")  # "05 (năm)"
_CLOSE = re.compile(r"[^\S\n]*\)")
_SPACES = re.compile(r"[^\S\n]*")


# --- digits -----------------------------------------------------------------------------------

def _ascii_digits(s: str) -> str:
    """Arabic-Indic, Eastern Arabic-Indic (any Unicode decimal digit) -> 0-9."""
    if s.isascii():
        return s
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in s)


def _valid_groups(parts: list[str]) -> bool:
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


# More digits than any amount a document states (10^24 VND is far beyond any budget): a run
# of thousands of digits is an identifier or noise, and Python will not even turn more than
# 4,300 of them into an int.
MAX_DIGITS = 24
# One mark between a head of one to three digits and exactly three digits: "3،250".
_LONE_MARK = re.compile(r"(\d{1,3})(\D)(\d{3})")


def _digits_value(raw: str, r: Rules) -> float | None:
    """A digit numeral with its separators, read by the language's rules:
    '1.845,7' (vi) -> 1845.7, '2.639' (vi) -> 2639, '21.7' (ar) -> 21.7, '٢١٫٧' -> 21.7."""
    s = _ascii_digits(raw.translate(_BIDI_TABLE))
    if len(s) > MAX_DIGITS and sum(c.isdigit() for c in s) > MAX_DIGITS:
        return None
    marks = [c for c in s if not c.isdigit()]
    if not marks:
        return float(int(s))
    parts = re.split(r"\D", s)
    if len(set(marks)) > 1:
        # two kinds of mark: the last is the decimal one ("1.845,7", "1,234.5")
        dec = marks[-1]
        if marks.count(dec) > 1 or dec not in r.decimal and dec not in r.decimal_signs:
            return None
        return float("".join(parts[:-1]) + "." + parts[-1]) if _valid_groups(parts[:-1]) else None
    mark = marks[0]
    if len(marks) > 1:  # "3.000.000": only a grouping mark repeats
        return float("".join(parts)) if mark in r.group and _valid_groups(parts) else None
    head, tail = parts
    is_dec, is_group = mark in r.decimal, mark in r.group
    if is_dec and is_group:  # ambiguous: the language says what "x.ddd" is
        is_dec = not (len(tail) == 3 and head not in ("", "0") and len(head) <= 3
                      and r.three.get(mark, "decimal") == "group")
    if is_dec:
        return float((head or "0") + "." + tail)
    return float(head + tail) if is_group and _valid_groups(parts) else None

# --- number words -----------------------------------------------------------------------------

def _trailing_zeros(v: float) -> int:
    if v != int(v) or v <= 0:
        return 0
    n, k = int(v), 0
    while n % 10 == 0:
        n //= 10
        k += 1
    return k


@dataclass(slots=True)
class _WordNum:
    """Accumulates number words left to right: atoms add, multipliers multiply the last atom
    ("hai mươi" = 2x10), scales close a group ("hai trăm nghìn" = 200x1000) and multiply each
    other when consecutive ("nghìn tỷ" = 10^12). ``add`` refuses a word that cannot continue
    the numeral ("one two"), so the caller stops there."""

    units_before_tens: bool = False
    total: float = 0.0
    cur: float = 0.0
    last: float = 0.0
    open: bool = False  # an atom stands in the current group
    scale: float = math.inf
    atoms: int = 0
    mults: int = 0
    ordinal: bool = False

    def _follows(self, v: float) -> bool:
        if self.last == 0:
            return True
        tz = _trailing_zeros(self.last)
        if tz and v < 10 ** tz:
            return True
        # Arabic: units before tens ("خمسة وعشرون" = 5 + 20, "ستة عشر" = 16)
        return (self.units_before_tens and self.last < 10 and v == int(v) and 10 <= v <= 90
                and v % 10 == 0)

    def add(self, kind: str, v: float) -> bool:
        if kind in ("atom", "ordinal"):
            if self.open and not self._follows(v):
                return False
            self.cur += v
            self.last, self.open = v, True
            self.atoms += 1
            self.ordinal = self.ordinal or kind == "ordinal"
            return True
        if kind == "mult":
            if not self.open:
                self.cur, self.last, self.open = v, v, True
            elif self.last >= v:
                return False
            else:
                self.cur += self.last * (v - 1)
                self.last *= v
            self.mults += 1
            return True
        if self.open:  # scale closes the group
            if v >= self.scale:
                return False
            self.total += self.cur * v
        elif self.total == 0:
            self.total = v  # "thousand", "a million"
        elif v > self.scale:
            self.total *= v  # "nghìn tỷ", "thousand millions"
        else:
            return False
        self.scale, self.cur, self.last, self.open = v, 0.0, 0.0, False
        return True

    @property
    def value(self) -> float:
        return self.total + self.cur


def _word_info(raw: str, r: Rules) -> tuple[str, float, bool] | None:
    """(kind, value, definite) of one written number word, glued joiner/article removed."""
    f = r.norm(raw)
    if f in r.words:
        return (*r.words[f], False)
    for a in ("",) + r.attached:
        if not f.startswith(a):
            continue
        rest = f[len(a):]
        if a and rest in r.words:
            return (*r.words[rest], False)
        for d in r.definite:
            if rest.startswith(d) and rest[len(d):] in r.words:
                return (*r.words[rest[len(d):]], True)
    return None


@dataclass(slots=True)
class Core:
    """A numeral as written: digits, or a run of number words."""

    start: int
    end: int
    value: float
    digits: bool
    plain: bool = False  # digits only, no separator: may be a year or an identifier
    ordinal: bool = False
    definite: bool = False
    weak: bool = False
    vague: bool = False  # scale words only ("tysięcy", thousands): no value


def core_at(text: str, m: re.Match, r: Rules) -> Core | None:
    """The numeral core at scanner match ``m``; None when digits break the language's
    separator rules or the words are no number here."""
    if m.lastgroup == "num":
        raw = m.group("num")
        v = _digits_value(raw, r)
        if v is None:
            return None
        return Core(m.start(), m.end(), v, True, plain=raw.isdecimal())
    return _words_core(text, m.start("w"), m.end("w"), r)


def starts_sign(text: str, pos: int, r: Rules) -> bool:
    """A percent or currency phrase, or a phrase that is no number ("một số", some), starts
    here ("بالمئة" is not ب + ال + مئة)."""
    hit = r.after.after(text, pos, newlines=0)
    return bool(hit and hit.start == pos and hit.entry.keys() & {"percent", "currency", "block"})


def _words_core(text: str, start: int, end: int, r: Rules) -> Core | None:
    first = _word_info(text[start:end], r)
    if first is None or starts_sign(text, start, r):
        return None
    wn = _WordNum(r.units_before_tens)
    if first[0] in ("mult", "scale"):
        art = r.before.before(text, start, 0, newlines=0)
        if art and "article" in art.entry and text[art.end:start].isspace():
            wn.add("atom", 1.0)  # "a hundred", "a million"
            start = art.start
    if not wn.add(first[0], first[1]):
        return None
    n = 1
    while (m := r.next_word.match(text, end)) is not None:
        info = _word_info(m.group("w"), r)
        if info is None or starts_sign(text, m.start("w"), r) or not wn.add(info[0], info[1]):
            break
        end = m.end()
        n += 1
    word = r.norm(text[start:end])
    weak = n == 1 and word in r.weak
    # scale words alone are vague ("tysięcy", thousands of) unless they mean one ("مائة")
    vague = wn.atoms == 0 and not wn.mults and not (n == 1 and word in r.standalone)
    return Core(start, end, wn.value, False, ordinal=wn.ordinal, definite=first[2], weak=weak,
                 vague=vague)

# --- parse_number -----------------------------------------------------------------------------

def parse_number(s: str, lang: str) -> float | None:
    """One numeral as written -> its value; None when ``s`` is not exactly one numeral.

    Locale-aware digits ("21,7", "2.639", "2 639", "1.845,7", "٢١٫٧"), scale words and
    letters ("33 million", "5 tysięcy", "1,2M"), number words with inflected, ordinal and
    definite forms ("hai mươi lăm", "dziesięciu", "العشرة", "tenth"), decimal words
    ("two point five", "1 точка 1"), "and a half" forms and a restatement in brackets
    ("05 (năm)").
    """
    r = rules(lang)
    s = " ".join(unicodedata.normalize("NFC", s).split())
    if not s:
        return None
    norm = r.norm(s)
    for suffix, extra in r.half.items():  # "три с половиной"
        if norm.endswith(" " + suffix) or (norm.endswith(suffix) and suffix[0] in r.attached):
            base = parse_number(s[: len(s) - len(suffix)].strip(), lang)
            return None if base is None else base + extra
    first = s.split(" ", 1)[0]
    if "decimal_word" in r.after.table.get((r.norm(first),), {}):
        s = "0 " + s  # "point 77"
    elif s[0] in r.decimal and s[1:2].isdecimal():
        s = "0" + s  # ",77"
    m = r.scan.match(s)
    if m is None and r.norm(first) in r.articles and len(s) > len(first):
        m = r.scan.match(s, len(first) + 1)  # "a dozen": the core reads the article
    core = core_at(s, m, r) if m and m.lastgroup != "url" else None
    if core is None or core.start != 0:
        return None
    end, value, _ = numeral(s, core, r)
    return value if end == len(s) else None

def bracketed(text: str, start: int, end: int) -> bool:
    """Is the numeral written in brackets ("(30)", "(80) عاماً")?"""
    return text[start - 1:start] == "(" and text[end:end + 1] == ")"


def read_by_size(text: str, lang: str) -> bool:
    """Was this quantity's numeral read by plausibility ("3،250 مليون": a mark that is both
    group and decimal sign, before three digits and a scale word of a million or more, read
    as the decimal 3.25 million)? Its row says so in a lower confidence."""
    r = rules(lang)
    m = _LONE_MARK.search(text) if r.decimal_before_scale else None
    if m is None or m.group(2) not in r.decimal_before_scale:
        return False
    after = set(r.norm(text[m.end():]).split())
    return any(kind == "scale" and value >= 1e6 and word in after
               for word, (kind, value) in r.words.items())


# --- reading a numeral ------------------------------------------------------------------------

def numeral(text: str, c: Core, r: Rules) -> tuple[int, float, float]:
    """(end, value, scale factor) of the numeral that starts with core ``c``: decimal words
    ("hai phẩy 5"), scale letters and words ("1,2M", "361,6 nghìn tỷ"), a lower-order part
    after a scale ("2 tỷ 500 triệu", "3 hundred and 21") and a restatement in brackets
    ("05 (năm)", "forty-five (45)")."""
    end, value = _decimal_tail(text, c, r)
    end, value, factor, mult = _scale(text, end, value, c.digits, r)
    if factor == 1 and bracketed(text, c.start, end):
        # "(30) مليون معتمر": Arabic plans bracket the figure and write its scale after
        e2, v2, f2, m2 = _scale(text, end + 1, value, False, r)
        if f2 > 1:
            end, value, factor, mult = e2, v2, f2, m2
    if factor >= 1e6 and r.decimal_before_scale and _LONE_MARK.fullmatch(text[c.start:c.end]):
        head, mark, tail = _LONE_MARK.fullmatch(text[c.start:c.end]).groups()
        if mark in r.decimal_before_scale:
            # "3،250 مليون دونج/شخص/شهر": a thousand millions written with a group mark is
            # implausible where the decimal reading is a usual size (3.25 million)
            value = float(_ascii_digits(f"{head}.{tail}")) * factor
    total, last = value, factor
    while last > 1:  # "4 thousand 3 hundred and 21"
        m = r.joiner.match(text, end)
        joined = bool(m and m.group(1))
        if m is None or (joined and not mult):
            break  # "5 million and 3 projects": 'and' after a scale joins two quantities
        nxt = r.scan.match(text, m.end())
        c2 = core_at(text, nxt, r) if nxt and nxt.lastgroup != "url" else None
        if c2 is None or c2.ordinal or c2.vague or (c2.weak and not joined):
            break
        e2, v2, f2, mult = _scale(text, c2.end, c2.value, c2.digits, r)
        if v2 >= last or not (f2 > 1 or joined):
            break
        total, end, last = total + v2, e2, f2
    m = _BRACKETED.match(text, end)
    if m:
        inner = r.scan.match(text, m.end())
        c3 = core_at(text, inner, r) if inner and inner.lastgroup != "url" else None
        if c3 is not None:
            e3, v3, _, _ = _scale(text, c3.end, c3.value, c3.digits, r)
            close = _CLOSE.match(text, e3)
            if close and _same(v3, total):
                end = close.end()
    return end, total, factor


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def _decimal_tail(text: str, c: Core, r: Rules) -> tuple[int, float]:
    """'2 chấm 23', 'two point zero three', '1 точка 1': digits or digit words after a
    decimal word."""
    if c.value != int(c.value):
        return c.end, c.value
    hit = r.after.after(text, c.end, newlines=0)
    if hit is None or "decimal_word" not in hit.entry:
        return c.end, c.value
    m = r.scan.match(text, _SPACES.match(text, hit.end).end())
    if m is None or m.lastgroup == "url":
        return c.end, c.value
    if m.lastgroup == "num" and m.group().isdecimal():
        return m.end(), float(f"{int(c.value)}.{_ascii_digits(m.group())}")
    digits, pos = "", hit.end
    while (w := r.next_word.match(text, pos)) is not None:  # "nought four" -> "04"
        info = _word_info(w.group("w"), r)
        if info is None or info[0] != "atom" or not 0 <= info[1] <= 9 or info[1] != int(info[1]):
            break
        digits, pos = digits + str(int(info[1])), w.end()
    if not digits:  # one number word: "point seventy-one"
        c2 = core_at(text, m, r)
        if c2 is None or c2.value != int(c2.value) or c2.ordinal or c2.value >= 1000:
            return c.end, c.value
        digits, pos = str(int(c2.value)), c2.end
    return pos, float(f"{int(c.value)}.{digits}")


def _scale(text: str, end: int, value: float, digits: bool,
           r: Rules) -> tuple[int, float, float, bool]:
    """Scale letters glued to digits ("100K") and scale words after ("361,6 nghìn tỷ"):
    (end, value, factor applied, whether the last word was a multiplier such as 'hundred')."""
    factor, mult = 1.0, False
    if digits and end < len(text) and text[end].isalpha():
        k = end
        while k < len(text) and text[k].isalpha():
            k += 1
        if text[end:k] in r.suffixes:
            factor *= r.suffixes[text[end:k]]
            end = k
    for _ in range(3):
        hit = r.after.after(text, end)
        if hit is None or "scale" not in hit.entry:
            break
        factor *= hit.entry["scale"]
        end, mult = hit.end, "mult" in hit.entry
    return end, value * factor, factor, mult
