"""Generate the synthetic benchmark corpus: thousands of resolution-like documents.

The texts are built from sentence templates in five languages (vi, en, pl, ru, ar, in
``bench/templates/<code>.json``), with numbers, places, bodies and years drawn from a
seeded RNG. The same seed and size always give the same files, byte for byte. Most
documents are .txt. About 2% are multi-page PDFs (3–10 pages), and some are DOCX and HTML
(rendered by ``bench/render.py``). A few txt files use legacy encodings, as real inputs do.

    python -m bench.corpus                      # 2,000 documents into bench/out/corpus
    python -m bench.corpus --docs 200 --out /tmp/c

Layout: ``<out>/<format>/<lang>_<index>.<ext>`` plus ``<out>/manifest.json``, which
lists every file (file, lang, format, n_chars, n_pages, encoding, sha256) and the totals.
Each format has its own folder, so the benchmark can pass a whole format as one input.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import re
import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import render

BENCH_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = BENCH_DIR / "templates"
DEFAULT_OUT = BENCH_DIR / "out" / "corpus"
DEFAULT_DOCS = 2000
DEFAULT_SEED = 20251103
MANIFEST = "manifest.json"
GENERATOR_VERSION = 1  # bump when templates change, so cached corpora are rebuilt

LANGS: tuple[str, ...] = ("vi", "en", "pl", "ru", "ar")
FORMATS: tuple[str, ...] = ("txt", "pdf", "docx", "html")
# Shares of the corpus per binary format; the rest is txt. 2% of 2,000 = 40 PDFs.
SHARES: dict[str, float] = {"pdf": 0.02, "docx": 0.03, "html": 0.05}
PDF_PAGES = (3, 10)
# Body lines per PDF page. 34 lines with paragraph gaps always fit an A4 page, so the
# page count is exactly ceil(lines / 34) and we can aim for a number of pages.
PDF_LINES_PER_PAGE = 34


# --------------------------------------------------------------------------------------
# Language data, from bench/templates/<code>.json. Sentence kinds (titles, term, targets,
# achievements, structures, present, tasks, fillers) are templates whose {slots}
# draw_values fills. Bodies are [subject, object, "with" form] and things [form a, form b]
# where a language inflects them (Polish, Russian), else one form for all.
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LegacyTxt:
    """A share of txt files saved by an old tool: a codepage or a BOM, its line ends."""

    encoding: str
    newline: str
    share: float


@dataclass(frozen=True)
class NativeDigits:
    """A share of documents written with the script's own digits, decimal and percent signs."""

    digits: str  # 0-9 in the script
    decimal: str
    percent: str
    share: float


@dataclass(frozen=True)
class Lang:
    code: str
    levels: dict[str, str]  # level -> place pattern with {name}
    titles: tuple[str, ...]
    term: str
    targets: tuple[str, ...]
    achievements: tuple[str, ...]
    structures: tuple[str, ...]
    present: tuple[str, ...]
    tasks: tuple[str, ...]
    fillers: tuple[str, ...]
    bodies: tuple[tuple[str, str, str], ...]
    things: tuple[tuple[str, str], ...]
    months: tuple[str, ...]
    quarters: tuple[str, ...]
    source_label: str
    comments: str
    nav: tuple[str, ...]
    related_label: str
    footer: str
    table_header: tuple[str, str, str, str]
    quarter_deadline: str  # table cell, with {q} and {year0}
    place_script: str  # which spelling of places.json the place names take
    number_format: dict[str, str]  # "group" and "decimal" separators
    legacy_txt: LegacyTxt | None = None
    native_digits: NativeDigits | None = None
    rtl: bool = False


def _forms(item: str | list[str], n: int) -> tuple[str, ...]:
    """A body or thing in its n forms; one string stands for all of them."""
    return (item,) * n if isinstance(item, str) else tuple(item)


def load_lang(code: str) -> Lang:
    """The templates of one language from ``bench/templates/<code>.json``."""
    data = json.loads((TEMPLATES_DIR / f"{code}.json").read_text(encoding="utf-8"))
    data = {k: v for k, v in data.items() if not k.startswith("_")}
    data["bodies"] = tuple(_forms(b, 3) for b in data["bodies"])
    data["things"] = tuple(_forms(t, 2) for t in data["things"])
    if "legacy_txt" in data:
        data["legacy_txt"] = LegacyTxt(**data["legacy_txt"])
    if "native_digits" in data:
        data["native_digits"] = NativeDigits(**data["native_digits"])
    lists = {k: tuple(v) for k, v in data.items() if isinstance(v, list)}
    return Lang(code=code, **{**data, **lists})


LANG_DATA: dict[str, Lang] = {code: load_lang(code) for code in LANGS}
# Place names from Vietnamese syllables, each spelled in every script.
SYLLABLES: tuple[dict[str, str], ...] = tuple(
    json.loads((TEMPLATES_DIR / "places.json").read_text(encoding="utf-8"))["syllables"])
LEVELS: tuple[str, ...] = ("ward", "commune", "city", "province")
ROMAN = ("I", "II", "III", "IV")


# --------------------------------------------------------------------------------------
# Numbers and values
# --------------------------------------------------------------------------------------

def fmt_number(value: float, lang: str) -> str:
    """Format like the translations do: 1,234.5 (en), 1.234,5 (vi), 1 234,5 (pl/ru), 1234,5
    (ar), as the language's ``number_format`` says."""
    decimals = 0 if float(value).is_integer() else 1
    seps = LANG_DATA[lang].number_format
    int_part, _, frac = f"{value:,.{decimals}f}".partition(".")
    int_part = int_part.replace(",", seps["group"])
    return f"{int_part}{seps['decimal']}{frac}" if frac else int_part


def draw_values(rng: random.Random, lang: Lang, place: str, term: tuple[int, int]) -> dict[str, str]:
    """Fresh random slot values for one sentence, already formatted for ``lang``."""
    t0, t1 = term
    lo = rng.choice((5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 10, 10.5, 11))
    n3 = rng.randint(12, 40)
    quarter = rng.randint(1, 4)
    month = rng.randint(1, 12)
    body, body2 = rng.sample(lang.bodies, 2)
    thing = rng.choice(lang.things)
    numbers: dict[str, float] = {
        "lo": lo,
        "hi": lo + rng.choice((0.5, 1, 1.5, 2)),
        "pct": rng.choice((60, 70, 80, 85, 90, 95, 100)),
        "pct_hi": rng.choice((90, 92, 95, 97, 98)),
        "pct_mid": rng.randint(30, 60),
        "small": rng.choice((0.5, 0.8, 1, 1.2, 1.5, 2)),
        "bn": rng.randrange(150, 60000, 50),
        "inc": rng.randrange(60, 260, 5),
        "musd": rng.randrange(5, 1500, 5),
        "cnt": rng.randint(3, 80),
        "mem": rng.randint(400, 95000),
        "br": rng.randint(10, 450),
        "dele": rng.randint(120, 450),
        "s1": round(rng.uniform(8, 30), 1),
        "s2": round(rng.uniform(6, 15), 1),
        "s3": round(rng.uniform(1.5, 5), 1),
        "past": round(rng.uniform(5, 9.5), 1),
        "n1": rng.randint(3, 7),
        "n2": rng.randint(2, 4),
        "n3": n3,
        "ach": rng.randint(n3 // 2, n3),
        "ahead": rng.randint(1, 6),
    }
    values = {key: fmt_number(v, lang.code) for key, v in numbers.items()}
    values.update(
        t0=str(t0), t1=str(t1), p0=str(t0 - 5), p1=str(t0),
        year=str(rng.randint(t0 + 1, t1)), year0=str(rng.choice((t0, t0 + 1))),
        day=str(rng.randint(1, 28)), month_num=str(month), month=lang.months[month - 1],
        q=str(quarter), q_roman=ROMAN[quarter - 1], q_ord=lang.quarters[quarter - 1],
        place=place, Place=place[:1].upper() + place[1:],
        body=body[0].format(place=place), Body=_capital(body[0].format(place=place)),
        body_obj=body[1].format(place=place), body2_with=body2[2].format(place=place),
        thing=thing[0], thing2=thing[1],
    )
    return values


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------

@dataclass
class Doc:
    """A generated document before it is rendered into a file format."""

    lang: str
    title: str
    paragraphs: list[str]
    source_url: str = ""
    footer: str = ""
    table: list[tuple[str, str, str, str]] = field(default_factory=list)
    native_digits: bool = False  # written with the script's own digits (Arabic-Indic)

    def lines(self) -> list[str]:
        """The document's text as lines, the way a txt rendering holds it."""
        out = [self.title, *self.paragraphs]
        out += [" | ".join(row) for row in self.table]
        if self.source_url:
            out.append(f"{LANG_DATA[self.lang].source_label}: {self.source_url}")
        if self.footer:
            out.append(self.footer)
        return out

    def text(self) -> str:
        return "\n".join(self.lines()) + "\n"


# Sentence kinds and their weights: mostly targets, as in real programmes.
KIND_WEIGHTS: dict[str, int] = {"targets": 45, "tasks": 15, "fillers": 20, "achievements": 10,
                                "structures": 5, "present": 5}


def make_place(rng: random.Random, lang: str) -> str:
    first, second = rng.sample(SYLLABLES, 2)
    script = LANG_DATA[lang].place_script
    name = f"{first[script]} {second[script]}"
    level = rng.choice(LEVELS)
    return LANG_DATA[lang].levels[level].format(name=name)


@dataclass(frozen=True)
class Setting:
    """What stays fixed through one document: its language, place and term."""

    lang: Lang
    place: str
    term: tuple[int, int]


def make_setting(rng: random.Random, lang_code: str) -> Setting:
    term = rng.choices(((2025, 2030), (2026, 2031), (2020, 2025)), weights=(85, 10, 5))[0]
    return Setting(LANG_DATA[lang_code], make_place(rng, lang_code), term)


def fill(rng: random.Random, setting: Setting, template: str) -> str:
    return template.format(**draw_values(rng, setting.lang, setting.place, setting.term))


def make_paragraphs(rng: random.Random, setting: Setting, n_sentences: int) -> list[str]:
    """Random sentences grouped into paragraphs of 1-4; target runs sometimes become a list."""
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    sentences = []
    for _ in range(n_sentences):
        kind = rng.choices(kinds, weights=weights)[0]
        sentences.append(fill(rng, setting, rng.choice(getattr(setting.lang, kind))))
    paragraphs: list[str] = []
    i = 0
    while i < len(sentences):
        size = rng.randint(1, 4)
        chunk = sentences[i:i + size]
        if rng.random() < 0.3:
            paragraphs.extend(f"- {s}" for s in chunk)
        else:
            paragraphs.append(" ".join(chunk))
        i += size
    return paragraphs


def compose(rng: random.Random, setting: Setting, n_sentences: int, index: int, *, news: bool,
            with_table: bool = False) -> Doc:
    """Compose one document: title, term sentence, ``n_sentences`` more, optional table."""
    lang = setting.lang
    doc = Doc(
        lang=lang.code,
        title=fill(rng, setting, rng.choice(lang.titles)),
        paragraphs=[fill(rng, setting, lang.term), *make_paragraphs(rng, setting, n_sentences)],
        native_digits=lang.native_digits is not None and rng.random() < lang.native_digits.share,
    )
    if with_table:
        t0, t1 = setting.term
        for _ in range(rng.randint(3, 8)):
            values = draw_values(rng, lang, setting.place, setting.term)
            doc.table.append((
                _capital(values["thing"]), values["Body"],
                lang.quarter_deadline.format(**values), f"{t0}–{t1}",
            ))
    if news:
        doc.source_url = f"https://news{index % 7}.example/{lang.code}/{index:05d}-resolution.html"
        doc.footer = lang.comments
    return doc


def finish(doc: Doc) -> Doc:
    """Last touches applied after all text is in place."""
    if doc.native_digits:
        # The script's digits in the body only: URLs keep ASCII digits, as on real sites.
        lang = LANG_DATA[doc.lang]
        doc.title = _to_native(doc.title, lang)
        doc.paragraphs = [_to_native(p, lang) for p in doc.paragraphs]
        doc.table = [tuple(_to_native(c, lang) for c in row) for row in doc.table]  # type: ignore[misc]
    return doc


def _to_native(text: str, lang: Lang) -> str:
    """ASCII digits, decimal mark and percent sign -> the script's own ("٢١٫٧٪")."""
    signs = lang.native_digits
    assert signs is not None  # only documents of such languages are marked native_digits
    text = re.sub(rf"(?<=\d){re.escape(lang.number_format['decimal'])}(?=\d)", signs.decimal, text)
    return text.translate(str.maketrans("0123456789", signs.digits)).replace("%", signs.percent)


# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rendered:
    data: bytes
    n_chars: int
    n_pages: int | None = None
    encoding: str | None = None


def render_txt(doc: Doc, rng: random.Random) -> Rendered:
    text = doc.text()
    lang = LANG_DATA[doc.lang]
    # Some files come from a legacy Windows tool: a codepage with CRLF, or a Notepad BOM.
    legacy = lang.legacy_txt
    if legacy is not None and rng.random() < legacy.share:
        try:
            return Rendered(text.replace("\n", legacy.newline).encode(legacy.encoding), len(text),
                            encoding=legacy.encoding)
        except UnicodeEncodeError:
            pass
    return Rendered(text.encode("utf-8"), len(text), encoding="utf-8")


def render_html(doc: Doc) -> Rendered:
    lang = LANG_DATA[doc.lang]
    esc = lambda s: html.escape(s, quote=False)  # noqa: E731 - tiny local helper
    page = render.html_page(
        lang=doc.lang, title=esc(doc.title), meta="2025",
        paragraphs=[esc(p) for p in doc.paragraphs],
        source_label=lang.source_label, url=doc.source_url or "https://news.example/",
        nav=lang.nav, related_label=lang.related_label, related=(esc(doc.title),),
        footer=esc(lang.footer), comments=lang.comments,
    )
    return Rendered(page.encode("utf-8"), len(doc.text()))


def render_docx(doc: Doc) -> Rendered:
    Block = render.Block
    blocks = [Block(doc.title, "title"), *(Block(p, "body") for p in doc.paragraphs)]
    tables: list[tuple[int, Sequence[Sequence[str]]]] = []
    if doc.table:
        tables.append((len(blocks) - 1, [LANG_DATA[doc.lang].table_header, *doc.table]))
    data = render.render_docx(blocks, title=doc.title, language=doc.lang, tables=tables)
    return Rendered(data, len(doc.text()))


def _wrapped_lines(text: str, font: str, size: float, rtl: bool) -> int:
    """How many lines ``render_pdf`` will use for a paragraph (same wrap, same metrics)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth

    usable = A4[0] - 2 * 56.0

    def fits(candidate: str) -> bool:
        shown = render.visual_rtl(candidate) if rtl else candidate
        return stringWidth(shown, font, size) <= usable

    return len(render.wrap_words(text, fits))


def pdf_page_count(data: bytes) -> int:
    """Pages in a reportlab PDF: one ``/Type /Page`` object per page (not ``/Pages``)."""
    return len(re.findall(rb"/Type /Page\b(?!s)", data))


def compose_pdf(rng: random.Random, lang_code: str, index: int) -> tuple[Doc, int]:
    """A document long enough for a chosen number of pages (3-10); returns it and the aim."""
    pages = rng.randint(*PDF_PAGES)
    rtl = LANG_DATA[lang_code].rtl
    render.register_fonts()
    setting = make_setting(rng, lang_code)
    doc = compose(rng, setting, 4, index, news=False)
    # Aim at the middle of the last page; one paragraph is far shorter than half a page.
    goal = (pages - 1) * PDF_LINES_PER_PAGE + PDF_LINES_PER_PAGE // 2
    title_lines = 2  # the title's larger font takes about two body lines
    lines = title_lines + sum(_wrapped_lines(p, render.FONT_REGULAR, 10.5, rtl) for p in doc.paragraphs)
    while lines < goal:
        more = make_paragraphs(rng, setting, 6)
        doc.paragraphs.extend(more)
        lines += sum(_wrapped_lines(p, render.FONT_REGULAR, 10.5, rtl) for p in more)
    return finish(doc), pages


def render_pdf(doc: Doc) -> Rendered:
    Block = render.Block
    blocks = [Block(doc.title, "title"), *(Block(p, "body") for p in doc.paragraphs)]
    data = render.render_pdf(blocks, title=doc.title, rtl=LANG_DATA[doc.lang].rtl,
                             lines_per_page=PDF_LINES_PER_PAGE)
    return Rendered(data, len(doc.text()), n_pages=pdf_page_count(data))


# --------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------

def plan_formats(n_docs: int, n_pdfs: int | None = None) -> dict[str, int]:
    """How many documents of each format; every format gets at least one when n_docs >= 4."""
    counts: dict[str, int] = {}
    for fmt, share in SHARES.items():
        counts[fmt] = max(1, round(n_docs * share)) if n_docs >= len(FORMATS) else 0
    if n_pdfs is not None:
        counts["pdf"] = n_pdfs
    counts["txt"] = max(0, n_docs - sum(counts.values()))
    return {fmt: counts[fmt] for fmt in FORMATS}


def _doc_rng(seed: int, index: int) -> random.Random:
    # A string seed is hashed with SHA-512, so it is stable across runs and machines.
    return random.Random(f"restrack-bench:{seed}:{index}")


def build_entry(out_dir: Path, fmt: str, lang: str, index: int, seed: int) -> dict[str, Any]:
    """Generate and write one document; returns its manifest entry."""
    rng = _doc_rng(seed, index)
    if fmt == "pdf":
        doc, _aim = compose_pdf(rng, lang, index)
        rendered = render_pdf(doc)
    else:
        n_sentences = int(rng.triangular(8, 90, 25))
        setting = make_setting(rng, lang)
        doc = finish(compose(rng, setting, n_sentences, index, news=fmt == "html" or rng.random() < 0.5,
                             with_table=fmt == "docx" and rng.random() < 0.5))
        if fmt == "txt":
            rendered = render_txt(doc, rng)
        elif fmt == "html":
            rendered = render_html(doc)
        else:
            rendered = render_docx(doc)
    rel = f"{fmt}/{lang}_{index:05d}.{fmt}"
    path = out_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(rendered.data)
    return {
        "file": rel,
        "lang": lang,
        "format": fmt,
        "n_chars": rendered.n_chars,
        "n_pages": rendered.n_pages,
        "encoding": rendered.encoding,
        "bytes": len(rendered.data),
        "sha256": hashlib.sha256(rendered.data).hexdigest(),
    }


def totals(files: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {
        "documents": len(files),
        "by_format": dict(sorted(Counter(f["format"] for f in files).items())),
        "by_lang": dict(sorted(Counter(f["lang"] for f in files).items())),
        "n_chars": sum(f["n_chars"] for f in files),
        "pdf_pages": sum(f["n_pages"] or 0 for f in files),
        "bytes": sum(f["bytes"] for f in files),
    }


def generate(out_dir: Path, n_docs: int = DEFAULT_DOCS, seed: int = DEFAULT_SEED,
             n_pdfs: int | None = None) -> dict[str, Any]:
    """Write the corpus into ``out_dir`` (replacing an earlier one) and return the manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if (out_dir / MANIFEST).exists():
        # Only ever delete what an earlier run of this generator wrote.
        for fmt in FORMATS:
            shutil.rmtree(out_dir / fmt, ignore_errors=True)
        (out_dir / MANIFEST).unlink()
    counts = plan_formats(n_docs, n_pdfs)
    files: list[dict[str, Any]] = []
    index = 0
    for fmt in FORMATS:
        for j in range(counts[fmt]):
            # Cycle languages inside each format, so every format covers every language.
            files.append(build_entry(out_dir, fmt, LANGS[j % len(LANGS)], index, seed))
            index += 1
    manifest = {
        "generator": "bench/corpus.py",
        "version": GENERATOR_VERSION,
        "seed": seed,
        "n_docs": n_docs,
        "n_pdfs": counts["pdf"],
        "totals": totals(files),
        "files": files,
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                    encoding="utf-8")
    return manifest


def load_manifest(out_dir: Path) -> dict[str, Any] | None:
    try:
        return json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def ensure_corpus(out_dir: Path, n_docs: int = DEFAULT_DOCS, seed: int = DEFAULT_SEED,
                  n_pdfs: int | None = None) -> tuple[dict[str, Any], bool]:
    """Reuse a corpus built with the same parameters; else build it. Returns (manifest, built)."""
    manifest = load_manifest(out_dir)
    wanted_pdfs = plan_formats(n_docs, n_pdfs)["pdf"]
    if (
        manifest is not None
        and manifest.get("version") == GENERATOR_VERSION
        and manifest.get("seed") == seed
        and manifest.get("n_docs") == n_docs
        and manifest.get("n_pdfs") == wanted_pdfs
        and all((out_dir / f["file"]).is_file() for f in manifest["files"])
    ):
        return manifest, False
    return generate(out_dir, n_docs, seed, n_pdfs), True


def summary_lines(manifest: dict[str, Any]) -> list[str]:
    t = manifest["totals"]
    by_fmt = ", ".join(f"{k} {v}" for k, v in t["by_format"].items())
    by_lang = ", ".join(f"{k} {v}" for k, v in t["by_lang"].items())
    return [
        f"documents: {t['documents']} ({by_fmt})",
        f"languages: {by_lang}",
        f"characters: {t['n_chars']:,}",
        f"PDF pages: {t['pdf_pages']:,}",
        f"bytes on disk: {t['bytes']:,}",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the restrack benchmark corpus.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: bench/out/corpus)")
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS, help="number of documents (default: 2000)")
    parser.add_argument("--pdfs", type=int, default=None, help="number of PDFs (default: 2%% of --docs)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="rebuild even if a matching corpus exists")
    args = parser.parse_args(argv)
    if args.docs < 1:
        parser.error("--docs must be positive")
    if args.force:
        manifest, built = generate(args.out, args.docs, args.seed, args.pdfs), True
    else:
        manifest, built = ensure_corpus(args.out, args.docs, args.seed, args.pdfs)
    print(f"{'built' if built else 'reused'} corpus in {args.out}")
    for line in summary_lines(manifest):
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
