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


# ---------------------------------------------------------------------------------------------
# The kind model (issue 9): retrained from the committed feature records and reviewers'
# verdicts; measured on annotated documents by ``eval-kind``.

@task(name="kind-examples", cache_policy=NONE)
def kind_examples_task(data_dir: str, reviewed: Sequence[str]) -> list:
    from extractors.kind_model.data import correction_examples, read_jsonl

    examples = [e for f in sorted(Path(data_dir).glob("*.jsonl")) for e in read_jsonl(f)]
    for run in reviewed:
        examples.extend(correction_examples(Path(run)))
    return examples


@task(name="kind-train", cache_policy=NONE)
def kind_train_task(examples: list, models_dir: str) -> dict:
    from extractors.kind_model import train as kind_train
    from extractors.kind_model.use import model_dir

    return kind_train.save(kind_train.train(examples), examples, model_dir(Path(models_dir)))


@flow(name="train-kind", log_prints=False)
def train_kind(models_dir: str | None = None, data_dir: str | None = None,
               reviewed: Sequence[str] = ()) -> dict:
    """The kind model trained on every committed feature record and reviewers' verdicts;
    which languages use it stays as ``eval-kind`` measured (``models/kind/registry.json``)."""
    models_dir = models_dir or str(settings.models_dir())
    data_dir = data_dir or str(settings.data_dir() / "kind")
    examples = kind_examples_task(data_dir, list(reviewed))
    return kind_train_task(examples, models_dir)


@task(name="kind-evaluate", cache_policy=NONE)
def kind_evaluate_task(sets: dict, data_dir: str, models_dir: str) -> str:
    from extractors.kind_model import evaluate as ev

    return ev.measure_and_publish({k: ([Path(c) for c in v[0]], Path(v[1])) for k, v in sets.items()},
                                  Path(data_dir), Path(models_dir))


@flow(name="eval-kind", log_prints=False)
def eval_kind(sets: dict, models_dir: str | None = None, data_dir: str | None = None) -> str:
    """Held-out comparison of rules, model and both on annotated documents; writes the
    feature records, the per-language decision, EVAL.md and the model trained on all."""
    models_dir = models_dir or str(settings.models_dir())
    data_dir = data_dir or str(settings.data_dir() / "kind")
    table = kind_evaluate_task(sets, data_dir, models_dir)
    create_markdown_artifact(key="restrack-kind-eval", markdown=table,
                             description="Target F1 on held-out documents: rules, model, both")
    return table
