"""The fuzz suite: broken inputs of every format (bench/fuzz.py) through restrack run
(bench/fuzz_run.py). ``make fuzz`` runs the same with 1,000 inputs per format."""
from __future__ import annotations

import hashlib
import os
from collections import Counter

import pytest

from bench import fuzz, fuzz_run

CI_PER_FORMAT = 35


def test_inputs_are_reproducible_distinct_and_labelled(tmp_path) -> None:
    a = fuzz.generate(tmp_path / "a", 12)
    b = fuzz.generate(tmp_path / "b", 12)
    assert [c.record() for c in a] == [c.record() for c in b]
    blobs = [(tmp_path / "a" / os.fsdecode(c.path)).read_bytes() for c in a]
    assert blobs == [(tmp_path / "b" / os.fsdecode(c.path)).read_bytes() for c in b]
    assert len({hashlib.sha256(x).digest() for x in blobs}) == len(blobs)  # one row each
    assert Counter(c.format for c in a) == {f: 12 for f in fuzz.formats()}
    assert {"txt", "md", "html", "docx", "pdf"} <= set(fuzz.formats())
    assert fuzz.load_cases(tmp_path / "a") == a


def test_odd_names_are_made_when_asked(tmp_path) -> None:
    names = [c.path for c in fuzz.generate(tmp_path / "odd", 60, only=["txt"])]
    plain = [c.path for c in fuzz.generate(tmp_path / "plain", 60, only=["txt"], odd_names=False)]
    assert any(b"[" in n or not n.isascii() for n in names)
    assert all(n.isascii() and b"[" not in n and b" " not in n for n in plain)


@pytest.mark.slow
def test_broken_inputs_through_restrack_run(tmp_path) -> None:
    """Every input gets a documents row (one per distinct input), the run exits 0 or 1 with
    no traceback, nothing made as garbage is ok, no document overruns its budget; named
    pipes and device links are refused. Without ``--doc-timeout`` in the CLI, each document
    is extracted alone under the budget instead."""
    result = fuzz_run.run_suite(tmp_path, CI_PER_FORMAT, budget=fuzz_run.DEFAULT_BUDGET,
                                workers=2)
    assert len(result.outcomes) >= 5 * CI_PER_FORMAT
    assert result.problems() == []
    if result.mode.startswith("restrack run"):
        assert result.exit_code in (0, 1) and result.tracebacks == 0
        assert len(result.specials) == 5 and all(s != "ok" for _, _, s in result.specials)
    statuses = Counter(o.status for o in result.outcomes)
    assert statuses["ok"] and statuses["error"]  # damage that is read and damage that is not
