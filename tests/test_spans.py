"""Sorted spans answer overlap questions as checking every span would."""
import random

import pytest

from extractors.spans import Spans


@pytest.mark.parametrize("spans,query,expected", [
    ([(0, 5), (10, 20)], (5, 10), False),  # touching ends share no character
    ([(0, 5), (10, 20)], (4, 6), True),
    ([(0, 50), (10, 12)], (30, 31), True),  # a long early span reaches past later starts
    ([(7, 7)], (5, 9), True),  # an empty span strictly inside
    ([(7, 7)], (7, 9), False),
    ([], (0, 1), False),
])
def test_overlaps(spans, query, expected):
    assert Spans(spans).overlaps(*query) is expected


def test_same_answers_as_checking_every_span():
    rng = random.Random(7)
    for _ in range(200):
        spans = [(s, s + rng.randint(0, 15)) for s in (rng.randint(0, 200) for _ in range(rng.randint(0, 30)))]
        index = Spans(spans)
        for _ in range(30):
            a = rng.randint(0, 220)
            b = a + rng.randint(0, 10)
            assert index.overlaps(a, b) == any(a < e and s < b for s, e in spans)
            assert index.covers(a) == any(s <= a < e for s, e in spans)
