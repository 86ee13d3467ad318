"""The model card (``MODEL_CARD.md``) of a published model, from ``templates/model_card.md``.

The prose lives in the template; this module only turns a model's ``metrics.json`` into
the values and table rows it names (``string.Template`` placeholders).
"""
from __future__ import annotations

from functools import cache
from importlib.resources import files
from string import Template

from .data import DEV_PERCENT, REVIEW_REPEAT, SOURCES
from .evaluate import pct

TEMPLATE = "model_card.md"


@cache
def _template() -> Template:
    return Template(files(__package__).joinpath("templates", TEMPLATE).read_text(encoding="utf-8"))


def _row(name: str, d: dict) -> str:
    return f"| {name} | {pct(d['p'])} | {pct(d['r'])} | {pct(d['f'])} | {d['tp']} | {d['fp']} | {d['fn']} |"


def _rows(lines: list[str]) -> str:
    """Table rows that follow a header line of the template (none: the header ends it)."""
    return "".join("\n" + line for line in lines)


def _real_documents(real: dict) -> str:
    """What the model added on real documents, and whether that keeps it on."""
    if not real:
        return ""
    return (f"\n\nOn real documents ({real['documents']}), with every model on, it added "
            f"{real['added']} mentions: {real['right']} exactly right, {real['wrong_boundaries']} "
            f"bodies with wrong boundaries, {real['no_body']} no body at all"
            + (": right at least as often as no body, so real documents keep it on." if real["pays"]
               else ". So it is off by default: a model is on only where what it adds is right "
               "at least as often as it is no body."))


def model_card(m: dict) -> str:
    """The card of the model whose ``metrics.json`` is ``m``."""
    lang, ev = m["lang"], m["heldout"]
    src = m["data"]["sources"]
    sources = []
    for name in SOURCES:
        c = src.get(name, {})
        sources.append(f"| {name} | {c.get('records', 0)} | {c.get('BODY', 0)} | "
                       f"{c.get('PERSON', 0)} | {c.get('PLACE', 0)} |")
    dev = m.get("dev", {})
    return _template().substitute(
        lang=lang, version=m["version"], spacy=m["spacy"],
        train_seconds=f"{m['train_seconds']:.0f}", megabytes=f"{m['size_bytes'] / 1e6:.1f}",
        on="yes" if m["enabled"] else "no", labels=", ".join(m.get("labels", [])) or "none",
        real_documents=_real_documents(m.get("real_documents", {})),
        source_rows=_rows(sources),
        train_docs=m["data"]["train_docs"], dev_docs=m["data"]["dev_docs"],
        dev_percent=DEV_PERCENT, review_repeat=REVIEW_REPEAT, digest=m["data"]["digest"],
        records=ev["records"], gold_body=ev["gold_body"],
        body_rows=_rows([_row(mode, ev["body"][mode]) for mode in ("rules", "ner", "both")
                         if mode in ev["body"]]),
        label_rows=_rows([_row(label, d) for label, d in ev.get("ner_labels", {}).items()]),
        dev=(f"\n\nDev (checkpoint selection): P {pct(dev.get('ents_p', 0))}, "
             f"R {pct(dev.get('ents_r', 0))}, F1 {pct(dev.get('ents_f', 0))}." if dev else ""))
