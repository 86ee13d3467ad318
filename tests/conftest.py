"""Shared fixtures: where ../shared is, and the trained models off for rule tests.

Rule tests run with ``RESTRACK_NER=off`` and ``RESTRACK_KIND=off``, so retraining a model
never changes them; tests marked ``ner`` (every test under tests/ner/ and
tests/kind_model/, the gold regression) run with the models as their registries ship them."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# OCR'd pages are cached in a folder of this test session, never in the user's cache.
os.environ["RESTRACK_OCR_CACHE"] = tempfile.mkdtemp(prefix="restrack-test-ocr-")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; the test is skipped when it is not there."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"needs ../shared/{'/'.join(parts)}")
    return p


@pytest.fixture(scope="session")
def shared() -> Path:
    return shared_path()


# Rules only by default, from the first fixture on (session-scoped ones included).
os.environ["RESTRACK_NER"] = "off"
os.environ["RESTRACK_KIND"] = "off"
NER_DIRS = ("ner", "kind_model")


def _uses_models(node) -> bool:
    rel = Path(str(node.path)).resolve().relative_to(ROOT / "tests")
    return rel.parts[0] in NER_DIRS or node.get_closest_marker("ner") is not None


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if _uses_models(item):
            item.add_marker(pytest.mark.ner)


@pytest.fixture(autouse=True, scope="module")
def ner_models(request):
    """The shipped NER models, as the registry configures them, for modules under tests/ner/
    and modules marked ``ner`` (autouse and module-scoped, so it is in force before the
    module's own fixtures run)."""
    if not _uses_models(request.node):
        yield
        return
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("RESTRACK_NER", raising=False)
        mp.delenv("RESTRACK_KIND", raising=False)
        yield
