"""OCR quality and speed: character error rate per language on noisy scans, and pages/s.

    python bench/ocr.py            # CER per language and OCR pages/s (make bench runs it)
    python bench/ocr.py --save DIR # also write the noisy page images and their truths

The test pages are real documents printed to images: pages of the shared real Vietnamese
PDF rendered as they are, and Polish, Russian, Arabic and English text of real documents
from ``../shared/dev2`` set on A4 pages with real fonts (Liberation Serif; DejaVu Sans for
Arabic, shaped and drawn right to left). Each page is then "scanned": rendered at 150 or
200 dpi, turned by 0.5-2.5 degrees, blurred, given sensor noise and saved as a JPEG of
quality 60. The truth of a Vietnamese page is its text layer; of the others, the text set.
CER is the Levenshtein distance between OCR text and truth (whitespace folded, Arabic
harakat left out) over the truth's length, per language over all its pages.
"""
from __future__ import annotations

import argparse
import io
import json
import random
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

FONTS = Path("/usr/share/fonts/truetype")
SERIF = FONTS / "liberation" / "LiberationSerif-Regular.ttf"
SANS = FONTS / "dejavu" / "DejaVuSans.ttf"
# Real pages of the shared Vietnamese PDFs (prose pages; 1-based).
VI_PAGES = (("realdocs/vi_thainguyen_vankien_daihoi_2025-2030.pdf", (3, 9)),
            ("realdocs/vi_thainguyen_du_thao_chuong_trinh_hanh_dong_table.pdf", (2,)))
# Real documents whose text is set on pages, per language.
SET_TEXTS = {
    "pl": "dev2/corpus/pl_olsztynek_investments_2019_2024.txt",
    "ru": "dev2/corpus/ru_ukaz204_national_goals_2024.docx",
    "ar": "dev2/corpus/ar_arab_vision_2045.txt",
    "en": "dev2/corpus/en_glasgow_climate_neutrality_action_plan_2030.md",
}
PAGES_PER_TEXT = 2
LINES_PER_PAGE = 34
CHARS_PER_LINE = {"ar": 70}
DEFAULT_CHARS_PER_LINE = 80
SCAN_DPIS = (150, 200)
GOALS = {"vi": 0.03, "pl": 0.03, "ru": 0.03, "en": 0.03, "ar": 0.06}


@dataclass
class TestPage:
    lang: str
    name: str
    image: object  # PIL.Image, grey
    dpi: int
    truth: str


def _set_lines(lang: str) -> list[str]:
    from extractors.io.auto import read

    _, raw = read(SHARED / SET_TEXTS[lang])
    width = CHARS_PER_LINE.get(lang, DEFAULT_CHARS_PER_LINE)
    paragraphs = [" ".join(p.split()) for p in raw.text.split("\n")]
    lines: list[str] = []
    for p in paragraphs:
        # Prose, not headings or tables; in Arabic, not the converter's English image notes.
        if len(p) >= 60 and "|" not in p and "http" not in p and not (
                lang == "ar" and any("a" <= c.lower() <= "z" for c in p)):
            lines += textwrap.wrap(p, width)
    return lines


def _typeset(lang: str, lines: list[str]) -> bytes:
    """A one-page PDF with ``lines`` in a real font (Arabic shaped, right-aligned)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font, path = ("Sans", SANS) if lang == "ar" else ("Serif", SERIF)
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font, str(path)))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont(font, 11)
    for i, line in enumerate(lines):
        y = 790 - 21 * i
        if lang == "ar":
            import arabic_reshaper
            from bidi.algorithm import get_display

            c.drawRightString(540, y, get_display(arabic_reshaper.reshape(line)))
        else:
            c.drawString(56, y, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def _render(pdf_bytes: bytes, index: int, dpi: int):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes)
    page = pdf[index]
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    text = page.get_textpage().get_text_range().replace("\r\n", "\n")
    page.close()
    pdf.close()
    return image, text


def scan_noise(image, rng: random.Random):
    """A page as a desk scanner or a phone gives it: a little turned, soft, noisy, JPEG."""
    import numpy as np
    from PIL import Image, ImageFilter

    angle = rng.choice((-1, 1)) * rng.uniform(0.5, 2.5)
    image = image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.8)))
    pixels = np.asarray(image, dtype=np.float32)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, 10, pixels.shape)
    image = Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=60)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def make_pages(seed: int = 12) -> list[TestPage]:
    """The noisy test pages; empty when ../shared is absent."""
    rng = random.Random(seed)
    pages: list[TestPage] = []
    for rel, numbers in VI_PAGES:
        path = SHARED / rel
        if not path.exists():
            continue
        for n in numbers:
            dpi = rng.choice(SCAN_DPIS)
            image, truth = _render(path.read_bytes(), n - 1, dpi)
            pages.append(TestPage("vi", f"{path.stem}_p{n}", scan_noise(image, rng), dpi, truth))
    for lang, rel in SET_TEXTS.items():
        if not (SHARED / rel).exists():
            continue
        lines = _set_lines(lang)
        for k in range(PAGES_PER_TEXT):
            chunk = lines[k * LINES_PER_PAGE:(k + 1) * LINES_PER_PAGE]
            if not chunk:
                break
            dpi = rng.choice(SCAN_DPIS)
            image, _ = _render(_typeset(lang, chunk), 0, dpi)
            pages.append(TestPage(lang, f"{Path(rel).stem}_p{k + 1}", scan_noise(image, rng),
                                  dpi, "\n".join(chunk)))
    return pages


# Arabic harakat (optional short-vowel marks, shadda, tanween): print often omits them
# and Tesseract's model does not write them, so they are not counted.
_HARAKAT = dict.fromkeys(range(0x064B, 0x0653))


def folded(text: str) -> str:
    return " ".join(text.translate(_HARAKAT).split())


def measure(pages: list[TestPage]) -> dict:
    """OCR every page in its language (no cache) through the same preparation the image
    reader uses; CER per language (edits over truth characters) and pages/s."""
    from rapidfuzz.distance import Levenshtein

    from extractors.io import ocr
    from extractors.io.images import prepare

    edits: dict[str, int] = {}
    chars: dict[str, int] = {}
    per_page = []
    start = time.perf_counter()
    for page in pages:
        image, dpi = prepare(page.image, page.dpi)
        got = ocr.recognise(image, ocr.models_for(page.lang), dpi)
        a, b = folded(got), folded(page.truth)
        d = Levenshtein.distance(a, b)
        edits[page.lang] = edits.get(page.lang, 0) + d
        chars[page.lang] = chars.get(page.lang, 0) + len(b)
        per_page.append({"page": page.name, "lang": page.lang, "dpi": page.dpi,
                         "cer": round(d / max(1, len(b)), 4)})
    seconds = time.perf_counter() - start
    return {"cer": {lang: round(edits[lang] / chars[lang], 4) for lang in edits},
            "pages": len(pages), "seconds": round(seconds, 1),
            "pages_per_s": round(len(pages) / seconds, 3) if seconds else 0.0,
            "per_page": per_page}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--save", type=Path, help="write the page images and truths here")
    p.add_argument("--json", type=Path, help="write the figures as JSON")
    args = p.parse_args(argv)
    from extractors.io import ocr

    if ocr.missing():
        print(f"bench/ocr.py: skipped: {ocr.missing()}")
        return 0
    pages = make_pages()
    if not pages:
        print(f"bench/ocr.py: skipped: {SHARED} is absent")
        return 0
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for page in pages:
            page.image.save(args.save / f"{page.lang}_{page.name}.png")
            (args.save / f"{page.lang}_{page.name}.txt").write_text(page.truth, encoding="utf-8")
    result = measure(pages)
    print(f"OCR ({ocr.engine_version()}), {result['pages']} noisy pages, 1 thread: "
          f"{result['pages_per_s']:.2f} pages/s")
    print("| language | pages | CER | goal |")
    print("|---|---:|---:|---:|")
    for lang, value in result["cer"].items():
        n = sum(1 for x in result["per_page"] if x["lang"] == lang)
        print(f"| {lang} | {n} | {value:.2%} | ≤ {GOALS[lang]:.0%} |")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
