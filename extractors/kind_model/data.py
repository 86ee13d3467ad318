"""Labelled candidates from annotated documents (SPEC §5 gold), one record per candidate.

A candidate of an annotated document is labelled with the kind of the gold row whose
evidence its sentence holds and whose value it has; candidates inside the annotated
regions that no gold row claims are ``none`` (gold files annotate every target of their
regions; achievements and structure counts are sampled, so ``none`` may hide some).
Records hold feature tokens, the label, the rules' kind and the document's name — never
the document's text — so they can be kept and shared where the documents cannot.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..io.auto import read
from ..pipeline import analyse
from ..records import Document
from ..rows import paragraph_frames, section_modes
from ..rows.candidates import candidates, features

LABELS = ("target", "achievement", "structure", "none")


@dataclass(slots=True)
class Example:
    doc: str  # the document's file name
    lang: str
    label: str
    rule: str  # the rules' kind, "none" for no row
    features: list[str]
    note: str = ""  # the value in its sentence, only when asked for (never kept in the repo)

    def to_json(self) -> dict:
        return asdict(self)


def norm(s: str) -> str:
    """As the reference scorer compares evidence: NFKC, one space, lower case, the percent
    sign after the number."""
    s = unicodedata.normalize("NFKC", s or "").replace("\u00a0", " ").replace("\u202f", " ")
    s = re.sub(r"\s+", " ", s).strip().lower()
    return re.sub(r"(?<![\d%٪])[%٪] ?(\d[\d.,٫٬]*)", r"\1%", s)


def _same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _regions(text: str, regions: list[list[str]]) -> list[tuple[int, int]] | None:
    """The annotated spans of ``text`` (as the reference scorer finds them), or None when
    the whole document is annotated."""
    if not regions:
        return None
    spans = []
    for a, b in regions:
        i = text.find(a)
        j = text.find(b, i + 1) if i >= 0 else -1
        if i >= 0 and j >= 0:
            spans.append((i, j + len(b)))
    return spans


def examples(path: Path, gold: dict, note: bool = False) -> Iterator[Example]:
    """The labelled candidates of one annotated document (sentences and list items; table
    cells are read through their header by the rules)."""
    doc_id, raw = read(path)
    if raw.status != "ok":
        return
    doc = Document(doc_id=doc_id, source=str(path), format=raw.format)
    a = analyse(doc, raw)
    ctx, segments = a.ctx, a.segments
    spans = _regions(ctx.text, gold.get("regions") or [])
    modes = section_modes(ctx, segments)
    frames = paragraph_frames(ctx, segments)
    golds = [(norm(g["evidence"]), float(g["value"]), g["kind"]) for g in gold["rows"]
             if g.get("value") is not None]
    for seg, mode in zip(segments, modes):
        if seg.kind in ("heading", "row"):
            continue
        if spans is not None and not any(s <= seg.start and seg.end <= e + 1 for s, e in spans):
            continue
        sentence = norm(ctx.text[seg.start:seg.end])
        for c in candidates(ctx, seg, mode, frames.get(seg.block, 0.0)):
            kinds = {k for ev, v, k in golds if ev in sentence and _same(c.q.value, v)}
            label = "target" if "target" in kinds else (sorted(kinds)[0] if kinds else "none")
            shown = (ctx.text[seg.start:c.q.start] + "[[" + c.q.text + "]]"
                     + ctx.text[c.q.end:seg.end])[-300:] if note else ""
            yield Example(path.name, ctx.lang, label, c.rule_kind or "none", features(ctx, c), shown)


def corpus_examples(corpus: Path, gold_dir: Path, note: bool = False) -> Iterator[Example]:
    """Every annotated document of a corpus folder with its gold folder."""
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        path = corpus / gold["doc"]
        if path.exists():
            yield from examples(path, gold, note)


def write_jsonl(path: Path, records: Iterable[Example]) -> None:
    from ..io.atomic import atomic_write_text

    atomic_write_text(path, "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n"
                                    for r in records))


def read_jsonl(path: Path) -> list[Example]:
    return [Example(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
