"""restrack review corpus: accepted and corrected rows as DocBins with BODY entities."""
import json

from spacy.tokens import DocBin

from extractors.corpus import build_corpus
from extractors.review import import_review, load_run
from extractors.lang import blank
from flows.cli import main

from .conftest import Sheet

ASSIGNED = "The People's Committee of the city is assigned to attract ten investment projects by 2027."
VI_ASSIGNED = "Ban Thường vụ Tỉnh ủy giao Ủy ban nhân dân tỉnh"
FOREST = "Forest cover will reach 45% by 2030."


def _blank(lang):
    return blank(lang)


def _docs(path, lang):
    return list(DocBin().from_disk(path).get_docs(_blank(lang).vocab))


def test_corpus_holds_reviewed_sentences_with_body_spans(run_dir, tmp_path):
    sheet = Sheet(run_dir / "review.xlsx")
    en = sheet.row_of(sentence=ASSIGNED)
    sheet.set(en, "review_status", "accepted")
    sheet.set(en, "responsible", "peoples_committee:city:")
    vi = next(r for r in range(2, sheet.ws.max_row + 1) if str(sheet.get(r, "sentence")).startswith(VI_ASSIGNED))
    sheet.set(vi, "responsible", "peoples_committee:province: | standing_committee:province:")
    sheet.set(sheet.row_of(sentence=FOREST), "review_status", "rejected")  # not in the corpus
    import_review(sheet.save(tmp_path / "e.xlsx"), run_dir, "anna")
    out = tmp_path / "corpus"
    assert main(["review", "corpus", str(run_dir), "--out", str(out)]) == 0
    manifest = json.loads((out / "corpus.json").read_text(encoding="utf-8"))
    assert sorted(manifest["languages"]) == ["en", "vi"]
    (doc,) = _docs(out / "en.spacy", "en")
    assert doc.text == ASSIGNED
    (ent,) = doc.ents
    assert ent.label_ == "BODY" and "People's Committee of the city" in ent.text
    assert ent.start_char == ASSIGNED.index(ent.text)
    assert doc.user_data["doc_id"]
    # the issuer is named elsewhere in the document, not in this sentence
    assert doc.user_data["unlocated"] == ("party_committee:city:",)
    rows = {r.target_id: r for r in load_run(run_dir).targets}
    assert rows[doc.user_data["target_ids"][0]].review_status == "accepted"
    (vdoc,) = _docs(out / "vi.spacy", "vi")
    assert vdoc.text.startswith(VI_ASSIGNED)
    bodies = [e.text for e in vdoc.ents]
    assert all(e.label_ == "BODY" for e in vdoc.ents)
    assert "Ủy ban nhân dân tỉnh" in bodies and "Ban Thường vụ Tỉnh ủy" in bodies
    assert vdoc.user_data["language"] == "vi"


def test_no_reviewed_rows_means_nothing_to_write(run_dir, tmp_path):
    result = build_corpus(run_dir, tmp_path / "c")
    assert result.docs == 0 and not (tmp_path / "c").exists()
    assert main(["review", "corpus", str(run_dir), "--out", str(tmp_path / "c")]) == 1
    assert main(["review", "corpus", str(tmp_path / "nowhere")]) == 2
