"""Reviewed rows as NER training data: spaCy ``DocBin`` files with BODY entities.

Every sentence that holds an accepted or corrected row becomes one ``Doc`` (a blank
pipeline's tokenizer of the row's language). Its ``doc.ents`` are BODY spans:

* the bodies of the rows' ``responsible`` and ``issuer`` that the sentence names — located
  through the run's BODY mentions (same code), else ``bodies.find_bodies`` over the
  sentence (same code, else same type and level, else same type);
* every other BODY mention the rules found in the sentence, so that a body the reviewer did
  not list as responsible is not taught as "no entity".

Spans are aligned to tokens with ``alignment_mode="expand"``; overlapping spans keep the
longest. ``doc.user_data`` holds doc_id, start, end, language, target_ids, the reviewed body
codes and those not found in the sentence (``unlocated``).

Files: ``<dest>/<lang>.spacy`` (read with ``DocBin().from_disk(path).get_docs(nlp.vocab)``)
and ``<dest>/corpus.json`` (counts per language).
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .io.atomic import atomic_write
from .io.runfolder import read_table
from .lang import load, tokenizer as blank
from .records import LIST_SEP
from .review import load_run

LABEL = "BODY"
CORPUS_DIR = "corpus"
REVIEWED = ("accepted", "corrected")


@dataclass
class CorpusResult:
    path: Path
    files: dict[str, Path] = field(default_factory=dict)  # language -> DocBin
    docs: int = 0
    ents: int = 0
    rows: int = 0
    unlocated: int = 0
    by_language: dict[str, dict[str, int]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        if not self.docs:
            return ["no accepted or corrected rows: nothing written"]
        out = [f"{self.docs} sentences from {self.rows} reviewed rows, {self.ents} BODY spans "
               f"({self.unlocated} reviewed body codes not found in their sentence)"]
        out += [f"{lang}: {c['docs']} docs, {c['ents']} spans -> {self.files[lang]}"
                for lang, c in sorted(self.by_language.items())]
        return out


def _codes(value: str) -> list[str]:
    return [c.strip() for c in (value or "").split(LIST_SEP.strip()) if c.strip()]


def _rules_lang(lang: str) -> str:
    from .lang import languages

    return lang if lang in languages() else "en"


def _locate(code: str, sentence: str, lang: str, known: list[tuple[int, int, str]]
            ) -> tuple[int, int] | None:
    """Offsets (in ``sentence``) of the body ``code``: a BODY mention with that code, else
    a body the rules find there with that code, type and level, or type."""
    from .bodies import find_bodies

    for s, e, canonical in known:
        if canonical == code:
            return s, e
    found = [(b.start, b.end, b.canonical) for b in find_bodies(sentence, _rules_lang(lang))]
    btype, level = (code.split(":") + ["", ""])[:2]
    for match in (lambda c: c == code,
                  lambda c: c.split(":")[:2] == [btype, level],
                  lambda c: c.split(":")[0] == btype):
        for s, e, canonical in [*found, *known]:
            if match(canonical):
                return s, e
    return None


def build_corpus(out_dir: Path, dest: Path | None = None) -> CorpusResult:
    """DocBins of the accepted and corrected rows of the run in ``out_dir``."""
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    out_dir = Path(out_dir)
    dest = Path(dest) if dest else out_dir / CORPUS_DIR
    result = CorpusResult(dest)
    run = load_run(out_dir)
    rows = [r for r in run.targets if r.review_status in REVIEWED and r.sentence]
    result.rows = len(rows)
    if not rows:
        return result
    try:
        mentions = read_table(out_dir, "mentions")
        # A model's own guesses must not be fed back to it as truth: rule mentions only.
        mentions = mentions[(mentions["label"] == LABEL)
                            & ~mentions["extractor"].fillna("").str.startswith("ner:")]
    except FileNotFoundError:
        mentions = None
    bodies_of: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    if mentions is not None:
        for d, s, e, c in mentions[["doc_id", "start", "end", "canonical"]].itertuples(index=False):
            bodies_of[str(d)].append((int(s), int(e), str(c)))

    sentences: dict[tuple[str, int, int], dict] = {}
    for r in rows:
        key = (r.doc_id, r.start, r.end)
        item = sentences.setdefault(key, {"sentence": r.sentence, "language": r.language or "xx",
                                          "target_ids": [], "codes": [], "statuses": []})
        item["target_ids"].append(r.target_id)
        item["statuses"].append(r.review_status)
        for code in [*_codes(r.responsible), *_codes(r.issuer)]:
            if code not in item["codes"]:
                item["codes"].append(code)

    bins: dict[str, DocBin] = {}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"docs": 0, "ents": 0})
    for (doc_id, start, end), item in sorted(sentences.items(), key=lambda kv: (kv[1]["language"], kv[0])):
        lang, sentence = item["language"], item["sentence"]
        nlp = blank(lang)
        doc = nlp.make_doc(sentence)
        if mentions is not None:
            known = [(s - start, e - start, c) for s, e, c in bodies_of.get(doc_id, [])
                     if start <= s and e <= end]
        else:
            from .bodies import find_bodies

            known = [(b.start, b.end, b.canonical) for b in find_bodies(sentence, _rules_lang(lang))]
        spans, unlocated = [], []
        chosen: set[tuple[int, int]] = set()
        for code in item["codes"]:
            at = _locate(code, sentence, lang, known)
            if at is None:
                unlocated.append(code)
            else:
                chosen.add(at)
        for s, e in sorted(chosen | {(s, e) for s, e, _ in known}):
            span = doc.char_span(s, e, label=LABEL, alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
        doc.ents = filter_spans(spans)
        doc.user_data.update({"doc_id": doc_id, "start": start, "end": end, "lang": lang, "language": lang,
                              "target_ids": item["target_ids"], "review_status": item["statuses"],
                              "bodies": item["codes"], "unlocated": unlocated})
        bins.setdefault(lang, DocBin(store_user_data=True)).add(doc)
        counts[lang]["docs"] += 1
        counts[lang]["ents"] += len(doc.ents)
        result.docs += 1
        result.ents += len(doc.ents)
        result.unlocated += len(unlocated)

    dest.mkdir(parents=True, exist_ok=True)
    for lang, db in bins.items():
        path = dest / f"{lang}.spacy"
        atomic_write(path, db.to_disk)
        result.files[lang] = path
    result.by_language = {k: dict(v) for k, v in counts.items()}
    manifest = {"label": LABEL, "source": str(out_dir), "rows": result.rows,
                "languages": {lang: {**counts[lang], "file": result.files[lang].name,
                                     "blank": load(lang, "tokenizer").get("config", {})} for lang in sorted(bins)}}
    atomic_write(dest / "corpus.json",
                 lambda p: p.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8"))
    return result
