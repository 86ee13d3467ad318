"""A document's results cross from the extraction process as Arrow IPC streams, unchanged."""
import pickle

from extractors.io.parts import DocResult, doc_result
from extractors.pipeline import extract_file
from tests.conftest import shared_path


def test_a_real_documents_results_cross_a_pipe_unchanged():
    files = sorted(shared_path("dev2").rglob("*.txt"))
    assert files
    ex = extract_file(files[0])
    assert ex.rows and ex.mentions
    sent = doc_result("k" * 32, ex)
    got = pickle.loads(pickle.dumps(sent, protocol=pickle.HIGHEST_PROTOCOL))
    assert isinstance(got, DocResult)
    assert (got.key, got.cache, got.rows) == (sent.key, sent.cache, sent.rows)
    for name, table in sent.tables.items():
        assert got.tables[name].schema.equals(table.schema, check_metadata=True), name
        assert got.tables[name].equals(table), name
        assert got.tables[name].to_pylist() == table.to_pylist(), name
