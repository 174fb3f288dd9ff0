"""KPIs of the uitstroom route (pure: plain data in, plain data out).

- Share housed within 3 months (90 days) of a complete application, target 80%. Only applications whose
  90 days have passed, or that were housed, count: a fresh application cannot yet have failed.
- Median and p90 days from complete application to housing (housed clients only), next to the share
  ever housed, because the 90-day figure alone can be gamed by housing only the easy clients.
- Placements per 1,000 social homes per buurt (concentration).
- Trial periods ending in omklap against those ending in a return to care.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .constants import HOUSED_TARGET_DAYS, HOUSED_TARGET_SHARE


@dataclass(frozen=True)
class Waits:
    counted: int  # applications whose 90 days have passed or that were housed
    housed_in_time: int
    housed: int
    total: int
    median_days: float | None
    p90_days: float | None

    @property
    def share_in_time(self) -> float | None:
        return 100.0 * self.housed_in_time / self.counted if self.counted else None

    @property
    def share_ever_housed(self) -> float | None:
        return 100.0 * self.housed / self.total if self.total else None

    @property
    def meets_target(self) -> bool | None:
        share = self.share_in_time
        return None if share is None else share >= HOUSED_TARGET_SHARE


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (as numpy's default); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def waits(rows: Iterable[tuple[date, date | None]], *, today: date) -> Waits:
    """``rows`` are (complete on, housed on or None) per complete application."""
    counted = in_time = housed = total = 0
    days: list[float] = []
    for complete_on, housed_on in rows:
        total += 1
        if housed_on is not None:
            housed += 1
            wait = (housed_on - complete_on).days
            days.append(wait)
            counted += 1
            in_time += wait <= HOUSED_TARGET_DAYS
        elif (today - complete_on).days > HOUSED_TARGET_DAYS:
            counted += 1
    return Waits(counted, in_time, housed, total, percentile(days, 0.5), percentile(days, 0.9))


def per_thousand(placements: Mapping[str, int], social_homes: Mapping[str, float]) -> dict[str, float | None]:
    """Placements per 1,000 social homes per area; None where the number of social homes is unknown or 0."""
    return {
        code: (1000.0 * n / social_homes[code]) if social_homes.get(code) else None
        for code, n in sorted(placements.items())
    }


@dataclass(frozen=True)
class TrialOutcomes:
    transferred: int
    ended: int
    running: int

    @property
    def transfer_share(self) -> float | None:
        done = self.transferred + self.ended
        return 100.0 * self.transferred / done if done else None
