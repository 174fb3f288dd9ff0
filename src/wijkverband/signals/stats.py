"""Figures for the signals overview (pure: plain numbers in, plain numbers out)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Nearest-rank percentile (``fraction`` 0.5 = median, 0.9 = p90); None for no values.

    Nearest rank always returns an observed value, so "p90 = 12 days" is a time someone waited."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_back(end: date, count: int) -> list[date]:
    """The first days of the ``count`` months up to and including the month of ``end``, oldest first."""
    year, month = end.year, end.month
    result = []
    for _ in range(count):
        result.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return result[::-1]
