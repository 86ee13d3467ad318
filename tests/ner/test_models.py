"""The shipped models: small, loadable with plain spacy.load in a fresh process, described,
and as good on the held-out split as their metrics say."""
import json
import subprocess
import sys

import pytest

from extractors import settings
from extractors.ner import LANGS, evaluate, train, use
MAX_BYTES = 15 * 1024 * 1024


def _shipped(lang):
    path = settings.models_dir() / lang
    if not (path / "pipeline").is_dir():
        pytest.fail(f"no shipped model for {lang}: run `restrack train --lang {lang}`")
    return path


@pytest.mark.parametrize("lang", LANGS)
def test_model_folder_is_complete_and_small(lang):
    path = _shipped(lang)
    for name in ("config.cfg", "metrics.json", "MODEL_CARD.md", use.HEADS_FILE):
        assert (path / name).is_file(), name
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    assert size <= MAX_BYTES
    metrics = json.loads((path / "metrics.json").read_text(encoding="utf-8"))
    meta = json.loads((path / "pipeline" / "meta.json").read_text(encoding="utf-8"))
    reg = use.registry()[lang]
    assert metrics["version"] == meta["version"] == reg["version"]
    assert metrics["enabled"] == reg["enabled"] and not metrics["tiny"]
    assert meta["version"] in (path / "MODEL_CARD.md").read_text(encoding="utf-8")
    cfg = (path / "config.cfg").read_text(encoding="utf-8")
    assert "HashEmbedCNN" in cfg and "pretrained_vectors = null" in cfg
    assert "train = null" in cfg  # no machine's temporary paths in the shipped config


def test_models_load_with_plain_spacy_in_a_fresh_process():
    code = (
        "import json, sys, spacy\n"
        "out = {}\n"
        "for lang, path in json.loads(sys.argv[1]).items():\n"
        "    nlp = spacy.load(path)\n"
        "    out[lang] = [nlp.pipe_names, sorted(nlp.get_pipe('ner').labels),\n"
        "                 nlp.config['nlp']['tokenizer']['@tokenizers']]\n"
        "print(json.dumps(out))\n")
    paths = {lang: str(_shipped(lang) / "pipeline") for lang in LANGS}
    res = subprocess.run([sys.executable, "-c", code, json.dumps(paths)], capture_output=True,
                         text=True, timeout=300, cwd="/")
    assert res.returncode == 0, res.stderr[-2000:]
    out = json.loads(res.stdout)
    for lang in LANGS:
        assert out[lang] == [["ner"], ["BODY", "PERSON", "PLACE"], "spacy.Tokenizer.v1"]
    assert "pyvi" not in res.stderr


def test_metrics_hold_and_the_issue_bar_is_met():
    results = {r["lang"]: r for r in evaluate.evaluate_all(langs=LANGS)}
    assert set(results) == set(LANGS)
    better = []
    for lang in LANGS:
        shipped = json.loads((_shipped(lang) / "metrics.json").read_text(encoding="utf-8"))
        assert results[lang]["body"] == shipped["heldout"]["body"], lang  # metrics are current
        body = results[lang]["body"]
        if body["both"]["r"] > body["rules"]["r"] and body["rules"]["p"] - body["both"]["p"] <= 0.03:
            better.append(lang)
        # off by default: a model that does not add recall within 3 points of precision, or
        # whose additions on real documents are no body more often than right
        real = train.real_documents(settings.models_dir(), lang)
        assert use.registry()[lang]["enabled"] == (lang in better and train.pays_on_real_documents(real))
    assert len(better) >= 3, better
    table = (settings.models_dir() / "NER_EVAL.md").read_text(encoding="utf-8")
    for lang in LANGS:
        assert f"\n| {lang} | " in table


@pytest.mark.parametrize("lang,text,body", [
    ("vi", "Giao Trung tâm Phát triển quỹ đất huyện Võ Nhai lập phương án bồi thường.",
     "Trung tâm Phát triển quỹ đất huyện Võ Nhai"),
    ("pl", "Urząd Statystyczny powiatu Dai Tu opublikuje dane do końca marca.",
     "Urząd Statystyczny powiatu Dai Tu"),
    ("ru", "Центр политического образования района Вонян проведёт пять курсов.",
     "Центр политического образования района Вонян"),
    ("ar", "سينظم مركز التدريب السياسي في منطقة فو لونغ دورتين جديدتين.",
     "مركز التدريب السياسي في منطقة فو لونغ"),
    ("en", "The Dai Tu District Political Training Centre will hold five courses.",
     "Dai Tu District Political Training Centre"),
])
def test_extraction_finds_a_body_the_rules_do_not_know(lang, text, body, monkeypatch):
    from extractors.bodies import find_bodies
    from extractors.pipeline import extract_text
    from extractors.records import Document, RawDocument

    _shipped(lang)
    assert body not in [b.text for b in find_bodies(text, lang)]
    monkeypatch.setenv(use.ENV, "all")
    ex = extract_text(Document(doc_id="d", source="x.txt"), RawDocument(text + "\n", "txt"), lang)
    found = [m for m in ex.mentions if m.label == "BODY" and m.text == body]
    assert found and found[0].extractor.startswith(f"ner:{lang}@") and found[0].canonical.startswith("agency:")
