"""The annotated NER data: offsets that hold, a held-out split no training source contains."""
import json
import unicodedata

import pytest

from extractors.lang import tokenizer
from extractors.ner import LANGS, data


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", [data.TRAIN_FILE, data.HELDOUT_FILE])
def test_offsets_hold(lang, name):
    path = data.ner_dir() / lang / name
    recs = data.read_jsonl(path)
    assert len(recs) >= (130 if name == data.TRAIN_FILE else 70)
    bad = {r.text: data.problems(r, lang) for r in recs if data.problems(r, lang)}
    assert not bad
    for r in recs:
        assert unicodedata.is_normalized("NFC", r.text)
        assert r.text == r.text.strip() and "\n" not in r.text


@pytest.mark.parametrize("lang", LANGS)
def test_every_line_is_a_record_with_spans_in_order(lang):
    for name in (data.TRAIN_FILE, data.HELDOUT_FILE):
        for line in (data.ner_dir() / lang / name).read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            assert set(d) == {"text", "spans"}
            assert d["spans"] == sorted(d["spans"])


@pytest.mark.parametrize("lang", LANGS)
def test_heldout_has_bodies_the_rules_miss_and_bodies_they_know(lang):
    from extractors.bodies import find_bodies

    held = data.heldout(lang)
    gold = [(r, s, e) for r in held for s, e, label in r.spans if label == "BODY"]
    assert len(gold) >= 80
    found = sum(1 for r, s, e in gold if any((b.start, b.end) == (s, e) for b in find_bodies(r.text, lang)))
    assert 0.25 < found / len(gold) < 0.75
    assert any(not r.spans for r in held)  # sentences with nothing to find test precision


@pytest.mark.parametrize("lang", LANGS)
def test_training_never_sees_the_heldout_split(lang):
    training = data.training_set(lang, sources=("hand", "synthetic", "silver", "user"))
    held = {data._key(r.text) for r in data.heldout(lang)}
    assert held
    assert not held & {data._key(r.text) for r in training.train + training.dev}


def test_heldout_texts_are_removed_from_every_source(tmp_path):
    lang_dir = tmp_path / "en"
    lang_dir.mkdir()
    data.write_jsonl(lang_dir / data.HELDOUT_FILE, [data.markup("The [Tax Office|B] met.")])
    data.write_jsonl(lang_dir / data.TRAIN_FILE, [data.markup("The [Tax Office|B] met."),
                                                 data.markup("The [Land Office|B] met.")])
    training = data.training_set("en", data_dir=tmp_path, raw_dir=tmp_path / "none",
                                 sources=("hand",))
    assert training.dropped == 1
    assert [r.text for r in training.train + training.dev] == ["The Land Office met."]


@pytest.mark.parametrize("lang", LANGS)
def test_synthetic_sentences_are_seeded_and_aligned(lang):
    a, b = data.synthetic(lang), data.synthetic(lang)
    assert len(a) >= 140
    assert [r.to_json() for r in a] == [r.to_json() for r in b]
    assert not [r.text for r in a if data.problems(r, lang)]
    assert all(any(label == "BODY" for *_, label in r.spans) or "{B" not in r.text for r in a)


def test_silver_spans_come_from_the_rules_over_data_raw():
    recs = data.silver("en")
    assert recs and all(r.source == "silver" for r in recs)
    assert any("Office of the Ward Party Committee" in r.text[s:e] for r in recs for s, e, _ in r.spans)
    for r in recs:
        assert not data.problems(r, "en") or all(e <= len(r.text) for _, e, _ in r.spans)


def test_markup_round_trip_and_problems():
    rec = data.markup("Comrade [Nguyen Van Hung|P] of the [Hanoi|L] [City Party Committee|B] spoke.")
    assert [rec.text[s:e] for s, e, _ in rec.spans] == ["Nguyen Van Hung", "Hanoi", "City Party Committee"]
    assert [label for *_, label in rec.spans] == ["PERSON", "PLACE", "BODY"]
    assert data.markup(data.to_markup(rec)).to_json() == rec.to_json()
    bad = data.Annotated("The City Party Committee met.", [(3, 10, "BODY"), (8, 20, "BODY"),
                                                          (0, 2, "ORG")])
    msgs = " ".join(data.problems(bad, "en"))
    assert "white space" in msgs and "overlaps" in msgs and "unknown label" in msgs
    assert "token boundaries" in " ".join(data.problems(data.Annotated("Committees", [(0, 9, "BODY")]), "en"))


def test_vietnamese_tokenizer_splits_punctuation_without_pyvi():
    doc = tokenizer("vi")("giao (Sở KH&ĐT) chủ trì, phối hợp.")
    assert [t.text for t in doc][:5] == ["giao", "(", "Sở", "KH&ĐT", ")"]
