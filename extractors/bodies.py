"""Party and state bodies: find them in text and normalise them to ``type:level:place`` (SPEC §3).

Everything language-specific is data in ``lang/<code>/bodies.json``; the code below is the same
for every language. A document goes through three steps:

1. **Words.** A regex splits the text into word and punctuation tokens with exact offsets, and
   each word is normalised by the steps the language's data names (lower-case, a Polish form
   table, pymorphy3 lemmas, Arabic clitic stripping, ...), so that "Komitetu Partyjnego",
   "горкома партии" and "للجنة الحزب" meet their dictionary phrases.
2. **Lexicon.** One spaCy ``PhraseMatcher`` per language, over the normalised words, labels body
   heads ("komitet partia"), level words ("gmina", "tỉnh"), connectors ("of", "của", "при"),
   titles and honorifics. Words outside the lexicon become a placeholder, which keeps the
   matcher's string store small and the match fast.
3. **Chains.** A small grammar joins neighbouring items into one body mention::

       [level | place]* BODY ( [connector] ( [level]* BODY | LEVEL [place] | place [LEVEL] ) )*

   The first body is the head ("the Standing Committee of the City Party Committee" is a
   standing committee), unless the language compounds head-last ("Party Committee Office").
   The level and place come from wherever the chain states them.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from . import clitics
from .lang import load, load_shared
from .records import BodyRef

DATA_NAME = "bodies"

# Letters plus the combining marks of NFD Vietnamese and of vocalised Arabic, which ``\w``
# leaves out; an apostrophe or "&" inside a word keeps "H'Ler", "People's", "BTG&DV" whole.
_WCHAR = r"[\w\u0300-\u036f\u0640\u064b-\u065f\u0670]"
_TOKEN_RE = re.compile(rf"{_WCHAR}+(?:['’&]{_WCHAR}+)*|\S")
_PLACEHOLDER = "\u2423"  # stands for every word outside the lexicon
_CODE_GLUE = "/-"  # "NQ-HĐND", "21-KH/ĐU": an abbreviation glued to these is a document code

# Kinds of lexicon items, in the order that breaks ties between equally long matches.
_KINDS = ("none", "body", "title", "honorific", "level", "place", "party", "conn", "loc", "skip",
          "conj")


# ---------------------------------------------------------------------------------------------
# Normalisation: named steps, chosen per language by ``"normalizer": [...]`` in the data.

@dataclass
class _NormContext:
    lang: str
    data: dict
    forms: dict[str, str] = field(default_factory=dict)
    vocab: set[str] = field(default_factory=set)
    # While phrases are built, a phrase word is reduced to another phrase word when it can be
    # ("للحزب" -> "حزب"); it is not its own stem.
    building: bool = False


NormStep = Callable[[str, _NormContext, bool], str]
_STEPS: dict[str, NormStep] = {}


def _step(name: str) -> Callable[[NormStep], NormStep]:
    def register(fn: NormStep) -> NormStep:
        _STEPS[name] = fn
        return fn
    return register


@_step("nfc")
def _nfc(word: str, ctx: _NormContext, pattern: bool) -> str:
    return unicodedata.normalize("NFC", word)


@_step("lower")
def _lower(word: str, ctx: _NormContext, pattern: bool) -> str:
    return word.lower().replace("’", "'")


@_step("replace")
def _replace(word: str, ctx: _NormContext, pattern: bool) -> str:
    # Spelling variants that mean the same word (Vietnamese "uỷ" / "ủy").
    for old, new in ctx.data.get("replace", {}).items():
        if old in word:
            word = word.replace(old, new)
    return word


@_step("forms")
def _forms(word: str, ctx: _NormContext, pattern: bool) -> str:
    # Inflected form -> lemma from the language's own table (Polish has no tagger-free
    # lemmatiser in spaCy), built once by ``_form_table``.
    return ctx.forms.get(word, word)


@cache
def _morph():  # noqa: ANN202 - pymorphy3 has no public type to name
    import pymorphy3
    return pymorphy3.MorphAnalyzer()


@_step("suffixes")
def _suffixes(word: str, ctx: _NormContext, pattern: bool) -> str:
    # Clitic suffixes ("Committee's"): dropped when that leaves a lexicon word and the whole
    # word is not one itself ("People's" stays).
    if word in ctx.vocab and not ctx.building:
        return word
    for suffix in ctx.data.get("strip_suffixes", []):
        if word.endswith(suffix) and word[:-len(suffix)] in ctx.vocab:
            return word[:-len(suffix)]
    return word


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@_step("pymorphy3")
def _pymorphy(word: str, ctx: _NormContext, pattern: bool) -> str:
    if not _CYRILLIC.search(word):
        return word
    return _morph().parse(word)[0].normal_form.replace("ё", "е")


@_step("arabic")
def _arabic(word: str, ctx: _NormContext, pattern: bool) -> str:
    word = clitics.clean(word, ctx.lang)
    if pattern:  # dictionary phrases are written with the article, never with other clitics
        return clitics.without_article(word, ctx.lang)
    for n, candidate in enumerate(clitics.forms(word, ctx.lang)):
        if candidate in ctx.vocab and not (n == 0 and ctx.building):
            return candidate
    return word


def _form_table(data: dict) -> dict[str, str]:
    """Inflected form -> lemma, from ``forms`` (lemma: [forms]) and ``adjectives`` (stem:
    paradigm name, with ``paradigms`` giving the lemma ending and every ending)."""
    table: dict[str, str] = {}
    for lemma, forms in data.get("forms", {}).items():
        for form in forms:
            table.setdefault(form.lower(), lemma.lower())
    paradigms = data.get("paradigms", {})
    for stem, name in data.get("adjectives", {}).items():
        paradigm = paradigms[name]
        lemma = stem + paradigm["lemma"]
        for ending in paradigm["endings"]:
            table.setdefault(stem + ending, lemma)
    return table


def _fold(text: str, letters: dict[str, str]) -> str:
    """Text without diacritics, as upper-case headers are sometimes typed; ``letters`` maps
    the letters that Unicode decomposition keeps (Vietnamese đ)."""
    text = unicodedata.normalize("NFD", text.translate(str.maketrans(letters)))
    return "".join(c for c in text if not unicodedata.combining(c))


# ---------------------------------------------------------------------------------------------
# The lexicon of one language, built once.

@dataclass(frozen=True, slots=True)
class _Item:
    kind: str
    type: str = ""
    level: str = ""
    needs_nested: bool = False  # "Thường trực", "Office": a body only with a body nested in it
    tail: str = ""  # "caps": a capitalised name follows; "words": one topic word follows
    cased: bool = False  # only when written with a capital ("Chính phủ", not "chính phủ số")
    no_rising_case: bool = False  # "Tỉnh ủy", but not the "tỉnh Ủy" of "tỉnh Ủy ban Kiểm tra"
    folded: bool = False  # matched without diacritics: accepted only in upper-case text


@dataclass(frozen=True, slots=True)
class _PlaceRules:
    cased: bool = True
    before: bool = False  # "Hanoi City Party Committee": a place may precede the body
    bare: bool = False  # a place may follow a body with no level word ("Komitet Partii Viet Hung")
    bare_after_loc: bool = False  # "لجنة الحزب في هانوي": after a locative, no level word needed
    joiners: frozenset[str] = frozenset()
    max_tokens: int = 4
    max_token_len: int = 40
    stop: frozenset[str] = frozenset()
    definite: tuple[str, ...] = ()  # prefixes of common nouns in scripts without capitals
    numbers_after_level: bool = False  # "phường 5"


@dataclass
class _Lexicon:
    lang: str
    steps: list[NormStep]
    ctx: _NormContext
    vocab: Vocab
    matcher: PhraseMatcher
    items: dict[int, _Item]
    place: _PlaceRules
    surnames: frozenset[str]
    head_last: bool  # "Party Committee Office": in adjacent bodies the last is the head
    pre_level: bool  # "городского комитета": level words may precede a body
    conj_prefixes: tuple[str, ...]
    tail_joiners: frozenset[str]
    types: dict[str, dict]
    cache: dict[str, str] = field(default_factory=dict)

    def norm(self, word: str, pattern: bool = False) -> str:
        for step in self.steps:
            word = step(word, self.ctx, pattern)
        return word

    def text_norm(self, word: str) -> str:
        """Normalised word, or the placeholder when no phrase of the lexicon uses it."""
        hit = self.cache.get(word)
        if hit is None:
            hit = self.norm(word)
            if hit not in self.ctx.vocab:
                hit = _PLACEHOLDER
            if len(self.cache) < 500_000:
                self.cache[word] = hit
        return hit

    def glued(self, word: str, prefixes: tuple[str, ...]) -> bool:
        """Whether the word carries one of these clitics (not merely starts with the letter):
        without it the word still means the same lexicon word."""
        for prefix in prefixes:
            if word.startswith(prefix) and len(word) > len(prefix) + 1:
                bare = word[len(prefix):]
                if self.text_norm(word) == self.text_norm(bare) != _PLACEHOLDER:
                    return True
        return False

    def coordinated(self, word: str) -> bool:
        """Arabic "واللجنة": the conjunction is glued to the word, so it starts a new body."""
        return self.glued(word, self.conj_prefixes)


def _phrases(entry: dict, data: dict) -> Iterator[str]:
    """An entry's phrases; with ``names`` also every phrase followed by every listed name."""
    names = data.get("names", {}).get(entry["names"], []) if "names" in entry else []
    for phrase in entry["phrases"]:
        if not entry.get("names_required"):
            yield phrase
        for name in names:
            yield f"{phrase} {name}"


def _entries(data: dict) -> Iterator[tuple[_Item, str]]:
    """Every (item, phrase) pair of a language's data."""
    for entry in data.get("bodies", []):
        item = _Item("body", entry["type"], entry.get("level", ""),
                     entry.get("needs_nested", False), entry.get("tail", ""),
                     entry.get("cased", False), entry.get("no_rising_case", False))
        for phrase in _phrases(entry, data):
            yield item, phrase
    for phrase in data.get("not_bodies", []):
        yield _Item("none"), phrase
    for level, words in data.get("levels", {}).items():
        for word in words:
            yield _Item("level", level=level), word
    simple = {"connectors": "conn", "locatives": "loc", "skip": "skip", "conj": "conj",
              "party_words": "party", "titles": "title", "honorifics": "honorific"}
    for key, kind in simple.items():
        for phrase in data.get(key, []):
            yield _Item(kind), phrase
    for phrase in data.get("places", []):
        yield _Item("place"), phrase


def _tokens(text: str) -> list[str]:
    return [m.group() for m in _TOKEN_RE.finditer(text)]


@cache
def _lexicon(lang: str) -> _Lexicon | None:
    """The language's lexicon; None when it has no bodies data (such text names no body)."""
    data = load(lang, DATA_NAME)
    if not data:
        return None
    ctx = _NormContext(lang, data, _form_table(data))
    steps = [_STEPS[name] for name in data.get("normalizer", ["lower"])]
    rules = data.get("place", {})
    vocab = Vocab()
    lex = _Lexicon(
        lang=lang, steps=steps, ctx=ctx, vocab=vocab, matcher=PhraseMatcher(vocab), items={},
        place=_PlaceRules(
            cased=rules.get("cased", True), before=rules.get("before", False),
            bare=rules.get("bare", False), bare_after_loc=rules.get("bare_after_loc", False),
            joiners=frozenset(rules.get("joiners", [])), max_tokens=rules.get("max_tokens", 4),
            max_token_len=rules.get("max_token_len", 40),
            stop=frozenset(w.lower() for w in rules.get("stop", [])),
            definite=tuple(rules.get("definite", [])),
            numbers_after_level=rules.get("numbers_after_level", False)),
        surnames=frozenset(w.lower() for w in data.get("surnames", [])),
        head_last=data.get("compound_head", "first") == "last",
        pre_level=data.get("pre_level", False),
        conj_prefixes=tuple(data.get("conj_prefixes", [])),
        tail_joiners=frozenset(w.lower() for w in data.get("tail_joiners", [])),
        types=load_shared("body_types")["types"],
    )
    entries = [(item, _tokens(phrase)) for item, phrase in _entries(data)]
    # Two passes: the words of every phrase in dictionary form make the vocabulary that
    # vocabulary-driven steps (Arabic clitics) need; then each phrase word is normalised as
    # text is, against the others, so "اللجنة المركزية للحزب" and the text's "للحزب" meet
    # on the "حزب" of "الحزب", while "وزارة" keeps its first letter.
    ctx.vocab.update(lex.norm(w, pattern=True) for _, words in entries for w in words)
    patterns: dict[_Item, list[list[str]]] = {}
    ctx.building = True
    for item, raw in entries:
        words = [lex.norm(w) for w in raw]
        patterns.setdefault(item, []).append(words)
        if data.get("fold_upper") and item.kind != "none":
            folded = [_fold(w, data["fold_upper"]) for w in words]
            if folded != words:
                patterns.setdefault(_replace_folded(item), []).append(folded)
    ctx.building = False
    ctx.vocab = {w for word_lists in patterns.values() for words in word_lists for w in words}
    for n, (item, word_lists) in enumerate(patterns.items()):
        key = f"{item.kind}{n}"
        lex.matcher.add(key, [Doc(vocab, words=w) for w in word_lists])
        lex.items[vocab.strings[key]] = item
    return lex


def _replace_folded(item: _Item) -> _Item:
    return dataclasses.replace(item, folded=True)


# ---------------------------------------------------------------------------------------------
# One text, analysed: tokens, and the lexicon item (if any) at each token.

@dataclass
class _Analysis:
    text: str
    lex: _Lexicon
    starts: list[int]
    ends: list[int]
    raw: list[str]
    at: dict[int, tuple[int, _Item]]  # token index -> (end token, item) of the match starting there
    covered: bytearray  # 1 where a token is inside some match

    def __len__(self) -> int:
        return len(self.starts)

    def item(self, i: int, kinds: str | tuple[str, ...]) -> tuple[int, _Item] | None:
        hit = self.at.get(i)
        if hit and hit[1].kind in ((kinds,) if isinstance(kinds, str) else kinds):
            return hit
        return None

    def joinable(self, i: int, newlines: int = 1) -> bool:
        """Token i may continue the phrase that ends just before it."""
        return 0 < i < len(self) and self.text.count("\n", self.ends[i - 1], self.starts[i]) <= newlines

    def capitalised(self, i: int) -> bool:
        return self.raw[i][:1].isupper()


@lru_cache(maxsize=1)
def _analyse(text: str, lang: str) -> _Analysis | None:
    """The text's tokens and lexicon matches. The last one is kept: the pipeline asks for
    the bodies and then the people of the same text, and this is most of the cost of
    either (an analysis is never changed once made)."""
    lex = _lexicon(lang)
    if lex is None:
        return None
    starts, ends, raw = [], [], []
    for m in _TOKEN_RE.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
        raw.append(m.group())
    an = _Analysis(text, lex, starts, ends, raw, {}, bytearray(len(starts)))
    if not starts:
        return an
    doc = Doc(lex.vocab, words=[lex.text_norm(w) for w in raw])
    found = []
    for match_id, s, e in lex.matcher(doc):
        item = lex.items[match_id]
        if _acceptable(an, item, s, e):
            found.append((s, -(e - s), _KINDS.index(item.kind), e, item))
    found.sort(key=lambda f: f[:3])
    last = 0
    for s, _, _, e, item in found:  # leftmost-longest, no overlaps
        if s >= last:
            an.at[s] = (e, item)
            if item.kind != "place":  # gazetteer names stay usable as name tokens
                an.covered[s:e] = b"\x01" * (e - s)
            last = e
    return an


def _acceptable(an: _Analysis, item: _Item, s: int, e: int) -> bool:
    """Checks a phrase match needs beyond its words: case, document-number codes, and no
    paragraph break inside."""
    if item.cased and not an.capitalised(s):
        return False
    if item.folded and any(an.raw[i].lower() == an.raw[i] for i in range(s, e)):
        return False
    if item.no_rising_case and not an.capitalised(s) \
            and any(an.capitalised(i) for i in range(s + 1, e)):
        return False
    if item.kind == "body" and e - s == 1 and an.raw[s].isupper():
        before = an.text[an.starts[s] - 1] if an.starts[s] else " "
        after = an.text[an.ends[s]] if an.ends[s] < len(an.text) else " "
        if before in _CODE_GLUE or after in _CODE_GLUE:
            return False
    return all(an.joinable(i) for i in range(s + 1, e))


# ---------------------------------------------------------------------------------------------
# Places and names: runs of capitalised words (or, in Arabic script, of non-definite words).

def _name_token(an: _Analysis, i: int, first: bool, person: bool = False) -> bool:
    """Token i may belong to a proper name: a place, or with ``person`` a person's name."""
    word = an.raw[i]
    rules = an.lex.place
    if an.covered[i] or not word[:1].isalpha() or len(word) > rules.max_token_len:
        return False
    # Stop words ("Quý", "Về", "Według") never belong to a place. A person's capitalised given
    # name may look like one ("Văn"), so there only the first word is checked, except in a
    # script without capitals, where every word is.
    if (first or not person or not rules.cased) and word.lower() in rules.stop:
        return False
    if rules.cased:
        return word[:1].isupper()
    return word.isalpha() and not word.startswith(rules.definite)


def _place_at(an: _Analysis, k: int, after_level: bool) -> int | None:
    """End token of a place name starting at token k, or None."""
    if not an.joinable(k, newlines=0):
        return None
    gazetteer = an.item(k, "place")
    if gazetteer:
        return gazetteer[0]
    rules = an.lex.place
    if after_level and rules.numbers_after_level and an.raw[k].isdigit() and len(an.raw[k]) <= 2:
        return k + 1
    if not _name_token(an, k, first=True):
        return None
    if not after_level and _person_starts(an, k) and not _before_level(an, k):
        return None
    end = k + 1
    while end < len(an) and end - k < rules.max_tokens and an.joinable(end, newlines=0):
        if _name_token(an, end, first=False) and not _person_starts(an, end):
            end += 1
        elif (an.raw[end] in rules.joiners and end + 1 < len(an)
              and an.joinable(end + 1, newlines=0) and _name_token(an, end + 1, first=False)):
            end += 2
        else:
            break
    return end


def _before_level(an: _Analysis, k: int) -> bool:
    """A capitalised run from token k is followed by a level word ("Chu Se commune")."""
    end = k
    while end < len(an) and end - k < an.lex.place.max_tokens and _name_token(an, end, end == k):
        end += 1
    return end < len(an) and an.joinable(end, 0) and an.item(end, "level") is not None


def _person_starts(an: _Analysis, i: int) -> bool:
    """A known surname followed by a given name: a person, not (the rest of) a place."""
    return (an.raw[i].lower() in an.lex.surnames and i + 1 < len(an)
            and an.joinable(i + 1, newlines=0) and _name_token(an, i + 1, False, person=True))


# ---------------------------------------------------------------------------------------------
# Chains of lexicon items -> one body mention.

@dataclass
class _Chain:
    start: int  # token indices
    end: int
    bodies: list[tuple[_Item, bool]] = field(default_factory=list)  # (item, joined by connector)
    levels: list[str] = field(default_factory=list)
    place: tuple[int, int] | None = None
    # A level or place was stated after the last body, or the body stated its own level
    # ("Tỉnh ủy"): a body after it is a new phrase unless a connector links them.
    closed: bool = False


def _skip(an: _Analysis, k: int, kinds: tuple[str, ...] = ("skip",)) -> int:
    while k < len(an) and an.joinable(k) and (hit := an.item(k, kinds)):
        k = hit[0]
    return k


def _levels_at(an: _Analysis, k: int) -> tuple[int, list[str]]:
    """Level words from token k ("gminnych i okręgowych"): end token and the levels."""
    levels: list[str] = []
    while k < len(an) and an.joinable(k) and (hit := an.item(k, "level")):
        levels.append(hit[1].level)
        k = hit[0]
        conj = an.item(k, "conj") if k < len(an) and an.joinable(k) else None
        if conj and an.item(conj[0], "level") and an.joinable(conj[0]):
            k = conj[0]
    return k, levels


def _tail_end(an: _Analysis, item: _Item, k: int) -> int:
    """Absorb the name that some heads take ("Ministry of Finance", "Комиссия по экономике")."""
    if item.tail == "caps":
        end = k
        while end < len(an) and an.joinable(end, newlines=0):
            if _name_token(an, end, first=end == k):
                end += 1
            elif (end > k and an.raw[end].lower() in an.lex.tail_joiners and end + 1 < len(an)
                  and _name_token(an, end + 1, first=False)):
                end += 2
            else:
                break
        return end
    if item.tail == "words" and k < len(an) and an.joinable(k, 0) and an.raw[k].isalpha() \
            and not an.covered[k]:
        k += 1
        conj = an.item(k, "conj") if k < len(an) and an.joinable(k, 0) else None
        if conj and conj[0] < len(an) and an.raw[conj[0]].isalpha() and not an.covered[conj[0]]:
            k = conj[0] + 1
        return k
    return k


def _add_body(an: _Analysis, chain: _Chain, k: int, via_conn: bool) -> None:
    """Add the body at token k, with the name it takes and a following "of the Party"."""
    end, item = an.at[k]
    chain.bodies.append((item, via_conn))
    if item.level:  # "Tỉnh ủy" states its level, so nothing more nests in it without "của"/"of"
        chain.levels.append(item.level)
        chain.closed = True
    end = _tail_end(an, item, end)
    chain.end = _skip(an, end, ("party",))


def _extend_left(an: _Analysis, chain: _Chain, floor: int, ends_at: dict[int, int]) -> None:
    """Level words ("gminnych i okręgowych") and, where the language puts one there, a place
    ("Viet Hung Ward Party Committee") before the first body."""
    lex = an.lex
    k = chain.start
    levels: list[str] = []
    while lex.pre_level and an.joinable(k):
        s = ends_at.get(k)
        if s is None or s < floor:
            break
        item = an.at[s][1]
        if item.kind == "level":
            levels.insert(0, item.level)
        elif not (item.kind == "conj" and (levels or chain.levels)
                  and (p := ends_at.get(s)) is not None
                  and p >= floor and an.at[p][1].kind == "level" and an.joinable(s)):
            break
        k = s
    chain.start = k
    chain.levels[:0] = levels
    if not lex.place.before:
        return
    first = k
    while first - 1 >= floor and k - first < lex.place.max_tokens and an.joinable(first, 0) \
            and _name_token(an, first - 1, first=True):
        first -= 1
    if first < k:
        chain.place = (first, k)
        chain.start = first


def _extend_right(an: _Analysis, chain: _Chain) -> None:
    """Take modifiers after the chain, one per turn, until none fits."""
    while (step := _next_step(an, chain)) is not None:
        k, conn, loc = step
        if not (_nested_body(an, chain, k, conn, loc) or _post_level(an, chain, k)
                or _post_place(an, chain, k, conn, loc)):
            return


def _next_step(an: _Analysis, chain: _Chain) -> tuple[int, bool, bool] | None:
    """Token where the next modifier would start, after skipped words and a connector ("of
    the") or a locative ("in", "в", "في"); None when the phrase cannot go on."""
    k = _skip(an, chain.end)
    conn = loc = False
    if k < len(an) and an.joinable(k):
        if an.item(k, "conn"):
            conn, k = True, _skip(an, an.at[k][0])
        elif an.item(k, "loc"):
            loc, k = True, _skip(an, an.at[k][0])
    if k >= len(an) or not an.joinable(k) or an.lex.coordinated(an.raw[k]):
        return None
    if loc and an.lex.types.get(chain.bodies[0][0].type, {}).get("default_level"):
        return None  # "resolutions of the Central Committee in the capital": not its level
    return k, conn, loc


def _nested_body(an: _Analysis, chain: _Chain, k: int, conn: bool, loc: bool) -> bool:
    """"... of the City Party Committee", "... горкома партии", "... Tỉnh ủy"."""
    lex = an.lex
    lv_end, levels = _levels_at(an, k) if (conn or lex.pre_level) else (k, [])
    if loc or not (lv_end < len(an) and an.joinable(lv_end) and an.item(lv_end, "body")):
        return False
    if not conn and (chain.closed or not _construct(an, chain, k)):
        return False
    chain.levels.extend(levels)
    _add_body(an, chain, lv_end, conn)
    return True


def _post_level(an: _Analysis, chain: _Chain, k: int) -> bool:
    """"... xã Lương Minh", "... gminy Chu Se", "... في مقاطعة آن نون باك", "... в столице"."""
    lv_end, levels = _levels_at(an, k)
    if not levels:
        return False
    chain.levels.extend(levels)
    chain.end = lv_end
    chain.closed = True
    rules = an.lex.place
    definite = not rules.cased and an.raw[lv_end - 1].startswith(rules.definite)
    if chain.place is None and lv_end < len(an) and not definite:
        end = _place_at(an, lv_end, after_level=True)
        if end:
            chain.place, chain.end = (lv_end, end), end
    return True


def _post_place(an: _Analysis, chain: _Chain, k: int, conn: bool, loc: bool) -> bool:
    """"... of Hanoi", "Komitet Partii Viet Hung Ward", "لجنة الحزب في هانوي", and in English
    "... of the Hanoi Party Committee", where the place precedes the nested body."""
    lex = an.lex
    rules = lex.place
    if loc:
        allowed = rules.bare_after_loc and not rules.cased
    else:
        allowed = conn or rules.bare or bool(chain.levels)
    if chain.place is not None or not allowed:
        return False
    end = _place_at(an, k, after_level=False)
    if not end:
        return False
    post_end, levels = _levels_at(an, end)  # "Viet Hung Ward"
    chain.place = (k, end)
    chain.levels.extend(levels)
    if rules.before and post_end < len(an) and an.joinable(post_end) \
            and an.item(post_end, "body"):
        _add_body(an, chain, post_end, True)
        return True
    chain.end, chain.closed = post_end, True
    return True


def _construct(an: _Analysis, chain: _Chain, k: int) -> bool:
    """Whether a body at token k, right after the chain, can be nested in it without a
    connector. In Arabic a definite noun ("اللجنة الدائمة") cannot govern the next one: nesting
    then needs the preposition ل ("للجنة الحزب"); otherwise the next body is a new phrase
    ("وجهت اللجنة الدائمة لجنة الشعب", the Standing Committee directed the People's Committee)."""
    lex = an.lex
    definite = lex.place.definite
    if not definite or not an.raw[chain.end - 1].startswith(definite):
        return True
    return lex.glued(an.raw[k], tuple(lex.ctx.data.get("nest_prefixes", [])))


def _head(chain: _Chain, lex: _Lexicon) -> str:
    """Type of the chain's head: its first body, or in head-last compounds the last of the
    bodies that follow it directly; an office without a Party body in it is an agency."""
    head = 0
    for n in range(1, len(chain.bodies)):
        if lex.head_last and n == head + 1 and not chain.bodies[n][1]:
            head = n
    item = chain.bodies[head][0]
    spec = lex.types.get(item.type, {})
    fallback = spec.get("needs_party_nest")
    others = chain.bodies[:head] + chain.bodies[head + 1:]
    if fallback and not any(lex.types.get(b.type, {}).get("party") for b, _ in others):
        return fallback
    return item.type


def _to_ref(an: _Analysis, chain: _Chain) -> BodyRef:
    """The chain as a BodyRef: the first level it states (else the type's default) and its
    place as written."""
    lex = an.lex
    type_ = _head(chain, lex)
    level = next((lv for lv in chain.levels if lv), "")
    if not level:
        level = lex.types.get(type_, {}).get("default_level", "")
    place = ""
    if chain.place:
        place = an.text[an.starts[chain.place[0]]:an.ends[chain.place[1] - 1]]
        place = place.rstrip(".,;:!?)»”\"'")
    start, end = an.starts[chain.start], an.ends[chain.end - 1]
    return BodyRef(start, end, an.text[start:end], type_, level, place)


def _chains(an: _Analysis, alone: bool = False) -> Iterator[_Chain]:
    """Body phrases left to right. ``alone``: the text is one phrase (a table cell), so a head
    such as "Thường trực" or "Office" counts even with nothing nested in it."""
    ends_at = {e: s for s, (e, _) in an.at.items()}
    # the tokens a body phrase starts at, so the walk jumps from one to the next instead of
    # asking every token of the text
    heads = sorted(s for s, (_, item) in an.at.items() if item.kind == "body")
    floor = i = 0
    while True:
        k = bisect_left(heads, i)
        if k == len(heads):
            break
        i = heads[k]
        hit = an.at[i]
        chain = _Chain(i, i)
        _add_body(an, chain, i, False)
        _extend_left(an, chain, floor, ends_at)
        _extend_right(an, chain)
        if hit[1].needs_nested and len(chain.bodies) == 1 and not alone:
            i = hit[0]
            continue
        yield chain
        floor = i = chain.end


def _share_levels(chains: list[_Chain], an: _Analysis) -> None:
    """"HĐND, UBND tỉnh", "Ban Chấp hành, Ban Thường vụ Tỉnh ủy": of two bodies listed
    together, the first takes the level and place stated once after the second. Longer lists
    are left alone: there the level more often belongs to the last item only."""
    def listed(left: _Chain, right: _Chain) -> bool:
        gap = an.text[an.ends[left.end - 1]:an.starts[right.start]].strip().lower()
        return gap in joiners

    joiners = {",", "،"} | {w.lower() for w in an.lex.ctx.data.get("conj", [])}
    for n in range(len(chains) - 1):
        left, right = chains[n], chains[n + 1]
        if left.levels or left.place or not listed(left, right):
            continue
        if n > 0 and listed(chains[n - 1], left):
            continue
        if n + 2 < len(chains) and listed(right, chains[n + 2]):
            continue
        left.levels, left.place = right.levels[:1], right.place


# ---------------------------------------------------------------------------------------------
# Public functions.

def find_bodies(text: str, lang: str) -> list[BodyRef]:
    """Every party or state body mentioned in ``text``: sorted, non-overlapping, with exact
    offsets, each normalised to ``type:level:place`` (``BodyRef.canonical``)."""
    an = _analyse(text, lang)
    if an is None:
        return []
    chains = list(_chains(an))
    _share_levels(chains, an)
    return [_to_ref(an, chain) for chain in chains]


def normalize_body(text: str, lang: str) -> BodyRef | None:
    """The body a phrase names when given alone (an NER span, a table cell such as
    "Ban Tuyên giáo và Dân vận Tỉnh ủy" or "UBND các xã, phường"): the first body in it,
    with offsets into ``text``; None when it names none."""
    an = _analyse(text, lang)
    if an is None:
        return None
    chains = list(_chains(an, alone=True))
    _share_levels(chains, an)
    return _to_ref(an, chains[0]) if chains else None


def level_word(text: str, lang: str) -> str:
    """The level the first level word of a phrase names ("Provincial", "huyện", "района"
    -> ``province``, ``district``); "" when it has none."""
    an = _analyse(text, lang)
    if an is None:
        return ""
    for _, (_, item) in sorted(an.at.items()):
        if item.kind == "level" and item.level:
            return item.level
    return ""


def find_people(text: str, lang: str) -> list[tuple[int, int, str]]:
    """PERSON spans that rules can vouch for: an honorific or a title (optionally followed by
    the body it heads) then a name, or a name followed by ", <title>"."""
    an = _analyse(text, lang)
    if an is None:
        return []
    chains: dict[int, int] | None = None  # body phrases, read when a title first needs them
    found: dict[int, int] = {}
    for i, (end, item) in sorted(an.at.items()):
        if item.kind == "honorific":
            k = end + (end < len(an) and an.raw[end] == ".")
            name = _name_after(an, k, an.lex.ctx.data.get("honorific_min_tokens", 1))
        elif item.kind == "title":
            if chains is None:
                chains = {c.start: c.end for c in _chains(an, alone=True)}
            name = _name_after(an, _after_title(an, end, chains), min_tokens=2)
            before = _name_before(an, i)
            if before:
                found.setdefault(before[0], before[1])
        else:
            continue
        if name:
            found.setdefault(name[0], name[1])
    spans = []
    last = -1
    for s, e in sorted(found.items()):
        if s >= last:
            start, stop = an.starts[s], an.ends[e - 1]
            spans.append((start, stop, text[start:stop]))
            last = e
    return spans


def _after_title(an: _Analysis, k: int, chains: dict[int, int]) -> int:
    """Past the body a title names ("secretary of the City Party Committee") and a comma."""
    k = _skip(an, k, ("title", "party"))
    j = _skip(an, k, ("conn", "skip"))
    if j in chains:
        k = chains[j]
    elif k in chains:
        k = chains[k]
    if k < len(an) and an.raw[k] in (",", "،"):
        k += 1
    return k


def _name_after(an: _Analysis, k: int, min_tokens: int) -> tuple[int, int] | None:
    """A person's name starting at token k; in a script without capitals it must start with a
    known surname unless an honorific vouches for it."""
    if k >= len(an) or not an.joinable(k, newlines=0):
        return None
    if not _name_token(an, k, True, person=True):
        return None
    if not an.lex.place.cased and an.raw[k].lower() not in an.lex.surnames and min_tokens > 1:
        return None
    end = k + 1
    while end < len(an) and end - k < 4 and an.joinable(end, newlines=0) \
            and _name_token(an, end, False, person=True):
        end += 1
    return (k, end) if end - k >= min_tokens else None


def _name_before(an: _Analysis, title: int) -> tuple[int, int] | None:
    """"Tran Thanh Thao, zastępcy sekretarza": the name before a comma that precedes a title."""
    comma = title - 1
    if comma < 1 or an.raw[comma] not in (",", "،"):
        return None
    end = comma
    start = end
    while start - 1 >= 0 and end - start < 4 and _name_token(an, start - 1, False, person=True) \
            and (start == end or an.joinable(start, newlines=0)):
        start -= 1
    surname = next((i for i in range(start, end) if an.raw[i].lower() in an.lex.surnames), None)
    if surname is not None:
        start = surname
    elif start < end and (start == 0 or an.raw[start - 1] in ".!?\n"
                          or an.text[an.starts[start] - 1] == "\n"):
        start += 1  # a capitalised first word of a sentence is not part of the name
    if end - start < 2 or not an.lex.place.cased and surname is None:
        return None
    return start, end
