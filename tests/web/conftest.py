"""Fixtures of the review page: a run folder made by the library (no Prefect, for speed)
with a document that carries markup, a reviewer with a token, and the app in-process."""
from __future__ import annotations

import pytest

from extractors.io.reviewers import write_reviewer
from extractors.web.auth import new_token, token_digest
from tests.review.conftest import run_library, write_docs

# A document whose text holds markup: it must show as text, never run (XSS tests).
XSS_TEXT = ('The City Party Committee set the goal: <script>window.__xss=1</script> exports will '
            'exceed 40 million USD by 2030 "><img src=x onerror="window.__xss=2"> in the new term.\n')
MISSED = "The Standing Committee reported that 1,200 new members joined the Party."


@pytest.fixture
def run_dir(tmp_path):
    src = write_docs(tmp_path / "in")
    (src / "xss.txt").write_text(XSS_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    run_library([src], out)
    return out


@pytest.fixture
def token(run_dir) -> str:
    t = new_token()
    write_reviewer(run_dir, "anna", token_digest(t), "2025-06-01T09:30:00Z")
    return t


@pytest.fixture
def client(run_dir, token):
    from fastapi.testclient import TestClient

    from extractors.web.app import create_app

    with TestClient(create_app(run_dir)) as c:
        yield c
