"""The kind model's input and output: a candidate's features as a Doc, P(target) back."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

TARGET, OTHER = "target", "other"
# What a candidate without features is read as (a Doc needs a token).
NONE = "none"


def feature_doc(nlp: Language, features: Sequence[str]) -> Doc:
    """The candidate as the classifier reads it: one token per feature."""
    return Doc(nlp.vocab, words=list(features) or [NONE])


def _bow_layers(nlp: Language):
    """(sparse linear layer, softmax layer, column of TARGET) of a unigram ``TextCatBOW``
    over ORTH with a softmax output (what ``train`` builds), else None."""
    if "textcat" not in nlp.pipe_names:
        return None
    textcat = nlp.get_pipe("textcat")
    model = textcat.model
    if TARGET not in textcat.labels or len(model.layers) != 2:
        return None
    inner, output = model.layers
    ngrams = inner.layers[0].layers[0] if inner.layers and inner.layers[0].layers else None
    if (ngrams is None or ngrams.name != "extract_ngrams" or ngrams.attrs.get("ngram_size") != 1
            or ngrams.attrs.get("attr") != ORTH or not model.has_ref("output_layer")
            or output.name != "with_cpu(softmax_activation)"):
        return None
    return model.get_ref("output_layer"), output, list(textcat.labels).index(TARGET)


def probabilities(nlp: Language, rows: Sequence[Sequence[str]]) -> list[float]:
    """P(target) of each candidate's features.

    For the bag-of-features model ``train`` builds, the features' keys and counts are handed
    straight to its linear and softmax layers: what spaCy's ``extract_ngrams`` would make of a
    Doc per candidate (each feature's ORTH hash, sorted, with its count), without building
    Docs and running the pipeline around them, which cost most of the model's time at
    extraction. The same layers on the same arrays, in the same batches, give the same
    numbers. Any other model goes through ``nlp.pipe``."""
    layers = _bow_layers(nlp)
    if layers is None:
        return [doc.cats[TARGET] for doc in nlp.pipe(feature_doc(nlp, f) for f in rows)]
    linear, output, column = layers
    strings = nlp.vocab.strings
    out: list[float] = []
    size = max(1, nlp.batch_size)
    for lo in range(0, len(rows), size):
        keys: list[int] = []
        vals: list[int] = []
        lengths: list[int] = []
        for features in rows[lo:lo + size]:
            counts = sorted(Counter(strings.add(f) for f in (features or [NONE])).items())
            keys.extend(k for k, _ in counts)
            vals.extend(n for _, n in counts)
            lengths.append(len(counts))
        scores = linear.predict((np.asarray(keys, dtype="uint64"), np.asarray(vals, dtype="f"),
                                 np.asarray(lengths, dtype="int32")))
        out.extend(float(p) for p in output.predict(scores)[:, column])
    return out


class Classifier:
    """P(target) of feature rows for one loaded pipeline, each distinct row scored once.

    A candidate's features are a few dozen categories, so the same rows come back across
    sentences and documents (469 distinct rows among 17,474 candidates of 400 generated
    documents). A row's probability does not depend on the rows scored beside it (each is
    its own sum of weights and its own softmax), so a remembered one is the one
    ``probabilities`` would give."""

    # Bounds the memory of a long run over varied documents; emptied when reached.
    LIMIT = 200_000

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self._known: dict[tuple[str, ...], float] = {}

    def __call__(self, rows: Sequence[Sequence[str]]) -> list[float]:
        keys = [tuple(r) for r in rows]
        known = self._known
        new = list(dict.fromkeys(k for k in keys if k not in known))
        if new:
            if len(known) + len(new) > self.LIMIT:
                known.clear()
            known.update(zip(new, probabilities(self.nlp, new)))
        return [known[k] for k in keys]
