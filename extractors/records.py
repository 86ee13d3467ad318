"""Records that flow through restrack, and the column definitions every writer uses.

The tables and their column order are the contract of ``SPEC.md`` §4: writers, the
JSON schemas and the evaluator all read ``COLUMNS`` from here, never their own copy.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

SCHEMA_VERSION = "2.1"  # 2.0: target ids keyed on the text; typed exports. 2.1: targets.baseline

Status = Literal["ok", "empty", "needs_ocr", "error"]
Kind = Literal["target", "task", "achievement", "structure"]

LIST_SEP = " | "


@dataclass(slots=True)
class RawDocument:
    """What a reader hands back: text plus what the reader learned about the file."""

    text: str
    format: str
    n_pages: int | None = None
    encoding: str | None = None
    status: Status = "ok"
    error: str = ""
    title: str = ""
    # Tables as rows of cells, each cell a (start, end) span of ``text``. A table row is
    # written as one line of ``text`` (cells joined by " | "), so it stays one unit.
    tables: list[list[list[tuple[int, int]]]] = field(default_factory=list)
    # Heading lines the format marks as such (Markdown "#", Word heading styles), as spans.
    headings: list[tuple[int, int]] = field(default_factory=list)
    # Pages read by OCR (None for formats without pages), the spans of ``text`` that OCR
    # wrote, and the engine with its models ("tesseract@5.5.4:vie").
    pages_ocr: int | None = None
    ocr_spans: list[tuple[int, int]] = field(default_factory=list)
    ocr_engine: str = ""


@dataclass(slots=True)
class Quantity:
    """A numeric value found in text: a percentage, an amount of money or a count."""

    start: int
    end: int
    text: str
    label: Literal["PERCENT", "MONEY", "QUANTITY"]
    value: float
    value_max: float | None = None
    unit: str = ""  # "percent", ISO 4217 code, "count", "ha", ... ; "" for a bare number
    comparator: str = "eq"  # eq gte gt lte lt range approx
    frequency: str | None = None  # "annual" when the value itself says so ("/năm", "per year")
    noun: str = ""  # the counted noun as written ("projects", "bác sỹ"), if any
    # "baseline": where a change starts ("from 40% to 45%": 40%), the value of no row
    role: str = ""


@dataclass(slots=True)
class DateRef:
    """A date, deadline or period phrase."""

    start: int
    end: int
    text: str
    label: Literal["DATE", "PERIOD"]
    relation: str  # by | in | range | from | term | term_ref | exact
    period_start: int | None = None
    period_end: int | None = None
    deadline: str | None = None  # ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD
    date_start: str | None = None
    date_end: str | None = None


@dataclass(slots=True)
class BodyRef:
    """A party or state body, normalised to ``type:level:place``."""

    start: int
    end: int
    text: str
    type: str
    level: str = ""
    place: str = ""

    @property
    def canonical(self) -> str:
        return f"{self.type}:{self.level}:{self.place}"


@dataclass(slots=True)
class Mention:
    doc_id: str
    label: str
    text: str
    start: int
    end: int
    value: float | None = None
    value_max: float | None = None
    unit: str = ""
    date_start: str = ""
    date_end: str = ""
    canonical: str = ""
    extractor: str = ""
    confidence: float = 1.0


@dataclass(slots=True)
class Document:
    doc_id: str
    source: str
    source_url: str = ""
    format: str = ""
    language: str = ""
    title: str = ""
    n_chars: int = 0
    n_pages: int | None = None
    term_start: int | None = None
    term_end: int | None = None
    issuer: str = ""
    status: Status = "ok"
    error: str = ""
    encoding: str = ""  # added after SPEC's columns: how a text file was decoded
    pages_ocr: int | None = None  # added after SPEC's columns: pages read by OCR (PDF, images)


@dataclass(slots=True)
class Row:
    target_id: str
    doc_id: str
    language: str
    kind: Kind
    sentence: str
    start: int
    end: int
    value_start: int | None = None
    value_end: int | None = None
    indicator: str = ""
    indicator_code: str = ""
    value: float | None = None
    value_max: float | None = None
    unit: str = ""
    comparator: str = ""
    frequency: str = ""
    period_start: int | None = None
    period_end: int | None = None
    deadline: str = ""
    deadline_text: str = ""
    responsible: str = ""
    issuer: str = ""
    missing: str = ""
    confidence: float = 0.0
    extractor: str = ""
    review_status: str = "unreviewed"
    reviewed_by: str = ""
    reviewed_at: str = ""
    review_note: str = ""
    baseline: float | None = None  # where a change starts: "from 40% to 45%" -> 40


# Column name -> pandas dtype. Order is the contract.
COLUMNS: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": "string", "source": "string", "source_url": "string", "format": "string",
        "language": "string", "title": "string", "n_chars": "Int64", "n_pages": "Int64",
        "term_start": "Int64", "term_end": "Int64", "issuer": "string", "status": "string",
        "error": "string", "encoding": "string", "pages_ocr": "Int64",
    },
    "targets": {
        "target_id": "string", "doc_id": "string", "language": "string", "kind": "string",
        "sentence": "string", "start": "Int64", "end": "Int64", "value_start": "Int64",
        "value_end": "Int64", "indicator": "string", "indicator_code": "string",
        "value": "Float64", "value_max": "Float64", "unit": "string", "comparator": "string",
        "frequency": "string", "period_start": "Int64", "period_end": "Int64",
        "deadline": "string", "deadline_text": "string", "responsible": "string",
        "issuer": "string", "missing": "string", "confidence": "Float64",
        "extractor": "string", "review_status": "string", "reviewed_by": "string",
        "reviewed_at": "string", "review_note": "string",
        # after SPEC §4's columns, as it allows: the start of a change ("from X to Y")
        "baseline": "Float64",
    },
    "mentions": {
        "doc_id": "string", "label": "string", "text": "string", "start": "Int64",
        "end": "Int64", "value": "Float64", "value_max": "Float64", "unit": "string",
        "date_start": "string", "date_end": "string", "canonical": "string",
        "extractor": "string", "confidence": "Float64",
    },
}

KINDS = ("target", "task", "achievement", "structure")
COMPARATORS = ("eq", "gte", "gt", "lte", "lt", "range", "approx")
FREQUENCIES = ("annual", "total")
STATUSES = ("ok", "empty", "needs_ocr", "error")
REVIEW_STATUSES = ("unreviewed", "accepted", "corrected", "rejected")
MENTION_LABELS = ("PERCENT", "MONEY", "QUANTITY", "DATE", "PERIOD", "BODY", "PERSON", "PLACE",
                  "RESOLUTION")


def doc_id_for(data: bytes) -> str:
    """First 16 hex chars of the SHA-256 of the file's bytes (SPEC §4)."""
    return hashlib.sha256(data).hexdigest()[:16]


def text_key(text: str) -> str:
    """First 16 hex chars of the SHA-256 of a document's normalised text (texts/<doc_id>.txt):
    what target ids are keyed on, so the same text from other bytes gives the same ids."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def target_id_for(text_id: str, sent_start: int, sent_end: int, value_start: int | None,
                  value_end: int | None, kind: str) -> str:
    """Stable id: same normalised text (``text_key``), same sentence span, same value span,
    same kind -> same id on every run and machine, whatever bytes the text came from."""
    key = f"text:{text_id}:{sent_start}:{sent_end}:{value_start}:{value_end}:{kind}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def legacy_target_id(doc_id: str, sent_start: int, sent_end: int, value_start: int | None,
                     value_end: int | None, kind: str) -> str:
    """The id of schema 1.0 runs (keyed on the file's bytes): corrections logged against it
    are still applied to the row it names (``review.resolve_legacy_ids``)."""
    key = f"{doc_id}:{sent_start}:{sent_end}:{value_start}:{value_end}:{kind}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]
