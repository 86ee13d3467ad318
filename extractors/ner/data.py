"""NER training data: annotated records, their five sources, the training set and DocBins.

Training draws on five sources, in a fixed order so that the same files always give the same
training set:

``hand``       ``train.jsonl``: sentences written and annotated for the project;
``synthetic``  sentences built from ``synthetic.json`` (frames and fillers, labelled by
               construction, seeded);
``silver``     the rules' BODY and PERSON spans over the project's own documents (``data/raw``);
``review``     reviewers' corrections: DocBins from ``restrack review corpus`` (``doc.ents``
               are BODY spans), read from ``--corpus DIR``;
``user``       JSONL files the user adds (``data/ner/<lang>/user/*.jsonl`` or ``--data FILE``).

``heldout.jsonl`` is hand-annotated gold that training never sees (records with the same
text are removed from every training source). The folders come from ``extractors.settings``.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

from .. import settings
from ..bodies import find_bodies, find_people
from ..io.atomic import atomic_write_text
from ..io.auto import read
from ..lang import tokenizer
from ..language import detect_language
from ..segment import segment
from . import LABELS, LANGS

SOURCES = ("hand", "synthetic", "silver", "review", "user")
TRAIN_FILE, HELDOUT_FILE, SYNTHETIC_FILE, USER_DIR = (
    "train.jsonl", "heldout.jsonl", "synthetic.json", "user")
SEED = 20251121
DEV_PERCENT = 15  # share of hand, silver and user records kept to pick the best checkpoint
REVIEW_REPEAT = 3  # a reviewer's correction weighs as much as three written sentences
_SHORT = {"B": "BODY", "P": "PERSON", "L": "PLACE"}
_LONG = {v: k for k, v in _SHORT.items()}
_MARKUP = re.compile(r"\[([^\[\]|]+)\|(BODY|PERSON|PLACE|B|P|L)\]")


def ner_dir() -> Path:
    """The annotated data, one folder per language: ``data/ner`` of the project folder."""
    return settings.data_dir() / "ner"


def samples_dir() -> Path:
    """The project's own documents, the silver source: ``data/raw`` of the project folder."""
    return settings.data_dir() / "raw"


# ---------------------------------------------------------------------------------------------
# Records.

@dataclass(slots=True)
class Annotated:
    """One annotated text; every token outside ``spans`` is "no entity"."""

    text: str
    spans: list[tuple[int, int, str]]
    source: str = "hand"

    def to_json(self) -> dict:
        return {"text": self.text, "spans": [list(s) for s in self.spans]}


def markup(line: str, source: str = "hand") -> Annotated:
    """A record from inline markup: ``[Ban Kinh tế Tỉnh ủy|B] chủ trì ...`` (B, P, L or the
    full label names)."""
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = n = 0
    for m in _MARKUP.finditer(line):
        parts.append(line[pos:m.start()])
        n += m.start() - pos
        inner = m.group(1)
        spans.append((n, n + len(inner), _SHORT.get(m.group(2), m.group(2))))
        parts.append(inner)
        n += len(inner)
        pos = m.end()
    parts.append(line[pos:])
    return Annotated("".join(parts), spans, source)


def to_markup(rec: Annotated) -> str:
    out, pos = [], 0
    for s, e, label in sorted(rec.spans):
        out.append(rec.text[pos:s])
        out.append(f"[{rec.text[s:e]}|{_LONG.get(label, label)}]")
        pos = e
    out.append(rec.text[pos:])
    return "".join(out)


def read_jsonl(path: str | Path, source: str = "hand") -> list[Annotated]:
    out = []
    with Path(path).open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                spans = [(int(s), int(e), str(label)) for s, e, label in d.get("spans", [])]
                out.append(Annotated(d["text"], spans, source))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: not a record: {exc}") from exc
    return out


def write_jsonl(path: str | Path, records: Iterable[Annotated]) -> None:
    atomic_write_text(Path(path), "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n"
                                   for r in records))


def problems(rec: Annotated, lang: str) -> list[str]:
    """What is wrong with a record's offsets: out of range, empty, padded with spaces,
    overlapping, unknown label, or not on token boundaries of the language's tokenizer
    (``lang.tokenizer``, the one every model is trained and applied with)."""
    out: list[str] = []
    doc = tokenizer(lang).make_doc(rec.text)
    last_end, last = -1, None
    for s, e, label in sorted(rec.spans):
        where = f"[{s}:{e}] {rec.text[s:e]!r}"
        if label not in LABELS:
            out.append(f"{where}: unknown label {label}")
        if not 0 <= s < e <= len(rec.text):
            out.append(f"{where}: offsets out of range")
            continue
        if rec.text[s:e] != rec.text[s:e].strip():
            out.append(f"{where}: starts or ends with white space")
        if s < last_end:
            out.append(f"{where}: overlaps {last}")
        if doc.char_span(s, e) is None:
            out.append(f"{where}: not on token boundaries")
        last_end, last = max(last_end, e), where
    return out


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


# ---------------------------------------------------------------------------------------------
# Sources.

def lang_dir(lang: str, data_dir: Path | None = None) -> Path:
    return (data_dir or ner_dir()) / lang


def hand(lang: str, data_dir: Path | None = None) -> list[Annotated]:
    path = lang_dir(lang, data_dir) / TRAIN_FILE
    return read_jsonl(path, "hand") if path.exists() else []


def heldout(lang: str, data_dir: Path | None = None) -> list[Annotated]:
    path = lang_dir(lang, data_dir) / HELDOUT_FILE
    return read_jsonl(path, "heldout") if path.exists() else []


def user(lang: str, extra: Sequence[str | Path] = (),
         data_dir: Path | None = None) -> list[Annotated]:
    """Documents the user added: ``data/ner/<lang>/user/*.jsonl`` and files given on the
    command line (``--data``)."""
    folder = lang_dir(lang, data_dir) / USER_DIR
    files = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    out: list[Annotated] = []
    for path in [*files, *map(Path, extra)]:
        out.extend(read_jsonl(path, "user"))
    return out


def synthetic(lang: str, data_dir: Path | None = None, seed: int = SEED) -> list[Annotated]:
    """Sentences from ``synthetic.json``: every frame filled ``per_frame`` times with fillers
    drawn by a seeded RNG. Slots are ``{B}`` (a body), ``{P}`` (a person), ``{L}`` (a place);
    a case after a colon (``{B:gen}``) picks that form of an inflected filler, which is then
    ``{"nom": ..., "gen": ...}``. Fillers of one kind differ within a sentence."""
    path = lang_dir(lang, data_dir) / SYNTHETIC_FILE
    if not path.exists():
        return []
    spec = json.loads(path.read_text(encoding="utf-8"))
    rng = random.Random(f"{seed}:{lang}")
    fillers = {"B": spec.get("bodies", []), "P": spec.get("people", []),
               "L": spec.get("places", [])}
    slot = re.compile(r"\{([BPL])(?::(\w+))?\}")
    out: list[Annotated] = []
    for frame in spec.get("frames", []):
        for _ in range(spec.get("per_frame", 3)):
            used: dict[str, set[int]] = {"B": set(), "P": set(), "L": set()}
            text, spans, pos = [], [], 0
            n = 0
            for m in slot.finditer(frame):
                kind, case = m.group(1), m.group(2) or "nom"
                pool = fillers[kind]
                choices = [i for i in range(len(pool)) if i not in used[kind]] or list(range(len(pool)))
                i = rng.choice(choices)
                used[kind].add(i)
                item = pool[i]
                value = item if isinstance(item, str) else item.get(case) or item["nom"]
                text.append(frame[pos:m.start()])
                n += m.start() - pos
                spans.append((n, n + len(value), _SHORT[kind]))
                text.append(value)
                n += len(value)
                pos = m.end()
            text.append(frame[pos:])
            joined = "".join(text)
            out.append(Annotated(joined, spans, "synthetic"))
    return out


def sentences(text: str, lang: str, spans: Sequence[tuple[int, int, str]] = ()) -> Iterator[tuple[int, int]]:
    """Sentence spans of ``text`` (restrack's segmenter), joined where an annotated span
    crosses a boundary."""
    segs = [(s.start, s.end) for s in segment(text, lang)]
    cur: list[int] | None = None
    for s, e in segs:
        if cur is not None and any(a < cur[1] and b > s for a, b, _ in spans):
            cur[1] = e
            continue
        if cur is not None:
            yield cur[0], cur[1]
        cur = [s, e]
    if cur is not None:
        yield cur[0], cur[1]


def _cut(text: str, spans: Sequence[tuple[int, int, str]], lang: str, source: str) -> list[Annotated]:
    """One record per sentence, offsets moved into the sentence."""
    out = []
    for s, e in sentences(text, lang, spans):
        inside = [(a - s, b - s, label) for a, b, label in spans if a >= s and b <= e]
        out.append(Annotated(text[s:e], inside, source))
    return out


def rule_spans(text: str, lang: str) -> list[tuple[int, int, str]]:
    """The rules' BODY and PERSON spans (people inside a body are left to the body)."""
    found = [(b.start, b.end, "BODY") for b in find_bodies(text, lang)]
    for s, e, _ in find_people(text, lang):
        if not any(s < b and a < e for a, b, _ in found):
            found.append((s, e, "PERSON"))
    return sorted(found)


def silver(lang: str, raw_dir: Path | None = None) -> list[Annotated]:
    """The rules' spans over the project's own documents in ``lang`` (``data/raw``: files
    named ``<lang>_*``), one record per sentence; every other token is "no entity", which
    is what teaches the model that headings, legal references and sentence openings are
    not bodies."""
    raw_dir = raw_dir or samples_dir()
    out: list[Annotated] = []
    if not raw_dir.is_dir():
        return out
    for path in sorted(raw_dir.glob(f"{lang}_*")):
        _, raw = read(path)
        if raw.status != "ok" or not raw.text.strip():
            continue
        out.extend(_cut(raw.text, rule_spans(raw.text, lang), lang, "silver"))
    return out


_LEAD, _TRAIL = "([{«“„\"'", ")]}»”\"',;:.!?"


def _trim_span(text: str, s: int, e: int, label: str) -> tuple[int, int, str]:
    """A span without the white space and punctuation a token-expanded span drags in."""
    while s < e and (text[s].isspace() or text[s] in _LEAD):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in _TRAIL):
        e -= 1
    return s, e, label


def _doc_lang(doc: Doc, path: Path, corpus: Path) -> str:
    for key in ("lang", "language"):
        value = doc.user_data.get(key) if isinstance(doc.user_data, dict) else None
        if isinstance(value, str) and value:
            return value
    for part in [path.stem, *path.relative_to(corpus).parts[:-1]]:
        head = re.split(r"[_.\-]", part)[0].lower()
        if head in LANGS:
            return head
    return detect_language(doc.text)


def review(lang: str, corpus: str | Path | None) -> list[Annotated]:
    """Reviewers' corrections in ``lang``: every ``*.spacy`` DocBin under ``corpus``. Their
    BODY entities are taken as complete (a token outside them is no body); people the rules
    find are added as PERSON. A file's language comes from ``doc.user_data["lang"]``, else
    a language code opening its name or folder (``vi.spacy``, ``vi/``), else detection."""
    if not corpus:
        return []
    corpus = Path(corpus)
    files = [corpus] if corpus.is_file() else sorted(corpus.rglob("*.spacy"))
    out: list[Annotated] = []
    for path in files:
        db = DocBin(store_user_data=True).from_disk(path)
        for doc in db.get_docs(tokenizer(lang).vocab):
            if _doc_lang(doc, path, corpus if corpus.is_dir() else path.parent) != lang:
                continue
            spans = [_trim_span(doc.text, e.start_char, e.end_char, "BODY")
                     for e in doc.ents if e.label_ == "BODY"]
            spans = [s for s in spans if s[1] > s[0]]
            for s, e, _ in find_people(doc.text, lang):
                if not any(s < b and a < e for a, b, _ in spans):
                    spans.append((s, e, "PERSON"))
            out.extend(_cut(doc.text, sorted(spans), lang, "review"))
    return out


# ---------------------------------------------------------------------------------------------
# Training sets.

@dataclass
class TrainingSet:
    lang: str
    train: list[Annotated]
    dev: list[Annotated]
    counts: dict[str, dict[str, int]]  # source -> {"records": n, "BODY": n, ...}
    dropped: int = 0  # records removed because their text is in the held-out split

    @property
    def digest(self) -> str:
        h = hashlib.sha256()
        for part, recs in (("train", self.train), ("dev", self.dev)):
            for r in recs:
                h.update(json.dumps([part, r.text, r.spans], ensure_ascii=False).encode())
        return h.hexdigest()


def _is_dev(rec: Annotated) -> bool:
    return int(hashlib.sha256(_key(rec.text).encode()).hexdigest(), 16) % 100 < DEV_PERCENT


def training_set(lang: str, corpus: str | Path | None = None, extra: Sequence[str | Path] = (),
                 data_dir: Path | None = None, raw_dir: Path | None = None,
                 sources: Sequence[str] = SOURCES) -> TrainingSet:
    """Every training source of ``lang`` in a fixed order, split into train and dev by a
    hash of the text; held-out texts are removed; reviewers' corrections and synthetic
    sentences always train."""
    held = {_key(r.text) for r in heldout(lang, data_dir)}
    loaders = {
        "hand": lambda: hand(lang, data_dir),
        "synthetic": lambda: synthetic(lang, data_dir),
        "silver": lambda: silver(lang, raw_dir),
        "review": lambda: review(lang, corpus),
        "user": lambda: user(lang, extra, data_dir),
    }
    train: list[Annotated] = []
    dev: list[Annotated] = []
    counts: dict[str, dict[str, int]] = {}
    seen: set[str] = set()
    dropped = 0
    for source in sources:
        recs = loaders[source]()
        c: Counter[str] = Counter()
        for r in recs:
            k = _key(r.text)
            if not k:
                continue
            if k in held:
                dropped += 1
                continue
            if k in seen and source != "review":
                continue
            seen.add(k)
            c["records"] += 1
            c.update(label for _, _, label in r.spans)
            if source == "review":
                train.extend([r] * REVIEW_REPEAT)
            elif source != "synthetic" and _is_dev(r):  # frames are too easy to judge by
                dev.append(r)
            else:
                train.append(r)
        counts[source] = {"records": c["records"], **{label: c[label] for label in LABELS}}
    return TrainingSet(lang, train, dev, counts, dropped)


def to_doc(rec: Annotated, lang: str) -> Doc:
    """The record as a Doc with entities; spans off token boundaries snap outwards."""
    doc = tokenizer(lang).make_doc(rec.text)
    ents: list[Span] = []
    for s, e, label in rec.spans:
        span = doc.char_span(s, e, label=label) or doc.char_span(s, e, label=label,
                                                                 alignment_mode="expand")
        if span is not None:
            ents.append(span)
    doc.set_ents(filter_spans(ents), default="outside")
    return doc


def to_docbin(records: Iterable[Annotated], lang: str) -> DocBin:
    db = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"])
    for r in records:
        db.add(to_doc(r, lang))
    return db
