"""Using a trained NER model: which one is on, its entities, and their merge behind the rules.

A language's model runs when it is enabled (``models/registry.json``, overridable with
``RESTRACK_NER``, read at every call). Rules win: a model span that overlaps a rule span is
dropped; a model BODY that overlaps nothing is added when it looks like a body name
(``plausible``: one line, upper-case opening, a head word seen in annotated bodies), typed
through ``bodies.normalize_body``, and its ``extractor`` names the model and its version
(``ner:vi@0.1.0+3fa2b1c9``). The registry also says which labels a model may add (BODY
only, unless PERSON or PLACE are measured precise on enough held-out spans).
``extractors.nlp`` runs ``apply`` as the ``restrack_ner`` component after the rule finders.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language

from .. import clitics, settings, tokens
from ..bodies import level_word, normalize_body
from ..lang import tokenizer
from ..records import BodyRef
from ..resolutions import Ref
from ..spans import Spans
from . import LABELS

if TYPE_CHECKING:
    from .data import Annotated

ENV = "RESTRACK_NER"  # "off" | "all" | "pl,vi" ; unset: the registry decides
REGISTRY = "registry.json"
HEADS_FILE = "heads.json"
CHUNK = 100_000
HEAD_OPEN = 3  # a head word seen with this many different next words needs no pair match
_NOT_INSIDE = set("\n;:?!«»„“”\"")
_NOT_AT_EDGE = set(".,;:!?([{«»„“”\"'—–-/")


# ---------------------------------------------------------------------------------------------
# Which model: the registry, the switch, loading.

def registry(models_dir: Path | None = None) -> dict:
    path = (models_dir or settings.models_dir()) / REGISTRY
    return _read_registry(str(path), path.stat().st_mtime if path.exists() else 0.0)


@cache
def _read_registry(path: str, mtime: float) -> dict:
    if not mtime:
        return {}
    return json.loads(Path(path).read_text(encoding="utf-8"))


def enabled(lang: str, models_dir: Path | None = None) -> bool:
    """Whether extraction uses ``lang``'s model: ``RESTRACK_NER`` when set ("off", "all",
    or a list of codes), else the registry's flag; never without a trained pipeline."""
    models_dir = models_dir or settings.models_dir()
    if not (models_dir / lang / "pipeline").is_dir():
        return False
    env = os.environ.get(ENV, "").strip().lower()
    if env in ("off", "0", "none", "false", "no"):
        return False
    if env in ("all", "on", "1", "true", "yes"):
        return True
    if env:
        return lang in {c.strip() for c in env.split(",")}
    return bool(registry(models_dir).get(lang, {}).get("enabled"))


@dataclass
class Model:
    nlp: Language
    tag: str  # the extractor column: ner:<lang>@<version>
    heads: Heads | None
    labels: frozenset[str]


def read_heads(folder: Path, lang: str) -> Heads | None:
    """The head words a model folder keeps beside its pipeline (``heads.json``), if any."""
    path = folder / HEADS_FILE
    return Heads(json.loads(path.read_text(encoding="utf-8")), lang) if path.exists() else None


@cache
def load_model(path: str) -> Model:
    """A trained pipeline with its head words, loaded once per process."""
    folder = Path(path)
    nlp = spacy.load(folder / "pipeline")
    return Model(nlp, f"ner:{nlp.lang}@{nlp.meta.get('version', '')}",
                 read_heads(folder, nlp.lang), frozenset(LABELS))


def model_for(lang: str, models_dir: Path | None = None) -> Model | None:
    """The enabled model of ``lang`` (pipeline, extractor tag, head words, the labels the
    registry lets it add)."""
    models_dir = models_dir or settings.models_dir()
    if not enabled(lang, models_dir):
        return None
    model = load_model(str(models_dir / lang))
    labels = registry(models_dir).get(lang, {}).get("labels", ["BODY"])
    return Model(model.nlp, model.tag, model.heads, frozenset(labels))


def entities(nlp: Language, text: str, keep: Callable[[int, int], bool] | None = None
             ) -> list[tuple[int, int, str]]:
    """The model's entities over ``text``, line by line (the models learnt from sentences and
    list items; a body never spans lines), in batches; a line longer than ``CHUNK`` chars is
    cut into pieces. With ``keep``, only the pieces ``keep(start, end)`` accepts are read
    (a piece's entities do not depend on the other pieces of its batch)."""
    starts, pieces, pos = [], [], 0
    for line in text.split("\n"):
        for k in range(0, len(line), CHUNK):
            piece = line[k:k + CHUNK]
            if piece.strip() and (keep is None or keep(pos + k, pos + k + len(piece))):
                starts.append(pos + k)
                pieces.append(piece)
        pos += len(line) + 1
    out = []
    docs = (tokens.make_doc(nlp, piece) for piece in pieces)  # bounded tokenization
    for offset, doc in zip(starts, nlp.pipe(docs, batch_size=128)):
        out.extend((offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents)
    return out


# ---------------------------------------------------------------------------------------------
# What a model-only body must look like, and its type.

def type_body(text: str, lang: str, start: int = 0, end: int | None = None) -> BodyRef:
    """A body code for a model's BODY span: the rules' normaliser types the phrase when it
    opens with a body it knows; otherwise the span is an ``agency`` that takes the level and
    place of the body nested in it ("Ban Kinh tế Tỉnh ủy" -> ``agency:province:``)."""
    end = len(text) if end is None else end
    phrase = text[start:end]
    ref = normalize_body(phrase, lang)
    if ref is None:
        return BodyRef(start, end, phrase, "agency", level_word(phrase, lang))
    head_end = len(phrase.split(None, 1)[0]) if phrase.split() else 0
    if ref.start < head_end:  # the known body opens the span (a clitic may precede it)
        return BodyRef(start, end, phrase, ref.type, ref.level, ref.place)
    return BodyRef(start, end, phrase, "agency", ref.level or level_word(phrase, lang), ref.place)


def _overlaps(s: int, e: int, spans: Iterable) -> bool:
    return any(s < b and a < e for a, b in spans)


def _fold(text: str, lang: str) -> str:
    """Lower case, one apostrophe, and where the language glues clitics to words (Arabic)
    its marks dropped and letter variants unified (``clitics.clean``)."""
    text = text.lower().replace("’", "'")
    return clitics.clean(text, lang) if clitics.has_clitics(lang) else text


def _keys(word: str, lang: str) -> set[str]:
    """Forms a head word is matched by: ``_fold``ed; where the language glues clitics to the
    front of words (Arabic), also every form with them stripped (``clitics.forms``)."""
    w = _fold(word, lang)
    if not clitics.has_clitics(lang):
        return {w}
    return set(clitics.forms(w, lang))


def _words(text: str, lang: str) -> list[str]:
    return [t.text for t in tokenizer(lang).make_doc(text) if not t.is_space and not t.is_punct]


def head_words(records: Iterable[Annotated], lang: str) -> dict:
    """What a model-only body has to open with (``Heads``): ``heads`` maps the first word of
    every annotated BODY to the words seen after it ("" for a one-word body); ``not`` lists
    the word pairs that open with such a head word but were annotated as no body ("Ban
    hành", to issue, beside "Ban Kinh tế")."""
    records = list(records)
    pairs: dict[str, set[str]] = {}
    starts: set[tuple[str, str]] = set()
    for r in records:
        for s, e, label in r.spans:
            if label != "BODY":
                continue
            words = _words(r.text[s:e], lang)
            # Model-only bodies must open upper-case, so only such bodies lend their heads
            # (the generic "tổ chức cơ sở đảng" must not make "Tổ chức", to organise, one).
            if words and (words[0][:1].isupper() or words[0][:1].isupper() == words[0][:1].islower()):
                second = words[1].lower() if len(words) > 1 else ""
                pairs.setdefault(words[0].lower(), set()).add(second)
                starts.add((words[0].lower(), second))
    blocked: set[tuple[str, str]] = set()
    for r in records:
        inside = [(s, e) for s, e, label in r.spans]
        toks = [t for t in tokenizer(lang).make_doc(r.text) if not t.is_space and not t.is_punct]
        for a, b in zip(toks, toks[1:]):
            pair = (a.text.lower(), b.text.lower())
            if pair[0] in pairs and pair not in starts and \
                    not _overlaps(a.idx, b.idx + len(b.text), inside):
                blocked.add(pair)
    return {"heads": {k: sorted(v) for k, v in sorted(pairs.items())},
            "not": sorted(list(p) for p in blocked)}


class Heads:
    """Head words of annotated bodies. A model-only BODY is kept when its first word is one
    (in Arabic, once clitics are stripped), its first two words are not a pair annotated as
    no body, and either that word opened bodies with at least ``HEAD_OPEN`` different next
    words ("Ban", "Urząd", "لجنة") or the span's second word is one seen after it ("Trung
    tâm", not "Trung ương")."""

    def __init__(self, data: dict, lang: str):
        self.lang = lang
        self.index: dict[str, set[str]] = {}
        self.seconds: dict[str, set[str]] = {}
        for first, seconds in data.get("heads", {}).items():
            for k in _keys(first, lang):
                self.index.setdefault(k, set()).update(seconds)
                keys = self.seconds.setdefault(k, set())
                for w in seconds:
                    keys.update(_keys(w, lang) if w else {""})
        self.blocked = {(a, b) for a, b in data.get("not", [])}
        # Where a head word may start: every key, found at every position (a lookahead), so
        # one key inside another is not hidden by it.
        keys = sorted(self.index, key=len, reverse=True)
        self.pattern = re.compile("(?=" + "|".join(map(re.escape, keys)) + ")" if keys else "(?!)")
        self.by_first: dict[str, list[str]] = {}
        for k in keys:
            self.by_first.setdefault(k[0], []).append(k)
        # What must follow a head word that opens few bodies: one of the words seen after
        # it (None: any word may).
        self.then: dict[str, re.Pattern[str] | None] = {}
        for k in keys:
            seconds = sorted((w for w in self.seconds[k] if w), key=len, reverse=True)
            self.then[k] = None if len(self.index[k]) >= HEAD_OPEN else \
                re.compile("|".join(map(re.escape, seconds)) or "(?!)")
        # Without clitics a key is a whole first word, so it starts the span itself.
        self.whole_words = not clitics.has_clitics(lang)

    def may_open(self, text: str, start: int, end: int, taken: Spans) -> bool:
        """Whether a model-only BODY that ``merge`` keeps (``plausible``, ``allows``) can lie
        in ``text[start:end]``: its first word holds a key (in Arabic, past its clitics) at
        a place no rule span covers, upper-case where words are whole and letters have
        case, and a key that opens few bodies has one of its second words somewhere after
        it. Each test is looser than the one it stands for, so the answer is never a wrong
        "no"."""
        piece = text[start:end]
        folded = _fold(piece, self.lang)
        if not len(folded) == len(piece) == len(piece.lower()):
            # marks dropped or a letter lower-cased into two: positions no longer line up
            return self.pattern.search(folded) is not None
        for m in self.pattern.finditer(folded):
            p = m.start()
            if self.whole_words and piece[p].islower():
                continue  # a body name opens upper-case where letters have case
            if taken.covers(start + p):
                continue
            for k in self.by_first[folded[p]]:
                then = self.then[k]
                if folded.startswith(k, p) and (then is None or then.search(folded, p + len(k))):
                    return True
        return False

    def allows(self, words: Sequence[str]) -> bool:
        if len(words) < 2:
            return False
        if (words[0].lower(), words[1].lower()) in self.blocked:
            return False
        firsts = [k for k in _keys(words[0], self.lang) if k in self.index]
        if not firsts:
            return False
        if any(len(self.index[k]) >= HEAD_OPEN for k in firsts):
            return True
        second = _keys(words[1], self.lang)
        return any(second & self.seconds[k] for k in firsts)


def plausible(text: str, s: int, e: int, lang: str, heads: Heads | None) -> bool:
    """Whether a model-only BODY span looks like a body name: one line, no quotes or clause
    punctuation inside, no punctuation at its edges, upper-case first letter (in scripts
    with case), not an upper-case heading, and (with ``heads``) opening with a head word of
    the annotated data."""
    span = text[s:e]
    if not span or _NOT_INSIDE & set(span) or span[0] in _NOT_AT_EDGE or span[-1] in _NOT_AT_EDGE:
        return False
    if span.count("(") != span.count(")"):
        return False
    cased = [c for c in span if c.isupper() != c.islower()]
    if cased and not span[0].isupper():  # in a script with case a body name opens upper-case
        return False
    if len(cased) > 3 and all(c.isupper() for c in cased):  # an upper-case heading
        return False
    return heads is None or heads.allows(_words(span, lang))


def _rules_declined(phrase: str, lang: str) -> bool:
    """The whole span is a phrase the rules know ("Thường trực", a head that needs a body
    nested in it) which they did not take as a body where it stands: the rules decided."""
    ref = normalize_body(phrase, lang)
    return ref is not None and ref.start == 0 and ref.end == len(phrase)


# ---------------------------------------------------------------------------------------------
# The merge.

@dataclass
class Merged:
    bodies: list[BodyRef]
    people: list[Ref]
    places: list[tuple[int, int, str]]
    extractors: dict[tuple[int, int, str], str] = field(default_factory=dict)


def merge(text: str, lang: str, rule_bodies: Sequence[BodyRef], rule_people: Sequence[Ref],
          ents: Sequence[tuple[int, int, str]], tag: str, heads: Heads | None = None,
          labels: Iterable[str] = LABELS) -> Merged:
    """Rule spans with the model's. Rules win wherever they overlap. A model BODY that
    overlaps no rule body or person, is ``plausible`` and is not just a phrase the rules
    know but declined there is added with a body code from ``type_body``; then model PERSON
    spans outside every body and person, then PLACE spans outside everything (each only when
    in ``labels``). ``extractors`` tags what the model added."""
    labels = set(labels)
    bodies = list(rule_bodies)
    people = list(rule_people)
    taken = [(b.start, b.end) for b in bodies] + [(p.start, p.end) for p in people]
    tags: dict[tuple[int, int, str], str] = {}
    for s, e, label in sorted(ents):
        if label != "BODY" or "BODY" not in labels or _overlaps(s, e, taken) \
                or not plausible(text, s, e, lang, heads) or _rules_declined(text[s:e], lang):
            continue
        bodies.append(type_body(text, lang, s, e))
        taken.append((s, e))
        tags[(s, e, "BODY")] = tag
    for s, e, label in sorted(ents):
        if label != "PERSON" or "PERSON" not in labels or _overlaps(s, e, taken):
            continue
        people.append(Ref(s, e, text[s:e]))
        taken.append((s, e))
        tags[(s, e, "PERSON")] = tag
    # Places the rules already report are the places inside bodies.
    places = []
    for s, e, label in sorted(ents):
        if label != "PLACE" or "PLACE" not in labels or _overlaps(s, e, taken):
            continue
        places.append((s, e, text[s:e]))
        taken.append((s, e))
        tags[(s, e, "PLACE")] = tag
    bodies.sort(key=lambda b: (b.start, b.end))
    people.sort(key=lambda p: (p.start, p.end))
    return Merged(bodies, people, places, tags)


def lines_worth_reading(model: Model, text: str, rule_bodies: Sequence[BodyRef],
                        rule_people: Sequence[Ref]) -> Callable[[int, int], bool] | None:
    """Which pieces of ``text`` the model must read for ``merge`` to keep all it would keep
    (``entities``' ``keep``): those where a model-only BODY can open (``Heads.may_open``).
    Most lines hold none, and the model is most of extraction's cost. None (read every
    line) when the model has no head words or may add people and places too."""
    if model.heads is None or model.labels != {"BODY"}:
        return None
    taken = Spans([(b.start, b.end) for b in rule_bodies] + [(p.start, p.end) for p in rule_people])
    heads = model.heads

    def keep(start: int, end: int) -> bool:
        return heads.may_open(text, start, end, taken)

    return keep


def apply(text: str, lang: str, rule_bodies: Sequence[BodyRef], rule_people: Sequence[Ref],
          models_dir: Path | None = None) -> Merged | None:
    """``merge`` with ``lang``'s enabled model; None when no model is enabled."""
    model = model_for(lang, models_dir)
    if model is None:
        return None
    keep = lines_worth_reading(model, text, rule_bodies, rule_people)
    return merge(text, lang, rule_bodies, rule_people, entities(model.nlp, text, keep),
                 model.tag, model.heads, model.labels)
