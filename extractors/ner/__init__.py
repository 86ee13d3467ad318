"""restrack's own spaCy NER models (issue 5): the languages and labels every module shares.

The package holds one job per module; ``flows/train.py`` wraps them in a Prefect flow.

``data``      annotated records (JSONL, inline markup), the five training sources, the
              training set and its DocBins;
``train``     ``spacy train`` with fixed seeds, the model's version, publishing a trained
              pipeline into ``models/<lang>/`` and the registry;
``use``       loading the enabled model, its entities, and merging them behind the rules
              (the ``restrack_ner`` component of ``extractors.nlp`` runs it on every Doc);
``evaluate``  P/R/F1 of rules, NER and both on the held-out split, ``NER_EVAL.md``;
``card``      the model card, rendered from ``templates/model_card.md``.

**Data** (``data/ner/<lang>/``, see ``data/ner/README.md``) is JSONL, one record a line::

    {"text": "...", "spans": [[start, end, "BODY"], ...]}

with offsets in code points and labels BODY, PERSON, PLACE. ``heldout.jsonl`` is
hand-annotated gold that training never sees.

**Use**: a language's model runs when it is enabled (``models/registry.json``, overridable
with ``RESTRACK_NER``); rules win wherever spans overlap, and a model BODY is added only when
it looks like a body name. Models and training data are found through ``extractors.settings``.
"""
from __future__ import annotations

LANGS = ("pl", "ru", "ar", "en", "vi")
LABELS = ("BODY", "PERSON", "PLACE")
