"""Vocabularies of SPEC §3–4, values typed by column, and JSON Schemas, from ``records``.

The review workbook's drop-downs, the import validation, the typing of values read back
from a run folder or the corrections log, and the export's JSON Schemas all come from here,
and the column lists and types from ``records.COLUMNS`` — the same definitions the CSV and
Parquet writers use — so no table is described twice.
"""
from __future__ import annotations

import calendar
import re
from datetime import date
from functools import cache

import pandas as pd

from .lang import languages, load, load_shared
from .records import (COLUMNS, COMPARATORS, FREQUENCIES, KINDS, LIST_SEP, MENTION_LABELS,
                      REVIEW_STATUSES, SCHEMA_VERSION, STATUSES)

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"
# Units that are not read from the per-language data but named by SPEC §3.
BASE_UNITS = ("percent", "count")
_DEADLINE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# The targets cells a reviewer may change (review workbook, corrections log).
EDITABLE = ("kind", "indicator", "indicator_code", "value", "value_max", "unit", "comparator",
            "frequency", "period_start", "period_end", "deadline", "deadline_text",
            "responsible", "issuer", "review_status", "review_note")

# The export types some text columns of the run folder (SPEC §4 keeps them as text there):
# logical type per column; every other column is string, integer or number by its dtype.
EXPORT_TYPES: dict[str, dict[str, str]] = {
    "targets": {"deadline": "date", "reviewed_at": "timestamp", "responsible": "list",
                "missing": "list"},
}
# Columns only the export has, after SPEC's: derived from the others.
EXPORT_EXTRA: dict[str, dict[str, str]] = {"targets": {"deadline_precision": "string"}}
DEADLINE_PRECISIONS = ("year", "quarter", "month", "day")
_LOGICAL = {"string": "string", "Int64": "integer", "Float64": "number"}

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": "first 16 hex chars of the SHA-256 of the file's bytes",
        "source": "the input path as given",
        "source_url": "URL the document names as its source, if any",
        "format": "txt, pdf, docx, html, ...",
        "language": "ISO 639-1 code",
        "title": "first heading or line",
        "n_chars": "length of the normalised text",
        "n_pages": "pages (PDF), else empty",
        "term_start": "first year of the document's term or plan period",
        "term_end": "last year of the document's term or plan period",
        "issuer": "body code of the document's issuer, if any",
        "status": "ok, empty, needs_ocr, error",
        "error": "one line naming the cause when status is not ok",
    },
    "targets": {
        "target_id": "stable id: same normalised document text, sentence span, value span and kind give the same id",
        "doc_id": "the document (documents.doc_id)",
        "language": "ISO 639-1 code",
        "kind": "target, task, achievement, structure",
        "sentence": "the sentence (or list item) that holds the evidence",
        "start": "offset of the sentence in texts/<doc_id>.txt (code points)",
        "end": "end offset of the sentence",
        "value_start": "offset of the value's mention (empty for tasks)",
        "value_end": "end offset of the value's mention",
        "indicator": "the phrase naming what is measured, as written",
        "indicator_code": "code of the indicator taxonomy",
        "value": "the value, fully expanded; percent values in percent points",
        "value_max": "upper bound of a range",
        "unit": "percent, an ISO 4217 code, count, or a short English unit",
        "comparator": "eq, gte, gt, lte, lt, range, approx",
        "frequency": "annual or total",
        "period_start": "first year of the period the target covers",
        "period_end": "last year of the period the target covers",
        "deadline": "most precise explicit deadline: the last day of the year, quarter, month "
                    "or the day the text gives (deadline_precision says which)",
        "deadline_text": "the deadline or period phrase as written",
        "responsible": "body codes type:level:place (in CSV joined with ' | ')",
        "issuer": "body code of the issuer",
        "missing": "which of value, deadline, responsible the row lacks (in CSV joined with ' | ')",
        "confidence": "0..1",
        "extractor": "the rules or model (with version) that produced the row",
        "review_status": "unreviewed, accepted, corrected, rejected",
        "reviewed_by": "reviewer of the latest correction (corrections log)",
        "reviewed_at": "time of the latest correction, UTC",
        "review_note": "the reviewer's note",
        "baseline": "where a change to the value starts ('from 40% to 45%': 40), in the value's "
                    "unit and scale; empty when the text states none",
        "deadline_precision": "year, quarter, month or day: how precise the text's deadline is",
    },
    "mentions": {
        "doc_id": "the document (documents.doc_id)",
        "label": "PERCENT, MONEY, QUANTITY, DATE, PERIOD, BODY, PERSON, PLACE, RESOLUTION",
        "text": "as written",
        "start": "offset in texts/<doc_id>.txt",
        "end": "end offset",
        "value": "number, normalised",
        "value_max": "upper bound of a range",
        "unit": "unit of a quantity",
        "date_start": "ISO 8601",
        "date_end": "ISO 8601",
        "canonical": "body code, deadline, resolution reference, ...",
        "extractor": "rule or model, with version",
        "confidence": "0..1",
    },
}


# ---------------------------------------------------------------------------------------------
# Vocabularies

@cache
def body_types() -> tuple[str, ...]:
    return tuple(load_shared("body_types")["types"])


@cache
def body_levels() -> tuple[str, ...]:
    return tuple(load_shared("body_types")["levels"])


@cache
def indicator_codes() -> tuple[str, ...]:
    return tuple(load_shared("indicators")["codes"])


@cache
def currencies() -> tuple[str, ...]:
    codes = dict.fromkeys(load_shared("numbers").get("currency_codes", []))
    codes.update(dict.fromkeys(load_shared("numbers").get("currency_symbols", {}).values()))
    for lang in languages():
        codes.update(dict.fromkeys(load(lang, "currencies").get("names", {}).values()))
    return tuple(sorted(codes))


@cache
def measure_units() -> tuple[str, ...]:
    units: set[str] = set(load_shared("units")["units"])
    for lang in languages():
        data = load(lang, "units")
        units.update(data.get("units", {}).values())
        units.update(data.get("units_before", {}).values())
    units.difference_update(BASE_UNITS)
    return tuple(sorted(units, key=str.lower))


def units() -> list[tuple[str, str]]:
    """Known units with their family: ``percent``, ``count``, ``money`` or ``measure``."""
    out = [("percent", "percent"), ("count", "count")]
    out += [(c, "money") for c in currencies()]
    out += [(u, "measure") for u in measure_units()]
    return out


def vocabularies() -> dict[str, list[str]]:
    """Every closed list a reviewer picks from, by the column it fills."""
    return {
        "kind": list(KINDS),
        "comparator": list(COMPARATORS),
        "frequency": list(FREQUENCIES),
        "review_status": list(REVIEW_STATUSES),
        "unit": [u for u, _ in units()],
        "unit_family": [f for _, f in units()],
        "indicator_code": list(indicator_codes()),
        "body_type": list(body_types()),
        "body_level": list(body_levels()),
    }


def indicator_descriptions() -> dict[str, str]:
    return dict(load_shared("indicators")["codes"])


def body_type_names() -> dict[str, str]:
    return {t: d.get("en", "") for t, d in load_shared("body_types")["types"].items()}


# ---------------------------------------------------------------------------------------------
# Values as the columns type them (a run folder's rows, the corrections log)

def _is_missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def plain_value(column: str, v):
    """A value of ``column`` as the log and Row hold it: str ('' for none), int/float or None."""
    dtype = COLUMNS["targets"][column]
    if _is_missing(v):
        return "" if dtype == "string" else None
    if dtype == "string":
        return str(v)
    if dtype == "Int64":
        return int(v)
    return float(v)


# ---------------------------------------------------------------------------------------------
# Checks of single values (used by the review import)

def check_unit(value: str) -> str | None:
    """None when ``value`` is on the unit list (SPEC §3; sheet vocabularies), else the reason.
    Strict, as the workbook's drop-down: a new unit is added to the data first."""
    if not value or value in BASE_UNITS or value in measure_units() or value in currencies():
        return None
    return (f"{value!r} is not on the unit list: use percent, count, an ISO 4217 code (USD, "
            "VND, ...) or a unit of the list (ha, km, MW, tonne, ...; sheet vocabularies); a new "
            "unit is added to extractors/data/units.json first")


def check_deadline(value: str) -> str | None:
    if not value:
        return None
    m = _DEADLINE.match(value)
    if m:
        y, mo, d = (int(x) if x else None for x in m.groups())
        try:
            date(y, mo or 1, d or 1)
            return None
        except ValueError:
            pass
    return f"{value!r} is not an ISO 8601 deadline (YYYY, YYYY-MM or YYYY-MM-DD)"


def check_body(code: str) -> str | None:
    """None when ``code`` is a body code ``type:level:place`` of the vocabulary."""
    parts = code.split(":", 2)
    if len(parts) != 3:
        return f"{code!r} is not a body code type:level:place"
    btype, level, _ = parts
    if btype not in body_types():
        return f"{code!r}: body type {btype!r} is not one of {', '.join(body_types())}"
    if level and level not in body_levels():
        return f"{code!r}: level {level!r} is not one of {', '.join(body_levels())} or empty"
    return None


def check_bodies(value: str) -> str | None:
    for code in (c.strip() for c in value.split(LIST_SEP.strip())):
        if code:
            err = check_body(code)
            if err:
                return err
    return None


# ---------------------------------------------------------------------------------------------
# The export's types

def export_columns(table: str) -> dict[str, str]:
    """Column -> logical type of an exported table: string, integer, number, date, timestamp
    or list (of strings); SPEC's columns in order, then the export's own."""
    types = EXPORT_TYPES.get(table, {})
    out = {name: types.get(name, _LOGICAL[dtype]) for name, dtype in COLUMNS[table].items()}
    out.update(EXPORT_EXTRA.get(table, {}))
    return out


def deadline_precision(deadline: str) -> str | None:
    """year, month or day by the ISO form of a deadline (a quarter is told by its mention)."""
    if not deadline or check_deadline(deadline):
        return None
    return {4: "year", 7: "month", 10: "day"}[len(deadline)]


def deadline_date(deadline: str) -> date | None:
    """A deadline as the last day it allows: 2030 -> 2030-12-31, 2025-10 -> 2025-10-31."""
    if not deadline or check_deadline(deadline):
        return None
    y, mo, d = (int(x) if x else None for x in _DEADLINE.match(deadline).groups())
    mo = mo or 12
    return date(y, mo, d or calendar.monthrange(y, mo)[1])


def is_quarter(date_start: str, date_end: str) -> bool:
    """A date mention that spans one calendar quarter (``2026-01-01``..``2026-03-31``)."""
    try:
        a, b = date.fromisoformat(date_start), date.fromisoformat(date_end)
    except (TypeError, ValueError):
        return False
    return (a.year == b.year and a.day == 1 and a.month in (1, 4, 7, 10) and b.month == a.month + 2
            and b.day == calendar.monthrange(b.year, b.month)[1])


# ---------------------------------------------------------------------------------------------
# JSON Schema

_JSON_TYPES = {"string": "string", "integer": "integer", "number": "number", "date": "string",
               "timestamp": "string", "list": "array"}
_JSON_FORMATS = {"date": "date", "timestamp": "date-time"}


def _enum(table: str, column: str) -> list | None:
    if table == "targets":
        closed = {"kind": list(KINDS), "comparator": [None, *COMPARATORS],
                  "frequency": [None, *FREQUENCIES], "review_status": list(REVIEW_STATUSES),
                  "indicator_code": [None, *indicator_codes()],
                  "deadline_precision": [None, *DEADLINE_PRECISIONS]}
        return closed.get(column)
    if table == "documents" and column == "status":
        return list(STATUSES)
    if table == "mentions" and column == "label":
        return list(MENTION_LABELS)
    return None


def json_schema(table: str) -> dict:
    """The JSON Schema (draft 2020-12) of one exported record of ``table`` (a JSONL line).

    Columns, order and types come from ``export_columns`` (``COLUMNS`` and the export's
    types): an empty value is null, lists are arrays of strings, dates and times are ISO 8601
    strings with their ``format``.
    """
    cols = export_columns(table)
    props: dict[str, dict] = {}
    for name, logical in cols.items():
        jtype = _JSON_TYPES[logical]
        prop: dict = {"type": jtype if logical == "list" else [jtype, "null"]}
        if logical == "list":
            prop["items"] = {"type": "string"}
        if logical in _JSON_FORMATS:
            prop["format"] = _JSON_FORMATS[logical]
        prop["x-restrack-type"] = logical
        desc = DESCRIPTIONS.get(table, {}).get(name)
        if desc:
            prop["description"] = desc
        enum = _enum(table, name)
        if enum is not None:
            prop["enum"] = enum
        if name == "confidence":
            prop.update(minimum=0, maximum=1)
        props[name] = prop
    return {
        "$schema": SCHEMA_URI,
        "$id": f"https://restrack.invalid/schema/{SCHEMA_VERSION}/{table}.schema.json",
        "title": f"restrack {table} record",
        "description": f"One exported row of {table} (SPEC §4), schema version {SCHEMA_VERSION}.",
        "x-restrack-schema-version": SCHEMA_VERSION,
        "x-restrack-columns": list(cols),
        "type": "object",
        "properties": props,
        "required": list(cols),
        "additionalProperties": False,
    }


def json_schemas() -> dict[str, dict]:
    return {table: json_schema(table) for table in COLUMNS}
