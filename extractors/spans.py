"""Sorted spans, asked whether a span overlaps any of them.

Finders' lists run to thousands of spans in a long document, and checking each record
against each span of another list made settling overlaps quadratic.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate


class Spans:
    """Half-open ``(start, end)`` spans; ``overlaps(a, b)`` is true when some span shares a
    character with ``[a, b)``, i.e. ``start < b and a < end`` (an empty span counts when it
    lies strictly inside)."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        # the largest end among the spans up to each index
        self._reach = list(accumulate((e for _, e in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end)  # spans [0, i) start before ``end``
        return i > 0 and self._reach[i - 1] > start

    def covers(self, pos: int) -> bool:
        """Whether the character at ``pos`` lies in a span."""
        return self.overlaps(pos, pos + 1)
