"""Public test cases of Duckling and Recognizers-Text (../shared/peer) against extractors.numbers.

One test per (suite, language): a single failing case does not fail the run, a pass rate
under 90% does (the failures are printed). Which cases apply is decided and documented in
``tests/lang/peer_report.py``, which also prints the whole table:
``.venv/bin/python tests/lang/peer_report.py -v``.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

PEER = Path(__file__).resolve().parents[2].parent / "shared" / "peer"

_spec = importlib.util.spec_from_file_location("peer_report", Path(__file__).with_name("peer_report.py"))
peer_report = sys.modules.setdefault("peer_report", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(peer_report)


@pytest.mark.shared
@pytest.mark.parametrize("suite,lang", list(peer_report.SUITES), ids=lambda v: str(v).replace(" ", "_"))
def test_peer_pass_rate(suite: str, lang: str) -> None:
    if not PEER.exists():
        pytest.skip(f"needs {PEER}")
    result = peer_report.run(suite, lang)
    print(f"{suite} {lang}: {result.passed}/{result.total} = {result.rate:.1%}")
    for failure in result.failures:
        print("  FAIL", failure)
    assert result.total > 0
    assert result.rate >= peer_report.THRESHOLD, "\n".join(result.failures)
