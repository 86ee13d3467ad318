"""Generated documents and the throughput benchmark.

The sample corpus in data/raw (``python -m bench.samples``), the benchmark corpus
(``python -m bench.corpus``) and its measurement (``python -m bench.run``),
and extraction alone per language (``python -m bench.extraction``).
"""
