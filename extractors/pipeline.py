"""One document from bytes to records: read → language → spaCy rules → rows.

``extract_file`` never raises: a document that cannot be read or processed comes back with
``status="error"`` and a one-line reason, so one bad file never stops a batch.
"""
from __future__ import annotations

import os
import re
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import cues
from . import nlp as nlp_mod
from .io.auto import read_bytes
from .kind_model import use as kind_use
from .io.filetype import filetype_for_extension
from .io.inputs import display_path, open_input
from .language import detect_language
from .lang import languages
from .periods import document_term
from .records import BodyRef, DateRef, Document, Mention, Quantity, RawDocument, Row
from .rows import DocContext, build_rows
from .rows.context import document_year
from .segment import segment

RULES = "rules@0.1.0"
# A line that names where a news item came from: "Source: https://…", "Źródło: https://…".
_SOURCE = re.compile(r"^[^\S\n]*[^\W\d_][\w ]{0,20}:[^\S\n]*(https?://\S+)[^\S\n]*$", re.MULTILINE)
# Types that can issue a resolution, decree or programme.
ISSUER_TYPES = ("party_committee", "executive_committee", "standing_committee",
                "peoples_council", "peoples_committee", "fatherland_front", "standing_board",
                "politburo", "secretariat", "central_committee", "national_assembly")
EARLY_SEGMENTS = 6
# Rows and mentions from OCR'd text: their confidence is scaled by this (OCR misreads
# digits and diacritics), and their extractor names the OCR engine.
OCR_CONFIDENCE = 0.8


@dataclass(slots=True)
class Extraction:
    document: Document
    text: str = ""
    mentions: list[Mention] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    digest: str = ""  # SHA-256 of the bytes read (of the path when none were): the cache's key


def source_url(text: str) -> str:
    found = _SOURCE.findall(text)
    return found[-1] if found else ""


# A plan's horizon: a year of this century standing alone in a heading ("Vision 2030").
_YEAR = re.compile(r"(?<![\d.,/–-])(20\d\d)(?![\d.,/–-])")


def _title_like(text: str, seg) -> bool:
    """A heading, or a line written in capitals (a title the reader gave as body text)."""
    if seg.kind == "heading":
        return True
    letters = [c for c in text[seg.start:seg.end] if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def plan_horizon(text: str, segments: list, early: int, lang: str, dates: list[DateRef]) -> int | None:
    """The year a plan runs to, when its title or an opening heading names a plan, strategy
    or vision and one year it is for ("2030 Climate Neutrality Action Plan", "Saudi Vision
    2030", "О … СТРАТЕГИЧЕСКИХ ЗАДАЧАХ … НА ПЕРИОД ДО 2024 ГОДА": a title in capitals over
    several lines counts as one); None otherwise."""
    # consecutive title lines, each run as [start, end]; the first line is a title alone
    runs: list[list[int]] = [[segments[0].start, segments[0].end]] if segments else []
    previous = bool(segments) and _title_like(text, segments[0])
    for seg in segments[1:]:
        if seg.start >= early:
            break
        title = _title_like(text, seg)
        if title and previous:
            runs[-1][1] = seg.end
        elif title:
            runs.append([seg.start, seg.end])
        previous = title
    for lo, hi in runs:
        line = text[lo:hi]
        inside = [d for d in dates if lo <= d.start < hi]
        if not cues.has(lang, "horizon_nouns", line) or any(
                d.relation in ("range", "term") for d in inside):
            continue  # a title naming its period ("giai đoạn 2026–2030") names no horizon
        by = [d.period_end for d in inside if d.relation == "by"]
        years = by or [int(y) for y in _YEAR.findall(line)]
        if len(set(years)) == 1:
            return years[0]
    return None


# Between an act's name and its author in a title: space, markup, at most two short words
# ("Decree of the President", "NGHỊ QUYẾT CỦA QUỐC HỘI", "УКАЗ\nПРЕЗИДЕНТА").
_AUTHOR_GAP = re.compile(r"[\W_]*(?:\w{1,4}[\W_]+){0,2}")


def title_author(text: str, segments: list, early: int, lang: str,
                 bodies: list[BodyRef]) -> str:
    """The body a title names as the act's author ("УКАЗ ПРЕЗИДЕНТА РОССИЙСКОЙ ФЕДЕРАЦИИ",
    "Uchwała Rady Miejskiej"): the act's issuer whatever its type, named once however often
    the text names other bodies; "" when no title line names an act followed by a body."""
    for seg in segments:
        if seg.start >= early:
            break
        if not _title_like(text, seg):
            continue
        # the line's end counts as a space: "УКАЗ" alone on its line is the act "указ "
        for _, end in cues.spans(lang, "resolution", text[seg.start:seg.end] + " "):
            act_end = min(seg.start + end, seg.end)
            after = [b for b in bodies if b.start >= act_end]
            if not after:
                continue
            first = min(after, key=lambda b: b.start)
            if _AUTHOR_GAP.fullmatch(text, act_end, first.start):
                return first.canonical
    return ""


# An act's enacting clause follows its title and legal bases ("Căn cứ …") within a page or two.
ENACT_WINDOW = 6000


def enacting_author(text: str, lang: str, bodies: list[BodyRef]) -> str:
    """The body an act's enacting clause names: a line that opens with a body and goes on
    with an enacting verb ("Ban Thường vụ Tỉnh ủy Thanh Hóa quy định …", "Правительство
    Российской Федерации постановляет:", "Rada Miejska uchwala"); "" when there is none."""
    for b in bodies:  # sorted by start, as every finder gives them
        if b.start >= ENACT_WINDOW:
            break
        line_start = text.rfind("\n", 0, b.start) + 1
        if text[line_start:b.start].strip(" \t*#-•"):
            continue
        rest = text[b.end:b.end + 40]
        gap = len(rest) - len(rest.lstrip(" \t*"))
        if any(a == gap for a, _ in cues.spans(lang, "enacts", rest)):
            return _with_place(b.canonical, bodies)
    return ""


def _with_place(code: str, bodies: list[BodyRef]) -> str:
    """``code``, or where it names no place ("HỘI ĐỒNG NHÂN DÂN TỈNH QUYẾT NGHỊ"), the code of
    the same body type and level that the text most often names with its place."""
    if not code.endswith(":"):
        return code
    placed = Counter(b.canonical for b in bodies
                     if b.canonical.startswith(code) and b.canonical != code)
    return placed.most_common(1)[0][0] if placed else code


def document_issuer(text: str, bodies: list[BodyRef], early_end: int, author: str = "") -> str:
    """The body whose congress, resolution or programme the document is about: the author a
    title names, else the most named issuing body, with mentions in the title and opening
    lines counted thrice."""
    if author:
        return author
    score: Counter[str] = Counter()
    for b in bodies:
        if b.type not in ISSUER_TYPES:
            continue
        score[b.canonical] += 3 if b.start < early_end else 1
    if not score:
        return ""
    best_type: Counter[str] = Counter()
    for code, n in score.items():
        best_type[code.split(":")[0]] += n
    top_type = best_type.most_common(1)[0][0]
    # "Đảng bộ tỉnh" and "Tỉnh ủy Thái Nguyên" name the same issuer; the most specific code
    # of the winning type (level and place known) represents them.
    return max((c for c in score if c.startswith(top_type + ":")),
               key=lambda c: (c.count(":") - c.count("::") + bool(c.split(":")[-1]), score[c]))


def mentions_of(doc_id: str, quantities: list[Quantity], dates: list[DateRef],
                bodies: list[BodyRef], people, refs, places=(),
                extractors: dict | None = None) -> list[Mention]:
    """Mentions of every record. ``places`` are places outside bodies (an NER model's,
    records with start, end and text); ``extractors`` names, per (start, end, label), a
    producer other than the rules (``ner:vi@<version>``)."""
    by = extractors or {}
    out: list[Mention] = []
    for q in quantities:
        out.append(Mention(doc_id, q.label, q.text, q.start, q.end, q.value, q.value_max,
                           q.unit, extractor=f"{RULES}/numbers"))
    for d in dates:
        out.append(Mention(doc_id, d.label, d.text, d.start, d.end, date_start=d.date_start or "",
                           date_end=d.date_end or "", canonical=d.deadline or "",
                           extractor=f"{RULES}/periods"))
    for b in bodies:
        model = by.get((b.start, b.end, "BODY"))
        out.append(Mention(doc_id, "BODY", b.text, b.start, b.end, canonical=b.canonical,
                           extractor=model or f"{RULES}/bodies", confidence=0.8 if model else 1.0))
        if b.place:
            i = b.text.rfind(b.place)
            if i >= 0:
                out.append(Mention(doc_id, "PLACE", b.place, b.start + i, b.start + i + len(b.place),
                                   canonical=b.place, extractor=model or f"{RULES}/bodies",
                                   confidence=0.8))
    for p in people:
        model = by.get((p.start, p.end, "PERSON"))
        out.append(Mention(doc_id, "PERSON", p.text, p.start, p.end,
                           extractor=model or f"{RULES}/people", confidence=0.6 if model else 0.7))
    for p in places:
        out.append(Mention(doc_id, "PLACE", p.text, p.start, p.end, canonical=p.text,
                           extractor=by.get((p.start, p.end, "PLACE"), "ner"), confidence=0.6))
    for r in refs:
        out.append(Mention(doc_id, "RESOLUTION", r.text, r.start, r.end, canonical=r.canonical,
                           extractor=f"{RULES}/resolutions"))
    out.sort(key=lambda m: (m.start, m.end, m.label))
    return out


# Told the step a document is in, so that one stopped over its time budget can say where.
Stage = Callable[[str], None]


def _quiet(step: str) -> None:
    pass


@dataclass(slots=True)
class Analysis:
    """A read document's mentions, segments and the context its rows are built from."""

    ctx: DocContext
    segments: list
    refs: list
    people: list
    places: list
    model_tags: dict


def analyse(doc: Document, raw: RawDocument, lang: str | None = None,
            stage: Stage = _quiet) -> Analysis:
    """Language, mentions, segments and row context of an already-read document; fills the
    document's language, source URL, term and issuer."""
    text = raw.text
    stage("identifying the language")
    doc.language = lang or detect_language(text)
    doc.source_url = source_url(text)
    rules_lang = doc.language if doc.language in languages() else "en"
    # The language's NER model, when one is switched on, adds what the rules missed; the
    # rules of another language standing in get no model.
    stage("finding mentions")
    spacy_doc = nlp_mod.analyse(text, rules_lang, model=doc.language == rules_lang)
    dates = nlp_mod.records(spacy_doc, "dates")
    quantities = nlp_mod.records(spacy_doc, "quantities")
    bodies = nlp_mod.records(spacy_doc, "bodies")
    stage("cutting sentences")
    segments = segment(text, rules_lang, wrapped=raw.format == "pdf",
                       table_rows=[(r[0][0], r[-1][1]) for t in raw.tables for r in t if r],
                       headings=raw.headings)
    early = segments[min(EARLY_SEGMENTS, len(segments)) - 1].end if segments else 0
    title = segments[0].end if segments and segments[0].kind == "heading" else 0
    term = document_term(dates, early, title, cues.has(rules_lang, "plan_nouns", text[:title]),
                         plan_horizon(text, segments, early, rules_lang, dates))
    if term:
        doc.term_start, doc.term_end = term
    doc.issuer = document_issuer(text, bodies, early,
                                 title_author(text, segments, early, rules_lang, bodies)
                                 or enacting_author(text, rules_lang, bodies))
    ctx = DocContext(doc.doc_id, rules_lang, text, term, doc.issuer, quantities, dates, bodies,
                     raw.tables, document_year(text, dates, term))
    # The learned kind decision where it was measured better than the rules (same rule for
    # a stand-in language as the NER: none).
    if doc.language == rules_lang:
        ctx.decide = kind_use.decider(rules_lang)
    return Analysis(ctx, segments, nlp_mod.records(spacy_doc, "resolutions"),
                    nlp_mod.records(spacy_doc, "people"), nlp_mod.records(spacy_doc, "places"),
                    nlp_mod.extractors(spacy_doc))


def extract_text(doc: Document, raw: RawDocument, lang: str | None = None,
                 stage: Stage = _quiet) -> Extraction:
    """Mentions and rows of an already-read document (``raw.status == "ok"``)."""
    a = analyse(doc, raw, lang, stage)
    ctx = a.ctx
    stage("assembling rows")
    rows = build_rows(ctx, a.segments)
    for r in rows:
        r.language = doc.language
    mentions = mentions_of(doc.doc_id, ctx.quantities, ctx.dates, ctx.bodies, a.people, a.refs,
                           a.places, a.model_tags)
    mark_ocr(raw, rows, mentions)
    return Extraction(doc, ctx.text, mentions, rows)


def mark_ocr(raw: RawDocument, rows: list[Row], mentions: list[Mention]) -> None:
    """Rows and mentions that lie in OCR'd text say so in ``extractor`` and lose confidence."""
    for record in (*rows, *mentions):
        if any(s <= record.start < e for s, e in raw.ocr_spans):
            record.extractor = f"{record.extractor}+ocr:{raw.ocr_engine}"
            record.confidence = round(record.confidence * OCR_CONFIDENCE, 3)


def extract_file(path: str | Path, lang: str | None = None, stage: Stage = _quiet) -> Extraction:
    """Read and extract one file; never raises. Only a regular file within its format's
    size limit is read (``io/inputs.py``); ``stage`` hears each step as it starts."""
    stage("reading the file")
    item = open_input(path)
    if item.refusal is not None:
        doc_id, raw = item.doc_id, item.refusal
    else:
        doc_id, raw = read_bytes(item.data, item.path, lang)
    doc = Document(doc_id=doc_id, source=display_path(path), format=raw.format, n_pages=raw.n_pages,
                   title=raw.title[:200], n_chars=len(raw.text), status=raw.status,
                   error=raw.error, encoding=raw.encoding or "", pages_ocr=raw.pages_ocr)
    if raw.status != "ok":
        return Extraction(doc, raw.text, digest=item.digest)
    try:
        ex = extract_text(doc, raw, lang, stage)
        ex.digest = item.digest
        return ex
    except Exception as exc:  # a bug on one document must not stop the batch
        last = traceback.extract_tb(exc.__traceback__)[-1]
        doc.status = "error"
        doc.error = f"extraction failed: {type(exc).__name__}: {exc} ({Path(last.filename).name}:{last.lineno})"
        doc.error = " ".join(doc.error.split())[:300]
        return Extraction(doc, raw.text, digest=item.digest)


def failed_file(path: str | Path, digest: str, reason: str) -> Extraction:
    """The row of a document whose extraction was stopped (over its time budget, its
    process lost): status error, the reason, nothing else known."""
    doc = Document(doc_id=digest[:16], source=display_path(path),
                   format=filetype_for_extension(os.fspath(path)) or "", n_chars=0,
                   status="error", error=reason)
    return Extraction(doc, digest=digest)
