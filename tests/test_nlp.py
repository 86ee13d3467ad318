"""The spaCy pipeline's own components: overlaps between finders are settled inside the
pipeline, and the NER component asks ``RESTRACK_NER`` for every Doc."""
import pytest

from extractors import nlp, numbers, periods, settings
from extractors.ner import use
from extractors.records import DateRef, Quantity
from extractors.resolutions import Ref


def _overlapping(a, spans):
    return [x for x in a if any(x.start < s.end and s.start < x.end for s in spans)]


@pytest.mark.parametrize("lang,text,number", [
    ("ru", "Конференция утвердила программу действий на 2025–2030 годы.", "2025–2030 годы"),
    ("pl", "Zjazd, który obradował w dniach 24–25 lipca 2025 r., przyjął program.", "24–25"),
])
def test_numbers_inside_dates_are_dropped(lang, text, number):
    found = numbers.find_quantities(text, lang)
    assert number in [q.text for q in _overlapping(found, periods.find_dates(text, lang))]
    doc = nlp.pipeline(lang)(text)
    dates = nlp.records(doc, "dates")
    assert dates and not _overlapping(nlp.records(doc, "quantities"), dates)
    assert number not in [s.text for s in doc.spans["quantities"]]


def test_dates_and_numbers_inside_references_are_dropped():
    text = "Resolution No. 15/2025 sets growth of 8% by 2030."
    nlp_en = nlp.pipeline("en")
    doc = nlp_en.make_doc(text)
    ref = Ref(0, 22, text[:22])
    inside = DateRef(18, 22, "2025", "DATE", "in", 2025, 2025)
    by = DateRef(41, 48, "by 2030", "DATE", "by", None, 2030)
    number = Quantity(15, 17, "15", "QUANTITY", 15.0)
    percent = Quantity(38, 40, "8%", "PERCENT", 8.0, unit="percent")
    nlp._store(doc, "resolutions", [ref])
    nlp._store(doc, "dates", [inside, by])
    nlp._store(doc, "quantities", [number, percent])
    doc = nlp_en.get_pipe("restrack_resolve")(doc)
    assert nlp.records(doc, "dates") == [by]
    assert nlp.records(doc, "quantities") == [percent]
    assert [s.text for s in doc.spans["dates"]] == ["by 2030"]


TEXT = "The Dai Tu District Political Training Centre will hold five courses.\n"
BODY = "Dai Tu District Political Training Centre"


def _model_bodies(doc):
    return [b.text for b in nlp.records(doc, "bodies")
            if nlp.extractors(doc).get((b.start, b.end, "BODY"), "").startswith("ner:en@")]


def test_the_switch_is_read_for_every_doc_of_one_pipeline(monkeypatch):
    if not (settings.models_dir() / "en" / "pipeline").is_dir():
        pytest.fail("no shipped en model: run `restrack train --lang en`")
    monkeypatch.setenv(use.ENV, "off")
    off = nlp.analyse(TEXT, "en")
    monkeypatch.setenv(use.ENV, "all")
    on = nlp.analyse(TEXT, "en")
    assert _model_bodies(off) == [] and nlp.extractors(off) == {}
    assert _model_bodies(on) == [BODY]
    tokenized = nlp.pipeline("en")(TEXT)
    assert BODY in [s.text for s in tokenized.spans["bodies"]]
    # the rules of English standing in for another language get no model
    assert _model_bodies(nlp.analyse(TEXT, "en", model=False)) == []


REAL_TEXT = ("Ban Thường vụ Tỉnh ủy giao Ủy ban nhân dân tỉnh chủ trì, đến năm 2030 tăng 12% "
             "thu ngân sách (Nghị quyết số 15/2025/NQ-HĐND), đạt 2.500 tỷ đồng; "
             "đồng chí Bí thư Nguyễn Văn An phát biểu tại Đại hội nhiệm kỳ 2025 - 2030.")


@pytest.mark.parametrize("lang,text", [
    ("vi", REAL_TEXT),
    ("en", "The Provincial Party Committee will raise revenue by 12% by 2030.\n" + TEXT),
    ("ru", "")])
def test_analyse_reads_the_text_untokenized_with_the_same_records(lang, text):
    """Extraction's Doc has no tokens (nothing reads them), and the same records as the Doc
    of spaCy's own tokenizer, which also gets the span view."""
    fast = nlp.analyse(text, lang)
    full = nlp.pipeline(lang)(text)
    assert len(fast) == 0 and nlp.doc_text(fast) == text and not fast.spans
    for group in nlp.GROUPS:
        assert nlp.records(fast, group) == nlp.records(full, group)
    if text:
        assert nlp.records(fast, "bodies") and nlp.records(fast, "quantities")
        assert [s.text for s in full.spans["bodies"]] == [b.text for b in nlp.records(fast, "bodies")]
