"""Training: a reviewer's correction changes the model (a tiny config, seconds), and the
same data gives the same model."""
import hashlib

import pytest
import spacy
from spacy.tokens import DocBin

from extractors.ner import data, train, use

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

BASE = [
    "The [Provincial People's Committee|B] assigned the [Department of Finance|B] to draft the plan.",
    "The [City Party Committee|B] aims for growth of 8% a year by 2030.",
    "Comrade [Nguyen Van Hung|P] chaired the meeting of the [Standing Committee|B].",
    "The [District Tax Sub-Department|B] will collect 500 billion VND.",
    "The [Office of the Ward Party Committee|B] will complete the report before 30 November.",
    "Exports will exceed 33 million USD by 2030.",
    "The [Provincial Police|B] and the [Provincial Military Command|B] held an exercise in [Hanoi|L].",
    "The [Department of Health|B] will open 20 new clinics.",
    "Per capita income will reach 95 million VND in 2030.",
    "The [Commune People's Council|B] approved the budget.",
]
# The reviewer's correction names a body no rule or sentence above knows.
CORRECTED = [
    "The lighthouse keepers guild will repaint 40 towers by 2027.",
    "Funding for the lighthouse keepers guild rose by 5%.",
    "The lighthouse keepers guild met the Department of Transport.",
    "Members of the lighthouse keepers guild elected a chairman.",
]
BODY = "lighthouse keepers guild"
PROBE = "Next year the lighthouse keepers guild will train 30 apprentices."


def _data_dir(tmp_path):
    d = tmp_path / "data"
    data.write_jsonl(d / "en" / data.TRAIN_FILE, [data.markup(s) for s in BASE * 3])
    return d


def _corpus(tmp_path):
    nlp = spacy.blank("en")
    db = DocBin(store_user_data=True)
    for s in CORRECTED:
        doc = nlp.make_doc(s)
        i = s.index(BODY)
        doc.ents = [doc.char_span(i, i + len(BODY), label="BODY")]
        doc.user_data["language"] = "en"
        db.add(doc)
    folder = tmp_path / "corpus"
    folder.mkdir()
    db.to_disk(folder / "en.spacy")
    return folder


def _train(tmp_path, name, corpus=None):
    training = data.training_set("en", corpus, data_dir=_data_dir(tmp_path), raw_dir=tmp_path / "none")
    path = train.train_pipeline("en", training, tmp_path / name, overrides=train.TINY_OVERRIDES)
    return training, spacy.load(path)


def _bodies(nlp, text):
    return [text[s:e] for s, e, label in use.entities(nlp, text) if label == "BODY"]


def test_a_reviewer_correction_teaches_the_model_a_new_body(tmp_path):
    corpus = _corpus(tmp_path)
    without_data, without = _train(tmp_path, "without")
    with_data, with_ = _train(tmp_path, "with", corpus)
    assert with_data.counts["review"] == {"records": 4, "BODY": 4, "PERSON": 0, "PLACE": 0}
    assert len(with_data.train) == len(without_data.train) + 4 * data.REVIEW_REPEAT
    assert BODY not in _bodies(without, PROBE)
    assert BODY in _bodies(with_, PROBE)
    assert with_.meta["version"] != without.meta["version"]


def test_same_data_same_model(tmp_path):
    a = _train(tmp_path, "a")[1]
    b = _train(tmp_path, "b")[1]
    assert a.meta["version"] == b.meta["version"]
    assert hashlib.sha256(a.get_pipe("ner").to_bytes()).digest() == \
        hashlib.sha256(b.get_pipe("ner").to_bytes()).digest()
