"""The ``train-ner`` flow: build each language's training set, train its spaCy NER model,
measure it on the held-out split, and publish it into ``models/<lang>/``.

Thin tasks over ``extractors.ner`` (``data``, ``train``, ``evaluate``); one language after
another (spaCy training uses the cores it is given, and two languages at once would only
fight over them). Folders left out come from ``extractors.settings`` when the flow runs.
"""
from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE

from extractors import settings
from extractors.ner import LANGS, data, evaluate, train, use


@task(name="ner-data", cache_policy=NONE)
def data_task(lang: str, corpus: str | None, extra: Sequence[str], data_dir: str) -> data.TrainingSet:
    return data.training_set(lang, corpus, extra, data_dir=Path(data_dir))


@task(name="ner-train", cache_policy=NONE)
def train_task(lang: str, training: data.TrainingSet, work: str, tiny: bool,
               config_dir: str) -> str:
    overrides = dict(train.TINY_OVERRIDES) if tiny else {}
    return str(train.train_pipeline(lang, training, work, overrides, Path(config_dir)))


@task(name="ner-evaluate", cache_policy=NONE)
def evaluate_task(lang: str, pipeline: str, data_dir: str, training: data.TrainingSet) -> dict:
    import spacy

    heads = use.Heads(use.head_words(training.train + training.dev, lang), lang)
    return evaluate.evaluate(lang, spacy.load(pipeline), data_dir=Path(data_dir), heads=heads)


@task(name="ner-publish", cache_policy=NONE)
def publish_task(lang: str, training: data.TrainingSet, pipeline: str, evaluation: dict,
                 seconds: float, models_dir: str, tiny: bool) -> dict:
    return train.publish(lang, training, Path(pipeline), evaluation, seconds, Path(models_dir), tiny)


@flow(name="train-ner", log_prints=False)
def train_ner(langs: Sequence[str] = LANGS, corpus: str | None = None,
              extra: Sequence[str] = (), models_dir: str | None = None,
              data_dir: str | None = None, config_dir: str | None = None,
              tiny: bool = False) -> dict:
    """Train, measure and publish a model per language; returns each language's metrics."""
    models_dir = models_dir or str(settings.models_dir())
    data_dir = data_dir or str(data.ner_dir())
    config_dir = config_dir or str(train.config_dir())
    out: dict[str, dict] = {}
    work_root = Path(models_dir) / ".work"
    try:
        for lang in langs:
            started = time.perf_counter()
            training = data_task(lang, corpus, list(extra), data_dir)
            pipeline = train_task(lang, training, str(work_root / lang), tiny, config_dir)
            seconds = time.perf_counter() - started
            evaluation = evaluate_task(lang, pipeline, data_dir, training)
            out[lang] = publish_task(lang, training, pipeline, evaluation, seconds, models_dir, tiny)
    finally:
        shutil.rmtree(work_root, ignore_errors=True)
    table = evaluate.write_eval_report(Path(models_dir), data_dir=Path(data_dir))
    create_markdown_artifact(key="restrack-ner-eval", markdown=table,
                             description="Held-out BODY P/R/F1: rules, NER, both")
    return out


def run_train(langs: Sequence[str], corpus: str | None = None, extra: Sequence[str] = (),
              models_dir: str | Path | None = None, tiny: bool = False,
              data_dir: str | Path | None = None) -> dict:
    return train_ner(list(langs), corpus, list(extra), str(models_dir) if models_dir else None,
                     str(data_dir) if data_dir else None, None, tiny)
