"""The sample corpus against its hand check, ``data/raw/EXPECTED.md``, scored the SPEC §5 way.

Each ``## <file>`` section of EXPECTED.md holds a markdown table of the rows a careful
analyst expects. Every sample is extracted once (module-scoped cache) and expected rows
are matched to predicted rows as the reference scorer does: same kind, the predicted
sentence contains the evidence (white space and case normalised), and — for rows with a
value — equal value and unit. Per language we check the recall and precision of
``target`` rows, the accuracy of their fields, and that ``task`` rows are found with the
right responsible types. ``pytest -s`` prints the figures.

The floors below sit a little under what was measured when they were set, so a change
that loses rows or fields fails here; raise them when the extraction improves.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from extractors.pipeline import Extraction, extract_file

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
EXPECTED = RAW / "EXPECTED.md"
LANGS = ("en", "pl", "ru", "ar", "vi")

# Fields compared on matched target rows (responsible compared as a set of body types).
FIELDS = ("value_max", "comparator", "frequency", "period_start", "period_end", "deadline",
          "indicator_code", "responsible")

# Floors per language: (target recall, target precision, field accuracy, task recall).
# Measured after the cue and indicator data were completed, and set a little below the
# measurement (never under 0.7), so losing one row or field fails:
#   en 0.792 / 0.952 / 0.947 / 0.875    pl 0.750 / 1.000 / 0.958 / 1.000
#   ru 0.917 / 1.000 / 1.000 / 1.000    ar 1.000 / 1.000 / 0.963 / 1.000
#   vi 0.727 / 1.000 / 0.938 / 1.000
# Recall is under 0.8 in en, pl and vi because of the code, not the data: list items under
# a mixed-case heading line ("Main targets for the 2025–2030 term:", "Một số chỉ tiêu chủ
# yếu của nhiệm kỳ:", "Główne cele na kadencję") get no forward section (see the xfails
# in tests/rows/test_documents.py). Raise the floors when that is fixed.
FLOORS: dict[str, tuple[float, float, float, float]] = {
    "en": (0.77, 0.93, 0.92, 0.85),
    "pl": (0.72, 0.95, 0.93, 0.95),
    "ru": (0.89, 0.95, 0.97, 0.95),
    "ar": (0.95, 0.95, 0.93, 0.95),
    "vi": (0.70, 0.95, 0.91, 0.95),
}

# Expected tasks whose responsible bodies the code gets wrong: (file, evidence start) ->
# the cause. Each is an xfail(strict=True) of test_task_responsible.
TASK_XFAILS: dict[tuple[str, str], str] = {
    ("pl_uchwala_zjazdu.pdf", "Komitet Ludowy gminy kieruje"):
        "SPEC reading: a cooperation partner ('współpracuje z Frontem Ojczyzny') is not "
        "assigned; the shared gold (seed 003, 'współpracy ze strażą graniczną') agrees",
            ("en_action_plan.pdf", "The Division of Economy"):
        "bodies: 'Division of Economy' is no known body, so the task names none",
    ("en_action_plan.pdf", "The Commune Health Station"):
        "rows.classify: 'reports every six months' is read as a target value (6 month, goal "
        "cue 'raise' in the clause), and build_rows makes no task for a sentence with a target",
    ("en_action_plan.pdf", "reports to the Commune Party Committee"):
        "bodies: 'Office of the People's Council and People's Committee' is split into an "
        "agency and a peoples_committee; rows.roles then takes both before the cue",
            ("ar_qarar_mutamar.pdf", "كلفت اللجنة الدائمة مكتب"):
        "rows.roles: verb-first order — the first body after 'كلفت' is the subject "
        "(standing committee); _AND matches a bare space, so it is joined to the object",
    ("ar_taqrir_ikhbari.txt", "كلفت اللجنة الدائمة للجنة"):
        "rows.roles: verb-first order — the subject after 'كلفت' is taken as responsible "
        "together with the object (لجنة التنظيم)",
    ("ar_taqrir_ikhbari.txt", "تتولى اللجنة الشعبية"):
        "rows.roles/_coordinated: the body after 'بالتنسيق مع' (جبهة الوطن) is dropped as a "
        "partner",
    ("vi_nghi_quyet_phuong.txt", "giao Văn phòng Đảng ủy chủ trì"):
        "rows.roles/_coordinated: the body after 'phối hợp với' (Ban Xây dựng Đảng) is "
        "dropped as a partner",
}


# --- EXPECTED.md ------------------------------------------------------------------------

@dataclass
class ExpectedRow:
    file: str
    kind: str
    evidence: str
    indicator_code: str | None
    value: float | None
    value_max: float | None
    unit: str
    comparator: str
    frequency: str
    period_start: int | None
    period_end: int | None
    period_known: bool  # False for "previous term" and empty periods: not scored
    deadline: str
    responsible: frozenset[str]
    fields: dict[str, object] = field(default_factory=dict)


# Second readings EXPECTED.md's notes accept: (file, evidence) -> field -> alternative value.
# ar_taqrir_ikhbari.txt: "The three targets whose subject is 'the ward' (يهدف الحي / يسعى /
# يخطط) have the ward Party committee as the body that strives; an analyst who leaves
# `responsible` empty there is also right."
ALSO_RIGHT: dict[tuple[str, str], dict[str, object]] = {
    ("ar_taqrir_ikhbari.txt", ev): {"responsible": frozenset()}
    for ev in ("لا يقل عن 10%", "حوالي 140 مليون دونغ بحلول عام 2030",
               "تتجاوز 15 مليون دولار أمريكي")
}

_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_YEARS = re.compile(r"^(\d{4})?\s*[–-]\s*(\d{4})$")


def _empty(cell: str) -> bool:
    return cell == "" or cell.startswith("—")


def parse_period(cell: str) -> tuple[int | None, int | None, bool]:
    """``2025–2030``, ``–2030``, ``2025–2030 *(term)*`` → (start, end, known)."""
    cell = cell.replace("*(term)*", "").strip()
    m = _YEARS.match(cell)
    if not m:
        return None, None, False  # "", "previous term"
    start = int(m.group(1)) if m.group(1) else None
    return start, int(m.group(2)), True


def parse_responsible(cell: str) -> frozenset[str]:
    """Body codes in backticks, joined by ``\\|`` → their types; ``—`` → none."""
    codes = re.findall(r"`([^`]+)`", cell)
    return frozenset(c.split(":")[0] for c in codes)


def _num(cell: str) -> float | None:
    return float(cell) if cell and not _empty(cell) else None


def parse_expected(path: Path = EXPECTED) -> dict[str, list[ExpectedRow]]:
    out: dict[str, list[ExpectedRow]] = {}
    current: str | None = None
    header: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"## (\S+\.\w+)\s*$", line)
        if heading:
            current = heading.group(1)
            out[current] = []
            header = []
            continue
        if current is None or not line.startswith("|"):
            continue
        cells = [c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(line)[1:-1]]
        if cells and cells[0] == "kind":
            header = cells
            continue
        if not header or set(cells[0]) <= set("-: "):
            continue
        c = dict(zip(header, cells))
        ps, pe, known = parse_period(c["period"])
        out[current].append(ExpectedRow(
            file=current, kind=c["kind"], evidence=c["evidence"],
            indicator_code=c["indicator_code"] or None, value=_num(c["value"]),
            value_max=_num(c["value_max"]), unit=c["unit"], comparator=c["cmp"],
            frequency=c["freq"], period_start=ps, period_end=pe, period_known=known,
            deadline="" if _empty(c["deadline"]) else c["deadline"],
            responsible=parse_responsible(c["responsible"]),
        ))
    return out


def lang_of(name: str) -> str:
    return name.split("_", 1)[0]


# --- matching (SPEC §5) ---------------------------------------------------------------

def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", s).strip().lower()


def same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def types_of(codes: str) -> frozenset[str]:
    return frozenset(c.strip().split(":")[0] for c in (codes or "").split("|") if c.strip())


def matches(exp: ExpectedRow, row) -> bool:
    if row.kind != exp.kind or norm(exp.evidence) not in norm(row.sentence):
        return False
    if exp.value is None:
        return True
    return same_value(row.value, exp.value) and norm(row.unit) == norm(exp.unit)


def match_rows(expected: list[ExpectedRow], rows: list) -> dict[int, int]:
    """Expected index → predicted index, greedy in document order, each row used once."""
    used: set[int] = set()
    out: dict[int, int] = {}
    for i, exp in enumerate(expected):
        for j, row in enumerate(rows):
            if j not in used and matches(exp, row):
                used.add(j)
                out[i] = j
                break
    return out


def field_checks(exp: ExpectedRow, row) -> dict[str, bool]:
    checks = {
        "value_max": same_value(row.value_max, exp.value_max),
        "comparator": row.comparator == exp.comparator,
        "frequency": row.frequency == exp.frequency,
        "deadline": (row.deadline or "") == exp.deadline,
        "indicator_code": row.indicator_code == exp.indicator_code,
        "responsible": types_of(row.responsible) == exp.responsible,
    }
    if exp.period_known:
        checks["period_start"] = row.period_start == exp.period_start
        checks["period_end"] = row.period_end == exp.period_end
    for name, alt in ALSO_RIGHT.get((exp.file, exp.evidence), {}).items():
        if name == "responsible":
            checks[name] = checks[name] or types_of(row.responsible) == alt
    return checks


# --- figures ---------------------------------------------------------------------------

@dataclass
class Figures:
    gold: int = 0
    pred: int = 0
    tp: int = 0
    fp_ok: int = 0  # repeats of an expected target (a headline), accepted by EXPECTED.md
    field_hits: int = 0
    field_n: int = 0
    per_field: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})
    tasks: int = 0
    tasks_found: int = 0
    tasks_resp: int = 0
    other: dict[str, list[int]] = field(default_factory=dict)  # kind -> [found, expected]
    problems: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return (self.tp + self.fp_ok) / self.pred if self.pred else 1.0

    @property
    def fields(self) -> float:
        return self.field_hits / self.field_n if self.field_n else 1.0

    @property
    def task_recall(self) -> float:
        return self.tasks_found / self.tasks if self.tasks else 1.0

    @property
    def task_resp(self) -> float:
        return self.tasks_resp / self.tasks if self.tasks else 1.0


EXPECTED_ROWS = parse_expected()
SAMPLE_FILES = sorted(n for n, rows in EXPECTED_ROWS.items() if rows)


@pytest.fixture(scope="module")
def extractions() -> dict[str, Extraction]:
    return {name: extract_file(RAW / name) for name in SAMPLE_FILES}


def score_file(name: str, ex: Extraction, figs: Figures) -> None:
    expected = EXPECTED_ROWS[name]
    rows = ex.rows
    targets_e = [e for e in expected if e.kind == "target"]
    targets_p = [r for r in rows if r.kind == "target"]
    hit = match_rows(targets_e, targets_p)
    figs.gold += len(targets_e)
    figs.pred += len(targets_p)
    figs.tp += len(hit)
    for i, e in enumerate(targets_e):
        if i not in hit:
            figs.problems.append(f"{name}: missed target {e.value} {e.unit} «{e.evidence}»")
            continue
        r = targets_p[hit[i]]
        for f, ok in field_checks(e, r).items():
            figs.field_n += 1
            figs.field_hits += ok
            figs.per_field[f][1] += 1
            figs.per_field[f][0] += ok
            if not ok:
                want = e.responsible if f == "responsible" else getattr(e, f)
                got = types_of(r.responsible) if f == "responsible" else getattr(r, f)
                figs.problems.append(f"{name}: «{e.evidence}» {f}: want {want!r} got {got!r}")
    used = set(hit.values())
    for j, r in enumerate(targets_p):
        if j in used:
            continue
        if any(same_value(r.value, e.value) and r.unit == e.unit for e in targets_e):
            figs.fp_ok += 1
            continue
        figs.problems.append(f"{name}: extra target {r.value} {r.unit} «{r.sentence[:80]}»")
    for kind in ("achievement", "structure"):
        exp_k = [e for e in expected if e.kind == kind]
        got = match_rows(exp_k, [r for r in rows if r.kind == kind])
        tally = figs.other.setdefault(kind, [0, 0])
        tally[0] += len(got)
        tally[1] += len(exp_k)
    for e in (e for e in expected if e.kind == "task"):
        figs.tasks += 1
        cands = [r for r in rows if r.kind == "task" and norm(e.evidence) in norm(r.sentence)]
        if not cands:
            figs.problems.append(f"{name}: missed task «{e.evidence}»")
            continue
        figs.tasks_found += 1
        if any(types_of(r.responsible) == e.responsible for r in cands):
            figs.tasks_resp += 1
        else:
            figs.problems.append(f"{name}: task «{e.evidence}» responsible: want "
                                 f"{sorted(e.responsible)} got "
                                 f"{[sorted(types_of(r.responsible)) for r in cands]}")


def language_figures(extractions: dict[str, Extraction]) -> dict[str, Figures]:
    out = {lang: Figures() for lang in LANGS}
    for name in SAMPLE_FILES:
        score_file(name, extractions[name], out[lang_of(name)])
    return out


def report(figs: dict[str, Figures]) -> str:
    lines = ["lang  tgt R   tgt P   fields  tasks  resp   ach    struct",
             "----  ------  ------  ------  -----  -----  -----  ------"]
    for lang, f in figs.items():
        ach, st = f.other.get("achievement", [0, 0]), f.other.get("structure", [0, 0])
        lines.append(f"{lang:4}  {f.recall:6.3f}  {f.precision:6.3f}  {f.fields:6.3f}  "
                     f"{f.tasks_found:2}/{f.tasks:<2}  {f.tasks_resp:2}/{f.tasks:<2}  "
                     f"{ach[0]:2}/{ach[1]:<2}  {st[0]:2}/{st[1]:<2}")
    for lang, f in figs.items():
        lines.append(f"{lang}: targets {f.tp}/{f.gold} (+{f.fp_ok} repeats) of {f.pred} "
                     "predicted; fields " + ", ".join(
                         f"{k} {h}/{n}" for k, (h, n) in f.per_field.items() if n))
        lines.extend("  " + p for p in f.problems)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def figures(extractions) -> dict[str, Figures]:
    figs = language_figures(extractions)
    print("\n" + report(figs))
    return figs


# --- the parser itself ----------------------------------------------------------------

def test_expected_md_parses() -> None:
    assert {lang_of(n) for n in SAMPLE_FILES} == set(LANGS)
    assert "en_broken_report.pdf" in EXPECTED_ROWS and not EXPECTED_ROWS["en_broken_report.pdf"]
    rows = EXPECTED_ROWS["en_resolution_summary.txt"]
    growth = next(r for r in rows if r.evidence == "growth of production value of 11–12%")
    assert (growth.value, growth.value_max, growth.comparator, growth.frequency) == (
        11, 12, "range", "annual")
    assert (growth.period_start, growth.period_end, growth.deadline) == (2025, 2030, "")
    export = next(r for r in rows if r.evidence.startswith("exceeding 33 million"))
    assert (export.value, export.period_start, export.period_end, export.deadline) == (
        33_000_000, None, 2030, "2030")
    task = next(r for r in rows if r.kind == "task" and "Office of the Ward" in r.evidence)
    assert task.responsible == {"party_office", "organization_commission"}
    assert task.value is None and task.deadline == "2025-10"
    ru = EXPECTED_ROWS["ru_programma_dejstvij.docx"]
    assert any(r.evidence.endswith("| Отдел пропаганды") for r in ru)
    assert next(r for r in ru if "Полиция уезда" in r.evidence).deadline == ""
    vi = EXPECTED_ROWS["vi_tin_dai_hoi.html"]
    assert not next(r for r in vi if r.kind == "achievement").period_known
    assert parse_period("–2030") == (None, 2030, True)
    assert parse_period("2025–2030 *(term)*") == (2025, 2030, True)


def test_every_sample_reads_ok(extractions) -> None:
    for name, ex in extractions.items():
        assert ex.document.status == "ok", (name, ex.document.error)
        for r in ex.rows:
            assert ex.text[r.start:r.end] == r.sentence


# --- the figures ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_targets_recall_and_precision(figures, lang: str) -> None:
    f = figures[lang]
    rec, prec, *_ = FLOORS[lang]
    assert f.gold > 0
    assert f.recall >= rec, report({lang: f})
    assert f.precision >= prec, report({lang: f})


@pytest.mark.parametrize("lang", LANGS)
def test_target_fields(figures, lang: str) -> None:
    f = figures[lang]
    assert f.fields >= FLOORS[lang][2], report({lang: f})


@pytest.mark.parametrize("lang", LANGS)
def test_tasks_found(figures, lang: str) -> None:
    f = figures[lang]
    assert f.tasks > 0
    assert f.task_recall >= FLOORS[lang][3], report({lang: f})


def _task_params():
    for name in SAMPLE_FILES:
        for n, e in enumerate(e for e in EXPECTED_ROWS[name] if e.kind == "task"):
            pid = f"{name}:task{n + 1}"
            cause = next((c for (f, ev), c in TASK_XFAILS.items()
                          if f == name and e.evidence.startswith(ev)), None)
            marks = [pytest.mark.xfail(strict=True, reason=cause)] if cause else []
            yield pytest.param(name, e, id=pid, marks=marks)


@pytest.mark.parametrize("name,exp", list(_task_params()))
def test_task_responsible(extractions, name: str, exp: ExpectedRow) -> None:
    """Every expected task is a ``task`` row with the expected responsible body types."""
    rows = [r for r in extractions[name].rows
            if r.kind == "task" and norm(exp.evidence) in norm(r.sentence)]
    assert rows, f"no task row holds «{exp.evidence}»"
    got = [sorted(types_of(r.responsible)) for r in rows]
    assert any(types_of(r.responsible) == exp.responsible for r in rows), (
        sorted(exp.responsible), got)


def test_task_xfails_name_expected_tasks() -> None:
    """Every entry of TASK_XFAILS still names a task of EXPECTED.md."""
    for name, ev in TASK_XFAILS:
        assert any(e.kind == "task" and e.evidence.startswith(ev) for e in EXPECTED_ROWS[name])
