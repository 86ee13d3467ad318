"""restrack's own spaCy NER models (issue 5): data, training inputs, evaluation and use.

Everything here is plain library code; ``flows/train.py`` wraps it in a Prefect flow.

**Data** (``data/ner/<lang>/``, see ``data/ner/README.md``) is JSONL, one record a line::

    {"text": "...", "spans": [[start, end, "BODY"], ...]}

with offsets in code points and labels BODY, PERSON, PLACE. Training draws on five sources,
in a fixed order so that the same files always give the same training set:

``hand``       ``train.jsonl``: sentences written and annotated for the project;
``synthetic``  sentences built from ``synthetic.json`` (frames and fillers, labelled by
               construction, seeded);
``silver``     the rules' BODY and PERSON spans over the project's own documents (``data/raw``);
``review``     reviewers' corrections: DocBins from ``restrack review corpus`` (``doc.ents``
               are BODY spans), read from ``--corpus DIR``;
``user``       JSONL files the user adds (``data/ner/<lang>/user/*.jsonl`` or ``--data FILE``).

``heldout.jsonl`` is hand-annotated gold that training never sees (records with the same
text are removed from every training source).

**Use**: ``apply`` runs the language's model when it is enabled (``models/registry.json``,
overridable with ``RESTRACK_NER``) and merges its spans into the rule spans. Rules win:
a model span that overlaps a rule span is dropped; a model BODY that overlaps nothing is
added when it looks like a body name (``plausible``: one line, upper-case opening, a head
word seen in annotated bodies), typed through ``bodies.normalize_body``, and its
``extractor`` names the model and its version (``ner:vi@0.1.0+3fa2b1c9``). The registry
also says which labels a model may add (BODY only, unless PERSON or PLACE are measured
precise on enough held-out spans).

Training runs ``spacy train`` in a subprocess with fixed seeds and one BLAS thread, so the
same data and config give the same weights (``restrack train`` reproduces ``models/``).
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

from . import clitics
from .bodies import find_bodies, find_people, normalize_body
from .lang import tokenizer
from .records import BodyRef

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO / "data" / "ner"
RAW_DIR = REPO / "data" / "raw"
MODELS_DIR = REPO / "models"
CONFIG_DIR = MODELS_DIR / "configs"
REGISTRY = "registry.json"
LANGS = ("pl", "ru", "ar", "en", "vi")
LABELS = ("BODY", "PERSON", "PLACE")
SOURCES = ("hand", "synthetic", "silver", "review", "user")
TRAIN_FILE, HELDOUT_FILE, SYNTHETIC_FILE, USER_DIR = (
    "train.jsonl", "heldout.jsonl", "synthetic.json", "user")
SEED = 20251121
DEV_PERCENT = 15  # share of hand, silver and user records kept to pick the best checkpoint
REVIEW_REPEAT = 3  # a reviewer's correction weighs as much as three written sentences
VERSION = "0.1.0"
ENV = "RESTRACK_NER"  # "off" | "all" | "pl,vi" ; unset: the registry decides
# Enable a model by default only when it adds recall and costs at most this much precision.
MAX_PRECISION_LOSS = 0.03
_SHORT = {"B": "BODY", "P": "PERSON", "L": "PLACE"}
_LONG = {v: k for k, v in _SHORT.items()}
_MARKUP = re.compile(r"\[([^\[\]|]+)\|(BODY|PERSON|PLACE|B|P|L)\]")


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
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r.to_json(), ensure_ascii=False) + "\n")
    tmp.replace(path)


def blank(lang: str) -> Language:
    """The tokenizer every model of ``lang`` is trained and applied with (``lang.tokenizer``:
    the one blank pipeline every caller shares)."""
    return tokenizer(lang)


def problems(rec: Annotated, lang: str) -> list[str]:
    """What is wrong with a record's offsets: out of range, empty, padded with spaces,
    overlapping, unknown label, or not on token boundaries of ``blank(lang)``."""
    out: list[str] = []
    doc = blank(lang).make_doc(rec.text)
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

def lang_dir(lang: str, data_dir: Path = DATA_DIR) -> Path:
    return data_dir / lang


def hand(lang: str, data_dir: Path = DATA_DIR) -> list[Annotated]:
    path = lang_dir(lang, data_dir) / TRAIN_FILE
    return read_jsonl(path, "hand") if path.exists() else []


def heldout(lang: str, data_dir: Path = DATA_DIR) -> list[Annotated]:
    path = lang_dir(lang, data_dir) / HELDOUT_FILE
    return read_jsonl(path, "heldout") if path.exists() else []


def user(lang: str, extra: Sequence[str | Path] = (), data_dir: Path = DATA_DIR) -> list[Annotated]:
    """Documents the user added: ``data/ner/<lang>/user/*.jsonl`` and files given on the
    command line (``--data``)."""
    folder = lang_dir(lang, data_dir) / USER_DIR
    files = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    out: list[Annotated] = []
    for path in [*files, *map(Path, extra)]:
        out.extend(read_jsonl(path, "user"))
    return out


def synthetic(lang: str, data_dir: Path = DATA_DIR, seed: int = SEED) -> list[Annotated]:
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
    from .segment import segment

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


def silver(lang: str, raw_dir: Path = RAW_DIR) -> list[Annotated]:
    """The rules' spans over the project's own documents in ``lang`` (``data/raw``: files
    named ``<lang>_*``), one record per sentence; every other token is "no entity", which
    is what teaches the model that headings, legal references and sentence openings are
    not bodies."""
    from .io.auto import read

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
    from .language import detect_language

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
        for doc in db.get_docs(blank(lang).vocab):
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
                 data_dir: Path = DATA_DIR, raw_dir: Path = RAW_DIR,
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
    nlp = blank(lang)
    doc = nlp.make_doc(rec.text)
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


# ---------------------------------------------------------------------------------------------
# Training.

TINY_OVERRIDES = {
    # For tests: a model that trains in seconds.
    "components.ner.model.tok2vec.width": 32,
    "components.ner.model.tok2vec.depth": 1,
    "components.ner.model.tok2vec.embed_size": 500,
    "components.ner.model.hidden_width": 32,
    "training.max_epochs": 0,
    "training.max_steps": 150,
    "training.patience": 0,
    "training.eval_frequency": 20,
}


def config_path(lang: str, config_dir: Path = CONFIG_DIR) -> Path:
    return config_dir / f"{lang}.cfg"


# Training runs in a fresh interpreter with one BLAS thread: the same data and config then
# give the same weights whatever ran before in the calling process (a Prefect flow, another
# language's training) and however many cores the machine has.
_TRAIN_ENV = {"PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
              "MKL_NUM_THREADS": "1", "BLIS_NUM_THREADS": "1"}


def train_pipeline(lang: str, data: TrainingSet, out_dir: str | Path,
                   overrides: dict | None = None, config_dir: Path = CONFIG_DIR,
                   quiet: bool = True) -> Path:
    """Train ``lang``'s config on ``data`` (``spacy train`` in a subprocess); the best
    pipeline on dev goes to ``out_dir/pipeline`` (with ``meta.json`` naming its version).
    Returns that folder."""
    import subprocess
    import sys

    out_dir = Path(out_dir)
    work = Path(tempfile.mkdtemp(prefix=f"restrack-ner-{lang}-"))
    try:
        to_docbin(data.train, lang).to_disk(work / "train.spacy")
        # spaCy's model selection needs some dev data; with none, train data stands in.
        to_docbin(data.dev or data.train[:50], lang).to_disk(work / "dev.spacy")
        settings = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"),
                    **(overrides or {})}
        cmd = [sys.executable, "-m", "spacy", "train", str(config_path(lang, config_dir)),
               "--output", str(work / "out")]
        for key, value in settings.items():
            cmd += [f"--{key}", json.dumps(value) if not isinstance(value, str) else value]
        res = subprocess.run(cmd, env={**os.environ, **_TRAIN_ENV}, cwd=str(REPO),
                             capture_output=quiet, text=True)
        if res.returncode != 0:
            tail = (res.stderr or res.stdout or "")[-2000:] if quiet else ""
            raise RuntimeError(f"spacy train failed for {lang} (exit {res.returncode}): {tail}")
        nlp = spacy.load(work / "out" / "model-best")
        target = out_dir / "pipeline"
        out_dir.mkdir(parents=True, exist_ok=True)
        if target.exists():
            shutil.rmtree(target)
        cfg = nlp.config.copy()
        cfg["paths"]["train"] = None
        cfg["paths"]["dev"] = None
        nlp.config = cfg
        nlp.meta.update({"name": f"restrack_ner_{lang}", "version": model_version(lang, data, config_dir),
                         "description": f"restrack BODY/PERSON/PLACE NER for {lang} (issue 5)",
                         "license": "MIT", "author": "restrack"})
        nlp.to_disk(target)
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)


def model_version(lang: str, data: TrainingSet, config_dir: Path = CONFIG_DIR) -> str:
    h = hashlib.sha256(config_path(lang, config_dir).read_bytes())
    h.update(data.digest.encode())
    return f"{VERSION}+{h.hexdigest()[:8]}"


# ---------------------------------------------------------------------------------------------
# Using a model: loading, merging with the rules.

def registry(models_dir: Path = MODELS_DIR) -> dict:
    path = models_dir / REGISTRY
    return _read_registry(str(path), path.stat().st_mtime if path.exists() else 0.0)


@cache
def _read_registry(path: str, mtime: float) -> dict:
    if not mtime:
        return {}
    return json.loads(Path(path).read_text(encoding="utf-8"))


def enabled(lang: str, models_dir: Path = MODELS_DIR) -> bool:
    """Whether extraction uses ``lang``'s model: ``RESTRACK_NER`` when set ("off", "all",
    or a list of codes), else the registry's flag; never without a trained pipeline."""
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
    heads: "Heads | None"
    labels: frozenset[str]


@cache
def load_model(path: str) -> Model:
    """A trained pipeline with its head words, loaded once per process."""
    folder = Path(path)
    nlp = spacy.load(folder / "pipeline")
    heads_file = folder / HEADS_FILE
    heads = Heads(json.loads(heads_file.read_text(encoding="utf-8")), nlp.lang) \
        if heads_file.exists() else None
    return Model(nlp, f"ner:{nlp.lang}@{nlp.meta.get('version', '')}", heads, frozenset(LABELS))


def model_for(lang: str, models_dir: Path = MODELS_DIR) -> Model | None:
    """The enabled model of ``lang`` (pipeline, extractor tag, head words, the labels the
    registry lets it add)."""
    if not enabled(lang, models_dir):
        return None
    model = load_model(str(models_dir / lang))
    labels = registry(models_dir).get(lang, {}).get("labels", ["BODY"])
    return Model(model.nlp, model.tag, model.heads, frozenset(labels))


CHUNK = 100_000


def entities(nlp: Language, text: str) -> list[tuple[int, int, str]]:
    """The model's entities over ``text``, line by line (the models learnt from sentences and
    list items; a body never spans lines), in batches; a line longer than ``CHUNK`` chars is
    cut into pieces."""
    starts, pieces, pos = [], [], 0
    for line in text.split("\n"):
        for k in range(0, len(line), CHUNK):
            piece = line[k:k + CHUNK]
            if piece.strip():
                starts.append(pos + k)
                pieces.append(piece)
        pos += len(line) + 1
    out = []
    for offset, doc in zip(starts, nlp.pipe(pieces, batch_size=128)):
        out.extend((offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents)
    return out


def type_body(text: str, lang: str, start: int = 0, end: int | None = None) -> BodyRef:
    """A body code for a model's BODY span: the rules' normaliser types the phrase when it
    opens with a body it knows; otherwise the span is an ``agency`` that takes the level and
    place of the body nested in it ("Ban Kinh tế Tỉnh ủy" -> ``agency:province:``)."""
    end = len(text) if end is None else end
    phrase = text[start:end]
    ref = normalize_body(phrase, lang)
    if ref is None:
        return BodyRef(start, end, phrase, "agency", _level_word(phrase, lang))
    head_end = len(phrase.split(None, 1)[0]) if phrase.split() else 0
    if ref.start < head_end:  # the known body opens the span (a clitic may precede it)
        return BodyRef(start, end, phrase, ref.type, ref.level, ref.place)
    return BodyRef(start, end, phrase, "agency", ref.level or _level_word(phrase, lang), ref.place)


def _level_word(phrase: str, lang: str) -> str:
    """The level the first level word of a phrase names ("Provincial", "huyện", "района")."""
    from .bodies import _analyse  # the rules' lexicon: level words in every inflected form

    an = _analyse(phrase, lang)
    if an is None:
        return ""
    for _, (_, item) in sorted(an.at.items()):
        if item.kind == "level" and item.level:
            return item.level
    return ""


def _overlaps(s: int, e: int, spans: Iterable) -> bool:
    return any(s < b and a < e for a, b in spans)


HEADS_FILE = "heads.json"
HEAD_OPEN = 3  # a head word seen with this many different next words needs no pair match
_NOT_INSIDE = set("\n;:?!«»„“”\"")
_NOT_AT_EDGE = set(".,;:!?([{«»„“”\"'—–-/")


def _keys(word: str, lang: str) -> set[str]:
    """Forms a head word is matched by: lower case; where the language glues clitics to the
    front of words (Arabic), also every form with them stripped (``clitics.forms``)."""
    w = word.lower().replace("’", "'")
    if not clitics.has_clitics(lang):
        return {w}
    w = clitics.clean(w, lang)
    return set(clitics.forms(w, lang))


def _words(text: str, lang: str) -> list[str]:
    return [t.text for t in blank(lang).make_doc(text) if not t.is_space and not t.is_punct]


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
        toks = [t for t in blank(lang).make_doc(r.text) if not t.is_space and not t.is_punct]
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


@dataclass
class Merged:
    bodies: list[BodyRef]
    people: list  # resolutions.Ref-like records (start, end, text)
    places: list[tuple[int, int, str]]
    extractors: dict[tuple[int, int, str], str] = field(default_factory=dict)


def merge(text: str, lang: str, rule_bodies: Sequence[BodyRef], rule_people: Sequence,
          ents: Sequence[tuple[int, int, str]], tag: str, heads: Heads | None = None,
          labels: Iterable[str] = LABELS) -> Merged:
    """Rule spans with the model's. Rules win wherever they overlap. A model BODY that
    overlaps no rule body or person, is ``plausible`` and is not just a phrase the rules
    know but declined there is added with a body code from ``type_body``; then model PERSON spans outside every body and person, then PLACE spans
    outside everything (each only when in ``labels``). ``extractors`` tags what the model
    added."""
    from .resolutions import Ref

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


def apply(text: str, lang: str, rule_bodies: Sequence[BodyRef], rule_people: Sequence,
          models_dir: Path = MODELS_DIR) -> Merged | None:
    """``merge`` with ``lang``'s enabled model; None when no model is enabled."""
    model = model_for(lang, models_dir)
    if model is None:
        return None
    return merge(text, lang, rule_bodies, rule_people, entities(model.nlp, text), model.tag,
                 model.heads, model.labels)


# ---------------------------------------------------------------------------------------------
# Measurement on the held-out split.

@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set, pred: set) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def as_dict(self) -> dict:
        return {"p": round(self.p, 4), "r": round(self.r, 4), "f": round(self.f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def evaluate(lang: str, nlp: Language | None, records: Sequence[Annotated] | None = None,
             data_dir: Path = DATA_DIR, heads: Heads | None = None) -> dict:
    """Exact-span P/R/F1 on the held-out split: BODY for rules, NER and both (merged as in
    extraction), and every label for the NER model alone."""
    records = heldout(lang, data_dir) if records is None else records
    modes = {m: PRF() for m in ("rules", "ner", "both")}
    per_label = {label: PRF() for label in LABELS}
    rules_people = PRF()
    for rec in records:
        gold = {(s, e) for s, e, label in rec.spans if label == "BODY"}
        rule_bodies = find_bodies(rec.text, lang)
        modes["rules"].add(gold, {(b.start, b.end) for b in rule_bodies})
        rp = [_P(s, e, t) for s, e, t in find_people(rec.text, lang)]
        rules_people.add({(s, e) for s, e, label in rec.spans if label == "PERSON"},
                         {(p.start, p.end) for p in rp})
        if nlp is None:
            continue
        ents = entities(nlp, rec.text)
        modes["ner"].add(gold, {(s, e) for s, e, label in ents if label == "BODY"})
        for label in LABELS:
            per_label[label].add({(s, e) for s, e, lb in rec.spans if lb == label},
                                 {(s, e) for s, e, lb in ents if lb == label})
        merged = merge(rec.text, lang, rule_bodies, rp, ents, "ner", heads, ("BODY",))
        modes["both"].add(gold, {(b.start, b.end) for b in merged.bodies})
    gold_n = sum(1 for r in records for *_, label in r.spans if label == "BODY")
    out = {"lang": lang, "records": len(records), "gold_body": gold_n,
           "body": {m: v.as_dict() for m, v in modes.items() if nlp is not None or m == "rules"},
           "rules_person": rules_people.as_dict()}
    if nlp is not None:
        out["ner_labels"] = {label: v.as_dict() for label, v in per_label.items()}
        out["adds_recall"] = modes["both"].r > modes["rules"].r
        out["precision_loss"] = round(modes["rules"].p - modes["both"].p, 4)
        out["recommend"] = bool(out["adds_recall"] and out["precision_loss"] <= MAX_PRECISION_LOSS)
    return out


@dataclass(slots=True)
class _P:
    start: int
    end: int
    text: str


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def eval_table(results: Sequence[dict], registry_: dict | None = None) -> str:
    """The held-out BODY table as markdown: rules, NER and both, per language."""
    registry_ = registry_ or {}
    head = ("| lang | sentences | gold BODY | rules P | rules R | rules F1 | NER P | NER R | NER F1 "
            "| both P | both R | both F1 | ΔR | ΔP | on by default |")
    lines = [head, "|" + "---|" * 15]
    for res in results:
        b = res["body"]
        rules = b["rules"]
        cells = [res["lang"], str(res["records"]), str(res["gold_body"]),
                 _pct(rules["p"]), _pct(rules["r"]), _pct(rules["f"])]
        if "ner" in b:
            ner, both = b["ner"], b["both"]
            cells += [_pct(ner["p"]), _pct(ner["r"]), _pct(ner["f"]),
                      _pct(both["p"]), _pct(both["r"]), _pct(both["f"]),
                      f"{100 * (both['r'] - rules['r']):+.1f}",
                      f"{100 * (both['p'] - rules['p']):+.1f}"]
        else:
            cells += ["–"] * 8
        on = registry_.get(res["lang"], {}).get("enabled")
        cells.append("yes" if on else "no")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Publishing: metrics, model card, registry, the evaluation report.

def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def update_registry(models_dir: Path, lang: str, entry: dict | None) -> dict:
    path = models_dir / REGISTRY
    reg = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if entry is None:
        reg.pop(lang, None)
    else:
        reg[lang] = entry
    reg = {k: reg[k] for k in sorted(reg)}
    write_atomic(path, json.dumps(reg, indent=1, ensure_ascii=False) + "\n")
    return reg


def publish(lang: str, data: TrainingSet, pipeline: Path, evaluation: dict, seconds: float,
            models_dir: Path = MODELS_DIR, tiny: bool = False) -> dict:
    """Copy a trained pipeline to ``models/<lang>/pipeline`` with ``config.cfg``,
    ``metrics.json`` and ``MODEL_CARD.md``; switch it on in the registry when it adds
    held-out recall at no more than ``MAX_PRECISION_LOSS`` of precision."""
    target = models_dir / lang
    dest = target / "pipeline"
    if dest.exists():
        shutil.rmtree(dest)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(pipeline, dest)
    write_atomic(target / "config.cfg", (dest / "config.cfg").read_text(encoding="utf-8"))
    write_atomic(target / HEADS_FILE, json.dumps(head_words(data.train + data.dev, lang),
                                                 ensure_ascii=False, indent=0) + "\n")
    meta = json.loads((dest / "meta.json").read_text(encoding="utf-8"))
    perf = meta.get("performance", {})
    enabled = bool(evaluation.get("recommend")) and not tiny
    labels = labels_in_use(evaluation)
    metrics = {
        "lang": lang,
        "version": meta.get("version", ""),
        "spacy": meta.get("spacy_version", ""),
        "enabled": enabled,
        "labels": labels,
        "tiny": tiny,
        "data": {"sources": data.counts, "train_docs": len(data.train), "dev_docs": len(data.dev),
                 "removed_heldout_duplicates": data.dropped, "digest": data.digest[:16]},
        "dev": {k: perf[k] for k in ("ents_p", "ents_r", "ents_f", "ents_per_type") if k in perf},
        "heldout": evaluation,
        "train_seconds": round(seconds, 1),
        "size_bytes": _dir_size(dest),
    }
    write_atomic(target / "metrics.json", json.dumps(metrics, indent=1, ensure_ascii=False) + "\n")
    write_atomic(target / "MODEL_CARD.md", model_card(metrics))
    reason = ("adds held-out BODY recall at ≤ 3 points of precision" if enabled else
              "tiny test model" if tiny else
              "does not add held-out BODY recall within 3 points of precision")
    update_registry(models_dir, lang, {"enabled": enabled, "version": metrics["version"],
                                       "pipeline": f"{lang}/pipeline", "labels": labels,
                                       "reason": reason})
    return metrics


MIN_LABEL_PRECISION, MIN_LABEL_GOLD = 0.8, 20


def labels_in_use(evaluation: dict) -> list[str]:
    """Labels extraction takes from the model: BODY when it earns its place (``recommend``),
    PERSON and PLACE when the model alone is precise on enough held-out spans."""
    out = ["BODY"] if evaluation.get("recommend") else []
    for label in ("PERSON", "PLACE"):
        d = evaluation.get("ner_labels", {}).get(label)
        if d and d["tp"] + d["fn"] >= MIN_LABEL_GOLD and d["p"] >= MIN_LABEL_PRECISION:
            out.append(label)
    return out


def _row(name: str, d: dict) -> str:
    return f"| {name} | {_pct(d['p'])} | {_pct(d['r'])} | {_pct(d['f'])} | {d['tp']} | {d['fp']} | {d['fn']} |"


def model_card(m: dict) -> str:
    lang, ev = m["lang"], m["heldout"]
    src = m["data"]["sources"]
    lines = [
        f"# restrack NER model — `{lang}` {m['version']}",
        "",
        f"A spaCy pipeline (spaCy {m['spacy']}): the blank `{lang}` tokenizer and one transition-based "
        "`ner` component with its own HashEmbedCNN tok2vec (width 64, depth 2, 4000 hash rows, "
        "CPU efficiency architecture, no pretrained vectors). Labels: BODY (party, state and mass "
        "organisation bodies and their units), PERSON, PLACE. Config: "
        f"[`config.cfg`](config.cfg) (from `models/configs/{lang}.cfg`); trained by "
        f"`restrack train --lang {lang}` in {m['train_seconds']:.0f} s; "
        f"{m['size_bytes'] / 1e6:.1f} MB.",
        "",
        f"**On by default: {'yes' if m['enabled'] else 'no'}** (`models/registry.json`; "
        "`RESTRACK_NER=off|all|<codes>` overrides). In extraction, rule spans win wherever "
        "they overlap; a model BODY that overlaps nothing and looks like a body name (see Limits) "
        "is added with a code from `bodies.normalize_body` (else `agency`) and `extractor` = "
        f"`ner:{lang}@{m['version']}`. Labels extraction takes from this model: "
        f"{', '.join(m.get('labels', [])) or 'none'}.",
        "",
        "## Data",
        "",
        "| source | records | BODY | PERSON | PLACE |",
        "|---|---|---|---|---|",
    ]
    for name in SOURCES:
        c = src.get(name, {})
        lines.append(f"| {name} | {c.get('records', 0)} | {c.get('BODY', 0)} | "
                     f"{c.get('PERSON', 0)} | {c.get('PLACE', 0)} |")
    lines += [
        "",
        f"Train {m['data']['train_docs']} docs, dev {m['data']['dev_docs']} (a fixed {DEV_PERCENT}% "
        "of the hand, silver and user records by a hash of the text, used only to pick the best "
        f"checkpoint); synthetic sentences always train, reviewers' corrections count "
        f"{REVIEW_REPEAT}× and always train. Sources: `hand` = `data/ner/{lang}/train.jsonl`, "
        f"`synthetic` = `data/ner/{lang}/synthetic.json`, `silver` = the rules over `data/raw`, "
        f"`review` = `--corpus` DocBins, `user` = `data/ner/{lang}/user/*.jsonl` and `--data`. "
        f"Data digest `{m['data']['digest']}`.",
        "",
        f"## Held-out (`data/ner/{lang}/heldout.jsonl`: {ev['records']} sentences, "
        f"{ev['gold_body']} gold BODY spans; exact span match)",
        "",
        "| BODY | P | R | F1 | tp | fp | fn |",
        "|---|---|---|---|---|---|---|",
    ]
    for mode in ("rules", "ner", "both"):
        if mode in ev["body"]:
            lines.append(_row(mode, ev["body"][mode]))
    lines += ["", "| NER alone, per label | P | R | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|"]
    for label, d in ev.get("ner_labels", {}).items():
        lines.append(_row(label, d))
    dev = m.get("dev", {})
    if dev:
        lines += ["", f"Dev (checkpoint selection): P {_pct(dev.get('ents_p', 0))}, "
                  f"R {_pct(dev.get('ents_r', 0))}, F1 {_pct(dev.get('ents_f', 0))}."]
    lines += [
        "",
        "## Limits",
        "",
        "* The held-out sentences were written for the project in the genre, like the training "
        "sentences, and they deliberately name many bodies the rules do not know. Real documents "
        "(long machine translations, tables, OCR) are harder, so expect lower figures there.",
        "* PLACE and PERSON have few training examples; only BODY is measured with enough spans "
        "to decide anything. PLACE inside a BODY span is left to the rules (spans do not nest).",
        "* Rules win on overlap, so a model span that corrects a rule span that is too short "
        "(\"Tỉnh ủy\" inside \"Ban Kinh tế Tỉnh ủy\") is not used; NER alone can score above both.",
        "* A body found only by the model that the normaliser cannot type becomes `agency` with "
        "the level and place of the body nested in it (or of a level word in it).",
        "* On long real documents (tables, headings, clause openings) the model proposes phrases "
        "that are not bodies; extraction keeps a model-only BODY only when it is one line, opens "
        "upper-case, starts with a head word of the annotated bodies (`heads.json`) and is not a "
        "phrase the rules know but declined there. That removes most of them, not all.",
        "",
    ]
    return "\n".join(lines)


def evaluate_all(models_dir: Path = MODELS_DIR, langs: Sequence[str] = LANGS,
                 data_dir: Path = DATA_DIR) -> list[dict]:
    """Held-out evaluation of every language: the model in ``models_dir`` when there is one
    (whether or not it is switched on), else the rules alone."""
    out = []
    for lang in langs:
        if not (lang_dir(lang, data_dir) / HELDOUT_FILE).exists():
            continue
        path = models_dir / lang / "pipeline"
        nlp = spacy.load(path) if path.is_dir() else None
        heads_file = models_dir / lang / HEADS_FILE
        heads = Heads(json.loads(heads_file.read_text(encoding="utf-8")), lang) \
            if heads_file.exists() else None
        res = evaluate(lang, nlp, data_dir=data_dir, heads=heads)
        if nlp is not None:
            res["version"] = nlp.meta.get("version", "")
        out.append(res)
    return out


def eval_report(results: Sequence[dict], registry_: dict) -> str:
    lines = [
        "# NER evaluation on the held-out split",
        "",
        "BODY spans, exact match, on `data/ner/<lang>/heldout.jsonl` (hand-annotated sentences "
        "that no training source contains). *rules* = `bodies.find_bodies`; *NER* = the trained "
        "model alone; *both* = what extraction uses: rule spans, plus model BODY spans that "
        "overlap no rule span and look like a body name (one line, upper-case opening, a head "
        "word seen in annotated bodies, not a phrase the rules know but declined there). "
        "ΔR/ΔP = both − rules, in points. Produced by `restrack eval-ner`.",
        "",
        eval_table(results, registry_),
        "",
        "NER alone, every label (P / R / F1):",
        "",
        "| lang | model | BODY | PERSON | PLACE |",
        "|---|---|---|---|---|",
    ]
    for res in results:
        labels = res.get("ner_labels")
        if not labels:
            lines.append(f"| {res['lang']} | – | – | – | – |")
            continue
        cells = [f"{_pct(d['p'])} / {_pct(d['r'])} / {_pct(d['f'])}" for d in labels.values()]
        lines.append(f"| {res['lang']} | {res.get('version', '')} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "A model is on by default (`models/registry.json`) only where *both* has higher recall "
        "than *rules* at no more than 3 points of precision lost. The held-out sentences were "
        "written for the project and name many bodies the rules do not know (new departments, "
        "centres, boards, funds); on ordinary text, where most bodies are the ones the rules "
        "were written for, the gain is smaller. On long real documents (tables, headings, "
        "clause openings) the model also proposes phrases that are not bodies; the checks "
        "above remove most of them, not all. PERSON and PLACE have too few held-out spans to "
        "trust (the registry lets a model add them only from 20 spans at 80% precision), so "
        "extraction takes BODY only from the models.",
        "",
    ]
    return "\n".join(lines)


def write_eval_report(models_dir: Path = MODELS_DIR, langs: Sequence[str] = LANGS,
                      data_dir: Path = DATA_DIR, out: Path | None = None) -> str:
    results = evaluate_all(models_dir, langs, data_dir)
    text = eval_report(results, registry(models_dir))
    write_atomic(out or models_dir / "NER_EVAL.md", text)
    return text
