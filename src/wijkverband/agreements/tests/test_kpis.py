from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkverband.agreements import kpis


def test_rollup_sums_counts_and_averages_rates_per_year():
    points = [
        kpis.Point(2025, "WK1", Decimal(3)),
        kpis.Point(2025, "WK2", Decimal(4)),
        kpis.Point(2026, "WK1", Decimal(5)),
    ]

    assert kpis.rollup(points, aggregation=kpis.SUM) == {2025: Decimal(7), 2026: Decimal(5)}
    assert kpis.rollup(points, aggregation=kpis.MEAN) == {2025: Decimal("3.50"), 2026: Decimal("5.00")}


def test_rollup_refuses_float():
    with pytest.raises(TypeError):
        kpis.rollup([kpis.Point(2025, "WK1", 1.5)], aggregation=kpis.SUM)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "target", "direction", "light"),
    [
        ("8.1", "8", kpis.HIGHER, kpis.GREEN),
        ("7.5", "8", kpis.HIGHER, kpis.ORANGE),
        ("6", "8", kpis.HIGHER, kpis.RED),
        ("10", "12", kpis.LOWER, kpis.GREEN),
        ("13", "12", kpis.LOWER, kpis.ORANGE),
        ("20", "12", kpis.LOWER, kpis.RED),
    ],
)
def test_traffic_light(value, target, direction, light):
    assert kpis.traffic_light(Decimal(value), Decimal(target), direction=direction) == light


def test_no_value_or_no_target_is_grey():
    assert kpis.traffic_light(None, Decimal(1), direction=kpis.HIGHER) == kpis.GREY
    assert kpis.traffic_light(Decimal(1), None, direction=kpis.LOWER) == kpis.GREY


@given(
    value=st.decimals(min_value=0, max_value=1000, places=2),
    target=st.decimals(min_value=0, max_value=1000, places=2),
)
def test_meeting_the_target_is_always_green(value, target):
    higher = kpis.traffic_light(value, target, direction=kpis.HIGHER)
    lower = kpis.traffic_light(value, target, direction=kpis.LOWER)
    assert (higher == kpis.GREEN) == (value >= target)
    assert (lower == kpis.GREEN) == (value <= target)
