"""Rule tests run without the NER models, so retraining a model never changes them."""
import os

from extractors.ner import use as ner


def test_rule_tests_run_with_the_models_off() -> None:
    assert os.environ.get("RESTRACK_NER") == "off"
    assert not any(ner.enabled(lang) for lang in ("pl", "ru", "ar", "en", "vi"))
