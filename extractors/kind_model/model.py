"""The kind model's input and output: a candidate's features as a Doc, P(target) back."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

TARGET, OTHER = "target", "other"


def feature_doc(nlp: Language, features: Sequence[str]) -> Doc:
    """The candidate as the classifier reads it: one token per feature."""
    return Doc(nlp.vocab, words=list(features) or ["none"])


def probabilities(nlp: Language, rows: Sequence[Sequence[str]]) -> list[float]:
    """P(target) of each candidate's features."""
    return [doc.cats[TARGET] for doc in nlp.pipe(feature_doc(nlp, f) for f in rows)]
