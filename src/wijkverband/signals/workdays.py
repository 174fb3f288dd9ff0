"""Dutch working days and response deadlines (pure: no ORM, no Django).

A working day is a day that is neither a Saturday or Sunday nor a general public holiday in the sense
of the Algemene termijnenwet (art. 3): Nieuwjaarsdag, Eerste en Tweede Paasdag, Hemelvaartsdag,
Eerste en Tweede Pinksterdag, Eerste en Tweede Kerstdag, Koningsdag and Bevrijdingsdag (5 mei).
Goede Vrijdag is not one: most organisations work that day and the law does not count it.

- Easter follows the Gregorian computus (Meeus/Jones/Butcher); Hemelvaart is Easter + 39 days,
  Pinksteren Easter + 49 and + 50.
- Koningsdag is 27 April, or 26 April when the 27th is a Sunday (Wet van 2013, Stb. 2013, 220).
- A deadline of *n* working days is the *n*-th working day after the day of receipt: the day the
  signal arrives never counts, even when it arrives early on a working day.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

SATURDAY = 5


def easter_sunday(year: int) -> date:
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == 6 else day


@lru_cache(maxsize=256)
def public_holidays(year: int) -> dict[date, str]:
    """The general public holidays of a year, with their Dutch names."""
    easter = easter_sunday(year)
    return {
        date(year, 1, 1): "Nieuwjaarsdag",
        easter: "Eerste Paasdag",
        easter + timedelta(days=1): "Tweede Paasdag",
        kings_day(year): "Koningsdag",
        date(year, 5, 5): "Bevrijdingsdag",
        easter + timedelta(days=39): "Hemelvaartsdag",
        easter + timedelta(days=49): "Eerste Pinksterdag",
        easter + timedelta(days=50): "Tweede Pinksterdag",
        date(year, 12, 25): "Eerste Kerstdag",
        date(year, 12, 26): "Tweede Kerstdag",
    }


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY and day not in public_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself never counts); ``days`` ≥ 1."""
    if days < 1:
        raise ValueError("a deadline is at least one working day")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def response_deadline(received_on: date, *, days: int, urgent_days: int, is_urgent: bool) -> date:
    """The day by which the team must have responded: the urgent term when eviction or cut-off threatens."""
    return add_working_days(received_on, urgent_days if is_urgent else days)
