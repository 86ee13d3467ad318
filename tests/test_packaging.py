"""The wheel: built from the sources alone, it carries the code, the language data, the
NER templates and the trained models (as the package ``restrack_models``), and extraction
with the models runs from it outside the checkout."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

SOURCES = ("pyproject.toml", "README.md", "extractors", "flows", "models")
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".work")


def _files(folder: Path) -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and ".work" not in p.parts
            and p.suffix != ".pyc"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # A copy of the sources, so the build leaves nothing (build/, *.egg-info) in the checkout
    # and no stale build of it can slip into the wheel.
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=_SKIP)
        else:
            shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("dist")
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                          "--no-index", "-q", "-w", str(out), str(src)],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    (path,) = out.glob("restrack-*.whl")
    return path


def test_the_wheel_holds_code_language_data_templates_and_models(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    code = _files(ROOT / "extractors") | _files(ROOT / "flows")
    assert {"extractors/lang/vi/tokenizer.json", "extractors/lang/ar/clitics.json",
            "extractors/data/body_types.json", "extractors/ner/templates/model_card.md",
            "extractors/ner/use.py"} <= code
    assert sorted(code - names) == []
    models = {"restrack_models/" + n.removeprefix("models/") for n in _files(ROOT / "models")}
    assert {"restrack_models/registry.json", "restrack_models/en/pipeline/ner/model",
            "restrack_models/configs/vi.cfg"} <= models
    assert sorted(models - names) == []


def test_extraction_with_the_models_runs_from_the_wheel_outside_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import json, extractors\n"
        "from extractors import settings\n"
        "from extractors.pipeline import extract_text\n"
        "from extractors.records import Document, RawDocument\n"
        "text = 'The Dai Tu District Political Training Centre will hold five courses.\\n'\n"
        "ex = extract_text(Document(doc_id='d', source='x.txt'), RawDocument(text, 'txt'), 'en')\n"
        "print(json.dumps({'code': extractors.__file__, 'models': str(settings.models_dir()),\n"
        "                  'by': sorted({m.extractor for m in ex.mentions})}))\n")
    env = {k: v for k, v in os.environ.items() if k not in ("RESTRACK_HOME", "PYTHONPATH")}
    env.update(PYTHONPATH=str(site), RESTRACK_NER="all")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300, cwd=tmp_path, env=env)
    assert res.returncode == 0, res.stderr[-3000:]
    out = json.loads(res.stdout.splitlines()[-1])
    assert Path(out["code"]).is_relative_to(site)
    assert Path(out["models"]) == site / "restrack_models"
    assert any(by.startswith("ner:en@") for by in out["by"]), out["by"]
