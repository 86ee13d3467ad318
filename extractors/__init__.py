"""restrack's library: readers, rule-based and spaCy extractors, dataset writers.

Never imports prefect: orchestration lives in ``flows/``.
"""
__version__ = "0.1.0"
