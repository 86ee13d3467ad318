"""The committed sample corpus in data/raw: present, readable, and rebuilt by its generator."""
from __future__ import annotations

from pathlib import Path

import docx
import pdfplumber
import pytest

from bench import samples as generator
from extractors.io.auto import read
from extractors.language import detect_language

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
LANGS = {"vi", "en", "pl", "ru", "ar"}
FORMATS = {"txt", "pdf", "docx", "html"}

# file -> (language, format); the README documents every one of them.
SAMPLES: dict[str, tuple[str, str]] = {
    "en_resolution_summary.txt": ("en", "txt"),
    "en_city_congress_news.html": ("en", "html"),
    "en_action_plan.pdf": ("en", "pdf"),
    "en_broken_report.pdf": ("en", "pdf"),
    "pl_uchwala_zjazdu.pdf": ("pl", "pdf"),
    "pl_program_dzialania_cp1250.txt": ("pl", "txt"),
    "ru_konferencija_gorkoma_cp1251.txt": ("ru", "txt"),
    "ru_programma_dejstvij.docx": ("ru", "docx"),
    "ar_qarar_mutamar.pdf": ("ar", "pdf"),
    "ar_taqrir_ikhbari.txt": ("ar", "txt"),
    "vi_nghi_quyet_phuong.txt": ("vi", "txt"),
    "vi_chuong_trinh_hanh_dong.docx": ("vi", "docx"),
    "vi_tin_dai_hoi.html": ("vi", "html"),
}
BROKEN = "en_broken_report.pdf"
GOOD_PDFS = sorted(n for n, (_, f) in SAMPLES.items() if f == "pdf" and n != BROKEN)
DOCXS = sorted(n for n, (_, f) in SAMPLES.items() if f == "docx")
LEGACY = {"pl_program_dzialania_cp1250.txt": ("cp1250", "Komitet Partii okręgu"),
          "ru_konferencija_gorkoma_cp1251.txt": ("cp1251", "горкома партии")}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_exists_and_is_named_by_language(name: str) -> None:
    lang, fmt = SAMPLES[name]
    path = RAW / name
    assert path.is_file() and path.stat().st_size > 0
    assert name.startswith(f"{lang}_") and name.endswith(f".{fmt}")


def test_every_language_and_format_is_covered() -> None:
    """The files themselves, as restrack reads them, cover every language and format."""
    seen = {}
    for name in SAMPLES:
        _, raw = read(RAW / name)
        lang = detect_language(raw.text) if raw.status == "ok" else None
        seen[name] = (lang, raw.format)
    assert seen == {n: (None if n == BROKEN else lang, fmt) for n, (lang, fmt) in SAMPLES.items()}
    assert {lang for lang, _ in seen.values()} - {None} == LANGS
    assert {fmt for _, fmt in seen.values()} == FORMATS
    for fmt in ("pdf", "docx"):
        langs = {lang for n, (lang, f) in seen.items() if f == fmt and n != BROKEN}
        assert len(langs) >= 2, f"{fmt} in only {langs}"


def test_no_unexpected_files() -> None:
    on_disk = {p.name for p in RAW.iterdir() if p.is_file()}
    assert on_disk == set(SAMPLES) | {"README.md", "EXPECTED.md"}


@pytest.mark.parametrize("name", GOOD_PDFS)
def test_pdf_opens_with_text(name: str) -> None:
    with pdfplumber.open(RAW / name) as pdf:
        assert len(pdf.pages) >= 1
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert len(text) > 300
    assert "2025" in text


def test_english_plan_has_two_pages() -> None:
    with pdfplumber.open(RAW / "en_action_plan.pdf") as pdf:
        assert len(pdf.pages) == 2
        assert "first quarter of 2026" in (pdf.pages[1].extract_text() or "")


def test_arabic_pdf_stores_visual_order_presentation_forms() -> None:
    with pdfplumber.open(RAW / "ar_qarar_mutamar.pdf") as pdf:
        text = pdf.pages[0].extract_text() or ""
    # Shaped glyphs live in Arabic Presentation Forms-B (U+FE70–U+FEFF), not U+0600–U+06FF.
    assert any("\ufe70" <= ch <= "\ufeff" for ch in text)
    assert not any("\u0621" <= ch <= "\u064a" for ch in text)


def test_broken_pdf_is_rejected() -> None:
    with pytest.raises(Exception):
        with pdfplumber.open(RAW / BROKEN) as pdf:
            for page in pdf.pages:
                page.extract_text()


@pytest.mark.parametrize("name", DOCXS)
def test_docx_opens(name: str) -> None:
    document = docx.Document(str(RAW / name))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2025–2030" in text
    assert len(document.tables) == 1


def test_vietnamese_action_programme_table_columns() -> None:
    document = docx.Document(str(RAW / "vi_chuong_trinh_hanh_dong.docx"))
    table = document.tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    assert header == ["Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành", "Thời gian thực hiện"]
    assert len(table.rows) >= 5
    assert any("Quý I/2026" in cell.text for row in table.rows for cell in row.cells)


@pytest.mark.parametrize("name", sorted(LEGACY))
def test_legacy_encoding(name: str) -> None:
    codec, phrase = LEGACY[name]
    data = (RAW / name).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode(codec)
    assert phrase in text
    assert "2025–2030" in text


@pytest.mark.parametrize("name", sorted(n for n, (_, f) in SAMPLES.items() if f in ("txt", "html") and n not in LEGACY))
def test_utf8_text_files(name: str) -> None:
    text = (RAW / name).read_bytes().decode("utf-8")
    assert text.strip()


def test_html_news_page_has_boilerplate_and_source() -> None:
    page = (RAW / "en_city_congress_news.html").read_text(encoding="utf-8")
    for tag in ("<nav", "<script", "<footer", "<article"):
        assert tag in page
    assert "Source: <a href=\"https://" in page


def test_readme_and_expected_cover_every_sample() -> None:
    readme = (RAW / "README.md").read_text(encoding="utf-8")
    expected = (RAW / "EXPECTED.md").read_text(encoding="utf-8")
    for name in SAMPLES:
        assert f"`{name}`" in readme, name
        assert f"## {name}" in expected, name


def test_generator_is_deterministic_and_matches_committed_files(tmp_path: Path) -> None:
    first = generator.build_samples()
    second = generator.build_samples()
    assert first == second  # same bytes twice: no clock or random state leaks in
    generator.write_samples(tmp_path)
    for name in SAMPLES:
        assert (tmp_path / name).read_bytes() == (RAW / name).read_bytes(), (
            f"data/raw/{name} is stale: run make samples")


def _expected_evidence() -> dict[str, list[str]]:
    """EXPECTED.md's evidence column, per file (table cells may hold escaped pipes)."""
    import re

    evidence: dict[str, list[str]] = {}
    current = None
    for line in (RAW / "EXPECTED.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"## (\S+\.\w+)$", line)
        if heading:
            current = heading.group(1)
            evidence[current] = []
        elif current and line.startswith("| ") and not line.startswith(("| kind", "|---")):
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            evidence[current].append(cells[1].strip().replace("\\|", "|"))
    return evidence


@pytest.mark.parametrize("name", sorted(n for n in SAMPLES if n != BROKEN))
def test_expected_evidence_is_in_the_read_text(name: str) -> None:
    """Every evidence phrase of EXPECTED.md occurs in what restrack's reader returns."""
    import unicodedata

    _, document = read(RAW / name)
    assert document.status == "ok"
    text = unicodedata.normalize("NFC", document.text)
    missing = [e for e in _expected_evidence()[name] if e not in text]
    assert not missing
