"""extractors.tokens: a spaCy Doc for any text, and the pipeline on texts spaCy would refuse."""
from __future__ import annotations

import pytest

from extractors import nlp
from extractors.lang import blank
from extractors.tokens import MAX_TOKEN_CHARS, MAX_TOKEN_MARKS, PART_CHARS, make_doc

from .conftest import ROOT

SAMPLES = sorted((ROOT / "bench" / "sample_texts").glob("*.txt"))


@pytest.fixture(scope="module")
def en():
    return blank("en")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_real_text_is_tokenized_by_spacy_itself(en, path) -> None:
    text = path.read_text(encoding="utf-8")
    assert [t.text for t in make_doc(en, text)] == [t.text for t in en.make_doc(text)]


@pytest.mark.parametrize("run", [
    "(" * 200_000,  # affixes all the way: minutes in spaCy's tokenizer
    "😀" * 100_000,
    "11-12%" * 40_000,
    "x" * (MAX_TOKEN_CHARS + 1),
    "a." * (MAX_TOKEN_MARKS + 1),
])
def test_bad_runs_are_cut_and_the_text_kept(en, run: str) -> None:
    text = f"Growth of 11% by 2030 {run} and after it\nthe next line."
    doc = make_doc(en, text)
    assert doc.text == text
    assert max(len(t.text) for t in doc) <= MAX_TOKEN_CHARS
    # the ordinary words around the run are spaCy's own tokens
    assert [t.text for t in doc[:6]] == ["Growth", "of", "11", "%", "by", "2030"]
    assert [t.text for t in doc[-4:]] == ["the", "next", "line", "."]


def test_long_text_is_tokenized_in_parts(en) -> None:
    line = "The ward set average annual growth of 11-12% for the new term.\n"
    text = line * (2 * PART_CHARS // len(line) + 3)
    doc = make_doc(en, text)
    assert doc.text == text
    assert len(doc) == len(en.make_doc(line)) * text.count("\n")


@pytest.mark.slow
def test_a_million_characters_are_read_not_refused() -> None:
    """spaCy refuses texts over nlp.max_length (E088, 1,000,000 characters); analyse reads
    them in parts and every record's offsets index the whole text."""
    filler = "Hội nghị thảo luận các văn bản của Đảng bộ phường.\n"
    tail = "Phấn đấu tốc độ tăng trưởng kinh tế bình quân 10,5%/năm giai đoạn 2025-2030."
    text = filler * (1_050_000 // len(filler)) + tail
    assert len(text) > nlp.pipeline("vi").max_length
    doc = nlp.analyse(text, "vi", model=False)
    assert nlp.doc_text(doc) == text  # the finders read the text; the Doc holds it untokenized
    found = [q for q in nlp.records(doc, "quantities") if q.unit == "percent"]
    assert [text[q.start:q.end] for q in found] == ["10,5%/năm"]
    assert found[0].start > 1_000_000
