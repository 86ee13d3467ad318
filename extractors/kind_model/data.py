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
from ..rows.candidates import Candidate, candidates, features
from ..segment import Segment

LABELS = ("target", "achievement", "structure", "none")


@dataclass(slots=True)
class Example:
    doc: str  # the document's file name
    lang: str
    label: str
    rule: str  # the rules' kind, "none" for no row
    features: list[str]
    start: int = -1  # the value's place in the document's text (held-out decisions use it)
    end: int = -1
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


def analysed(path: Path):
    """The document at ``path`` read and analysed as extraction does, or None."""
    doc_id, raw = read(path)
    if raw.status != "ok":
        return None
    doc = Document(doc_id=doc_id, source=str(path), format=raw.format)
    return analyse(doc, raw)


def sentence_candidates(a) -> Iterator[tuple[Segment, Candidate]]:
    """Every candidate of an analysed document's sentences and list items, with its segment
    (table cells are read through their header by the rules)."""
    ctx, segments = a.ctx, a.segments
    frames = paragraph_frames(ctx, segments)
    for seg, mode in zip(segments, section_modes(ctx, segments)):
        if seg.kind not in ("heading", "row"):
            for c in candidates(ctx, seg, mode, frames.get(seg.block, 0.0)):
                yield seg, c


def labelled(name: str, a, gold: dict, note: bool = False) -> Iterator[Example]:
    """The labelled candidates of one analysed document."""
    ctx = a.ctx
    spans = _regions(ctx.text, gold.get("regions") or [])
    golds = [(norm(g["evidence"]), float(g["value"]), g["kind"]) for g in gold["rows"]
             if g.get("value") is not None]
    for seg, c in sentence_candidates(a):
        if spans is not None and not any(s <= seg.start and seg.end <= e + 1 for s, e in spans):
            continue
        sentence = norm(ctx.text[seg.start:seg.end])
        kinds = {k for ev, v, k in golds if ev in sentence and _same(c.q.value, v)}
        label = "target" if "target" in kinds else (sorted(kinds)[0] if kinds else "none")
        shown = (ctx.text[seg.start:c.q.start] + "[[" + c.q.text + "]]"
                 + ctx.text[c.q.end:seg.end])[-300:] if note else ""
        yield Example(name, ctx.lang, label, c.rule_kind or "none", features(ctx, c),
                      c.q.start, c.q.end, shown)


def examples(path: Path, gold: dict, note: bool = False) -> Iterator[Example]:
    """The labelled candidates of one annotated document."""
    a = analysed(path)
    if a is not None:
        yield from labelled(path.name, a, gold, note)


_CELL = re.compile(r"(?<!\\)\|")


def expected_gold(md: Path) -> Iterator[dict]:
    """The hand check of the sample corpus (``data/raw/EXPECTED.md``: a ``## <file>`` section
    and a markdown table of rows per sample) as SPEC §5 gold: kind, evidence, value, unit."""
    gold: dict | None = None
    header: list[str] = []
    for line in md.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            if gold:
                yield gold
            name = line[3:].strip()
            gold, header = {"doc": name, "language": name.split("_", 1)[0], "rows": []}, []
        elif gold is not None and line.startswith("|"):
            cells = [c.strip().replace("\\|", "|") for c in _CELL.split(line)[1:-1]]
            if cells[:1] == ["kind"]:
                header = cells
            elif header and not set(cells[0]) <= set("-: "):
                row = dict(zip(header, cells))
                value = row.get("value", "")
                gold["rows"].append({"kind": row["kind"], "evidence": row["evidence"],
                                     "value": float(value) if value and value[0] != "—" else None,
                                     "unit": row.get("unit", "")})
    if gold:
        yield gold


def annotated(corpora: Iterable[Path], gold_dir: Path) -> Iterator[tuple[Path, dict]]:
    """(document, gold) of every gold file whose document is in one of ``corpora``
    (``gold_dir``: a folder of SPEC §5 files, or a hand check such as EXPECTED.md)."""
    golds = (expected_gold(gold_dir) if gold_dir.suffix == ".md" else
             (json.loads(f.read_text(encoding="utf-8")) for f in sorted(gold_dir.glob("*.json"))))
    for gold in golds:
        for corpus in corpora:
            path = corpus / gold["doc"]
            if path.exists():
                yield path, gold
                break


def corpus_examples(corpus: Path, gold_dir: Path, note: bool = False) -> Iterator[Example]:
    """Every annotated document of a corpus folder with its gold folder."""
    for path, gold in annotated([corpus], gold_dir):
        yield from examples(path, gold, note)


def write_jsonl(path: Path, records: Iterable[Example]) -> None:
    from ..io.atomic import atomic_write_text

    atomic_write_text(path, "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n"
                                    for r in records))


def read_jsonl(path: Path) -> list[Example]:
    return [Example(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def correction_labels(run) -> dict[str, dict[tuple[int, int], str]]:
    """Reviewers' verdicts on value rows of a run folder (``io.runfolder.read_run``), as
    labels: doc_id -> (value start, end) -> kind. A rejected row is ``none``; a changed
    ``kind`` is that kind; an accepted row keeps its kind. Rows nobody looked at say
    nothing."""
    from ..io.corrections_log import latest_values, read_log

    latest = latest_values(read_log(run.path).entries)
    out: dict[str, dict[tuple[int, int], str]] = {}
    for r in run.targets:
        if r.value_start is None or r.value_end is None:
            continue
        status = latest.get((r.target_id, "review_status"))
        kind = latest.get((r.target_id, "kind"))
        if status == "rejected":
            verdict = "none"
        elif kind:
            verdict = str(kind)
        elif status == "accepted":
            verdict = r.kind
        else:
            continue
        out.setdefault(r.doc_id, {})[(int(r.value_start), int(r.value_end))] = verdict
    return out


def correction_examples(run_dir: Path) -> Iterator[Example]:
    """Labelled candidates from a reviewed run folder: each judged row's document is read
    again from its source (a source that moved is skipped) and the judged value's candidate
    gets the reviewer's kind."""
    from ..io.runfolder import read_run

    run = read_run(run_dir)
    labels = correction_labels(run)
    for doc_id, source in run.documents[["doc_id", "source"]].itertuples(index=False):
        verdicts = labels.get(str(doc_id))
        path = Path(str(source))
        if not verdicts or not path.is_file():
            continue
        a = analysed(path)
        if a is None or a.ctx.doc_id != doc_id:  # the file changed since the run
            continue
        for _, c in sentence_candidates(a):
            verdict = verdicts.get((c.q.start, c.q.end))
            if verdict is not None:
                yield Example(path.name, a.ctx.lang, verdict if verdict in LABELS else "none",
                              c.rule_kind or "none", features(a.ctx, c), c.q.start, c.q.end)
