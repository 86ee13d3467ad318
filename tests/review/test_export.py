"""restrack export: the reviewed dataset in four formats, JSON Schemas, schema version."""
import csv
import json

import jsonschema
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extractors.export import FORMATS, export_dataset
from extractors.records import COLUMNS, SCHEMA_VERSION
from extractors.review import import_review
from extractors.schema import export_columns, json_schema
from flows import review_cli
from flows.cli import main

from .conftest import EN_PLAN, Sheet, run_library, write_docs

FOREST = "Forest cover will reach 45% by 2030."
EXPORTS = "Exports will exceed 33 million USD by 2030."


QUARTER = ("The People's Committee of the city is assigned to settle 100% of administrative "
           "dossiers on time by the end of the first quarter of 2026.")


@pytest.fixture
def reviewed(tmp_path):
    """A run with one rejected and one corrected row, imported after the run (not re-run)."""
    run_dir = tmp_path / "out"
    run_library([write_docs(tmp_path / "in", en=EN_PLAN + QUARTER + "\n")], run_dir)
    sheet = Sheet(run_dir / "review.xlsx")
    rejected = sheet.get(sheet.row_of(sentence=FOREST), "target_id")
    corrected = sheet.get(sheet.row_of(sentence=EXPORTS), "target_id")
    sheet.set(sheet.row_of(sentence=FOREST), "review_status", "rejected")
    sheet.set(sheet.row_of(sentence=EXPORTS), "value", 34000000)
    import_review(sheet.save(tmp_path / "e.xlsx"), run_dir, "anna")
    return run_dir, rejected, corrected


def test_schemas_come_from_the_column_definitions():
    assert review_cli.FORMATS == FORMATS
    for table, cols in COLUMNS.items():
        s = json_schema(table)
        jsonschema.Draft202012Validator.check_schema(s)
        types = export_columns(table)
        assert list(types)[:len(cols)] == list(cols)  # SPEC's columns in order, then the export's
        assert list(s["properties"]) == list(types) == s["required"]
        assert s["x-restrack-schema-version"] == SCHEMA_VERSION
        for name, logical in types.items():
            t = s["properties"][name]["type"]
            assert t == {"string": ["string", "null"], "integer": ["integer", "null"],
                         "number": ["number", "null"], "date": ["string", "null"],
                         "timestamp": ["string", "null"], "list": "array"}[logical]
    t = export_columns("targets")
    assert (t["deadline"], t["reviewed_at"], t["responsible"], t["missing"], t["deadline_precision"]) == (
        "date", "timestamp", "list", "list", "string")
    props = json_schema("targets")["properties"]
    assert props["deadline"]["format"] == "date" and props["reviewed_at"]["format"] == "date-time"
    assert props["comparator"]["enum"][0] is None
    assert "rejected" in props["review_status"]["enum"]


def test_jsonl_records_follow_their_schema_and_leave_out_rejected_rows(reviewed, tmp_path):
    run_dir, rejected, corrected = reviewed
    result = export_dataset(run_dir, "jsonl", tmp_path / "x")
    assert result.rejected_left_out == 1
    for table in COLUMNS:
        schema = json.loads((tmp_path / "x" / "schema" / f"{table}.schema.json").read_text(encoding="utf-8"))
        assert schema == json_schema(table)
        lines = (tmp_path / "x" / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
        assert lines
        for line in lines:
            jsonschema.validate(json.loads(line), schema)
    targets = {json.loads(x)["target_id"]: json.loads(x)
               for x in (tmp_path / "x" / "targets.jsonl").read_text(encoding="utf-8").splitlines()}
    assert rejected not in targets
    got = targets[corrected]
    assert got["value"] == 34000000 and got["review_status"] == "corrected"
    assert (got["deadline"], got["deadline_precision"]) == ("2030-12-31", "year")
    assert got["reviewed_at"].endswith("Z") and got["reviewed_by"] == "anna"
    assert got["responsible"] == [] and got["missing"] == ["responsible"]
    assert got["issuer"] is None or got["issuer"].count(":") == 2
    for rec in targets.values():  # nothing is ''
        assert "" not in rec.values()
    manifest = json.loads((tmp_path / "x" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["restrack_schema_version"] == SCHEMA_VERSION
    assert manifest["tables"]["targets"]["rows"] == len(targets)
    assert manifest["tables"]["targets"]["columns"] == list(export_columns("targets"))
    assert manifest["tables"]["targets"]["types"]["deadline"] == "date"


def test_parquet_and_csv_exports(reviewed, tmp_path):
    run_dir, rejected, corrected = reviewed
    export_dataset(run_dir, "parquet", tmp_path / "p", include_rejected=True)
    t = pq.read_table(tmp_path / "p" / "targets.parquet")
    assert t.column_names == list(export_columns("targets"))
    assert str(t.schema.field("deadline").type) == "date32[day]"
    assert pa.types.is_timestamp(t.schema.field("reviewed_at").type) and t.schema.field("reviewed_at").type.tz == "UTC"
    assert pa.types.is_list(t.schema.field("responsible").type)
    assert t.schema.field("responsible").type.value_type == pa.string()
    assert t.schema.metadata[b"restrack_schema_version"] == SCHEMA_VERSION.encode()
    df = t.to_pandas()
    assert df.set_index("target_id").loc[rejected, "review_status"] == "rejected"
    export_dataset(run_dir, "csv", tmp_path / "c")
    with open(tmp_path / "c" / "targets.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(export_columns("targets"))
    assert rejected not in {r["target_id"] for r in rows}
    got = {r["target_id"]: r for r in rows}[corrected]
    assert (got["value"], got["reviewed_by"], got["deadline"]) == ("34000000.0", "anna", "2030-12-31")
    quarter = next(r for r in rows if r["sentence"] == QUARTER)
    assert (quarter["responsible"], quarter["missing"]) == ("peoples_committee:city:", "")
    assert (quarter["deadline"], quarter["deadline_precision"]) == ("2026-03-31", "quarter")
    assert json.loads((tmp_path / "c" / "manifest.json").read_text())["restrack_schema_version"] == SCHEMA_VERSION


def test_duckdb_export_is_typed(reviewed, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    run_dir, rejected, corrected = reviewed
    db = tmp_path / "r.duckdb"
    assert main(["export", str(run_dir), "--format", "duckdb", "--to", str(db)]) == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT value FROM restrack_meta WHERE key = 'schema_version'").fetchone()[0] == SCHEMA_VERSION
        types = {r[0]: r[1] for r in con.execute("DESCRIBE targets").fetchall()}
        assert list(types) == list(export_columns("targets"))
        assert (types["deadline"], types["deadline_precision"], types["reviewed_at"], types["responsible"],
                types["missing"], types["value"], types["start"]) == (
            "DATE", "VARCHAR", "TIMESTAMP", "VARCHAR[]", "VARCHAR[]", "DOUBLE", "BIGINT")
        ids = {r[0] for r in con.execute("SELECT target_id FROM targets").fetchall()}
        assert rejected not in ids and corrected in ids
        value, deadline, precision, reviewed_at = con.execute(
            "SELECT value, deadline, deadline_precision, reviewed_at FROM targets WHERE target_id = ?",
            [corrected]).fetchone()
        assert (value, str(deadline), precision) == (34000000, "2030-12-31", "year")
        assert reviewed_at.year >= 2025 and reviewed_at.tzinfo is None  # UTC
        # empty is NULL, never ''
        for col, t in types.items():
            if t == "VARCHAR":
                assert con.execute(f'SELECT count(*) FROM targets WHERE "{col}" = \'\'').fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM targets WHERE reviewed_by IS NULL").fetchone()[0] > 0
        # lists are lists, dates are dates
        (task,) = con.execute("SELECT responsible, missing, deadline, deadline_precision FROM targets "
                              "WHERE list_contains(responsible, 'peoples_committee:city:') "
                              "AND deadline < DATE '2026-06-30'").fetchall()
        assert task == (["peoples_committee:city:"], [], __import__("datetime").date(2026, 3, 31), "quarter")
        assert con.execute("SELECT count(*) FROM targets WHERE len(missing) = 0").fetchone()[0] >= 1
        n_docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()
    assert n_docs == len(pd.read_parquet(run_dir / "documents.parquet"))
    assert json.loads((tmp_path / "schema" / "targets.schema.json").read_text()) == json_schema("targets")


def test_export_exit_codes(reviewed, tmp_path, capsys):
    run_dir, _, _ = reviewed
    assert main(["export", str(run_dir), "--format", "csv"]) == 0
    assert (run_dir / "export" / "targets.csv").exists()
    assert "1 rejected rows left out" in capsys.readouterr().out
    assert main(["export", str(tmp_path / "nowhere"), "--format", "csv"]) == 2
    assert main(["export", str(tmp_path), "--format", "csv"]) == 2  # not a run folder
    assert main(["export", str(run_dir), "--format", "xml"]) == 2
    assert main(["export", str(run_dir)]) == 2  # --format is required


def test_review_export_writes_a_workbook_with_the_log_applied(reviewed, tmp_path):
    run_dir, rejected, corrected = reviewed
    assert main(["review", "export", str(run_dir), "--to", str(tmp_path / "fresh.xlsx")]) == 0
    sheet = Sheet(tmp_path / "fresh.xlsx")
    assert sheet.get(sheet.row_of(target_id=rejected), "review_status") == "rejected"
    r = sheet.row_of(target_id=corrected)
    assert (sheet.get(r, "value"), sheet.get(r, "review_status"), sheet.get(r, "reviewed_by")) == (
        34000000, "corrected", "anna")
    assert main(["review", "export", str(tmp_path)]) == 2
