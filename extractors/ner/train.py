"""Training a language's NER model and publishing it into ``models/<lang>/`` and the registry.

Training runs ``spacy train`` in a subprocess with fixed seeds and one BLAS thread, so the
same data and config give the same weights (``restrack train`` reproduces ``models/``).
The configs are ``models/configs/<lang>.cfg``; the folders come from ``extractors.settings``.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import spacy

from .. import settings
from .card import model_card
from ..io.atomic import atomic_write_text
from .data import TrainingSet, to_docbin
from .use import HEADS_FILE, REGISTRY, head_words

VERSION = "0.1.0"
REAL_DOCUMENTS = "real_documents.json"  # in the models folder: see ``real_documents``
TINY_OVERRIDES = {
    # For tests: a model that trains in seconds.
    "components.ner.model.tok2vec.width": 32,
    "components.ner.model.tok2vec.depth": 1,
    "components.ner.model.tok2vec.embed_size": 500,
    "components.ner.model.hidden_width": 32,
    "training.max_epochs": 0,
    "training.max_steps": 150,
    "training.patience": 0,
    "training.eval_frequency": 20,
}
MIN_LABEL_PRECISION, MIN_LABEL_GOLD = 0.8, 20
# Training runs in a fresh interpreter with one BLAS thread: the same data and config then
# give the same weights whatever ran before in the calling process (a Prefect flow, another
# language's training) and however many cores the machine has.
_TRAIN_ENV = {"PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
              "MKL_NUM_THREADS": "1", "BLIS_NUM_THREADS": "1"}


def config_dir() -> Path:
    """The training configs, one per language: ``models/configs``."""
    return settings.models_dir() / "configs"


def config_path(lang: str, configs: Path | None = None) -> Path:
    return (configs or config_dir()) / f"{lang}.cfg"


def train_pipeline(lang: str, data: TrainingSet, out_dir: str | Path,
                   overrides: dict | None = None, configs: Path | None = None,
                   quiet: bool = True) -> Path:
    """Train ``lang``'s config on ``data`` (``spacy train`` in a subprocess); the best
    pipeline on dev goes to ``out_dir/pipeline`` (with ``meta.json`` naming its version).
    Returns that folder."""
    out_dir = Path(out_dir)
    work = Path(tempfile.mkdtemp(prefix=f"restrack-ner-{lang}-"))
    try:
        to_docbin(data.train, lang).to_disk(work / "train.spacy")
        # spaCy's model selection needs some dev data; with none, train data stands in.
        to_docbin(data.dev or data.train[:50], lang).to_disk(work / "dev.spacy")
        options = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"),
                   **(overrides or {})}
        cmd = [sys.executable, "-m", "spacy", "train", str(config_path(lang, configs)),
               "--output", str(work / "out")]
        for key, value in options.items():
            cmd += [f"--{key}", json.dumps(value) if not isinstance(value, str) else value]
        res = subprocess.run(cmd, env={**os.environ, **_TRAIN_ENV}, cwd=str(work),
                             capture_output=quiet, text=True)
        if res.returncode != 0:
            tail = (res.stderr or res.stdout or "")[-2000:] if quiet else ""
            raise RuntimeError(f"spacy train failed for {lang} (exit {res.returncode}): {tail}")
        nlp = spacy.load(work / "out" / "model-best")
        target = out_dir / "pipeline"
        out_dir.mkdir(parents=True, exist_ok=True)
        if target.exists():
            shutil.rmtree(target)
        cfg = nlp.config.copy()
        cfg["paths"]["train"] = None
        cfg["paths"]["dev"] = None
        nlp.config = cfg
        nlp.meta.update({"name": f"restrack_ner_{lang}", "version": model_version(lang, data, configs),
                         "description": f"restrack BODY/PERSON/PLACE NER for {lang} (issue 5)",
                         "license": "MIT", "author": "restrack"})
        nlp.to_disk(target)
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)


def model_version(lang: str, data: TrainingSet, configs: Path | None = None) -> str:
    h = hashlib.sha256(config_path(lang, configs).read_bytes())
    h.update(data.digest.encode())
    return f"{VERSION}+{h.hexdigest()[:8]}"


def labels_in_use(evaluation: dict) -> list[str]:
    """Labels extraction takes from the model: BODY when it earns its place (``recommend``),
    PERSON and PLACE when the model alone is precise on enough held-out spans."""
    out = ["BODY"] if evaluation.get("recommend") else []
    for label in ("PERSON", "PLACE"):
        d = evaluation.get("ner_labels", {}).get(label)
        if d and d["tp"] + d["fn"] >= MIN_LABEL_GOLD and d["p"] >= MIN_LABEL_PRECISION:
            out.append(label)
    return out


def update_registry(models_dir: Path, lang: str, entry: dict | None) -> dict:
    path = models_dir / REGISTRY
    reg = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if entry is None:
        reg.pop(lang, None)
    else:
        reg[lang] = entry
    reg = {k: reg[k] for k in sorted(reg)}
    atomic_write_text(path, json.dumps(reg, indent=1, ensure_ascii=False) + "\n")
    return reg


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def real_documents(models_dir: Path, lang: str) -> dict:
    """What ``lang``'s model added to extraction on real documents, judged by hand
    (``models/real_documents.json``); {} when that was not measured."""
    path = models_dir / REAL_DOCUMENTS
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return data.get("languages", {}).get(lang, {})


def pays_on_real_documents(real: dict) -> bool:
    """The bodies the model adds on real documents are exactly right at least as often as
    they are no body at all (a model not measured there is given the benefit of the doubt)."""
    return not real or real["right"] >= real["no_body"]


def publish(lang: str, data: TrainingSet, pipeline: Path, evaluation: dict, seconds: float,
            models_dir: Path | None = None, tiny: bool = False) -> dict:
    """Copy a trained pipeline to ``models/<lang>/pipeline`` with ``config.cfg``,
    ``metrics.json`` and ``MODEL_CARD.md``, and enter it in the registry (``announce``)."""
    models_dir = models_dir or settings.models_dir()
    target = models_dir / lang
    dest = target / "pipeline"
    if dest.exists():
        shutil.rmtree(dest)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(pipeline, dest)
    atomic_write_text(target / "config.cfg", (dest / "config.cfg").read_text(encoding="utf-8"))
    atomic_write_text(target / HEADS_FILE, json.dumps(head_words(data.train + data.dev, lang),
                                               ensure_ascii=False, indent=0) + "\n")
    meta = json.loads((dest / "meta.json").read_text(encoding="utf-8"))
    perf = meta.get("performance", {})
    metrics = {
        "lang": lang,
        "version": meta.get("version", ""),
        "spacy": meta.get("spacy_version", ""),
        "enabled": False,
        "labels": labels_in_use(evaluation),
        "tiny": tiny,
        "data": {"sources": data.counts, "train_docs": len(data.train), "dev_docs": len(data.dev),
                 "removed_heldout_duplicates": data.dropped, "digest": data.digest[:16]},
        "dev": {k: perf[k] for k in ("ents_p", "ents_r", "ents_f", "ents_per_type") if k in perf},
        "heldout": evaluation,
        "train_seconds": round(seconds, 1),
        "size_bytes": _dir_size(dest),
    }
    return announce(models_dir, metrics)


def announce(models_dir: Path, metrics: dict) -> dict:
    """Switch the model on by default when it adds held-out recall at no more than
    ``evaluate.MAX_PRECISION_LOSS`` of precision and pays on real documents
    (``pays_on_real_documents``); write its ``metrics.json``, ``MODEL_CARD.md`` and
    registry entry, with the reason."""
    lang = metrics["lang"]
    real = real_documents(models_dir, lang)
    held_out = bool(metrics["heldout"].get("recommend"))
    pays = pays_on_real_documents(real)
    metrics = {**metrics, "enabled": held_out and pays and not metrics["tiny"],
               "real_documents": {**real, "pays": pays} if real else {}}
    target = models_dir / lang
    atomic_write_text(target / "metrics.json", json.dumps(metrics, indent=1, ensure_ascii=False) + "\n")
    atomic_write_text(target / "MODEL_CARD.md", model_card(metrics))
    reason = ("tiny test model" if metrics["tiny"] else
              "does not add held-out BODY recall within 3 points of precision" if not held_out else
              f"adds held-out BODY recall, but on real documents only {real['right']} of the "
              f"{real['added']} bodies it adds are right and {real['no_body']} are no body"
              if not pays else "adds held-out BODY recall at ≤ 3 points of precision")
    update_registry(models_dir, lang, {"enabled": metrics["enabled"], "version": metrics["version"],
                                       "pipeline": f"{lang}/pipeline", "labels": metrics["labels"],
                                       "reason": reason})
    return metrics
