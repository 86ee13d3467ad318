"""The same flow on a cluster: a Dask LocalCluster of two worker processes, and a Ray
instance, give the dataset a one-worker run gives, byte for byte."""
import pytest

from extractors.options import RunOptions
from flows.process import run_process

pytestmark = pytest.mark.slow
TABLES = ("documents", "targets", "mentions")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from bench.corpus import generate

    src = tmp_path_factory.mktemp("corpus")
    generate(src, n_docs=30, n_pdfs=1)
    return src


def test_dask_local_cluster_gives_the_one_worker_dataset(corpus, tmp_path):
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("prefect_dask")
    one, two = tmp_path / "one", tmp_path / "dask"
    run_process(RunOptions((str(corpus),), str(one), workers=1))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        result = run_process(RunOptions((str(corpus),), str(two), workers=2, dask=cluster.scheduler_address))
    n_files = sum(1 for p in corpus.rglob("*") if p.is_file() and p.suffix != ".json")
    assert (result.summary.extracted, result.summary.reused) == (n_files, 0)
    for t in TABLES:
        assert (one / f"{t}.csv").read_bytes() == (two / f"{t}.csv").read_bytes(), t
    assert sorted(p.name for p in (one / "texts").iterdir()) == sorted(p.name for p in (two / "texts").iterdir())


def test_ray_gives_the_one_worker_dataset(tmp_path):
    """--ray on a Ray instance of this machine ("local"): the same dataset as one worker."""
    pytest.importorskip("ray")
    pytest.importorskip("prefect_ray")
    src = tmp_path / "in"
    from bench.corpus import generate

    generate(src, n_docs=6, n_pdfs=0)
    one, ray_out = tmp_path / "one", tmp_path / "ray"
    run_process(RunOptions((str(src),), str(one)))
    run_process(RunOptions((str(src),), str(ray_out), workers=2, ray="local"))
    for t in TABLES:
        assert (one / f"{t}.csv").read_bytes() == (ray_out / f"{t}.csv").read_bytes(), t
