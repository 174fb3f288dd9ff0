"""Money, shares, indexation and societal return: exact Decimal arithmetic, never float."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkverband.agreements import calculations as calc

# Shares with up to three decimals, as the database stores them.
share_lists = st.lists(st.integers(min_value=1, max_value=100_000), min_size=1, max_size=8).map(
    lambda parts: [Decimal(p) for p in parts]
)


def normalised(parts: list[Decimal]) -> dict[int, Decimal]:
    """Scale arbitrary positive parts to shares (3 decimals) adding up to exactly 100."""
    total = sum(parts)
    shares = [(p * 100 / total).quantize(Decimal("0.001")) for p in parts]
    shares[-1] += Decimal(100) - sum(shares)
    return dict(enumerate(shares))


def test_alkmaar_division_gives_half_and_quarters():
    shares = {"Alkmaar": Decimal(50), "Dijk en Waard": Decimal(25), "BUCH": Decimal(25)}

    assert calc.divide_by_shares(40, shares) == {"Alkmaar": 20, "Dijk en Waard": 10, "BUCH": 10}
    # 7 homes: exact parts 3.5 / 1.75 / 1.75 → remainders .5, .75, .75 → the two quarters get one more.
    assert calc.divide_by_shares(7, shares) == {"Alkmaar": 3, "Dijk en Waard": 2, "BUCH": 2}


def test_shares_must_add_up_to_exactly_100():
    with pytest.raises(calc.ShareError):
        calc.shares_check({"a": Decimal("50"), "b": Decimal("49.999")})
    with pytest.raises(calc.ShareError):
        calc.shares_check({"a": Decimal("100"), "b": Decimal("0")})
    calc.shares_check({"a": Decimal("33.333"), "b": Decimal("33.333"), "c": Decimal("33.334")})


def test_float_shares_and_amounts_are_refused():
    with pytest.raises(TypeError):
        calc.shares_check({"a": 100.0})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        calc.index_amount(10.0, from_year=2020, to_year=2021, yearly_percent=Decimal(2))  # type: ignore[arg-type]


@given(total=st.integers(min_value=0, max_value=100_000), parts=share_lists)
def test_division_adds_up_and_stays_within_one_of_the_exact_share(total, parts):
    shares = normalised(parts)
    if any(s <= 0 for s in shares.values()):
        return  # a rounded share of 0 is refused by shares_check; covered above

    result = calc.divide_by_shares(total, shares)

    assert sum(result.values()) == total
    for key, count in result.items():
        exact = Decimal(total) * shares[key] / 100
        assert abs(Decimal(count) - exact) < 1


@given(amount=st.decimals(min_value=-(10**9), max_value=10**9, places=2), parts=share_lists)
def test_split_amount_adds_up_to_the_cent(amount, parts):
    shares = normalised(parts)
    if any(s <= 0 for s in shares.values()):
        return

    assert sum(calc.split_amount(amount, shares).values()) == amount


def test_indexation_compounds_per_year_and_rounds_to_cents():
    assert calc.index_amount(Decimal("40000"), from_year=2015, to_year=2015, yearly_percent=Decimal(2)) == Decimal(
        "40000.00"
    )
    assert calc.index_amount(Decimal("40000"), from_year=2015, to_year=2017, yearly_percent=Decimal(2)) == Decimal(
        "41616.00"
    )
    assert calc.index_amount(Decimal("100"), from_year=2020, to_year=2019, yearly_percent=Decimal(2)) == Decimal(
        "98.04"
    )


@given(
    amount=st.decimals(min_value=0, max_value=10**7, places=2),
    rate=st.decimals(min_value=0, max_value=10, places=1),
    years=st.integers(min_value=0, max_value=30),
)
def test_indexation_never_lowers_a_price_with_a_positive_rate(amount, rate, years):
    indexed = calc.index_amount(amount, from_year=2000, to_year=2000 + years, yearly_percent=rate)
    assert indexed >= amount
    assert indexed == indexed.quantize(Decimal("0.01"))


def test_budget_with_indexation_and_efficiency_discount():
    # Year 2: 2.1m × 1.02 × 0.98 = 2,099,160.
    assert calc.budget_for_year(
        Decimal("2100000"), base_year=2016, year=2017, yearly_percent=Decimal(2), efficiency_percent=Decimal(2)
    ) == Decimal("2099160.00")


def test_casus_de_fiets_in_prices_of_each_items_year():
    lines = [
        calc.CostLine(calc.SPENT, "fiets", Decimal(1), Decimal("25.00"), 2022, Decimal(2)),
        calc.CostLine(calc.SPENT, "vervoer", Decimal(1), Decimal("5000.00"), 2022, Decimal(2)),
        calc.CostLine(calc.AVOIDED, "uithuisplaatsing", Decimal(3), Decimal("40000.00"), 2015, Decimal(2)),
    ]

    result = calc.societal_return(lines)

    assert result.spent == Decimal("5025.00")
    assert result.avoided == Decimal("120000.00")
    assert result.net == Decimal("114975.00")
    assert result.ratio == Decimal("23.88")
    assert calc.societal_return(lines, in_year=2022).avoided > result.avoided


def test_nothing_spent_has_no_ratio():
    assert calc.SocietalReturn(spent=Decimal(0), avoided=Decimal(10)).ratio is None


def case(spent=100, avoided=500, before=3, after=8):
    return calc.CaseFigures(Decimal(spent), Decimal(avoided), before, after)


def test_groups_under_ten_cases_are_suppressed():
    small = calc.group_figures([case()] * 9)
    assert small.is_suppressed and small.count == 9 and small.wellbeing_before is None

    large = calc.group_figures([case()] * 9 + [case(spent=200, before=4, after=9)])
    assert large.spent == Decimal(1100) and large.avoided == Decimal(5000)
    assert large.wellbeing_before == Decimal("3.1") and large.wellbeing_after == Decimal("8.1")


def test_wellbeing_mean_needs_ten_cases_with_before_and_after():
    figures = calc.group_figures([case()] * 9 + [case(after=None)] * 3)

    assert figures.spent == Decimal(1200)
    assert figures.wellbeing_before is None and figures.wellbeing_after is None
