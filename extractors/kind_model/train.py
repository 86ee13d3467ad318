"""Fit the kind model: a spaCy text classifier over a candidate's feature tokens.

One model for every language: the language is one of the features (``lang=vi``), so the
languages with few annotated documents borrow what the cue categories, years and sections
mean from the others; whether the model is used is decided per language (``use``). The
classifier is spaCy's bag-of-features ``TextCatBOW`` with two exclusive classes (target,
other): the features are already the words. Fixed seeds, fixed order: the same records give
the same model.
"""
from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.training import Example as SpacyExample

from ..io.atomic import atomic_write_text
from .data import Example
from .model import OTHER, TARGET, feature_doc

EPOCHS = 10
BATCH = 32
DROPOUT = 0.1
SEED = 0
_CONFIG = {"model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True,
                     "ngram_size": 1, "no_output_layer": False, "length": 262144}}


def train(examples: Sequence[Example], seed: int = SEED, epochs: int = EPOCHS) -> Language:
    """A classifier trained on ``examples`` (label ``target`` against everything else)."""
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("xx")
    textcat = nlp.add_pipe("textcat", config=_CONFIG)
    for label in (TARGET, OTHER):
        textcat.add_label(label)
    ordered = sorted(examples, key=lambda e: (e.doc, e.start, e.end, e.features))
    data = [SpacyExample.from_dict(feature_doc(nlp, e.features),
                                   {"cats": {TARGET: float(e.label == TARGET),
                                             OTHER: float(e.label != TARGET)}})
            for e in ordered]
    rng = random.Random(seed)
    optimizer = nlp.initialize(lambda: data)
    for _ in range(epochs):
        rng.shuffle(data)
        for i in range(0, len(data), BATCH):
            nlp.update(data[i:i + BATCH], sgd=optimizer, drop=DROPOUT)
    return nlp


def save(nlp: Language, examples: Sequence[Example], folder: Path) -> dict:
    """Write the trained pipeline into ``folder/pipeline`` and what it was trained on into
    ``folder/training.json``; returns that summary."""
    folder.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(folder / "pipeline")
    summary = {
        "examples": len(examples),
        "documents": len({e.doc for e in examples}),
        "by_language": {lang: {"examples": n, "targets": sum(1 for e in examples if e.lang == lang
                                                             and e.label == TARGET)}
                        for lang, n in sorted(Counter(e.lang for e in examples).items())},
        "epochs": EPOCHS, "seed": SEED, "architecture": _CONFIG["model"]["@architectures"],
    }
    atomic_write_text(folder / "training.json", json.dumps(summary, indent=2) + "\n")
    return summary
