"""The model reads only the lines where a body the merge keeps can open; on real documents
that merges to exactly what reading every line gives."""
from functools import cache

import pytest

from extractors import settings
from extractors.batch import discover
from extractors.bodies import find_bodies, find_people
from extractors.io.auto import read
from extractors.language import detect_language
from extractors.ner import LANGS, use
from extractors.records import BodyRef
from extractors.resolutions import Ref
from tests.conftest import ROOT, SHARED


@cache
def _documents() -> dict[str, list[str]]:
    """Texts of the sample documents and the shared real ones, by language."""
    folders = [ROOT / "data" / "raw", SHARED / "dev2" / "corpus", SHARED / "seeds"]
    texts: dict[str, list[str]] = {}
    for path in discover([f for f in folders if f.is_dir()]):
        _, raw = read(path)
        if raw.status == "ok":
            texts.setdefault(detect_language(raw.text), []).append(raw.text)
    return texts


def _model(lang):
    path = settings.models_dir() / lang
    if not (path / "pipeline").is_dir():
        pytest.fail(f"no shipped model for {lang}: run `restrack train --lang {lang}`")
    m = use.load_model(str(path))
    return use.Model(m.nlp, m.tag, m.heads, frozenset({"BODY"}))


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_reading_only_the_lines_where_a_kept_body_can_open_merges_the_same(lang):
    model = _model(lang)
    texts = _documents().get(lang)
    assert texts, f"no {lang} document found"
    added = skipped = 0
    for text in texts:
        bodies = find_bodies(text, lang)
        people = [Ref(s, e, t) for s, e, t in find_people(text, lang)]
        keep = use.lines_worth_reading(model, text, bodies, people)
        every = use.merge(text, lang, bodies, people, use.entities(model.nlp, text),
                          model.tag, model.heads, model.labels)
        some = use.merge(text, lang, bodies, people, use.entities(model.nlp, text, keep),
                         model.tag, model.heads, model.labels)
        assert some == every
        added += len(every.extractors)
        lines = [(s, s + len(line)) for s, line in _lines(text) if line.strip()]
        skipped += sum(not keep(s, e) for s, e in lines)
    assert skipped, "every line was read"
    if lang in ("vi", "en", "ar") and SHARED.is_dir():  # where the model adds bodies on the shared documents
        assert added


def _lines(text):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def test_a_head_inside_a_rule_body_or_lower_case_is_no_reason_to_read():
    model = _model("vi")
    line = "Ban Thường vụ Tỉnh ủy giao các ban đảng thực hiện."
    rules = [BodyRef(0, 21, line[:21], "standing_committee", "province", "")]
    assert not use.lines_worth_reading(model, line, rules, [])(0, len(line))
    assert use.lines_worth_reading(model, line, [], [])(0, len(line))  # no rule covers "Ban"
    fresh = "Hôm nay Trung tâm Y tế huyện khai trương."
    assert use.lines_worth_reading(model, fresh, [], [])(0, len(fresh))


def test_people_and_places_need_every_line():
    m = _model("vi")
    every_label = use.Model(m.nlp, m.tag, m.heads, frozenset({"BODY", "PERSON"}))
    assert use.lines_worth_reading(every_label, "x", [], []) is None
    assert use.lines_worth_reading(use.Model(m.nlp, m.tag, None, m.labels), "x", [], []) is None
