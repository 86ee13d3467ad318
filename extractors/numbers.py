"""Numbers, percentages and amounts of money in text (SPEC §3 Normalisation).

Two pure functions:

- ``parse_number(s, lang)``: one numeral as written ("21,7", "2 639", "٢١٫٧", "hai mươi lăm",
  "33 million") -> its value.
- ``find_quantities(text, lang)``: every percentage, amount of money and count or measured
  quantity in a text -> ``Quantity`` records with exact offsets, sorted and non-overlapping.

Everything that differs per language is data in ``extractors/lang/<code>/``: ``numbers.json``
(separators, number words, scales, contexts that make a number a year, date part or
reference), ``currencies.json``, ``units.json`` and ``comparators.json``; signs every
language shares are in ``extractors/data/numbers.json``; month, day and year words are read
from the same folder's ``periods.json``. The code has no per-language branches: one rule set is
compiled per language and cached.

How a quantity is read: a scanner finds numeral cores (digits with separators, or a run of
number words); from each core the reader looks right for scale words, a unit, currency or
percent sign, a range's second half, a per-year marker and an "or more" cue, and left for a
currency sign and a comparator cue. Contexts that make the number a year, a date part, a
reference, an ordinal or a list marker drop it.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from .lang import load, load_shared
from .records import Quantity

# Tokens for phrase look-ups: letter runs, digit runs, single signs. Data phrases are
# tokenised the same way, so "Gb/s", "điểm%" and "tys." match however they are spaced.
# Combining marks stay inside their word (Arabic tashkeel in "سنويًا", decomposed accents).
_MARKS = "\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_TOKEN = re.compile(rf"(?:[^\W\d_]|[{_MARKS}])+|\d+|[^\w\s]")
_URL = r"(?:https?://|www\.)\S+"
_CHAIN = re.compile(r"(?:[/:.\-]\w+)+")  # "/6/2025", ":30", "/QH15"
_IDENT = re.compile(r"[\w\-/.]*\w")  # "G", "th", "-QĐ/TW"
_SLASH_WORDS = re.compile(r"[^\S\n]*/[^\S\n]*([^\W\d_]+)(?:[^\S\n]+([^\W\d_]+))?")
# Bidi controls that Arabic text puts around separators ("25799\u202a,\u202a52")
_BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_TABLE = {ord(c): None for c in _BIDI}
_BRACKETED = re.compile(r"[^\S\n]*\([^\S\n]*")  # "05 (năm)"
_CLOSE = re.compile(r"[^\S\n]*\)")
_SPACES = re.compile(r"[^\S\n]*")
# "ISO 9001", "TCVN 5": an upper-case code right before a bare integer
_ACRONYM = re.compile(r"(?<!\w)(?:[A-Z]{2,}|[A-Z][a-z]*[A-Z]\w*)[ \u00a0]$")
_CLAUSE_END = re.compile(r"[;.!?\n]")
_WORD_THEN_DIGIT = re.compile(r"([^\W\d_]+)\s+\d")
_WORD = re.compile(r"[^\W\d_]+")
_LINE_LOOKBACK = 40  # a list marker sits within this many characters of the line start
# At most one line break inside a phrase: PDF text wraps lines anywhere ("437\ntriệu").
_NEWLINES = 1
_CUE_WORDS = 4  # an "or more" cue may stand this many words after the unit or noun
_YEARS = (1900, 2100)  # a bare integer in this span is a year (SPEC: dates are no quantities)

MEASURES = ("percent", "currency", "unit")
LABELS = {"percent": "PERCENT", "currency": "MONEY"}


# --- phrase lexicons ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    entry: dict  # category -> value


class _Lexicon:
    """Phrases -> {category: value}. The longest phrase at a position wins, so a longer
    phrase of another category ("tỷ lệ", rate) hides a shorter one ("tỷ", billion)."""

    def __init__(self, norm: Callable[[str], str]) -> None:
        self.table: dict[tuple[str, ...], dict] = {}
        self.prefixes: set[tuple[str, ...]] = set()  # read on while a phrase may still match
        self.suffixes: set[tuple[str, ...]] = set()
        self.firsts: dict[str, set[str]] = {}  # category -> first tokens of its phrases
        self._norm = norm

    def key(self, phrase: str) -> tuple[str, ...]:
        return tuple(self._norm(t) for t in _TOKEN.findall(unicodedata.normalize("NFC", phrase)))

    def add(self, phrase: str, category: str, value: object = True) -> None:
        key = self.key(phrase)
        if not key:
            return
        self.table.setdefault(key, {}).setdefault(category, value)
        self.prefixes.update(key[:i] for i in range(1, len(key) + 1))
        self.suffixes.update(key[i:] for i in range(len(key)))
        self.firsts.setdefault(category, set()).add(key[0])

    def after(self, text: str, pos: int, newlines: int = _NEWLINES) -> _Hit | None:
        """The longest phrase starting at the first token at or after ``pos``."""
        key: tuple[str, ...] = ()
        first, best, prev = None, None, pos
        for m in _TOKEN.finditer(text, pos):
            if text.count("\n", prev, m.start()) > newlines:
                break
            key += (self._norm(m.group()),)
            if key not in self.prefixes:
                break
            first = m.start() if first is None else first
            if key in self.table:
                best = _Hit(first, m.end(), self.table[key])
            prev = m.end()
        return best

    def before(self, text: str, pos: int, floor: int, newlines: int = _NEWLINES) -> _Hit | None:
        """The longest phrase ending with the last token before ``pos`` (not before ``floor``)."""
        lo = max(floor, pos - 60)
        toks = list(_TOKEN.finditer(text, lo, pos))
        if toks and lo > floor and toks[0].start() == lo and text[lo - 1].isalnum():
            toks = toks[1:]  # cut in the middle of a word
        key: tuple[str, ...] = ()
        best, prev = None, pos
        for m in reversed(toks):
            if text.count("\n", m.end(), prev) > newlines:
                break
            key = (self._norm(m.group()),) + key
            if key not in self.suffixes:
                break
            if key in self.table:
                best = _Hit(m.start(), toks[-1].end(), self.table[key])
            prev = m.start()
        return best


# --- the compiled rules of one language -------------------------------------------------------

@dataclass(frozen=True)
class _Rules:
    norm: Callable[[str], str]  # lower case and fold (diacritics, letter variants)
    decimal: frozenset[str]
    group: frozenset[str]
    three: dict[str, str]  # lone mark before exactly three digits -> "group" | "decimal"
    words: dict[str, tuple[str, float]]  # folded word -> (kind, value); kind atom/ordinal/mult/scale
    weak: frozenset[str]
    standalone: frozenset[str]  # multipliers/scales that mean one of them alone ("مائة")
    articles: frozenset[str]
    attached: tuple[str, ...]  # joiners glued to the next word ("و")
    definite: tuple[str, ...]  # articles glued to a word ("ال")
    digit_prefixes: frozenset[str]  # letters that may be glued before digits ("و12%")
    units_before_tens: bool
    suffixes: dict[str, float]  # scale letters glued to digits (100K), case-sensitive
    half: dict[str, float]
    noun_before: tuple[int, tuple[str, ...]]  # definite number: (words, article prefixes)
    noun_words: int
    not_nouns: frozenset[str]
    pairs: dict[tuple[str, ...], frozenset[tuple[str, ...]]]  # range opener -> closers
    change_words: frozenset[str]
    dashes: frozenset[str]
    before: _Lexicon
    after: _Lexicon
    scan: re.Pattern
    next_word: re.Pattern
    joiner: re.Pattern


def _fold_table(fold: dict[str, str]) -> dict[int, str | None]:
    return {ord(k): (v or None) for k, v in fold.items()}


def _trie_regex(words: list[str], fold: dict[str, str]) -> str:
    """One regex alternation for many words, as a trie (fast: no backtracking over the
    whole list); a character also accepts the letters that fold to it, and ignorable marks
    (Arabic diacritics) may follow any character."""
    variants: dict[str, set[str]] = {}
    for src, dst in fold.items():
        if dst:
            variants.setdefault(dst, set()).add(src)
    ignorable = "".join(re.escape(k) for k, v in fold.items() if not v)
    tail = f"[{ignorable}]*" if ignorable else ""

    def char(c: str) -> str:
        if c.isspace():
            return r"\s+"
        alts = sorted({c} | variants.get(c, set()))
        body = re.escape(c) if len(alts) == 1 else "[" + "".join(re.escape(a) for a in alts) + "]"
        return body + tail

    trie: dict = {}
    for w in words:
        node = trie
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [char(c) + emit(sub) for c, sub in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def _expand_ordinals(data: dict) -> dict[str, float]:
    """Ordinal forms from stems x endings (pl/ru inflect every ordinal the same way)."""
    out = dict(data.get("ordinals", {}))
    for paradigm, stems in data.get("ordinal_stems", {}).items():
        for stem, value in stems.items():
            for ending in data.get("paradigms", {}).get(paradigm, []):
                out.setdefault(stem + ending, value)
    return out


def _phrases(values) -> list[str]:
    """A data list without its comment strings."""
    return [v for v in values if isinstance(v, str) and not v.startswith("_")]


def _items(mapping: dict) -> list[tuple[str, object]]:
    """A data mapping without its "_doc" keys."""
    return [(k, v) for k, v in mapping.items() if not k.startswith("_")]


@dataclass(frozen=True)
class _Data:
    """The data files of one language, loaded once."""

    nums: dict
    units: dict
    money: dict
    cmp: dict
    periods: dict
    shared: dict

    @property
    def currency_forms(self) -> dict[str, str]:
        forms = dict(_items(self.money.get("names", {})))
        forms.update(self.shared.get("currency_symbols", {}))
        forms.update({c: c for c in self.shared.get("currency_codes", [])})
        return forms

    @property
    def months(self) -> list[str]:
        """Month names a day number may stand next to; none where months are numbers
        ('tháng 9')."""
        if self.periods.get("month_prefix_required"):
            return []
        ambiguous = {m.lower() for m in self.periods.get("ambiguous_months") or []}
        return [m for forms in self.periods.get("months", {}).values() for m in forms
                if m.lower() not in ambiguous]


def _after_lexicon(d: _Data, norm: Callable[[str], str]) -> _Lexicon:
    """What may follow a number."""
    lex = _Lexicon(norm)
    for form, value in _items(d.nums.get("scales", {})):
        lex.add(form, "scale", float(value))
    for form, value in _items(d.nums.get("multipliers", {})):
        lex.add(form, "scale", float(value))
        lex.add(form, "mult")
    for form in _phrases(d.nums.get("decimal_words", [])):
        lex.add(form, "decimal_word")
    for form in d.shared.get("percent_signs", []) + _phrases(d.units.get("percent", [])):
        lex.add(form, "percent", "percent")
    for form, code in d.currency_forms.items():
        lex.add(form, "currency", code)
    for form, unit in _items(d.units.get("units", {})):
        lex.add(form, "unit", unit)
    for key, category in (("nouns", "noun"), ("block", "block"), ("per_year", "per_year"),
                          ("per_other", "per_other")):
        for form in _phrases(d.units.get(key, [])):
            lex.add(form, category)
    for form, c in _items(d.cmp.get("after", {})):
        lex.add(form, "cmp", c)
    for form in d.shared.get("dashes", []) + _phrases(d.cmp.get("range", {}).get("connectors", [])):
        lex.add(form, "range_conn")
    for _, closer in d.cmp.get("range", {}).get("pairs", []):
        lex.add(closer, "range_close")
    nq = d.nums.get("not_quantity", {})
    for form in _phrases(nq.get("year_after", [])) + _phrases(d.periods.get("year_suffix", [])):
        lex.add(form, "year_after")
    for form in d.months:
        lex.add(form, "date_after")
    return lex


def _before_lexicon(d: _Data, norm: Callable[[str], str]) -> _Lexicon:
    """What may precede a number."""
    lex = _Lexicon(norm)
    for form, code in d.shared.get("currency_symbols", {}).items():
        lex.add(form, "currency", code)
    for code in d.shared.get("currency_codes", []):
        lex.add(code, "currency", code)
    by_key = {lex.key(form): code for form, code in d.currency_forms.items()}
    for form in _phrases(d.money.get("before", [])):  # names written before the number
        lex.add(form, "currency", by_key[lex.key(form)])
    for form, c in _items(d.cmp.get("before", {})):
        lex.add(form, "cmp", c)
    for form in _phrases(d.cmp.get("fillers", [])):
        lex.add(form, "filler")
    for opener, _ in d.cmp.get("range", {}).get("pairs", []):
        lex.add(opener, "range_open")
    for form, unit in _items(d.units.get("units_before", {})):
        lex.add(form, "unit", unit)
    for form in _phrases(d.units.get("percent_before", [])):
        lex.add(form, "percent", "percent")
    nq = d.nums.get("not_quantity", {})
    for form in _phrases(nq.get("reference_before", [])):
        lex.add(form, "ref")
    for form in _phrases(nq.get("ordinal_before", [])):
        lex.add(form, "ordinal")
    for form in _phrases(nq.get("year_before", [])) + _phrases(d.periods.get("year_prefix", [])):
        lex.add(form, "year")
    dates = nq.get("date_before", []) + d.months + [
        f for key in ("day_prefix", "month_prefix", "quarter_words") for f in d.periods.get(key, [])]
    for form in _phrases(dates):
        lex.add(form, "date")
    for form in _phrases(d.nums.get("article_one", [])):
        lex.add(form, "article")
    return lex


def _number_pattern(seps: dict) -> str:
    """Digits with the language's separators: '1.845,7', '2 639' (only where spaces group,
    so table columns stay apart), '.77'; bidi controls may sit around a separator."""
    group, decimal = set(seps.get("group", [])), set(seps.get("decimal", []))
    spaces = "".join(re.escape(c) for c in sorted(c for c in group if c.isspace()))
    marks = "".join(re.escape(c) for c in sorted((group | decimal) - set(spaces)))
    bidi = f"[{_BIDI}]*"
    num = rf"\d+(?:{bidi}[{marks}]{bidi}\d+)*" if marks else r"\d+"
    if spaces:
        decimals = "".join(re.escape(c) for c in sorted(decimal))
        num = rf"\d{{1,3}}(?:[{spaces}]\d{{3}}(?!\d))+(?:[{decimals}]\d+)?|" + num
    points = "".join(re.escape(c) for c in sorted(decimal & {".", "٫"}))
    if points:
        num += rf"|(?<![\w.,٫])[{points}]\d+"
    return num


def _word_patterns(d: _Data, words: list[str], fold: dict[str, str],
                   norm: Callable[[str], str]) -> tuple[str, re.Pattern, re.Pattern]:
    """(one number word, the next word of a numeral, the gap between the parts of a mixed
    numeral '4 thousand 3 hundred and 21' whose group 1 is the joiner word)."""
    attached = [norm(a) for a in d.nums.get("attached_joiners", [])]
    definite = [norm(a) for a in d.nums.get("definite_prefixes", [])]
    prefix = "".join(f"(?:{_trie_regex(g, fold)})?" for g in (attached, definite) if g)
    word = rf"(?<!\w)(?P<w>{prefix}(?:{_trie_regex(words, fold)}))(?!\w)"
    joiners = [norm(j) for j in d.nums.get("joiners", []) if j != "-"]
    join = f"(?:{_trie_regex(joiners, fold)})(?!\\w)" if joiners else "(?!)"
    ws = r"[^\S\n]*(?:\n[^\S\n]*)?"
    hyphen = r"|[^\S\n]*-[^\S\n]*" if "-" in d.nums.get("joiners", []) else ""
    next_word = re.compile(rf"(?:{ws}(?:{join}{ws})?{hyphen}){word}", re.IGNORECASE)
    gap = re.compile(rf"[^\S\n]+(?:({join})[^\S\n]*)?", re.IGNORECASE)
    return word, next_word, gap


@cache
def _rules(lang: str) -> _Rules:
    d = _Data(load(lang, "numbers"), load(lang, "units"), load(lang, "currencies"),
              load(lang, "comparators"), load(lang, "periods"), load_shared("numbers"))
    nums = d.nums
    fold = {unicodedata.normalize("NFC", k): v for k, v in nums.get("fold", {}).items()}
    table = _fold_table(fold)

    def norm(s: str) -> str:
        return unicodedata.normalize("NFC", s).lower().translate(table)

    words: dict[str, tuple[str, float]] = {}
    for kind, forms in (("scale", nums.get("scales", {})), ("mult", nums.get("multipliers", {})),
                        ("atom", nums.get("cardinals", {})), ("ordinal", _expand_ordinals(nums))):
        for form, value in _items(forms):
            words.setdefault(norm(form), (kind, float(value)))
    word, next_word, gap = _word_patterns(d, sorted(words, key=len, reverse=True), fold, norm)
    seps = nums.get("separators", {})
    after = _after_lexicon(d, norm)
    pairs: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for opener, closer in d.cmp.get("range", {}).get("pairs", []):
        pairs.setdefault(after.key(opener), set()).add(after.key(closer))
    noun_before = nums.get("noun_before_definite", {})

    def norms(key: str, data: dict = nums) -> frozenset[str]:
        return frozenset(norm(w) for w in _phrases(data.get(key, [])))

    return _Rules(
        norm=norm,
        decimal=frozenset(seps.get("decimal", [])),
        group=frozenset(seps.get("group", [])),
        three=dict(seps.get("lone_before_three_digits", {})),
        words=words,
        weak=norms("weak"),
        standalone=norms("standalone"),
        articles=norms("article_one"),
        attached=tuple(norm(a) for a in nums.get("attached_joiners", [])),
        definite=tuple(norm(a) for a in nums.get("definite_prefixes", [])),
        digit_prefixes=norms("digit_prefixes"),
        units_before_tens=bool(nums.get("units_before_tens")),
        suffixes={k: float(v) for k, v in _items(nums.get("scale_suffixes", {}))},
        half={norm(k): float(v) for k, v in _items(nums.get("half_suffixes", {}))},
        noun_before=(int(noun_before.get("words", 0)),
                     tuple(norm(p) for p in noun_before.get("prefixes", []))),
        noun_words=int(d.units.get("noun_words", 2)),
        not_nouns=norms("not_nouns", d.units),
        pairs={k: frozenset(v) for k, v in pairs.items()},
        change_words=norms("change_words", d.cmp),
        dashes=frozenset(d.shared.get("dashes", [])),
        before=_before_lexicon(d, norm),
        after=after,
        scan=re.compile(rf"(?P<url>{_URL})|(?P<num>{_number_pattern(seps)})|(?P<word>{word})",
                        re.IGNORECASE),
        next_word=next_word,
        joiner=gap,
    )


# --- digits -----------------------------------------------------------------------------------

def _ascii_digits(s: str) -> str:
    """Arabic-Indic, Eastern Arabic-Indic (any Unicode decimal digit) -> 0-9."""
    if s.isascii():
        return s
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in s)


def _valid_groups(parts: list[str]) -> bool:
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def _digits_value(raw: str, r: _Rules) -> float | None:
    """A digit numeral with its separators, read by the language's rules:
    '1.845,7' (vi) -> 1845.7, '2.639' (vi) -> 2639, '21.7' (ar) -> 21.7, '٢١٫٧' -> 21.7."""
    s = _ascii_digits(raw.translate(_BIDI_TABLE))
    marks = [c for c in s if not c.isdigit()]
    if not marks:
        return float(int(s))
    parts = re.split(r"\D", s)
    if len(set(marks)) > 1:
        # two kinds of mark: the last is the decimal one ("1.845,7", "1,234.5")
        dec = marks[-1]
        if marks.count(dec) > 1 or dec not in r.decimal and dec not in "٫":
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


def _word_info(raw: str, r: _Rules) -> tuple[str, float, bool] | None:
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
class _Core:
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


def _core(text: str, m: re.Match, r: _Rules) -> _Core | None:
    if m.lastgroup == "num":
        raw = m.group("num")
        v = _digits_value(raw, r)
        if v is None:
            return None
        return _Core(m.start(), m.end(), v, True, plain=raw.isdecimal())
    return _words_core(text, m.start("w"), m.end("w"), r)


def _starts_sign(text: str, pos: int, r: _Rules) -> bool:
    """A percent or currency phrase, or a phrase that is no number ("một số", some), starts
    here ("بالمئة" is not ب + ال + مئة)."""
    hit = r.after.after(text, pos, newlines=0)
    return bool(hit and hit.start == pos and hit.entry.keys() & {"percent", "currency", "block"})


def _words_core(text: str, start: int, end: int, r: _Rules) -> _Core | None:
    first = _word_info(text[start:end], r)
    if first is None or _starts_sign(text, start, r):
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
        if info is None or _starts_sign(text, m.start("w"), r) or not wn.add(info[0], info[1]):
            break
        end = m.end()
        n += 1
    word = r.norm(text[start:end])
    weak = n == 1 and word in r.weak
    # scale words alone are vague ("tysięcy", thousands of) unless they mean one ("مائة")
    vague = wn.atoms == 0 and not wn.mults and not (n == 1 and word in r.standalone)
    return _Core(start, end, wn.value, False, ordinal=wn.ordinal, definite=first[2], weak=weak,
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
    r = _rules(lang)
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
    core = _core(s, m, r) if m and m.lastgroup != "url" else None
    if core is None or core.start != 0:
        return None
    end, value, _ = _numeral(s, core, r)
    return value if end == len(s) else None


# --- reading a numeral ------------------------------------------------------------------------

def _numeral(text: str, c: _Core, r: _Rules) -> tuple[int, float, float]:
    """(end, value, scale factor) of the numeral that starts with core ``c``: decimal words
    ("hai phẩy 5"), scale letters and words ("1,2M", "361,6 nghìn tỷ"), a lower-order part
    after a scale ("2 tỷ 500 triệu", "3 hundred and 21") and a restatement in brackets
    ("05 (năm)", "forty-five (45)")."""
    end, value = _decimal_tail(text, c, r)
    end, value, factor, mult = _scale(text, end, value, c.digits, r)
    total, last = value, factor
    while last > 1:  # "4 thousand 3 hundred and 21"
        m = r.joiner.match(text, end)
        joined = bool(m and m.group(1))
        if m is None or (joined and not mult):
            break  # "5 million and 3 projects": 'and' after a scale joins two quantities
        nxt = r.scan.match(text, m.end())
        c2 = _core(text, nxt, r) if nxt and nxt.lastgroup != "url" else None
        if c2 is None or c2.ordinal or c2.vague or (c2.weak and not joined):
            break
        e2, v2, f2, mult = _scale(text, c2.end, c2.value, c2.digits, r)
        if v2 >= last or not (f2 > 1 or joined):
            break
        total, end, last = total + v2, e2, f2
    m = _BRACKETED.match(text, end)
    if m:
        inner = r.scan.match(text, m.end())
        c3 = _core(text, inner, r) if inner and inner.lastgroup != "url" else None
        if c3 is not None:
            e3, v3, _, _ = _scale(text, c3.end, c3.value, c3.digits, r)
            close = _CLOSE.match(text, e3)
            if close and _same(v3, total):
                end = close.end()
    return end, total, factor


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def _decimal_tail(text: str, c: _Core, r: _Rules) -> tuple[int, float]:
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
        c2 = _core(text, m, r)
        if c2 is None or c2.value != int(c2.value) or c2.ordinal or c2.value >= 1000:
            return c.end, c.value
        digits, pos = str(int(c2.value)), c2.end
    return pos, float(f"{int(c.value)}.{digits}")


def _scale(text: str, end: int, value: float, digits: bool,
           r: _Rules) -> tuple[int, float, float, bool]:
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


# --- find_quantities --------------------------------------------------------------------------

def _letter_run_before(text: str, pos: int) -> str:
    k = pos
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    return text[k:pos]


def _glued_left(text: str, c: _Core, r: _Rules, floor: int) -> bool:
    """Digits glued to what precedes them make an identifier: 'QH15', 'Covid-19',
    '202/2025', footnote marks 'năm12' -- unless it is a currency ('USD3.14') or an allowed
    prefix ('و12%')."""
    if c.start == 0:
        return False
    prev = text[c.start - 1]
    if prev.isalpha():
        run = _letter_run_before(text, c.start)
        if r.norm(run) in r.digit_prefixes:
            return False
        hit = r.before.before(text, c.start, floor, newlines=0)
        return not (hit and hit.end == c.start and "currency" in hit.entry)
    before2 = text[c.start - 2] if c.start >= 2 else " "
    if prev in r.dashes and before2.isalpha():
        return True
    return prev in "/:.#№" and before2.isalnum() or prev in "#№"


def _glued_right(text: str, end: int, r: _Rules) -> int:
    """Where a date, ratio, time or identifier that continues after the digits ends
    ('12/6/2025', '144/216', '10:30', '308-QĐ/TW', '5G', '18th'); 0 when none does."""
    if end >= len(text):
        return 0
    nxt = text[end]
    after = text[end + 1] if end + 1 < len(text) else " "
    if nxt in "/:" and after.isdecimal():
        m = _CHAIN.match(text, end)
        return m.end() if m else end + 1
    if nxt in r.dashes and _starts_sign(text, end + 1, r):
        return 0  # "VND1000-VND2000"
    if nxt.isalpha() or (nxt in r.dashes and after.isalpha()):
        m = _IDENT.match(text, end)
        return m.end() if m else end + 1
    return 0


def _list_marker(text: str, c: _Core) -> bool:
    """'1.', '2.1.', '(3)', '4)' opening a line or an item, '2.1 Heading'."""
    lead = _line_lead(text, c.start)
    nxt, nxt2 = text[c.end:c.end + 1], text[c.end + 1:c.end + 2]
    if lead in ("", "-", "+", "•", "*", "–") and nxt in (".", ")") and nxt2.isspace():
        return True
    if c.plain and text[c.start - 1:c.start] == "(" and nxt == ")" and c.end - c.start <= 2:
        return True
    if c.plain and nxt == ")" and (not lead or lead[-1] in ";:,."):
        return True
    return not lead and "." in text[c.start:c.end] and nxt == " " and nxt2.isupper()


def _line_lead(text: str, pos: int) -> str:
    """What stands between the line start and ``pos`` ("..." when it is far)."""
    lo = max(0, pos - _LINE_LOOKBACK)
    nl = text.rfind("\n", lo, pos)
    return text[nl + 1:pos].strip() if nl >= 0 or lo == 0 else "..."


def _is_year(c: _Core, before: _Hit | None, after: _Hit | None) -> bool:
    """A bare integer 1900-2100, or 1000-2999 next to a year word ("năm", "roku", "г.")."""
    if not c.plain:
        return False
    v = c.value
    if _YEARS[0] <= v <= _YEARS[1]:
        return True
    four = 1000 <= v <= 2999
    return four and bool(before and "year" in before.entry or after and "year_after" in after.entry)


def _measure(hit: _Hit | None) -> tuple[str, str] | None:
    if hit is None:
        return None
    for cat in MEASURES:
        if cat in hit.entry:
            return cat, hit.entry[cat]
    return None


@dataclass(slots=True)
class _Reading:
    start: int
    end: int
    value: float
    value_max: float | None = None
    kind: str = ""  # percent | currency | unit | count | ""
    unit: str = ""
    comparator: str = "eq"
    annual: bool = False
    noun: str = ""
    factor: float = 1.0  # the scale written with the first number ("10–12 triệu" shares it)


def find_quantities(text: str, lang: str) -> list[Quantity]:
    """Every percentage, amount of money and count or measured quantity in ``text``, sorted
    by start, non-overlapping, ``text[q.start:q.end] == q.text``. Years, date parts,
    identifiers, references, ordinals and list markers are not quantities."""
    r = _rules(lang)
    out: list[Quantity] = []
    floor = resume = 0
    for m in r.scan.finditer(text):
        if m.start() < resume or m.lastgroup == "url":
            continue
        c = _core(text, m, r)
        if c is None:
            continue
        got = _read(text, c, r, floor)
        if isinstance(got, _Reading):
            out.append(_quantity(text, got))
            floor = resume = got.end
        else:
            resume = max(resume, c.end, got or 0)
    return out


def _quantity(text: str, g: _Reading) -> Quantity:
    label = LABELS.get(g.kind, "QUANTITY")
    return Quantity(g.start, g.end, text[g.start:g.end], label, g.value, g.value_max, g.unit,
                    g.comparator, "annual" if g.annual else None, g.noun)


def _read(text: str, c: _Core, r: _Rules, floor: int) -> _Reading | int | None:
    """Read the quantity around one numeral core; an int says where to resume when the
    core is part of something to skip (a date, an identifier, a range of years)."""
    if c.ordinal or c.vague:
        return None
    glued = 0
    if c.digits:
        if _glued_left(text, c, r, floor):
            return _glued_right(text, c.end, r) or None
        glued = _glued_right(text, c.end, r)
        if glued and text[c.end] in "/:":
            return glued  # a date, ratio or time: skipped whole
        if _list_marker(text, c):
            return None
    end, value, factor = _numeral(text, c, r)
    hit = r.after.after(text, end)
    measure = _measure(hit)
    if glued and end == c.end and not (measure and hit.start == end):
        return glued  # 5G, 18th, 308-QĐ
    g = _Reading(c.start, end, value, factor=factor)
    if measure:
        g.kind, g.unit = measure
        g.end = hit.end
    before = r.before.before(text, c.start, floor)
    if before and "currency" in before.entry and g.kind != "currency":
        g.kind, g.unit, g.start = "currency", before.entry["currency"], before.start
        before = r.before.before(text, before.start, floor)
    if _not_quantity(text, c, g, before, hit, r):
        return None
    rng = _range(text, c, g, before, r)
    if type(rng) is int:  # a range of years to skip (bool is the "range read" answer)
        return rng
    if not (g.kind or factor > 1 or rng) and _bare_year_or_code(text, c, before, hit):
        return None
    if before and not g.kind and before.entry.keys() & {"unit", "percent"}:
        kind = "unit" if "unit" in before.entry else "percent"  # "gấp 2", "نسبة 10"
        g.kind, g.unit = kind, before.entry[kind]
        g.start = before.start if kind == "percent" else g.start
    _per(text, g, r)
    cue = _cue_before(text, g.start, r, floor, before)
    if cue and g.comparator != "range":
        comparator, cue_start, is_from = cue
        g.comparator = "eq" if is_from and _is_change(text, g.end, r) else comparator
        if comparator != "eq":  # "tăng từ" (increase from) is no comparator
            g.start = cue_start
    if not g.kind and not rng:
        _noun(text, c, g, r, floor)
    _cue_after(text, g, r)
    if c.weak and not cue and g.kind in ("", "count"):
        return None  # "một" (one, a), "năm" (five, year) alone
    return g


def _not_quantity(text: str, c: _Core, g: _Reading, before: _Hit | None, hit: _Hit | None,
                  r: _Rules) -> bool:
    """Contexts that make a number no quantity, even with a time unit after it."""
    if c.plain and 1000 <= c.value <= 2999 and hit and "year_after" in hit.entry:
        return True  # "2025 roku", "2025 года": a year, although "roku" is also a unit
    if g.kind in ("percent", "currency"):
        return False
    if before and "unit" not in before.entry and (
            before.entry.keys() & {"ref", "ordinal"} or ("date" in before.entry and c.plain)):
        return True  # "số 15", "thứ hai", "ngày 15 tháng 9"
    if c.plain and not _line_lead(text, c.start) and _capitalised(text[c.end + 1:c.end + 3]):
        return True  # "3 Kết nạp đảng viên...": a footnote mark or a numbered heading
    nxt = r.scan.match(text, c.end + 1) if c.weak and text[c.end:c.end + 1].isspace() else None
    return bool(nxt and nxt.lastgroup == "num")  # "năm 2021": 'year', not 'five'


def _bare_year_or_code(text: str, c: _Core, before: _Hit | None, hit: _Hit | None) -> bool:
    """A number with no unit that is a year ("2025", "năm 2025"), a day next to a month
    ("16 października") or a code number ("ISO 9001")."""
    if _is_year(c, before, hit) or (c.plain and hit and "date_after" in hit.entry):
        return True
    return c.digits and c.plain and _ACRONYM.search(text, max(0, c.start - 12), c.start) is not None


def _capitalised(s: str) -> bool:
    return len(s) == 2 and s[0].isupper() and s[1].islower()


def _range(text: str, c: _Core, g: _Reading, before: _Hit | None, r: _Rules) -> bool | int:
    """Extend ``g`` over a range's second half ("11–12%", "od 10 do 12%", "بين 11% و12%").
    Returns True when a range was read, an int to skip a range of years, else False."""
    if c.weak:
        return False  # "không tới 7000": 'không' is 'not' here
    conn = r.after.after(text, g.end, newlines=0)
    opener = _key_of(text, before, r) if before and "range_open" in before.entry else None
    pos = None
    if conn and "range_conn" in conn.entry:
        pos = conn.end
    elif conn and "range_close" in conn.entry and opener:
        closers = r.pairs.get(opener, frozenset())
        if _key_of(text, conn, r) in closers:
            pos = conn.end
    elif opener and r.attached:
        # a glued closer: "بين عشرة وعشرون"
        closers = r.pairs.get(opener, frozenset())
        k = g.end
        while k < len(text) and text[k] in " \t":
            k += 1
        if any(cl == (a,) and text.startswith(a, k) for cl in closers for a in r.attached):
            pos = k
    if pos is None:
        return False
    while pos < len(text) and text[pos] in " \t\u00a0":
        pos += 1
    sign = r.after.after(text, pos, newlines=0)
    if g.kind == "currency" and sign and sign.start == pos and sign.entry.get("currency") == g.unit:
        pos = sign.end  # "$10-$20", "VND1000-VND2000"
        while pos < len(text) and text[pos] in " \t\u00a0":
            pos += 1
    m = r.scan.match(text, pos)
    if m is None or m.lastgroup == "url":
        return False
    c2 = _core(text, m, r)
    if c2 is None or c2.ordinal or c2.vague:
        return False
    if c2.digits and _glued_right(text, c2.end, r) and text[c2.end] in "/:":
        return False
    end2, v2, factor2 = _numeral(text, c2, r)
    hit2 = r.after.after(text, end2)
    m2 = _measure(hit2)
    if not g.kind and not m2 and c2.plain and _is_year(c2, None, None):
        return c2.end if _is_year(c, None, None) else False  # "2025–2030": a period, skipped whole
    if g.kind and m2 and (g.kind, g.unit) != m2:
        return False
    value = g.value
    if factor2 > 1 and g.factor == 1 and not g.kind:
        value *= factor2  # "10–12 triệu": the scale covers both
    if v2 <= value:
        return False
    g.value, g.value_max, g.comparator = value, v2, "range"
    g.end = hit2.end if m2 else end2
    if m2 and not g.kind:
        g.kind, g.unit = m2
    if opener:
        g.start = min(g.start, before.start)
    return True


def _key_of(text: str, hit: _Hit, r: _Rules) -> tuple[str, ...]:
    return r.after.key(text[hit.start:hit.end])


def _per(text: str, g: _Reading, r: _Rules) -> None:
    """Per-unit markers after a measure: '/năm' (annual), '/tháng', '/lao động', 'per year'."""
    for _ in range(3):
        hit = r.after.after(text, g.end, newlines=0)
        if hit and hit.entry.keys() & {"per_year", "per_other"}:
            g.annual = g.annual or "per_year" in hit.entry
            g.end = hit.end
            continue
        m = _SLASH_WORDS.match(text, g.end)
        if not m or not g.kind or g.kind == "count":
            return
        # "/lao động": the words after the slash, unless the second is a function word
        two = m.group(2) and r.noun_words > 1 and r.norm(m.group(2)) not in r.not_nouns
        g.end = m.end(2) if two else m.end(1)


def _cue_before(text: str, start: int, r: _Rules, floor: int,
                hit: _Hit | None = None) -> tuple[str, int, bool] | None:
    """(comparator, cue start, is a 'from' cue) for a cue right before ``start``; fillers
    ('đạt', 'reach') may stand between the cue and the number."""
    hit = hit if hit and hit.end <= start else r.before.before(text, start, floor)
    for _ in range(3):
        if hit is None:
            return None
        if "cmp" in hit.entry:
            return hit.entry["cmp"], hit.start, "range_open" in hit.entry
        if "filler" not in hit.entry:
            return None
        hit = r.before.before(text, hit.start, floor)
    return None


def _is_change(text: str, end: int, r: _Rules) -> bool:
    """'từ X ... lên Y': X is where a change starts, not a lower bound."""
    if not r.change_words:
        return False
    clause = _CLAUSE_END.split(text[end:end + 80], maxsplit=1)[0]
    for m in _WORD_THEN_DIGIT.finditer(clause):
        if r.norm(m.group(1)) in r.change_words:
            return True
    return False


def _noun(text: str, c: _Core, g: _Reading, r: _Rules, floor: int) -> None:
    """The counted noun: 1-2 words after the number ('24 oddziały', 'mười dự án'), or, for an
    Arabic definite number, the definite noun phrase before it ('المشاريع الاستثمارية العشرة',
    which then joins the span)."""
    if c.definite:
        _noun_before(text, c, g, r, floor)
        return
    hit = r.after.after(text, g.end)
    if hit and hit.entry.keys() & {"block", "range_conn", "cmp", "per_year", "per_other", "year_after"}:
        return
    if hit and "noun" in hit.entry:
        g.kind, g.unit, g.noun = "count", "count", text[hit.start:hit.end]
        return
    first = last = None
    for m in _TOKEN.finditer(text, g.end):
        gap, word = text[(last or g.end):m.start()], m.group()
        if not word[0].isalpha() or r.norm(word) in r.not_nouns:
            break
        if ("\n" in gap and first is not None) or word[0].isupper():
            break  # a name ("Hồ Ba Bể"), a heading or a new line, not this number's noun
        first = m.start() if first is None else first
        last = m.end()
        if len(_TOKEN.findall(text, first, last)) >= r.noun_words:
            break
    if first is not None:
        g.kind, g.unit, g.noun = "count", "count", text[first:last]


def _noun_before(text: str, c: _Core, g: _Reading, r: _Rules, floor: int) -> None:
    """Up to N definite words before the number ("المشاريع الاستثمارية"); the first is the
    noun, and a unit when the lexicon says so ("للسنوات الخمس", the five years)."""
    limit, prefixes = r.noun_before
    lo = max(floor, c.start - 80)
    start, words = c.start, []
    for w in reversed(list(_WORD.finditer(text[lo:c.start]))):
        norm = r.norm(w.group())
        if len(words) == limit or not text[lo + w.end():start].isspace():
            break
        if not any(norm.startswith(p) and len(norm) > len(p) + 1 for p in prefixes):
            break
        words.append(norm)
        start = lo + w.start()
    if not words:
        return
    head = words[-1]  # the noun itself; the words after it are adjectives
    stem = next(head[len(p):] for p in sorted(prefixes, key=len, reverse=True) if head.startswith(p))
    unit = r.after.table.get((stem,), {}).get("unit")
    g.start, g.noun = start, text[start:c.start].strip()
    g.kind, g.unit = ("unit", unit) if unit else ("count", "count")


def _cue_after(text: str, g: _Reading, r: _Rules) -> None:
    """'or more', 'trở lên', 'فأكثر' right after the quantity (then it joins the span) or
    after its noun within a few words on the same clause."""
    firsts, prev = r.after.firsts.get("cmp", set()), g.end
    for words, m in enumerate(_TOKEN.finditer(text, g.end)):
        if words > _CUE_WORDS or text.count("\n", prev, m.start()) > _NEWLINES:
            return
        if r.norm(m.group()) in firsts:
            hit = r.after.after(text, m.start())
            if hit and "cmp" in hit.entry:
                if g.comparator != "range":
                    g.comparator = hit.entry["cmp"]
                if words == 0:
                    g.end = hit.end
                return
        if not m.group()[0].isalpha():
            return
        prev = m.end()
