from __future__ import annotations

from datetime import date

from wijkverband.placements import kpis

TODAY = date(2026, 11, 1)


def test_share_within_three_months_counts_only_clients_whose_three_months_have_passed():
    rows = [
        (date(2026, 1, 1), date(2026, 2, 1)),  # 31 days: in time
        (date(2026, 1, 1), date(2026, 6, 1)),  # 151 days: late
        (date(2026, 1, 1), None),  # waiting 304 days: counts as not in time
        (date(2026, 10, 20), None),  # 12 days: not yet counted
    ]

    waits = kpis.waits(rows, today=TODAY)

    assert (waits.counted, waits.housed_in_time, waits.housed, waits.total) == (3, 1, 2, 4)
    assert round(waits.share_in_time or 0, 1) == 33.3 and waits.meets_target is False
    assert waits.median_days == 91 and waits.p90_days == 139


def test_no_applications_give_no_figures_rather_than_zero():
    waits = kpis.waits([], today=TODAY)

    assert waits.share_in_time is None and waits.median_days is None and waits.meets_target is None


def test_placements_per_thousand_social_homes_leave_unknown_areas_empty():
    assert kpis.per_thousand({"BU1": 3, "BU2": 1}, {"BU1": 600.0}) == {"BU1": 5.0, "BU2": None}
