"""KPI roll-ups and traffic lights: pure functions, no ORM.

- A KPI has a direction: higher is better (participation) or lower is better (relapse).
- Measurements per area and period roll up to one value per year: a sum for counts, a mean
  for rates, scores and averages (``Aggregation``), always in Decimal.
- The traffic light compares the year's value with that year's target:
  green when the target is met, orange when it is within the tolerance (default 10% of the
  target), red otherwise; grey when there is no value or no target.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HIGHER = "higher"
LOWER = "lower"

SUM = "sum"
MEAN = "mean"

GREEN = "green"
ORANGE = "orange"
RED = "red"
GREY = "grey"

DEFAULT_TOLERANCE_PERCENT = Decimal(10)


@dataclass(frozen=True)
class Point:
    year: int
    area: str
    value: Decimal


def rollup(points: Iterable[Point], *, aggregation: str) -> dict[int, Decimal]:
    """One value per year over all areas (and periods within the year)."""
    by_year: dict[int, list[Decimal]] = defaultdict(list)
    for point in points:
        if isinstance(point.value, float):
            raise TypeError("KPI values are Decimal, never float")
        by_year[point.year].append(point.value)
    return rollup_totals(
        ((year, sum(values, Decimal(0)), len(values)) for year, values in by_year.items()), aggregation=aggregation
    )


def rollup_totals(totals: Iterable[tuple[int, Decimal, int]], *, aggregation: str) -> dict[int, Decimal]:
    """``rollup`` from per-year (year, sum, count) totals, as a database can add them up."""
    result: dict[int, Decimal] = {}
    for year, total, count in totals:
        if isinstance(total, float):
            raise TypeError("KPI values are Decimal, never float")
        if aggregation == SUM:
            result[year] = total
        elif aggregation == MEAN:
            result[year] = (total / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        else:
            raise ValueError(f"unknown aggregation {aggregation!r}")
    return result


def traffic_light(
    value: Decimal | None,
    target: Decimal | None,
    *,
    direction: str,
    tolerance_percent: Decimal = DEFAULT_TOLERANCE_PERCENT,
) -> str:
    if value is None or target is None:
        return GREY
    margin = abs(target) * tolerance_percent / 100
    if direction == HIGHER:
        if value >= target:
            return GREEN
        return ORANGE if value >= target - margin else RED
    if direction == LOWER:
        if value <= target:
            return GREEN
        return ORANGE if value <= target + margin else RED
    raise ValueError(f"unknown direction {direction!r}")


def progress_percent(value: Decimal | None, target: Decimal | None, *, direction: str) -> Decimal | None:
    """How far the value is towards the target, as a percentage (for a higher-is-better KPI)."""
    if value is None or target is None or target == 0 or value == 0 and direction == LOWER:
        return None
    ratio = value / target if direction == HIGHER else target / value
    return (ratio * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
