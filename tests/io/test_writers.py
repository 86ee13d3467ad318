import csv

import pandas as pd
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from extractors.io.atomic import atomic_write
from extractors.io.runfolder import (has_table, is_run_folder, read_run, read_table, write_dataset,
                                     write_text)
from extractors.io.writers import frame
from extractors.records import COLUMNS, SCHEMA_VERSION, Document, Mention, Row


def _row(**kw):
    base = dict(target_id="t1", doc_id="d1", language="en", kind="target",
                sentence="Growth of 11–12% a year.", start=0, end=24, value=11.0, value_max=12.0,
                unit="percent", comparator="range", frequency="annual", period_start=2025,
                period_end=2030)
    base.update(kw)
    return Row(**base)


def test_frame_has_contract_columns_and_types():
    df = frame("targets", [_row()])
    assert list(df.columns) == list(COLUMNS["targets"])
    assert str(df["value"].dtype) == "Float64"
    assert str(df["period_start"].dtype) == "Int64"
    assert df.loc[0, "deadline"] == ""
    assert pd.isna(df.loc[0, "value_start"])


def test_dataset_tables_csv_parquet_and_review(tmp_path):
    docs = [Document(doc_id="d1", source="a.txt", format="txt", language="en", n_chars=24)]
    rows = [_row(), _row(target_id="t2", sentence='=HYPERLINK("http://x","y")', value=3.0,
                         value_max=None, comparator="eq", responsible="@agency:city:X")]
    mentions = [Mention("d1", "PERCENT", "11–12%", 10, 16, 11.0, 12.0, "percent")]
    write_dataset(tmp_path, docs, rows, mentions)
    for name in ("documents", "targets", "mentions"):
        with open(tmp_path / f"{name}.csv", newline="", encoding="utf-8") as f:
            header = next(csv.reader(f))
        assert header == list(COLUMNS[name])
        table = pq.read_table(tmp_path / f"{name}.parquet")
        assert table.column_names == list(COLUMNS[name])
        assert table.schema.metadata[b"restrack_schema_version"] == SCHEMA_VERSION.encode()
    with open(tmp_path / "targets.csv", newline="", encoding="utf-8") as f:
        got = list(csv.DictReader(f))
    assert got[0]["value_max"] == "12.0" and got[0]["comparator"] == "range"
    # formula-like text is inert in CSV ...
    assert got[1]["sentence"].startswith("'=HYPERLINK")
    assert got[1]["responsible"].startswith("'@")
    wb = load_workbook(tmp_path / "review.xlsx")
    assert wb.sheetnames[:2] == ["targets", "documents"]
    ws = wb["targets"]
    assert sorted(c.value for c in ws[1]) == sorted(COLUMNS["targets"])  # in the reviewer's order
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref
    # ... and in the workbook: a string cell, not a formula
    k = [c.value for c in ws[1]].index("sentence") + 1
    cell = ws.cell(row=3, column=k)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_atomic_write_keeps_old_file_on_failure(tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text("old", encoding="utf-8")

    def boom(p):
        p.write_text("half", encoding="utf-8")
        raise RuntimeError("crash while writing")

    with pytest.raises(RuntimeError):
        atomic_write(path, boom)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["targets.csv"]


def test_texts_keep_line_breaks_exactly(tmp_path):
    text = "a\nb\r\nc"  # normalised text never has \r\n, but the writer must not alter bytes
    p = write_text(tmp_path, "abc", text)
    assert p.read_bytes().decode("utf-8") == text


def test_run_folder_reads_back_what_it_wrote_from_parquet_or_csv(tmp_path):
    docs = [Document(doc_id="d1", source="a.txt", format="txt", language="en", n_chars=24),
            Document(doc_id="d2", source="b.pdf", format="pdf", status="needs_ocr")]
    rows = [_row(), _row(target_id="t2", sentence='=HYPERLINK("http://x","y")', value=3.0,
                         value_max=None, comparator="eq", responsible="@agency:city:X")]
    write_dataset(tmp_path, docs, rows, [])
    write_text(tmp_path, "d1", "Growth of 11–12% a year.\n")
    assert is_run_folder(tmp_path) and not is_run_folder(tmp_path / "texts")
    from_parquet = read_run(tmp_path)
    for name in ("documents", "targets", "mentions"):
        (tmp_path / f"{name}.parquet").unlink()
    from_csv = read_run(tmp_path)
    for run in (from_parquet, from_csv):
        assert run.targets == rows  # formula-like text comes back as written, not inert
        assert run.languages() == {"d1": "en"}  # documents not read have no rows
        assert run.text("d1") == "Growth of 11–12% a year.\n" and run.text("d2") is None
        assert list(run.documents["status"]) == ["ok", "needs_ocr"]
    assert read_table(tmp_path, "mentions").empty
    (tmp_path / "mentions.csv").unlink()
    assert not has_table(tmp_path, "mentions")
    with pytest.raises(FileNotFoundError):
        read_table(tmp_path, "mentions")


def test_arrow_table_types_values_as_the_frame_does():
    """The direct Arrow road gives the table pandas' road gives, value for value: missing
    strings are "", missing or NaN numbers null, integral floats integers, ints floats."""
    import pyarrow as pa

    from extractors.io.writers import arrow_schema, arrow_table

    def by_frame(table, records):
        return pa.Table.from_pandas(frame(table, records), schema=arrow_schema(table), preserve_index=False)

    rows = [_row(), _row(target_id="t2", value=float("nan"), value_max=None, period_start=2030.0,
                         confidence=1, responsible=None, start=None),
            _row(target_id="t3", value=True, unit=""),
            # an int past a double's exact range, in a float column: Arrow refuses, Python rounds
            _row(target_id="t5", value=2**53 + 1, value_max=float("inf"), confidence=-0.0)]
    docs = [Document(doc_id="d1", source="a.txt", format="txt", n_chars=0, n_pages=None, title=None),
            {"doc_id": "d2", "n_chars": 12.0, "status": "ok"}]
    odd = [_row(target_id="t4", start="12")]  # a kind only pandas takes: same result
    for table, records in (("targets", rows), ("documents", docs[:1]), ("documents", docs[1:]),
                           ("targets", odd), ("mentions", [])):
        got, want = arrow_table(table, records), by_frame(table, records)
        assert got.equals(want) and got.schema.equals(want.schema, check_metadata=True), (table, records)
    assert arrow_table("targets", rows).column("value").to_pylist() == [11.0, None, 1.0, 2.0**53]
    assert arrow_table("targets", rows).column("period_start").to_pylist() == [2025, 2030, 2025, 2025]


def test_text_cells_made_inert_as_inert_makes_each(tmp_path):
    """The column-at-once road gives the cells ``inert`` gives one by one, in both writers."""
    from extractors.io.atomic import FORMULA_PREFIXES, inert
    from extractors.io.writers import TableWriter, arrow_table, write_csv

    sentences = [f"{p}SUM(A1)" for p in FORMULA_PREFIXES] + ["plain", "", "'=quoted", "a=b", "-5% a year"]
    rows = [_row(target_id=f"t{i}", sentence=s, responsible="@x" if i % 2 else "")
            for i, s in enumerate(sentences)]
    df = frame("targets", rows)
    write_csv(df, tmp_path / "whole.csv")
    w = TableWriter("targets", tmp_path / "streamed.csv", tmp_path / "streamed.parquet", batch_rows=3)
    for r in rows:
        w.write(arrow_table("targets", [r]))
    w.close()
    by_cell = df.copy()
    for name in by_cell.columns:
        if by_cell[name].dtype == "string":
            by_cell[name] = by_cell[name].map(inert, na_action="ignore")
    by_cell.to_csv(tmp_path / "by_cell.csv", index=False, encoding="utf-8", lineterminator="\r\n")
    want = (tmp_path / "by_cell.csv").read_bytes()
    assert (tmp_path / "whole.csv").read_bytes() == want
    assert (tmp_path / "streamed.csv").read_bytes() == want
    assert b"'=SUM(A1)" in want and b"'-5% a year" in want


def test_documents_waiting_for_a_batch_are_merged_and_written_as_whole(tmp_path):
    """A run's documents come one row at a time and wait for a batch of 20,000: they wait
    merged (an Arrow table of one row costs kilobytes of objects), and the files are those
    of the whole table: the CSV byte for byte, the Parquet file row for row."""
    from extractors.io.writers import TableWriter, arrow_table, write_csv, write_parquet

    docs = [Document(doc_id=f"d{i:05d}", source=f"in/{i}.txt", format="txt", language="vi",
                     title=f"=title {i}" if i % 7 == 0 else f"title {i}", n_chars=i * 10, n_pages=1,
                     status="ok" if i % 5 else "error", error="" if i % 5 else "broken")
            for i in range(2_500)]
    w = TableWriter("documents", tmp_path / "streamed.csv", tmp_path / "streamed.parquet")
    waiting = 0
    for d in docs:
        w.write(arrow_table("documents", [d]))
        waiting = max(waiting, len(w._pending))
    w.close()
    assert waiting <= TableWriter.MERGE_PENDING < len(docs)
    whole = frame("documents", docs)
    write_csv(whole, tmp_path / "whole.csv")
    write_parquet(whole, tmp_path / "whole.parquet")
    assert (tmp_path / "streamed.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()
    assert pq.read_table(tmp_path / "streamed.parquet").equals(pq.read_table(tmp_path / "whole.parquet"))
    assert w.rows == len(docs)


def test_csv_bytes_are_what_pandas_writes_for_the_frame(tmp_path):
    """The assembly's CSV rows (Arrow compute, ``csv_bytes``) are byte for byte what
    ``write_csv`` (pandas, the ``csv`` module) writes: quoting, inert formulas, float
    reprs, missing values, line breaks inside a cell."""
    from extractors.io.writers import arrow_table, csv_bytes, write_csv

    texts = ["plain", "", 'a "quoted" word', "a, b", "two\nlines", "carriage\rreturn", "=1+1",
             "-5% a year", "\tindented", "\r", '"', ",", "Tăng trưởng 11–12%", "نمو ٪٥", "'=kept",
             "@agency:x", "x;y", "trailing ", " "]
    floats = [0.1 + 0.2, 1e16, 1e-07, 123456789.0, -0.0, 3.0, None, 1e22, 2.5e-05,
              12345678901234567.0, float(2 ** 53), 11.5, -4.25, 1e-300, 0.0, 7.0, None, 33.0, 1.0]
    ints = [1, None, -3, 0, 2 ** 40, 2030, None, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
    rows = [_row(target_id=f"t{i}", sentence=t, responsible=texts[-1 - i], value=f,
                 value_max=None if i % 3 else f, start=n, period_start=n, unit=t[:3])
            for i, (t, f, n) in enumerate(zip(texts, floats, ints))]
    docs = [Document(doc_id=f"d{i}", source=t, format="txt", language="vi", title=t,
                     n_chars=n, n_pages=None, error=t) for i, (t, n) in enumerate(zip(texts, ints))]
    for table, records in (("targets", rows), ("documents", docs), ("targets", rows[:1])):
        write_csv(frame(table, records), tmp_path / "pandas.csv")
        want = (tmp_path / "pandas.csv").read_bytes()
        got = csv_bytes(arrow_table(table, records), header=True)
        assert got == want, table
        assert csv_bytes(arrow_table(table, records), header=False) == want.split(b"\r\n", 1)[1]
    assert b'"a ""quoted"" word"' in want or table == "targets"
    assert csv_bytes(arrow_table("mentions", []), header=True) == b",".join(
        c.encode() for c in COLUMNS["mentions"]) + b"\r\n"


def test_csv_bytes_of_real_documents_are_what_pandas_writes():
    """The tables of shared real documents (five languages), rendered both ways."""
    import io

    from tests.conftest import shared_path
    from extractors.batch import extract_chunk
    from extractors.io.writers import arrow_table, csv_bytes, make_inert

    files = sorted(p for p in shared_path("dev2", "corpus").rglob("*")
                   if p.suffix in (".txt", ".md", ".html"))[:25]
    exs = extract_chunk([str(p) for p in files])
    for table, records in (("targets", [r for e in exs for r in e.rows]),
                           ("mentions", [m for e in exs for m in e.mentions]),
                           ("documents", [e.document for e in exs])):
        t = arrow_table(table, records)
        df = t.to_pandas()
        make_inert(df)
        buf = io.StringIO()
        df.to_csv(buf, index=False, lineterminator="\r\n")
        assert csv_bytes(t, header=True) == buf.getvalue().encode("utf-8"), table
        assert t.num_rows > 0
