"""The kind decision at extraction time: rules, the model, or both, per language.

``models/kind/registry.json`` says, per language, which decision was measured best on
held-out documents (``evaluate``) and its thresholds:

- ``rules``: the cue rules alone (``rows.kinds.classify``);
- ``model``: a candidate is a target when the model's P(target) reaches ``threshold``; a
  rules' target below it is no row; the rules' other kinds stay;
- ``both``: the rules propose, the model disposes: a rules' target stays unless P(target)
  falls below ``veto``; any other candidate becomes a target when P(target) reaches
  ``rescue``.

``RESTRACK_KIND`` switches it: ``registry`` (default) as measured, ``off`` rules only in
every language, or a mode name (``model``, ``both``) for every language.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import settings
from ..rows.candidates import Candidate, features
from ..rows.context import DocContext
from .model import Classifier

ENV = "RESTRACK_KIND"
MODES = ("rules", "model", "both")
TARGET = "target"


@dataclass(frozen=True, slots=True)
class Setting:
    mode: str = "rules"
    threshold: float = 0.5
    veto: float = 0.15
    rescue: float = 0.8


def decide(rule_kind: str | None, p_target: float, s: Setting) -> str | None:
    """The kind of a candidate from the rules' kind and the model's P(target)."""
    if s.mode == "model":
        if p_target >= s.threshold:
            return TARGET
        return None if rule_kind == TARGET else rule_kind
    if s.mode == "both":
        if rule_kind == TARGET:
            return TARGET if p_target >= s.veto else None
        return TARGET if p_target >= s.rescue else rule_kind
    return rule_kind


def model_dir(models: Path | None = None) -> Path:
    return (models or settings.models_dir()) / "kind"


def read_registry(models: Path | None = None) -> dict:
    path = model_dir(models) / "registry.json"
    if not path.exists():
        return {}
    return _registry(str(path), path.stat().st_mtime_ns)


@cache
def _registry(path: str, mtime_ns: int) -> dict:
    """The registry's content, read once per version of the file (every document asks)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def setting(lang: str, registry: dict, switch: str) -> Setting:
    """The decision for ``lang`` under the ``RESTRACK_KIND`` switch."""
    if switch == "off":
        return Setting()
    entry = registry.get("languages", {}).get(lang, {})
    thresholds = {k: entry[k] for k in ("threshold", "veto", "rescue") if k in entry}
    if switch in ("model", "both"):
        return Setting(switch, **thresholds)
    return Setting(entry.get("mode", "rules"), **thresholds)


@cache
def _load(path: str) -> Classifier:
    """The pipeline at ``path`` as a classifier, loaded once per process; its remembered
    rows serve every document of the run."""
    import spacy

    return Classifier(spacy.load(path))


def decider(lang: str, models: Path | None = None
            ) -> Callable[[DocContext, list[Candidate]], list[str | None]] | None:
    """What ``DocContext.decide`` calls for ``lang``'s documents, or None when the rules
    decide alone (switched off, not measured better, or no model trained)."""
    switch = os.environ.get(ENV, "registry").strip().lower() or "registry"
    s = setting(lang, read_registry(models), switch)
    pipeline = model_dir(models) / "pipeline"
    if s.mode == "rules" or not pipeline.is_dir():
        return None
    classify = _load(str(pipeline))

    def kinds_of(ctx: DocContext, found: list[Candidate]) -> list[str | None]:
        # one call per sentence: the classifier's fixed cost is paid once for its values
        p = classify([features(ctx, c) for c in found])
        return [decide(c.rule_kind, prob, s) for c, prob in zip(found, p)]

    return kinds_of
