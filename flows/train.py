"""The ``train-ner`` flow: build each language's training set, train its spaCy NER model,
measure it on the held-out split, and publish it into ``models/<lang>/``.

Thin tasks over ``extractors.ner``; one language after another (spaCy training uses the
cores it is given, and two languages at once would only fight over them).
"""
from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE

from extractors import ner


@task(name="ner-data", cache_policy=NONE)
def data_task(lang: str, corpus: str | None, extra: Sequence[str], data_dir: str) -> ner.TrainingSet:
    return ner.training_set(lang, corpus, extra, data_dir=Path(data_dir))


@task(name="ner-train", cache_policy=NONE)
def train_task(lang: str, data: ner.TrainingSet, work: str, tiny: bool,
               config_dir: str) -> str:
    overrides = dict(ner.TINY_OVERRIDES) if tiny else {}
    return str(ner.train_pipeline(lang, data, work, overrides, Path(config_dir)))


@task(name="ner-evaluate", cache_policy=NONE)
def evaluate_task(lang: str, pipeline: str, data_dir: str, data: ner.TrainingSet) -> dict:
    import spacy

    heads = ner.Heads(ner.head_words(data.train + data.dev, lang), lang)
    return ner.evaluate(lang, spacy.load(pipeline), data_dir=Path(data_dir), heads=heads)


@task(name="ner-publish", cache_policy=NONE)
def publish_task(lang: str, data: ner.TrainingSet, pipeline: str, evaluation: dict,
                 seconds: float, models_dir: str, tiny: bool) -> dict:
    return ner.publish(lang, data, Path(pipeline), evaluation, seconds, Path(models_dir), tiny)


@flow(name="train-ner", log_prints=False)
def train_ner(langs: Sequence[str] = ner.LANGS, corpus: str | None = None,
              extra: Sequence[str] = (), models_dir: str = str(ner.MODELS_DIR),
              data_dir: str = str(ner.DATA_DIR), config_dir: str = str(ner.CONFIG_DIR),
              tiny: bool = False) -> dict:
    """Train, measure and publish a model per language; returns each language's metrics."""
    out: dict[str, dict] = {}
    work_root = Path(models_dir) / ".work"
    try:
        for lang in langs:
            started = time.perf_counter()
            data = data_task(lang, corpus, list(extra), data_dir)
            pipeline = train_task(lang, data, str(work_root / lang), tiny, config_dir)
            seconds = time.perf_counter() - started
            evaluation = evaluate_task(lang, pipeline, data_dir, data)
            out[lang] = publish_task(lang, data, pipeline, evaluation, seconds, models_dir, tiny)
    finally:
        shutil.rmtree(work_root, ignore_errors=True)
    table = ner.write_eval_report(Path(models_dir), data_dir=Path(data_dir))
    create_markdown_artifact(key="restrack-ner-eval", markdown=table,
                             description="Held-out BODY P/R/F1: rules, NER, both")
    return out


def run_train(langs: Sequence[str], corpus: str | None = None, extra: Sequence[str] = (),
              models_dir: str | Path = ner.MODELS_DIR, tiny: bool = False,
              data_dir: str | Path = ner.DATA_DIR) -> dict:
    return train_ner(list(langs), corpus, list(extra), str(models_dir), str(data_dir),
                     str(ner.CONFIG_DIR), tiny)

