"""`restrack train` (the Prefect flow, a tiny model) and `restrack eval-ner` end to end."""
import json

import pytest
from prefect.testing.utilities import prefect_test_harness

from flows.cli import main
from extractors.ner import LANGS, use


@pytest.fixture(scope="module")
def harness():
    with prefect_test_harness(server_startup_timeout=60):
        yield


def test_train_writes_a_model_folder_and_the_report(harness, tmp_path, capsys):
    models = tmp_path / "models"
    assert main(["train", "--lang", "en", "--tiny", "--models-dir", str(models)]) == 0
    out = capsys.readouterr().out
    assert "en: 0.1.0+" in out and "off by default" in out
    folder = models / "en"
    for name in ("config.cfg", "metrics.json", "MODEL_CARD.md", use.HEADS_FILE, "pipeline/meta.json"):
        assert (folder / name).is_file(), name
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["tiny"] and not metrics["enabled"]
    assert metrics["data"]["sources"]["hand"]["records"] >= 100
    assert metrics["data"]["sources"]["silver"]["records"] > 0
    reg = json.loads((models / "registry.json").read_text(encoding="utf-8"))
    assert reg["en"]["enabled"] is False and reg["en"]["version"] == metrics["version"]
    table = (models / "NER_EVAL.md").read_text(encoding="utf-8")
    assert all(f"\n| {lang} | " in table for lang in LANGS)
    assert not (models / ".work").exists()

    assert main(["eval-ner", "--lang", "en", "--models-dir", str(models), "--out",
                 str(tmp_path / "eval.md"), "--json", str(tmp_path / "eval.json")]) == 0
    printed = capsys.readouterr().out
    assert "| en | 86 |" in printed and (tmp_path / "eval.md").read_text(encoding="utf-8") in printed + "\n"
    assert json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))[0]["lang"] == "en"


def test_usage_errors(tmp_path, capsys):
    assert main(["train", "--corpus", str(tmp_path / "missing")]) == 2
    assert main(["train", "--data", str(tmp_path / "missing.jsonl")]) == 2
    assert main(["train", "--lang", "xx"]) == 2
