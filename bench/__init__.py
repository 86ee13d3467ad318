"""Generated documents and the throughput benchmark: the sample corpus in data/raw
(``python -m bench.samples``), the benchmark corpus (``python -m bench.corpus``) and its
measurement (``python -m bench.run``)."""
