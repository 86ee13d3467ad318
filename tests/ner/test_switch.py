"""Tests under tests/ner/ see the models as the registry ships them."""
import os

from extractors.ner import use as ner


def test_ner_tests_run_with_the_shipped_registry() -> None:
    assert "RESTRACK_NER" not in os.environ
    shipped = {lang for lang, entry in ner.registry().items() if entry.get("enabled")}
    assert shipped and all(ner.enabled(lang) for lang in shipped)
