"""The reviewers' loop: validating edited cells, diffing a workbook against what it
showed, applying the corrections log to a run.

Corrections are an input of their own — the append-only log ``DIR/corrections.jsonl``
(``io/corrections_log.py``: its format, lock and reading) — never edits of the processed
tables. ``import_review`` compares an edited ``review.xlsx`` or CSV with what the reviewer
was shown and logs one entry per changed cell; a row the reviewer added gets a fresh stable
``target_id``. Every run applies the whole log to its fresh extraction by ``target_id``
(``apply_corrections``); entries whose row no longer exists are orphans
(``DIR/orphans.csv``), kept in the log for the day their row comes back.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from . import schema
from .io.corrections_log import (LOG_FILE, LogRead, append_entries, entry_id, latest_values,
                                 locked, now_utc, read_log)
from .io.runfolder import RunFolder, read_run
from .io.workbook import ReviewFileError, ReviewTable, SheetRow, clean_text, read_review_table, sentence_shown
from .io.writers import write_csv
from .records import (COLUMNS, COMPARATORS, FREQUENCIES, KINDS, LIST_SEP, REVIEW_STATUSES,
                      SCHEMA_VERSION, Row, legacy_target_id, text_key)
from .schema import EDITABLE, plain_value

ORPHANS_FILE = "orphans.csv"
ORPHAN_COLUMNS = ("entry", "target_id", "doc_id", "op", "field", "old", "new", "reviewer",
                  "time", "file", "file_sha256", "reason")
ADDED_EXTRACTOR = "review"  # extractor of rows a reviewer added: "review:<reviewer>"

TARGET_COLUMNS = tuple(COLUMNS["targets"])
# What a reviewer may change in an extracted row: schema.EDITABLE.
# Fixed by the target_id: changing them in an extracted row is an error (reject the row and
# add a new one instead).
IDENTITY = ("doc_id", "sentence", "start", "end", "value_start", "value_end")
# Filled by restrack (language of the document, derived or log-filled columns): ignored on
# import, so a stale export never reverts them.
SYSTEM = ("language", "missing", "confidence", "extractor", "reviewed_by", "reviewed_at")
# Fields of an added row that the importer fills and logs with the reviewer's cells.
ADDED_FIELDS = ("kind", "sentence", "start", "end", "value_start", "value_end", "language")
STATUS_FIELDS = ("review_status", "review_note")
# The shape of an extracted or added row's id; any other id in an edited file marks a new row.
_TARGET_ID = re.compile(r"[0-9a-f]{16}")

# Key of an added row's entries: the text_key of its document, so the row finds its document
# again when the same text comes back from other bytes (another doc_id).
TEXT_KEY = "text_key"

REASON_NO_DOCUMENT = "document not in this run (removed or not given as input)"
REASON_NO_ROW = "row no longer extracted (document text or rules changed)"
REASON_MOVED = "added row's sentence is no longer at its offsets in the document text"


class InvalidReview(ValueError):
    """Cells that fail validation; nothing of the file was applied."""

    def __init__(self, path: Path, errors: list[str]):
        self.path = Path(path)
        self.errors = errors
        super().__init__(f"{self.path.name}: {len(errors)} invalid cell(s)")


# ---------------------------------------------------------------------------------------------
# Values

def parse_cell(column: str, raw) -> object:
    """A cell typed for ``column``; raises ``ValueError`` naming what is wrong."""
    dtype = COLUMNS["targets"][column]
    if isinstance(raw, str):
        text = raw if column in ("sentence", "review_note", "indicator", "deadline_text") else raw.strip()
    else:
        text = raw
    if text is None or text == "":
        return "" if dtype == "string" else None
    if dtype == "string":
        if isinstance(text, bool):
            raise ValueError(f"{text!r} is not text")
        if isinstance(text, datetime):
            text = text.date().isoformat() if column == "deadline" else text.isoformat()
        elif hasattr(text, "isoformat"):
            text = text.isoformat()
        elif isinstance(text, float) and text.is_integer():
            text = str(int(text))
        return str(text)
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not a number")
    if dtype == "Int64":
        try:
            f = float(text)
        except (TypeError, ValueError):
            raise ValueError(f"{text!r} is not a whole number") from None
        if not f.is_integer():
            raise ValueError(f"{text!r} is not a whole number")
        return int(f)
    try:
        f = float(text)
    except (TypeError, ValueError):
        raise ValueError(f"{text!r} is not a number (use a dot for decimals)") from None
    if f != f or f in (float("inf"), float("-inf")):
        raise ValueError(f"{text!r} is not a finite number")
    return f


def check_value(column: str, v) -> str | None:
    """None when a typed value fits the SPEC vocabulary of ``column``, else the reason."""
    if v is None or v == "":
        if column in ("kind", "review_status"):
            return f"{column} cannot be empty"
        return None
    closed = {"kind": KINDS, "comparator": COMPARATORS, "frequency": FREQUENCIES,
              "review_status": REVIEW_STATUSES, "indicator_code": schema.indicator_codes()}
    if column in closed and v not in closed[column]:
        return f"{v!r} is not one of {', '.join(closed[column])}"
    if column == "unit":
        return schema.check_unit(v)
    if column == "deadline":
        return schema.check_deadline(v)
    if column == "responsible":
        return schema.check_bodies(v)
    if column == "issuer":
        return schema.check_body(v)
    if column in ("period_start", "period_end") and not 1900 <= v <= 2200:
        return f"{v} is not a year"
    if column == "confidence" and not 0 <= v <= 1:
        return f"{v} is not between 0 and 1"
    if column in ("start", "end", "value_start", "value_end") and v < 0:
        return f"{v} is not an offset"
    return None


def _row_checks(row: dict, changed: set[str]) -> list[tuple[str, str]]:
    """Checks across cells, for the cells a reviewer changed: (column, reason)."""
    out = []
    ps, pe = row.get("period_start"), row.get("period_end")
    if ps is not None and pe is not None and ps > pe and changed & {"period_start", "period_end"}:
        out.append(("period_end", f"period_end {pe} is before period_start {ps}"))
    v, vm = row.get("value"), row.get("value_max")
    if v is not None and vm is not None and vm < v and changed & {"value", "value_max"}:
        out.append(("value_max", f"value_max {vm:g} is below value {v:g}"))
    if row.get("comparator") == "range" and vm is None and changed & {"comparator", "value_max"}:
        out.append(("value_max", "a range needs value_max"))
    return out


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and float(a) == float(b)
    return a == b


def compute_missing(row: Row) -> str:
    """SPEC §4 ``missing``: which of value, deadline (or period) and responsible are absent."""
    have = (("value", row.value is not None), ("deadline", bool(row.deadline or row.period_end)),
            ("responsible", bool(row.responsible)))
    return LIST_SEP.join(name for name, ok in have if not ok)


# ---------------------------------------------------------------------------------------------
# Applying the log

@dataclass
class ReviewReport:
    entries: int = 0
    applied: int = 0
    rows: Counter = field(default_factory=Counter)  # review_status -> rows with entries
    added: int = 0
    orphans: list[dict] = field(default_factory=list)  # entries + "reason"
    bad_lines: list[int] = field(default_factory=list)

    def markdown(self) -> str:
        if not self.entries and not self.bad_lines:
            return ""
        lines = ["", "## corrections", "",
                 f"{self.applied} of {self.entries} logged corrections applied "
                 f"({', '.join(f'{n} {s}' for s, n in sorted(self.rows.items())) or 'no rows'}; "
                 f"{self.added} rows added)."]
        if self.orphans:
            lines += ["", f"{len(self.orphans)} orphaned corrections (listed in {ORPHANS_FILE}):", "",
                      "| target_id | doc_id | field | new | reviewer | reason |", "|---|---|---|---|---|---|"]
            lines += [f"| {o['target_id']} | {o.get('doc_id', '')} | {o['field']} | {_show(o['new'])} "
                      f"| {o['reviewer']} | {o['reason']} |" for o in self.orphans]
        if self.bad_lines:
            lines += ["", f"{LOG_FILE}: lines not understood (kept, skipped): "
                      + ", ".join(map(str, self.bad_lines))]
        return "\n".join(lines)

    def lines(self, limit: int = 10) -> list[str]:
        """A short plain-text account for the terminal."""
        out: list[str] = []
        if self.entries:
            out.append(f"corrections: {self.applied} of {self.entries} applied, {self.added} rows added, "
                       f"{len(self.orphans)} orphaned")
        by_row: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for o in self.orphans:
            by_row[(o["target_id"], o["reason"])].append(o)
        for (tid, reason), es in list(by_row.items())[:limit]:
            out.append(f"orphan: {tid} ({', '.join(e['field'] for e in es)}): {reason}")
        if len(by_row) > limit:
            out.append(f"... {len(by_row) - limit} more orphaned rows in {ORPHANS_FILE}")
        if self.bad_lines:
            out.append(f"{LOG_FILE}: {len(self.bad_lines)} line(s) not understood, skipped")
        return out


def _show(v) -> str:
    return "" if v is None else str(v).replace("|", "/")[:60]


def _set(row: Row, column: str, value) -> None:
    setattr(row, column, plain_value(column, value))


def _new_row(target_id: str, entries: list[dict], language: str) -> Row:
    first = entries[0]
    return Row(target_id=target_id, doc_id=first["doc_id"], language=language, kind="target",
               sentence="", start=0, end=0, confidence=1.0,
               extractor=f"{ADDED_EXTRACTOR}:{first['reviewer']}")


def apply_corrections(rows: list[Row], entries: list[dict], documents: dict[str, str],
                      text_of: Callable[[str], str | None] | None = None,
                      ) -> tuple[list[Row], ReviewReport]:
    """Rows with the log applied, in their order, added rows after their document's rows.

    ``documents`` maps the doc_id of every document of the run whose rows are given (status
    ok) to its language; ``text_of`` gives a document's text to check that an added row's
    sentence is still at its offsets. The given rows are never changed: a row the log
    changes comes back as a copy, the others as given. Applying the
    log to rows it was already applied to gives the same rows (idempotent).
    """
    report = ReviewReport(entries=len(entries))
    entries = resolve_legacy_ids(rows, entries)
    groups: dict[str, list[dict]] = defaultdict(list)
    for e in entries:
        groups[e["target_id"]].append(e)
    # Rows the log changes are copies; the others are passed on as they are.
    out = [dataclasses.replace(r) if r.target_id in groups else r for r in rows]
    index: dict[str, list[Row]] = defaultdict(list)
    for r in out:
        if r.target_id in groups:
            index[r.target_id].append(r)
    added: dict[str, list[Row]] = defaultdict(list)
    same_text: dict[str, str] | None = None  # text_key -> doc_id, computed when first needed
    for tid, es in groups.items():
        targets = index.get(tid)
        if not targets:
            adds = [e for e in es if e.get("op") == "add"]
            doc_id = (adds or es)[0].get("doc_id", "")
            if doc_id not in documents and adds and adds[0].get(TEXT_KEY) and text_of:
                # the document came back with other bytes: its text says it is the same one
                if same_text is None:
                    same_text = _documents_by_text(documents, text_of)
                doc_id = same_text.get(adds[0][TEXT_KEY], doc_id)
            reason = None
            if doc_id not in documents:
                reason = REASON_NO_DOCUMENT
            elif not adds:
                reason = REASON_NO_ROW
            if reason is None:
                new = _new_row(tid, adds, documents[doc_id])
                for e in es:
                    _set(new, e["field"], e["new"])
                new.doc_id = doc_id
                new.language = documents[doc_id] or new.language
                text = text_of(doc_id) if text_of else None
                if text is not None and text[new.start:new.end] != new.sentence:
                    reason = REASON_MOVED
            if reason is not None:
                report.orphans += [{**e, "reason": reason} for e in es]
                continue
            added[doc_id].append(new)
            index[tid] = targets = [new]
            report.added += 1
        for row in targets:
            explicit, data, last = None, False, None
            for e in es:
                _set(row, e["field"], e["new"])
                if e["field"] == "review_status":
                    explicit = e["new"]
                elif e["field"] != "review_note":
                    data = True
                last = e
            if explicit == "rejected":
                row.review_status = "rejected"
            elif data:
                row.review_status = "corrected"
            else:
                row.review_status = explicit or "unreviewed"
            if data:
                row.missing = compute_missing(row)
            row.reviewed_by = last["reviewer"]
            row.reviewed_at = last["time"]
        report.applied += len(es)
        report.rows[targets[0].review_status] += 1
    if added:
        result: list[Row] = []
        pending = dict(added)
        for i, r in enumerate(out):
            result.append(r)
            nxt = out[i + 1].doc_id if i + 1 < len(out) else None
            if nxt != r.doc_id and r.doc_id in pending:
                result.extend(pending.pop(r.doc_id))
        for rs in pending.values():
            result.extend(rs)
        out = result
    return out, report


def resolve_legacy_ids(rows: list[Row], entries: list[dict]) -> list[dict]:
    """Entries as they apply to ``rows``: an entry whose target_id is no row's id but the
    schema-1.0 id of one (keyed on the file's bytes, ``records.legacy_target_id``) is read as
    an entry of that row. The log itself is never rewritten; entries of a row gone stay as
    they are (orphans). Any kind is tried, as a logged correction may have changed it."""
    ids = {r.target_id for r in rows}
    if all(e["target_id"] in ids for e in entries):
        return entries
    legacy: dict[str, str] = {}
    for r in rows:
        for kind in KINDS:
            legacy.setdefault(legacy_target_id(r.doc_id, r.start, r.end, r.value_start,
                                               r.value_end, kind), r.target_id)
    return [e if e["target_id"] in ids or e["target_id"] not in legacy
            else {**e, "target_id": legacy[e["target_id"]], "logged_as": e["target_id"]}
            for e in entries]


def _documents_by_text(documents: dict[str, str], text_of: Callable[[str], str | None]) -> dict[str, str]:
    out: dict[str, str] = {}
    for doc_id in documents:
        text = text_of(doc_id)
        if text is not None:
            out.setdefault(text_key(text), doc_id)
    return out


def write_orphans(out_dir: Path, orphans: list[dict]) -> Path:
    """``DIR/orphans.csv``: one line per orphaned log entry (header only when none)."""
    def text(v) -> str:
        if v is None:
            return ""
        return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)

    data = [{c: text(o.get(c)) for c in ORPHAN_COLUMNS} for o in orphans]
    df = pd.DataFrame(data, columns=list(ORPHAN_COLUMNS)).astype("string")
    path = Path(out_dir) / ORPHANS_FILE
    write_csv(df, path)
    return path


def apply_to_extractions(out_dir: Path, extractions: list) -> tuple[list, ReviewReport]:
    """The run's step: apply ``DIR``'s log to fresh extractions, write ``DIR/orphans.csv``.

    Returns new ``Extraction`` objects (rows corrected, rejected rows kept with status
    ``rejected``, added rows appended to their document) and the report for the summary.
    """
    log = read_log(out_dir, lock=True)
    documents: dict[str, str] = {}
    texts: dict[str, str] = {}
    for ex in extractions:
        d = ex.document
        if d.status == "ok" and d.doc_id not in documents:
            documents[d.doc_id] = d.language
            texts[d.doc_id] = ex.text
    rows = [r for ex in extractions if ex.document.status == "ok" for r in ex.rows]
    new_rows, report = apply_corrections(rows, log.entries, documents, texts.get)
    report.bad_lines = log.bad_lines
    by_doc: dict[str, list[Row]] = defaultdict(list)
    for r in new_rows:
        by_doc[r.doc_id].append(r)
    out = []
    done: set[str] = set()
    for ex in extractions:
        d = ex.document
        if d.status != "ok":
            out.append(ex)
            continue
        # a document given twice is written once (batch.save_dataset); give both its rows
        out.append(dataclasses.replace(ex, rows=list(by_doc.get(d.doc_id, []))))
        done.add(d.doc_id)
    if log.entries or (Path(out_dir) / ORPHANS_FILE).exists():
        write_orphans(out_dir, report.orphans)
    return out, report


class LogByDocument:
    """The log applied one document at a time, for a run that streams its rows from disk.

    ``apply`` takes each document's rows in the run's order (every ``ok`` document, rows
    or not) and gives them back corrected, with rows the reviewers added after them;
    ``finish`` settles the entries of documents the run did not have (orphans, in log
    order) and writes ``DIR/orphans.csv`` into ``dest``. Only the log is held, never the
    rows: the same result as ``apply_to_extractions`` on the whole run."""

    def __init__(self, out_dir: Path, text_of: Callable[[str], str | None] | None = None):
        log = read_log(out_dir, lock=True)
        self.out_dir = Path(out_dir)
        self.text_of = text_of
        self.report = ReviewReport(entries=len(log.entries), bad_lines=log.bad_lines)
        self._position = {id(e): i for i, e in enumerate(log.entries)}
        # orphans come out as apply_corrections lists them: by row, rows in log order
        self._first: dict[str, int] = {}
        for i, e in enumerate(log.entries):
            self._first.setdefault(e["target_id"], i)
        self._by_doc: dict[str, list[dict]] = defaultdict(list)
        for e in log.entries:
            self._by_doc[e.get("doc_id", "")].append(e)
        self._documents: dict[str, str] = {}
        self._orphans: list[tuple[tuple[int, int], dict]] = []

    def wants(self, doc_id: str) -> bool:
        """Whether the log holds entries for this document (else its rows pass untouched)."""
        return doc_id in self._by_doc

    def note(self, doc_id: str, language: str) -> None:
        """A document of the run read ``ok`` (its rows pass untouched)."""
        self._documents.setdefault(doc_id, language)

    def _merge(self, got: ReviewReport, entries: list[dict]) -> None:
        self.report.applied += got.applied
        self.report.rows.update(got.rows)
        self.report.added += got.added
        position = {e.get("entry", id(e)): self._position[id(e)] for e in entries}
        end = len(self._position)
        self._orphans += [((self._first.get(o["target_id"], end), position.get(o.get("entry"), end)), o)
                          for o in got.orphans]

    def apply(self, doc_id: str, language: str, rows: list[Row]) -> list[Row]:
        self.note(doc_id, language)
        entries = self._by_doc.pop(doc_id, [])
        if not entries:
            return rows
        out, got = apply_corrections(rows, entries, {doc_id: language}, self.text_of)
        self._merge(got, entries)
        return out

    def finish(self, dest: Path) -> list[Row]:
        """Settle the entries no document of the run took; rows they add come back."""
        left = [e for es in self._by_doc.values() for e in es]
        self._by_doc.clear()
        rows, got = apply_corrections([], left, self._documents, self.text_of)
        self._merge(got, left)
        self._orphans.sort(key=lambda p: p[0])
        self.report.orphans = [o for _, o in self._orphans]
        if self.report.entries or (self.out_dir / ORPHANS_FILE).exists():
            write_orphans(dest, self.report.orphans)
        return rows


# ---------------------------------------------------------------------------------------------
# A run with its log applied

@dataclass
class ReviewedRun(RunFolder):
    """A run's output folder with its log applied: what export, corpus and import read."""

    report: ReviewReport = field(default_factory=ReviewReport)


def load_run(out_dir: Path, log: LogRead | None = None) -> ReviewedRun:
    """The run in ``out_dir`` with every logged correction applied (imports since the last
    run included), orphans reported but not written."""
    folder = read_run(out_dir)
    log = log if log is not None else read_log(out_dir, lock=True)
    targets, report = apply_corrections(folder.targets, log.entries, folder.languages(), folder.text)
    report.bad_lines = log.bad_lines
    return ReviewedRun(folder.path, folder.documents, targets, report)


# ---------------------------------------------------------------------------------------------
# Import

@dataclass
class ImportReport:
    file: Path
    sha256: str
    already_imported: bool = False
    appended: list[dict] = field(default_factory=list)
    already_logged: int = 0  # changed cells whose value the log already holds
    rows_seen: int = 0
    rows_changed: int = 0
    rows_added: int = 0
    statuses: Counter = field(default_factory=Counter)  # review_status set -> rows
    corrected: int = 0  # rows with changed data cells
    stale: set[str] = field(default_factory=set)  # changed rows not in the current run
    unknown_rows: list[int] = field(default_factory=list)  # rows skipped: id of no current row
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        if self.already_imported:
            return [f"{self.file.name}: already imported (sha256 {self.sha256[:12]}…); nothing changed"]
        out = [f"{self.file.name}: {self.rows_seen} rows read, {self.rows_changed} changed, "
               f"{len(self.appended)} corrections logged"
               + (f", {self.already_logged} already in the log" if self.already_logged else "")]
        parts = [f"{n} {s}" for s, n in sorted(self.statuses.items())]
        if self.corrected:
            parts.append(f"{self.corrected} with corrected values")
        if self.rows_added:
            parts.append(f"{self.rows_added} added")
        if parts:
            out.append("rows: " + ", ".join(parts))
        if self.unknown_rows:
            rows = ", ".join(map(str, self.unknown_rows[:10])) + (" ..." if len(self.unknown_rows) > 10 else "")
            out.append(f"{len(self.unknown_rows)} rows skipped: their target_id is not in the current run "
                       f"and the file does not say what they showed (rows {rows}); "
                       "export a fresh workbook to review them")
        if self.stale:
            out.append(f"{len(self.stale)} changed rows are not in the current run; "
                       f"they stay in the log and show as orphans until their document is run again")
        out += self.warnings
        return out


_BAD = object()  # a cell that failed to parse (already reported)


def _parse_row(table: ReviewTable, srow: SheetRow, errors: list[str]) -> dict:
    """The row's cells typed by column; a cell of the wrong type is reported and marked
    ``_BAD``. Vocabularies are checked later, on the cells that changed."""
    parsed: dict[str, object] = {}
    for col in TARGET_COLUMNS:
        where = f"sheet {srow.sheet}, row {srow.row}, column {col} ({table.letter(col)})"
        if col in srow.formulas:
            errors.append(f"{where}: a formula; type the value instead")
            parsed[col] = _BAD
            continue
        try:
            v = parse_cell(col, srow.cells.get(col))
        except ValueError as exc:
            if col in SYSTEM:
                v = None
            else:
                errors.append(f"{where}: {exc}")
                parsed[col] = _BAD
                continue
        parsed[col] = v
    return parsed


def _parsed(row: dict) -> dict:
    out = {}
    for col in TARGET_COLUMNS:
        try:
            out[col] = parse_cell(col, row.get(col))
        except ValueError:
            out[col] = row.get(col)
    return out


def _original(table: ReviewTable) -> dict[str, dict]:
    """target_id -> the typed cells of the hidden sheet (only the columns it has)."""
    out = {}
    for tid, cells in (table.original or {}).items():
        row = {}
        for col, v in cells.items():
            if col in COLUMNS["targets"]:
                try:
                    row[col] = parse_cell(col, v)
                except ValueError:
                    row[col] = v
        out[str(tid).strip()] = row
    return out


def _locate(text: str, sentence: str, hint: int | None) -> tuple[int, int, str] | None:
    """Where ``sentence`` is in ``text`` (whitespace may differ): start, end, exact text."""
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(sentence), text)]
    if not spans:
        words = sentence.split()
        if not words:
            return None
        pattern = r"\s+".join(map(re.escape, words))
        spans = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    if not spans:
        return None
    s, e = min(spans, key=lambda sp: abs(sp[0] - hint)) if hint is not None else spans[0]
    return s, e, text[s:e]


def _value_span(sentence: str, start: int, lang: str, value: float | None,
                unit: str) -> tuple[int, int] | None:
    if value is None:
        return None
    from .lang import languages
    from .numbers import find_quantities

    rules = lang if lang in languages() else "en"
    try:
        found = find_quantities(sentence, rules)
    except Exception:  # the finder is best effort here; the row is valid without a span
        return None
    for q in found:
        if _same(q.value, value) and (not unit or not q.unit or q.unit == unit):
            return start + q.start, start + q.end
    return None


def added_target_id(text_id: str, start: int, end: int, kind: str, value, value_max, unit: str) -> str:
    """Fresh stable id of a row a reviewer added: same document text (``records.text_key``),
    sentence, kind and value → same id, never the id of an extracted row (another key space)."""
    key = f"added:text:{text_id}:{start}:{end}:{kind}:{value!r}:{value_max!r}:{unit}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _added_row(table: ReviewTable, srow: SheetRow, row: dict, folder: RunFolder,
               languages: dict[str, str], errors: list[str]) -> tuple[str, dict] | None:
    def err(col: str, msg: str) -> None:
        errors.append(f"sheet {srow.sheet}, row {srow.row}, column {col} ({table.letter(col)}): {msg}")

    doc_id = row["doc_id"]
    if not doc_id:
        err("doc_id", "a new row (no known target_id) needs the doc_id of its document")
        return None
    if doc_id not in languages:
        err("doc_id", f"{doc_id!r} is not a document of this run (documents sheet); a row of a "
            "removed document? delete the row from the file")
        return None
    if not row["sentence"]:
        err("sentence", "a new row needs its sentence, copied from the document")
        return None
    text = folder.text(doc_id)
    if text is None:
        err("doc_id", f"texts/{doc_id}.txt is missing")
        return None
    s, e = row.get("start"), row.get("end")
    if s is not None and e is not None and text[s:e] == row["sentence"]:
        start, end, sentence = s, e, row["sentence"]
    else:
        found = _locate(text, row["sentence"], s)
        if found is None:
            err("sentence", f"not found in texts/{doc_id}.txt")
            return None
        start, end, sentence = found
    vs, ve = row.get("value_start"), row.get("value_end")
    if (vs is None) != (ve is None) or (vs is not None and not start <= vs < ve <= end):
        if vs is not None or ve is not None:
            err("value_start", f"value_start/value_end must lie within the sentence ({start}–{end})")
            return None
    if vs is None:
        span = _value_span(sentence, start, languages[doc_id], row["value"], row["unit"])
        vs, ve = span if span else (None, None)
    tkey = text_key(text)
    new = {**row, "start": start, "end": end, "sentence": sentence, "value_start": vs,
           "value_end": ve, "language": languages[doc_id], TEXT_KEY: tkey}
    tid = added_target_id(tkey, start, end, new["kind"], new["value"], new["value_max"], new["unit"])
    return tid, new


def import_review(path: Path, out_dir: Path, reviewer: str, time: str | None = None) -> ImportReport:
    """Log every changed cell of an edited ``review.xlsx`` (or CSV of the targets columns).

    Each cell is compared with what the reviewer was shown: the workbook's hidden
    ``_original`` sheet, else (CSV) the run's current reviewed targets. Raises
    ``InvalidReview`` (nothing logged) when any cell fails validation, ``ReviewFileError``
    when the file is no review table. A file already imported (same SHA-256) and cells whose
    new value the log already holds add nothing.
    """
    path, out_dir = Path(path), Path(out_dir)
    reviewer = reviewer.strip()
    if not reviewer:
        raise ValueError("a reviewer name is needed")
    table = read_review_table(path)
    missing = [c for c in TARGET_COLUMNS if c not in table.columns]
    if missing:
        raise ReviewFileError(f"{path.name}: sheet {table.sheet} lacks the column(s) {', '.join(missing)}")
    report = ImportReport(path, table.sha256)
    time = time or now_utc()
    with locked(out_dir):
        log = read_log(out_dir)
        if any(e["file_sha256"] == table.sha256 for e in log.entries):
            report.already_imported = True
            return report
        folder = load_run(out_dir, log)
        current = {r.target_id: _parsed(dataclasses.asdict(r)) for r in folder.targets}
        languages = folder.languages()
        original = _original(table)
        latest = latest_values(log.entries)
        # A CSV carries no record of what it was exported with: a cell equal to a value the
        # log once gave it (or replaced) is an old export's value, not a reviewer's change.
        history: dict[tuple[str, str], list] = defaultdict(list)
        if table.format == "csv":
            for e in log.entries:
                history[(e["target_id"], e["field"])] += [e.get("old"), e["new"]]
                # a corrected row was "unreviewed" before its first entry
                history[(e["target_id"], "review_status")].append("unreviewed")
        errors: list[str] = []
        entries: list[dict] = []
        seen: dict[str, int] = {}
        for srow in table.rows:
            report.rows_seen += 1
            row = _parse_row(table, srow, errors)
            if row["target_id"] is _BAD:
                continue
            tid = str(row["target_id"]).strip()
            # what the reviewer was shown: the hidden sheet's cells over the current row
            base = {**current.get(tid, {}), **original[tid]} if tid in original else current.get(tid)
            op = "set"
            if base is None and _TARGET_ID.fullmatch(tid):
                # the id of a row no longer extracted, in a file with no record of what it
                # showed (a CSV, an old workbook): nothing to compare its cells with
                report.unknown_rows.append(srow.row)
                continue
            if base is None:
                if any(v is _BAD for v in row.values()):
                    continue
                got = _added_row(table, srow, row, folder, languages, errors)
                if got is None:
                    continue
                tid, row = got
                base = current.get(tid)
                if base is None:
                    op = "add"
            if tid in seen:
                errors.append(f"sheet {srow.sheet}, row {srow.row}, column target_id "
                              f"({table.letter('target_id')}): the row of {tid} is also row {seen[tid]}")
                continue
            seen[tid] = srow.row
            changes = _changes(table, srow, row, base, op, errors)
            changes = [c for c in changes or []
                       if not any(_same(c[2], h) or (c[2] in (None, "") and h in (None, ""))
                                  for h in history.get((tid, c[0]), ()))]
            if not changes:
                continue
            report.rows_changed += 1
            data = False
            for col, old, new in changes:
                if latest.get((tid, col), _NOTHING) is not _NOTHING and _same(latest[(tid, col)], new):
                    report.already_logged += 1
                    continue
                e = {"entry": "", "op": op, "target_id": tid, "doc_id": row["doc_id"] or (base or {}).get("doc_id", ""),
                     "field": col, "old": old, "new": new, "reviewer": reviewer, "time": time,
                     "file": path.name, "file_sha256": table.sha256, "sheet": srow.sheet,
                     "row": srow.row, "schema_version": SCHEMA_VERSION}
                if op == "add":
                    e[TEXT_KEY] = row[TEXT_KEY]
                e["entry"] = entry_id(e)
                entries.append(e)
                if col == "review_status":
                    report.statuses[new] += 1
                elif col not in STATUS_FIELDS:
                    data = True
            if op == "add":
                report.rows_added += 1
            elif data:
                report.corrected += 1
            if op == "set" and tid not in current:
                report.stale.add(tid)
        if errors:
            raise InvalidReview(path, errors)
        append_entries(out_dir, entries, log.needs_newline)
        report.appended = entries
    if log.bad_lines:
        report.warnings.append(f"{LOG_FILE}: {len(log.bad_lines)} line(s) not understood (kept, skipped)")
    return report


_NOTHING = object()


def check_changes(changes: list[tuple[str, object, object]], merged: dict) -> list[tuple[str, str]]:
    """(column, reason) of every changed cell that fails its vocabulary, else of the first
    check across cells that fails; [] when the changes are valid. The import and the review
    page both check here."""
    bad = [(col, reason) for col, _, new in changes if (reason := check_value(col, new))]
    if bad:
        return bad
    return _row_checks(merged, {c for c, _, _ in changes})[:1]


def added_changes(row: dict) -> list[tuple[str, object, object]]:
    """The logged cells of a row a reviewer adds: its place and every cell filled."""
    out = []
    for col in dict.fromkeys((*ADDED_FIELDS, *EDITABLE)):
        v = row.get(col)
        if v is None or v == "" or (col == "review_status" and v == "unreviewed"):
            continue
        out.append((col, None, v))
    return out


def _changes(table: ReviewTable, srow: SheetRow, row: dict, base: dict | None, op: str,
             errors: list[str]) -> list[tuple[str, object, object]] | None:
    """(column, old, new) of every cell that differs from ``base``; None on errors."""
    def where(col: str) -> str:
        return f"sheet {srow.sheet}, row {srow.row}, column {col} ({table.letter(col)})"

    def checked(out: list[tuple[str, object, object]], merged: dict):
        problems = check_changes(out, merged)
        for col, reason in problems:
            errors.append(f"{where(col)}: {reason}")
        return None if problems else out

    if op == "add":
        if not row.get("kind"):
            errors.append(f"{where('kind')}: a new row needs its kind")
            return None
        return checked(added_changes(row), row)
    assert base is not None
    clean = table.format == "xlsx"
    bad = False
    for col in IDENTITY:
        if col not in base:  # a row of an older run, no longer in this one
            continue
        a, b = row.get(col), base.get(col)
        if a is _BAD:
            continue
        if clean:
            a, b = clean_text(a), clean_text(b)
        if col == "doc_id" and a == "":
            continue
        if col == "sentence" and clean and isinstance(b, str) and a == clean_text(sentence_shown(
                b, base.get("start"), base.get("value_start"), base.get("value_end"))[0]):
            continue  # a long sentence the workbook showed cut around its value
        if not _same(a, b) and not (a in (None, "") and b in (None, "")):
            was = repr(b) if len(repr(b)) <= 60 else repr(b)[:57] + "..."
            errors.append(f"{where(col)}: {col} of an extracted row cannot change "
                          f"(was {was}); reject the row and add a corrected one instead")
            bad = True
    if bad:
        return None
    out = []
    for col in EDITABLE:
        a, b = row.get(col), base.get(col)
        if a is _BAD or (col == "review_status" and a == ""):  # empty status: no change
            continue
        if clean:
            a, b = clean_text(a), clean_text(b)
        if _same(a, b) or (a in (None, "") and b in (None, "")):
            continue
        out.append((col, plain_value(col, base.get(col)), a))
    return checked(out, {**base, **{c: n for c, _, n in out}})


# ---------------------------------------------------------------------------------------------
# Decisions from the review page: the same parsing, checks, lock and log as the import

PAGE_FILE = "review page"  # the "file" of entries logged from the review page


class InvalidDecision(ValueError):
    """Cells of a decision that fail validation, by column; nothing was logged."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{c}: {r}" for c, r in errors.items()))


def _page_entry(op: str, row: Row, col: str, old, new, reviewer: str, time: str) -> dict:
    # No file: the page's own digest of who decided what when keeps an entry apart from any
    # workbook's (an import skips a file whose digest the log holds).
    digest = hashlib.sha256(json.dumps(["page", reviewer, time, row.target_id], ensure_ascii=False)
                            .encode("utf-8")).hexdigest()
    e = {"entry": "", "op": op, "target_id": row.target_id, "doc_id": row.doc_id, "field": col,
         "old": old, "new": new, "reviewer": reviewer, "time": time, "file": PAGE_FILE,
         "file_sha256": digest, "sheet": None, "row": None, "schema_version": SCHEMA_VERSION}
    e["entry"] = entry_id(e)
    return e


def _parse_cells(cells: dict[str, object], allowed: tuple[str, ...]) -> tuple[dict, dict[str, str]]:
    parsed, errors = {}, {}
    for col, raw in cells.items():
        if col not in allowed:
            errors[col] = "cannot be changed here"
            continue
        try:
            parsed[col] = parse_cell(col, raw)
        except ValueError as exc:
            errors[col] = str(exc)
    return parsed, errors


def current_row(out_dir: Path, base: list[Row], target_id: str, documents: dict[str, str],
                text_of: Callable[[str], str | None] | None, log: LogRead) -> Row | None:
    """The row ``target_id`` as the log makes it now: ``base`` holds the run's rows of that
    id (none for a row a reviewer added since the run)."""
    entries = [e for e in resolve_legacy_ids(base, log.entries) if e["target_id"] == target_id]
    rows, _ = apply_corrections(base, entries, documents, text_of)
    return next((r for r in rows if r.target_id == target_id), None)


def decide(out_dir: Path, base: list[Row], target_id: str, cells: dict[str, object], reviewer: str,
           documents: dict[str, str], text_of: Callable[[str], str | None] | None = None,
           time: str | None = None) -> list[dict]:
    """Log a decision on one row from the review page: ``cells`` maps editable columns to
    raw values (form text); accept and reject are ``{"review_status": ...}``. Each cell is
    parsed and checked as an import checks it, compared with the row as the log makes it
    now (under the log's lock, so a workbook imported meanwhile is seen), and every changed
    cell appended as one entry. Raises ``InvalidDecision`` (nothing logged), ``KeyError``
    when the row does not exist. Returns the entries logged ([] when nothing changed)."""
    reviewer = reviewer.strip()
    if not reviewer:
        raise ValueError("a reviewer name is needed")
    parsed, errors = _parse_cells(cells, EDITABLE)
    if errors:
        raise InvalidDecision(errors)
    time = time or now_utc()
    with locked(out_dir):
        log = read_log(out_dir)
        row = current_row(out_dir, base, target_id, documents, text_of, log)
        if row is None:
            raise KeyError(target_id)
        now = {c: plain_value(c, getattr(row, c)) for c in TARGET_COLUMNS}
        changes = []
        for col, new in parsed.items():
            old = now[col]
            if (col == "review_status" and new == "") or _same(old, new) or (old in (None, "") and new in (None, "")):
                continue
            changes.append((col, old, new))
        problems = check_changes(changes, {**now, **{c: n for c, _, n in changes}})
        if problems:
            raise InvalidDecision(dict(problems))
        entries = [_page_entry("set", row, col, old, new, reviewer, time) for col, old, new in changes]
        append_entries(out_dir, entries, log.needs_newline)
    return entries


def add_target(out_dir: Path, doc_id: str, start: int, end: int, cells: dict[str, object],
               reviewer: str, language: str, text: str, time: str | None = None) -> tuple[str, list[dict]]:
    """Log a row a reviewer adds on the review page by selecting ``text[start:end]`` (the
    sentence, or the words, that hold the evidence) of document ``doc_id``. The selection is
    trimmed of surrounding spaces; the value's span is found in it as the import finds it.
    Returns the new row's id and the entries logged."""
    reviewer = reviewer.strip()
    if not reviewer:
        raise ValueError("a reviewer name is needed")
    if not 0 <= start < end <= len(text) or not text[start:end].strip():
        raise InvalidDecision({"sentence": "select the words of the document that hold the target"})
    while text[start].isspace():
        start += 1
    while text[end - 1].isspace():
        end -= 1
    parsed, errors = _parse_cells(cells, EDITABLE)
    if not parsed.get("kind"):
        errors.setdefault("kind", "a new row needs its kind")
    if errors:
        raise InvalidDecision(errors)
    sentence = text[start:end]
    span = _value_span(sentence, start, language, parsed.get("value"), parsed.get("unit") or "")
    tkey = text_key(text)
    row = {**{c: None for c in TARGET_COLUMNS}, **parsed, "doc_id": doc_id, "sentence": sentence,
           "start": start, "end": end, "value_start": span[0] if span else None,
           "value_end": span[1] if span else None, "language": language}
    tid = added_target_id(tkey, start, end, row["kind"], row.get("value"), row.get("value_max"),
                          row.get("unit") or "")
    changes = added_changes(row)
    problems = check_changes(changes, row)
    if problems:
        raise InvalidDecision(dict(problems))
    time = time or now_utc()
    stub = Row(target_id=tid, doc_id=doc_id, language=language, kind=row["kind"], sentence=sentence,
               start=start, end=end)
    with locked(out_dir):
        log = read_log(out_dir)
        if any(e["target_id"] == tid for e in log.entries):
            return tid, []  # the same row added before: nothing new
        entries = [{**_page_entry("add", stub, col, old, new, reviewer, time), TEXT_KEY: tkey}
                   for col, old, new in changes]
        append_entries(out_dir, entries, log.needs_newline)
    return tid, entries
