"""bench/extraction.py measures extraction per language on real files, NER off and on; the
figures themselves are never asserted (a loaded machine would fail them)."""
from __future__ import annotations

import json
import os

from bench import extraction
from extractors.ner import use
from tests.conftest import ROOT


def test_figures_per_language_add_up_and_the_switch_is_restored(tmp_path):
    docs = extraction.load([ROOT / "data" / "raw"])
    before = os.environ.get(use.ENV)
    off = extraction.measure(docs, "off", repeat=1)
    on = extraction.measure(docs, "all", repeat=1)
    assert os.environ.get(use.ENV) == before
    langs = {"ar", "en", "pl", "ru", "vi"}
    assert langs <= set(off) and set(off) == set(on)
    assert off["all"]["chars"] == sum(len(raw.text) for _, raw in docs) == \
        sum(v["chars"] for k, v in off.items() if k != "all")
    assert off["all"]["documents"] == len(docs)
    assert all(v["cpu_s"] > 0 and v["chars_per_cpu_s"] > 0 for v in off.values())
    assert off["all"]["ner_mentions"] == 0
    table = extraction.table({"off": off, "all": on})
    assert table.splitlines()[0].startswith("| language | documents | characters | off chars/CPU-s")
    assert len(table.splitlines()) == 2 + len(off)


def test_command_line_writes_json(tmp_path, capsys):
    out = tmp_path / "x.json"
    assert extraction.main([str(ROOT / "data" / "raw"), "--repeat", "1", "--ner", "off",
                            "--json", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["results"]["off"]["all"]["documents"] > 0
    assert "| all |" in capsys.readouterr().out
