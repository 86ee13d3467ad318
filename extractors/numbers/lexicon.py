"""One language's number data compiled into matchers (``rules(lang)``, cached).

The matchers are the numeral scanner, the number words and the phrase tables read before
and after a number. The data is ``extractors/lang/<code>/``: ``numbers.json``
(separators, number words, scales, contexts that make a number a year, date part or
reference), ``currencies.json``, ``units.json``, ``comparators.json`` and the month, day
and year words of ``periods.json``; signs every language shares are in
``extractors/data/numbers.json``. The code has no per-language branches: a language
without a file gets empty rules for it.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from ..lang import load, load_shared
from .phrases import Lexicon

_URL = r"(?:https?://|www\.)\S+"
# Bidi controls that Arabic text puts around separators ("25799\u202a,\u202a52")
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@dataclass(frozen=True)
class Rules:
    norm: Callable[[str], str]  # lower case and fold (diacritics, letter variants)
    decimal: frozenset[str]
    group: frozenset[str]
    three: dict[str, str]  # lone mark before exactly three digits -> "group" | "decimal"
    # marks that, alone before three digits, are decimal when a scale word follows
    # ("3،250 مليون": machine translation writes 3.25 million so)
    decimal_before_scale: frozenset[str]
    decimal_signs: frozenset[str]  # marks that are decimal in every language ("٫")
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
    before: Lexicon
    after: Lexicon
    scan: re.Pattern
    next_word: re.Pattern
    joiner: re.Pattern
    # phrases that hold a number word but name a thing ("net zero", "zero carbon")
    names: re.Pattern | None = None
    # "… wzrosną z [około] X": a verb of change, then a 'from' word right before the number
    change_from: re.Pattern | None = None

    def reading(self, text: str) -> Rules:
        """These rules for reading ``text``: the phrase tables remember what they found in
        it (``Lexicon.reading``)."""
        return replace(self, before=self.before.reading(text), after=self.after.reading(text))


def _change_from(data: dict, verbs: list[str]) -> re.Pattern | None:
    """A pattern for the text before a number that opens a change, not a range: a verb of
    change ("wzrosną", "increase", "увеличение" — the language's ``change`` cues) and, right
    before the number, a 'from' word and optional approximators ("z około", "from about")."""
    froms, fillers = data.get("words", []), data.get("fillers", [])
    if not froms or not verbs:
        return None
    alt = lambda xs: "|".join(re.escape(x.lower()) for x in sorted(set(xs), key=len, reverse=True))
    fill = rf"(?:(?:{alt(fillers)})\s+)?" if fillers else ""
    # A line break may fall inside the sentence (PDF lines); a blank line ends it.
    return re.compile(rf"(?i)(?<!\w)(?:{alt(verbs)})\w*(?:[^;.!?\n]|\n(?!\s*\n)){{0,80}}?"
                      rf"(?<!\w)(?:{alt(froms)})\s+{fill}\(?$")  # "من (40%)": a bracketed figure


def _names(phrases: list[str]) -> re.Pattern | None:
    """One pattern for the language's number-word names; a hyphen or space joins words."""
    if not phrases:
        return None
    alts = sorted({re.escape(p.lower()).replace(r"\ ", r"[\s-]+") for p in phrases},
                  key=len, reverse=True)
    return re.compile(rf"(?i)(?<!\w)(?:{'|'.join(alts)})(?!\w)")


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


def _after_lexicon(d: _Data, norm: Callable[[str], str]) -> Lexicon:
    """What may follow a number."""
    lex = Lexicon(norm)
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
    for form in _phrases(nq.get("rate_base_after", [])):
        lex.add(form, "rate_base")
    for form in d.months:
        lex.add(form, "date_after")
    return lex


def _before_lexicon(d: _Data, norm: Callable[[str], str]) -> Lexicon:
    """What may precede a number."""
    lex = Lexicon(norm)
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
    for form in _phrases(nq.get("rate_base_before", [])):
        lex.add(form, "rate_per")
    for form in _phrases(nq.get("year_before", [])) + _phrases(d.periods.get("year_prefix", [])):
        lex.add(form, "year")
    dates = nq.get("date_before", []) + d.months + [
        f for key in ("day_prefix", "month_prefix", "quarter_words") for f in d.periods.get(key, [])]
    for form in _phrases(dates):
        lex.add(form, "date")
    for form in _phrases(d.nums.get("article_one", [])):
        lex.add(form, "article")
    return lex


def _number_pattern(seps: dict, decimal_signs: list[str]) -> str:
    """Digits with the language's separators: '1.845,7', '2 639' (only where spaces group,
    so table columns stay apart), '.77' (a 'leading_decimal' mark opens it); bidi controls
    may sit around a separator."""
    group, decimal = set(seps.get("group", [])), set(seps.get("decimal", []))
    spaces = "".join(re.escape(c) for c in sorted(c for c in group if c.isspace()))
    marks = "".join(re.escape(c) for c in sorted((group | decimal) - set(spaces)))
    bidi = f"[{BIDI}]*"
    num = rf"\d+(?:{bidi}[{marks}]{bidi}\d+)*" if marks else r"\d+"
    if spaces:
        decimals = "".join(re.escape(c) for c in sorted(decimal))
        num = rf"\d{{1,3}}(?:[{spaces}]\d{{3}}(?!\d))+(?:[{decimals}]\d+)?|" + num
    points = "".join(re.escape(c) for c in sorted(seps.get("leading_decimal", [])))
    if points:
        signs = "".join(re.escape(c) for c in decimal_signs)
        num += rf"|(?<![\w.,{signs}])[{points}]\d+"
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
def rules(lang: str) -> Rules:
    """The number rules of ``lang``, compiled once per process."""
    d = _Data(load(lang, "numbers"), load(lang, "units"), load(lang, "currencies"),
              load(lang, "comparators"), load(lang, "periods"), load_shared("numbers"))
    nums = d.nums
    fold = {unicodedata.normalize("NFC", k): v for k, v in nums.get("fold", {}).items()}
    table = _fold_table(fold)

    @lru_cache(maxsize=1 << 17)  # the same few thousand words, looked up around every number
    def norm(s: str) -> str:
        return unicodedata.normalize("NFC", s).lower().translate(table)

    words: dict[str, tuple[str, float]] = {}
    for kind, forms in (("scale", nums.get("scales", {})), ("mult", nums.get("multipliers", {})),
                        ("atom", nums.get("cardinals", {})), ("ordinal", _expand_ordinals(nums))):
        for form, value in _items(forms):
            words.setdefault(norm(form), (kind, float(value)))
    word, next_word, gap = _word_patterns(d, sorted(words, key=len, reverse=True), fold, norm)
    seps = nums.get("separators", {})
    signs = d.shared.get("decimal_signs", [])
    after = _after_lexicon(d, norm)
    pairs: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for opener, closer in d.cmp.get("range", {}).get("pairs", []):
        pairs.setdefault(after.key(opener), set()).add(after.key(closer))
    noun_before = nums.get("noun_before_definite", {})

    def norms(key: str, data: dict = nums) -> frozenset[str]:
        return frozenset(norm(w) for w in _phrases(data.get(key, [])))

    return Rules(
        norm=norm,
        decimal=frozenset(seps.get("decimal", [])),
        group=frozenset(seps.get("group", [])),
        three=dict(seps.get("lone_before_three_digits", {})),
        decimal_before_scale=frozenset(seps.get("decimal_before_scale", [])),
        decimal_signs=frozenset(signs),
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
        names=_names(nums.get("not_quantity", {}).get("names", [])),
        change_from=_change_from(d.cmp.get("change_from", {}), load(lang, "cues").get("change", [])),
        change_words=norms("change_words", d.cmp),
        dashes=frozenset(d.shared.get("dashes", [])),
        before=_before_lexicon(d, norm),
        after=after,
        scan=re.compile(rf"(?P<url>{_URL})|(?P<num>{_number_pattern(seps, signs)})|(?P<word>{word})",
                        re.IGNORECASE),
        next_word=next_word,
        joiner=gap,
    )
