from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkverband.signals import workdays

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2019, date(2019, 4, 21)), (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5))],
)
def test_easter_matches_the_calendar(year, easter):
    assert workdays.easter_sunday(year) == easter


def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday():
    assert workdays.kings_day(2025) == date(2025, 4, 26)
    assert workdays.kings_day(2026) == date(2026, 4, 27)


def test_holidays_of_2026():
    assert set(workdays.public_holidays(2026)) == {
        date(2026, 1, 1),
        date(2026, 4, 5),
        date(2026, 4, 6),
        date(2026, 4, 27),
        date(2026, 5, 5),
        date(2026, 5, 14),
        date(2026, 5, 24),
        date(2026, 5, 25),
        date(2026, 12, 25),
        date(2026, 12, 26),
    }


def test_good_friday_is_a_working_day():
    assert workdays.is_working_day(date(2026, 4, 3))


def test_three_working_days_over_easter():
    # Thursday before Easter 2026: Fri 3 Apr, (Sat, Sun, Easter Monday skipped) Tue 7, Wed 8.
    assert workdays.add_working_days(date(2026, 4, 2), 3) == date(2026, 4, 8)


def test_urgent_signals_get_the_short_term():
    received = date(2026, 11, 20)  # a Friday
    assert workdays.response_deadline(received, days=20, urgent_days=3, is_urgent=True) == date(2026, 11, 25)
    assert workdays.response_deadline(received, days=20, urgent_days=3, is_urgent=False) == date(2026, 12, 18)


def test_a_deadline_is_at_least_one_day():
    with pytest.raises(ValueError):
        workdays.add_working_days(date(2026, 1, 5), 0)


@given(st.integers(min_value=1583, max_value=4099))
def test_easter_is_a_sunday_between_22_march_and_25_april(year):
    easter = workdays.easter_sunday(year)
    assert easter.weekday() == 6
    assert date(year, 3, 22) <= easter <= date(year, 4, 25)


@given(st.integers(min_value=1900, max_value=2200))
def test_kings_day_is_never_a_sunday(year):
    assert workdays.kings_day(year).weekday() != 6
    assert workdays.kings_day(year) in (date(year, 4, 26), date(year, 4, 27))


@given(dates, st.integers(min_value=1, max_value=60))
def test_a_deadline_is_a_working_day_exactly_n_working_days_later(start, days):
    deadline = workdays.add_working_days(start, days)
    assert deadline > start
    assert workdays.is_working_day(deadline)
    assert workdays.working_days_between(start, deadline) == days
    # Nothing earlier would do: the day before the deadline has one working day fewer.
    assert workdays.working_days_between(start, deadline - timedelta(days=1)) == days - 1


@given(dates, st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=30))
def test_longer_terms_never_end_earlier(start, a, b):
    short, long = sorted((a, b))
    assert workdays.add_working_days(start, short) <= workdays.add_working_days(start, long)


@given(dates)
def test_weekends_and_holidays_are_never_working_days(day):
    if day.weekday() >= 5 or day in workdays.public_holidays(day.year):
        assert not workdays.is_working_day(day)
    else:
        assert workdays.is_working_day(day)


@given(dates)
def test_every_week_has_at_most_five_working_days(start):
    assert workdays.working_days_between(start, start + timedelta(days=7)) <= 5
