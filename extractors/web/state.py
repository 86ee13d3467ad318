"""What the review page shows: the run's rows with the corrections log applied, its
documents and their mentions, read once through ``io/runfolder`` (the Parquet tables, never
the workbook) and kept up to date with the log.

The log is the only thing that changes while the page runs (this page, ``review import``,
another page on the same folder). Before every request ``refresh`` looks at the log's size
and time; when it grew, only the rows its new entries name are computed again, from the
run's rows and all their entries — the same ``review.apply_corrections`` a run applies.
"""
from __future__ import annotations

import re
import threading
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..io.corrections_log import LOG_FILE, LogRead, read_log
from ..io.runfolder import has_table, read_run, read_table, read_text
from ..records import Row
from ..review import apply_corrections, resolve_legacy_ids

DOC_ID = re.compile(r"^[0-9a-f]{16}$")
TARGET_ID = DOC_ID
TEXT_CACHE = 32  # documents' texts kept in memory


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    label: str
    text: str
    canonical: str


@dataclass(frozen=True)
class Filters:
    """The queue's filters, as a request gives them (every one optional)."""

    doc: str = ""
    language: str = ""
    kind: str = ""
    status: str = ""
    missing: str = ""
    max_confidence: float | None = None

    def match(self, r: Row) -> bool:
        return ((not self.doc or r.doc_id == self.doc) and (not self.language or r.language == self.language)
                and (not self.kind or r.kind == self.kind)
                and (not self.status or (r.review_status != "unreviewed" if self.status == "done"
                                         else r.review_status == "unreviewed" if self.status == "left"
                                         else r.review_status == self.status))
                and (not self.missing or self.missing in r.missing.split(" | "))
                and (self.max_confidence is None or r.confidence <= self.max_confidence))

    def query(self) -> dict[str, str]:
        out = {k: v for k, v in (("doc", self.doc), ("language", self.language), ("kind", self.kind),
                                 ("status", self.status), ("missing", self.missing)) if v}
        if self.max_confidence is not None:
            out["max_confidence"] = f"{self.max_confidence:g}"
        return out


def _log_stamp(out_dir: Path) -> tuple[int, int]:
    try:
        st = (Path(out_dir) / LOG_FILE).stat()
    except FileNotFoundError:
        return (0, 0)
    return st.st_size, st.st_mtime_ns


class Workbench:
    """A run folder as the review page sees it."""

    def __init__(self, out_dir: Path):
        self.path = Path(out_dir)
        folder = read_run(self.path)
        docs = folder.documents
        self.documents: dict[str, dict] = {}
        for rec in docs.astype(object).where(docs.notna(), None).to_dict("records"):
            if DOC_ID.match(str(rec["doc_id"])):  # ids name files: only the well-formed ones
                self.documents[rec["doc_id"]] = rec
        self.languages = {d: lang for d, lang in folder.languages().items() if d in self.documents}
        self.base: dict[str, list[Row]] = defaultdict(list)
        for r in folder.targets:
            self.base[r.target_id].append(r)
        self._all_base = folder.targets
        # Mentions stay one table sorted by document; a document's are read when first shown.
        self._mentions = None
        self._mention_rows: dict[str, tuple[int, int]] = {}
        self._spans: OrderedDict[str, list[Span]] = OrderedDict()
        if has_table(self.path, "mentions"):
            m = read_table(self.path, "mentions")[["doc_id", "label", "text", "start", "end", "canonical"]]
            m = m.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
            docs = m["doc_id"].to_numpy()
            bounds = np.flatnonzero(docs[1:] != docs[:-1]) + 1 if len(docs) else np.array([], dtype=int)
            starts = np.concatenate([[0], bounds]) if len(docs) else []
            ends = np.concatenate([bounds, [len(docs)]]) if len(docs) else []
            self._mention_rows = {str(docs[a]): (int(a), int(b)) for a, b in zip(starts, ends)}
            self._mentions = m
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._n_entries = 0
        self.entries: dict[str, list[dict]] = defaultdict(list)
        self.rows: dict[str, Row] = {}
        self._sorted: tuple[dict, list[Row]] | None = None
        self.bad_lines: list[int] = []
        self.refresh()

    # -- the log ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Follow the log: recompute the rows its new entries name (all rows the first time,
        or when the log is not the one read before plus new lines)."""
        stamp = _log_stamp(self.path)
        if stamp == self._stamp:
            return
        with self._lock:
            if stamp == self._stamp:
                return
            log = read_log(self.path, lock=True)
            self.bad_lines = log.bad_lines
            if self._stamp is None or len(log.entries) < self._n_entries:
                self._full(log)
            else:
                new = resolve_legacy_ids(self._all_base, log.entries[self._n_entries:])
                for e in new:
                    self.entries[e["target_id"]].append(e)
                self._recompute({e["target_id"] for e in new})
            self._n_entries = len(log.entries)
            self._stamp = stamp

    def _full(self, log: LogRead) -> None:
        self.entries = defaultdict(list)
        for e in resolve_legacy_ids(self._all_base, log.entries):
            self.entries[e["target_id"]].append(e)
        applied, _ = apply_corrections(self._all_base, [e for es in self.entries.values() for e in es],
                                       self.languages, self.text)
        rows: dict[str, Row] = {}
        for r in applied:
            rows.setdefault(r.target_id, r)
        self.rows = rows
        self._sorted = None

    def _recompute(self, ids: set[str]) -> None:
        # A new dict swapped in whole: requests reading the old one meanwhile never see it
        # change under them (pages are served from several threads).
        rows = dict(self.rows)
        for tid in ids:
            base = self.base.get(tid, [])
            got = next((r for r in apply_corrections(base, self.entries[tid], self.languages, self.text)[0]
                        if r.target_id == tid), None)
            if got is None:
                rows.pop(tid, None)
            else:
                rows[tid] = got
        self.rows = rows
        self._sorted = None

    # -- reading ---------------------------------------------------------------------------

    def text(self, doc_id: str) -> str | None:
        """A document's text; only documents of this run, never a path from elsewhere."""
        if doc_id not in self.documents:
            return None
        if doc_id in self._texts:
            self._texts.move_to_end(doc_id)
            return self._texts[doc_id]
        text = read_text(self.path, doc_id)
        if text is not None:
            self._texts[doc_id] = text
            while len(self._texts) > TEXT_CACHE:
                self._texts.popitem(last=False)
        return text

    def mentions(self, doc_id: str) -> list[Span]:
        """The mentions of a document, in order of their start."""
        if doc_id in self._spans:
            return self._spans[doc_id]
        lo, hi = self._mention_rows.get(doc_id, (0, 0))
        spans = [] if self._mentions is None or lo == hi else [
            Span(int(s), int(e), label, "" if text is None or text is pd.NA else text,
                 "" if canonical is None or canonical is pd.NA else canonical)
            for label, text, s, e, canonical in self._mentions.iloc[lo:hi][
                ["label", "text", "start", "end", "canonical"]].astype(object).itertuples(index=False)]
        self._spans[doc_id] = spans
        while len(self._spans) > TEXT_CACHE:
            self._spans.popitem(last=False)
        return spans

    def ordered(self) -> list[Row]:
        """Every row, least confident first (then by document and place)."""
        rows = self.rows  # the order is kept with the dict it was made from
        if self._sorted is None or self._sorted[0] is not rows:
            self._sorted = (rows, sorted(rows.values(), key=lambda r: (r.confidence, r.doc_id, r.start, r.target_id)))
        return self._sorted[1]

    def queue(self, f: Filters) -> list[Row]:
        return [r for r in self.ordered() if f.match(r)]

    def counts(self, rows: list[Row]) -> Counter:
        c = Counter(r.review_status for r in rows)
        c["done"] = len(rows) - c["unreviewed"]
        c["left"] = c["unreviewed"]
        return c

    def doc_rows(self, doc_id: str) -> list[Row]:
        return sorted((r for r in list(self.rows.values()) if r.doc_id == doc_id), key=lambda r: (r.start, r.value_start or 0))

    def row(self, target_id: str) -> Row | None:
        return self.rows.get(target_id) if TARGET_ID.match(target_id) else None

    def neighbours(self, target_id: str, f: Filters) -> tuple[str | None, str | None, int, int]:
        """Previous and next row of the filtered queue, the row's place in it and its length."""
        q = self.queue(f)
        ids = [r.target_id for r in q]
        try:
            i = ids.index(target_id)
        except ValueError:
            return None, (ids[0] if ids else None), 0, len(ids)
        return (ids[i - 1] if i else None), (ids[i + 1] if i + 1 < len(ids) else None), i + 1, len(ids)

