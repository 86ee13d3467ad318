"""A document's results cross from the extraction process as Arrow IPC streams, unchanged,
and the part written from them is the part written from the tables themselves."""
import pickle

import pyarrow.parquet as pq

from extractors.io.parts import SentResult, doc_result, write_part
from extractors.pipeline import extract_file
from tests.conftest import shared_path


def test_a_real_documents_results_cross_a_pipe_unchanged():
    files = sorted(shared_path("dev2").rglob("*.txt"))
    assert files
    ex = extract_file(files[0])
    assert ex.rows and ex.mentions
    sent = doc_result("k" * 32, ex)
    got = pickle.loads(pickle.dumps(sent, protocol=pickle.HIGHEST_PROTOCOL))
    assert isinstance(got, SentResult)
    assert (got.key, got.cache, got.rows) == (sent.key, sent.cache, sent.rows)
    assert got.document() == sent.document() and got.document()["status"] == "ok"
    for name, table in sent.tables.items():
        assert got.tables[name].schema.equals(table.schema, check_metadata=True), name
        assert got.tables[name].equals(table), name
        assert got.tables[name].to_pylist() == table.to_pylist(), name


def test_a_part_from_received_results_is_the_part_from_the_tables(tmp_path):
    files = sorted(p for p in shared_path("dev2").rglob("*") if p.suffix in (".txt", ".md"))[:3]
    sent = [doc_result(f"{i:032d}", extract_file(f)) for i, f in enumerate(files)]
    got = [pickle.loads(pickle.dumps(r)) for r in sent]
    assert all(isinstance(r, SentResult) for r in got)
    assert [r.num_rows("mentions") for r in got] == [r.num_rows("mentions") for r in sent]
    a, b = write_part(tmp_path / "a", "v", sent), write_part(tmp_path / "b", "v", got)
    for table in ("documents", "targets", "mentions"):
        ta = pq.read_table(tmp_path / "a" / "parts" / "v" / a / f"{table}.parquet")
        tb = pq.read_table(tmp_path / "b" / "parts" / "v" / b / f"{table}.parquet")
        if table == "documents":  # each part names itself
            ta, tb = ta.drop_columns(["_part"]), tb.drop_columns(["_part"])
        assert ta.num_rows > 0 and ta.equals(tb), table

