"""Scoring a run against gold annotations, by SPEC §5, with per-language and per-field detail.

Matching is the reference scorer's: same document (by file name), same kind, the row's
sentence contains the gold evidence, and for rows with a value, equal value and unit.
Precision, recall and F1 over ``target`` rows; field accuracy over matched targets.
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

FIELDS = ("value_max", "comparator", "frequency", "period_start", "period_end", "deadline",
          "indicator_code", "responsible_types", "issuer_type")


# Gold fields scored against a differently named column of targets.csv.
PRED_COLUMN = {"responsible_types": "responsible", "issuer_type": "issuer"}


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", s).strip().lower()


def _num(x) -> float | None:
    try:
        return float(x) if x not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _types(codes: str | None) -> set[str]:
    return {c.split(":")[0].strip() for c in (codes or "").split("|") if c.strip()}


def field_ok(name: str, gold: dict, pred: dict) -> bool:
    g = gold.get(name)
    if name == "responsible_types":
        return set(g) == _types(pred.get("responsible"))
    if name == "issuer_type":
        return g in _types(pred.get("issuer"))
    if name == "value_max":
        return _same(_num(pred.get(name)), float(g))
    if name in ("period_start", "period_end"):
        p = _num(pred.get(name))
        return p is not None and int(p) == int(g)
    if name == "deadline":
        return (pred.get("deadline") or "").strip() == str(g)
    return norm(pred.get(name)) == norm(str(g))


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    total: Counts = field(default_factory=Counts)
    by_lang: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})
    fields_by_lang: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    tasks_found: int = 0
    tasks_gold: int = 0
    tasks_responsible: int = 0
    grounded: int = 0
    ungrounded: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def field_accuracy(self) -> float:
        hit = sum(h for h, _ in self.fields.values())
        n = sum(n for _, n in self.fields.values())
        return hit / n if n else 0.0

    def as_dict(self) -> dict:
        return {
            "precision": self.total.precision, "recall": self.total.recall, "f1": self.total.f1,
            "tp": self.total.tp, "pred": self.total.pred, "gold": self.total.gold,
            "field_accuracy": self.field_accuracy,
            "fields": {f: {"right": h, "n": n} for f, (h, n) in self.fields.items()},
            "by_language": {k: {"precision": c.precision, "recall": c.recall, "f1": c.f1,
                                "tp": c.tp, "pred": c.pred, "gold": c.gold}
                            for k, c in sorted(self.by_lang.items())},
            "tasks": {"found": self.tasks_found, "gold": self.tasks_gold,
                      "responsible_right": self.tasks_responsible},
            "grounded": self.grounded, "ungrounded": self.ungrounded,
        }


def _read_csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _text(out_dir: Path, doc_id: str) -> str | None:
    p = out_dir / "texts" / f"{doc_id}.txt"
    return p.read_text(encoding="utf-8") if p.exists() else None


def in_regions(preds: list[dict], text: str | None, regions: list[list[str]]) -> list[dict]:
    """Rows inside the gold's annotated regions (a long document annotated in part; SPEC §5):
    found as the reference scorer finds them, every row kept when a region is not found."""
    if text is None:
        return preds
    spans = []
    for a, b in regions:
        i = text.find(a)
        j = text.find(b, i + 1) if i >= 0 else -1
        if i < 0 or j < 0:
            return preds
        spans.append((i, j + len(b)))
    keep = []
    for r in preds:
        try:
            s, e = int(r["start"]), int(r["end"])
        except (KeyError, ValueError, TypeError):
            continue
        if any(s >= a and e <= b + 1 for a, b in spans) or any(a <= s < b for a, b in spans):
            keep.append(r)
    return keep


def evaluate(out_dir: Path, gold_dir: Path, only_present: bool = False) -> Report:
    docs = _read_csv(out_dir / "documents.csv")
    rows = _read_csv(out_dir / "targets.csv")
    by_name = {}
    for d in docs:
        by_name.setdefault(Path(d["source"]).name, d)
    rep = Report()
    texts: dict[str, str | None] = {}
    for r in rows:
        did = r["doc_id"]
        if did not in texts:
            p = out_dir / "texts" / f"{did}.txt"
            texts[did] = p.read_text(encoding="utf-8") if p.exists() else None
        t = texts[did]
        ok = t is not None and t[int(r["start"]):int(r["end"])] == r["sentence"]
        rep.grounded += ok
        rep.ungrounded += not ok
    for gf in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        d = by_name.get(gold["doc"])
        if d is None and only_present:
            continue
        lang = gold.get("language", "?")
        preds = [r for r in rows if d and r["doc_id"] == d["doc_id"]]
        if d and gold.get("regions"):
            preds = in_regions(preds, texts.get(d["doc_id"]) or _text(out_dir, d["doc_id"]),
                               gold["regions"])
        ptargets = [r for r in preds if r["kind"] == "target"]
        gtargets = [r for r in gold["rows"] if r["kind"] == "target"]
        c = rep.by_lang[lang]
        c.pred += len(ptargets)
        c.gold += len(gtargets)
        used: set[int] = set()
        lang_fields = rep.fields_by_lang.setdefault(lang, {f: [0, 0] for f in FIELDS})
        for g in gtargets:
            ev = norm(g["evidence"])
            hit = next((i for i, p in enumerate(ptargets) if i not in used
                        and ev in norm(p["sentence"])
                        and _same(_num(p["value"]), float(g["value"]))
                        and norm(p["unit"]) == norm(g["unit"])), None)
            if hit is None:
                rep.misses.append(f"{gold['doc']}: missed {g['value']} {g['unit']} «{g['evidence']}»")
                continue
            used.add(hit)
            c.tp += 1
            for f in FIELDS:
                if g.get(f) is not None:
                    ok = field_ok(f, g, ptargets[hit])
                    for bucket in (rep.fields, lang_fields):
                        bucket[f][0] += ok
                        bucket[f][1] += 1
                    if not ok:
                        got = ptargets[hit].get(PRED_COLUMN.get(f, f))
                        rep.misses.append(f"{gold['doc']}: {f} {got!r} != {g[f]!r} «{g['evidence']}»")
        for i, p in enumerate(ptargets):
            if i not in used:
                rep.extras.append(f"{gold['doc']}: extra {p['value']} {p['unit']} «{p['sentence'][:80]}»")
        for g in gold["rows"]:
            if g["kind"] != "task":
                continue
            rep.tasks_gold += 1
            ev = norm(g["evidence"])
            cands = [r for r in preds if r["kind"] == "task" and ev in norm(r["sentence"])]
            if cands:
                rep.tasks_found += 1
                if g.get("responsible_types") and any(field_ok("responsible_types", g, x) for x in cands):
                    rep.tasks_responsible += 1
    for c in rep.by_lang.values():
        rep.total.tp += c.tp
        rep.total.pred += c.pred
        rep.total.gold += c.gold
    return rep


def render(rep: Report, console, verbose: bool = False) -> None:
    from rich.table import Table

    t = Table(title="targets (SPEC §5)")
    for col in ("language", "gold", "predicted", "matched", "P", "R", "F1"):
        t.add_column(col, justify="right" if col != "language" else "left")
    for lang, c in sorted(rep.by_lang.items()):
        t.add_row(lang, str(c.gold), str(c.pred), str(c.tp), f"{c.precision:.3f}",
                  f"{c.recall:.3f}", f"{c.f1:.3f}")
    c = rep.total
    t.add_row("all", str(c.gold), str(c.pred), str(c.tp), f"{c.precision:.3f}",
              f"{c.recall:.3f}", f"{c.f1:.3f}", style="bold")
    console.print(t)
    f = Table(title="field accuracy on matched targets")
    f.add_column("field")
    langs = sorted(rep.fields_by_lang)
    for lang in langs:
        f.add_column(lang, justify="right")
    f.add_column("all", justify="right")
    for name, (h, n) in rep.fields.items():
        if not n:
            continue
        cells = []
        for lang in langs:
            lh, ln = rep.fields_by_lang[lang][name]
            cells.append(f"{lh}/{ln}" if ln else "")
        f.add_row(name, *cells, f"{h}/{n} ({h / n:.2f})")
    console.print(f)
    if verbose:
        for line in rep.misses + rep.extras:
            console.print("  " + line, highlight=False, markup=False)
    console.print(f"tasks found {rep.tasks_found}/{rep.tasks_gold}, responsible right "
                  f"{rep.tasks_responsible}/{rep.tasks_gold}; grounded rows "
                  f"{rep.grounded}/{rep.grounded + rep.ungrounded}")
    console.print(f"target F1 {c.f1:.3f} (P {c.precision:.3f} R {c.recall:.3f}) "
                  f"fields {rep.field_accuracy:.3f}", style="bold")
