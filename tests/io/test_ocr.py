"""OCR with the real Tesseract on real files: scanned PDFs, unmapped fonts, images, cache."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.io import ocr
from extractors.io.auto import read, read_bytes
from extractors.io.pdf import read_pdf
from extractors.records import RawDocument

from .conftest import EN_LINES, VI_LINES, Sample, image_bytes, page_image

pytestmark = pytest.mark.skipif(bool(ocr.missing()), reason=f"no OCR here: {ocr.missing()}")


def _cer(got: str, want: str) -> float:
    from rapidfuzz.distance import Levenshtein

    got, want = " ".join(got.split()), " ".join(want.split())
    return Levenshtein.distance(got, want) / max(1, len(want))


def _ocr_block(raw: RawDocument) -> str:
    assert raw.ocr_spans, "no OCR'd span"
    return "\n".join(raw.text[s:e] for s, e in raw.ocr_spans)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """A fresh OCR cache, and the models of every page Tesseract really reads."""
    monkeypatch.setenv(ocr.CACHE_ENV, str(tmp_path / "ocr-cache"))
    calls: list[str] = []
    real = ocr.recognise

    def recognise(image, models, dpi=ocr.OCR_DPI):
        calls.append(models)
        return real(image, models, dpi)

    monkeypatch.setattr(ocr, "recognise", recognise)
    return calls


def test_scanned_pdf_is_read_by_ocr(vi_scan_pdf: Sample, counted: list[str]) -> None:
    raw = read_pdf(vi_scan_pdf.path.read_bytes(), lang="vi")
    assert raw.status == "ok", raw.error
    assert (raw.n_pages, raw.pages_ocr) == (1, 1)
    assert raw.ocr_engine == f"{ocr.engine_version()}:vie"
    assert _cer(_ocr_block(raw), "\n".join(VI_LINES)) <= 0.03
    assert "10,5%/năm" in raw.text
    assert counted == ["vie"]


def test_unknown_language_is_found_on_a_first_pass(vi_scan_pdf: Sample, counted: list[str]) -> None:
    raw = read_pdf(vi_scan_pdf.path.read_bytes())
    assert raw.ocr_engine.endswith(":vie")
    # First every model on page 1, then page 1 again with the Vietnamese one.
    assert counted == [ocr.models_for(None), "vie"]


def test_rerun_reads_from_the_cache(vi_scan_pdf: Sample, counted: list[str]) -> None:
    first = read_pdf(vi_scan_pdf.path.read_bytes(), lang="vi")
    assert counted == ["vie"]
    again = read_pdf(vi_scan_pdf.path.read_bytes(), lang="vi")
    assert counted == ["vie"]  # no page was recognised a second time
    assert again.text == first.text and again.ocr_spans == first.ocr_spans


def test_only_pages_without_a_text_layer_are_ocrd(mixed_pdf: Sample, counted: list[str]) -> None:
    raw = read_pdf(mixed_pdf.path.read_bytes())
    assert raw.status == "ok", raw.error
    assert (raw.n_pages, raw.pages_ocr) == (2, 1)
    # The language comes from page 1's text layer: no first pass with every model.
    assert counted == ["vie"]
    assert raw.text.startswith("\n".join(VI_LINES[:2]) + "\n\n")
    (start, end), = raw.ocr_spans
    assert start == len("\n".join(VI_LINES[:2])) + 2 and end == len(raw.text)
    assert _cer(raw.text[start:end], "\n".join(VI_LINES[2:])) <= 0.03


def test_unmapped_fonts_are_read_by_ocr(unmapped_pdf: Sample, counted: list[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    data = unmapped_pdf.path.read_bytes()
    monkeypatch.setenv(ocr.SWITCH_ENV, "off")
    off = read_pdf(data)
    assert off.status == "needs_ocr"
    assert off.error.startswith("PDF fonts have no Unicode mapping (")
    monkeypatch.delenv(ocr.SWITCH_ENV)
    raw = read_pdf(data, lang="en")
    assert raw.status == "ok", raw.error
    assert raw.pages_ocr == 1 and "(cid:" not in raw.text
    assert _cer(raw.text, "\n".join(EN_LINES)) <= 0.03


@pytest.mark.parametrize(("fmt", "kind"), [("PNG", "png"), ("JPEG", "jpeg"), ("TIFF", "tiff")])
def test_images_are_sniffed_and_read_by_ocr(fmt: str, kind: str, counted: list[str]) -> None:
    data = image_bytes(page_image(VI_LINES), fmt)
    _, raw = read_bytes(data, "photo.bin", lang="vi")  # the name says nothing
    assert raw.format == kind
    assert raw.status == "ok", raw.error
    assert (raw.n_pages, raw.pages_ocr) == (1, 1)
    assert raw.ocr_spans == [(0, len(raw.text))]
    assert _cer(raw.text, "\n".join(VI_LINES)) <= 0.03
    assert raw.title == raw.text.split("\n")[0]


def test_multipage_tiff_is_one_document(tmp_path: Path, counted: list[str]) -> None:
    import io

    pages = [page_image(VI_LINES[:2]), page_image(VI_LINES[2:])]
    buf = io.BytesIO()
    pages[0].save(buf, format="TIFF", save_all=True, append_images=pages[1:], dpi=(300, 300))
    path = tmp_path / "scan.tif"
    path.write_bytes(buf.getvalue())
    _, raw = read(path, lang="vi")
    assert (raw.format, raw.n_pages, raw.pages_ocr) == ("tiff", 2, 2)
    assert len(raw.ocr_spans) == 2
    assert _cer(raw.text, "\n".join(VI_LINES)) <= 0.03


def test_without_tesseract_images_and_scans_need_ocr(vi_scan_pdf: Sample,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ocr.SWITCH_ENV, "off")
    _, image = read_bytes(image_bytes(page_image(VI_LINES), "PNG"), "scan.png")
    assert (image.status, image.format) == ("needs_ocr", "png")
    assert image.error == "image: cannot OCR: OCR is switched off (RESTRACK_OCR=off)"
    _, scan = read(vi_scan_pdf.path)
    assert scan.status == "needs_ocr" and scan.pages_ocr == 0
    assert scan.error == ("scanned PDF: there is no text layer (quality 0.00); "
                          "cannot OCR: OCR is switched off (RESTRACK_OCR=off)")


def test_missing_models_name_the_packages(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setattr(ocr, "TESSDATA_DIRS", (str(tmp_path),))
    monkeypatch.delenv(ocr.TESSDATA_ENV, raising=False)
    ocr.tessdata_dir.cache_clear()
    ocr._engine_missing.cache_clear()
    try:
        assert ocr.missing() == ("Tesseract is not installed (apt-get install tesseract-ocr "
                                 "tesseract-ocr-{vie,pol,rus,ara,eng})")
    finally:
        ocr.tessdata_dir.cache_clear()
        ocr._engine_missing.cache_clear()


def test_progress_is_reported_per_page(vi_scan_pdf: Sample, counted: list[str],
                                       caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO", logger="restrack.ocr"):
        read_pdf(vi_scan_pdf.path.read_bytes(), lang="vi", name="vi_scan.pdf")
        read_pdf(vi_scan_pdf.path.read_bytes(), lang="vi", name="vi_scan.pdf")
    lines = [r.getMessage() for r in caplog.records if r.name == "restrack.ocr"]
    assert len(lines) == 2
    assert lines[0].startswith("OCR vi_scan.pdf page 1/1 (vie, ")
    assert lines[1].startswith("OCR vi_scan.pdf page 1/1 (vie, cached, ")
