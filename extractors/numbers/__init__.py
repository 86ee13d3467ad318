"""Numbers, percentages and amounts of money in text (SPEC §3 Normalisation).

Two pure functions:

- ``parse_number(s, lang)``: one numeral as written ("21,7", "2 639", "٢١٫٧", "hai mươi lăm",
  "33 million") -> its value.
- ``find_quantities(text, lang)``: every percentage, amount of money and count or measured
  quantity in a text -> ``Quantity`` records with exact offsets, sorted and non-overlapping.

One module per job: ``phrases`` (phrase tables looked up around a position), ``lexicon``
(a language's data compiled into matchers), ``parse`` (a numeral -> its value),
``contexts`` (what makes a numeral no quantity) and ``quantities`` (a numeral with its unit,
currency, range, comparator, frequency and noun). Everything that differs per language is
data in ``extractors/lang/<code>/`` (``numbers.json``, ``currencies.json``, ``units.json``,
``comparators.json``, ``periods.json``); signs every language shares are in
``extractors/data/numbers.json``. The code has no per-language branches.
"""
from __future__ import annotations

from .parse import parse_number, read_by_size
from .quantities import BASELINE_REACH, find_quantities

__all__ = ["BASELINE_REACH", "find_quantities", "parse_number", "read_by_size"]
