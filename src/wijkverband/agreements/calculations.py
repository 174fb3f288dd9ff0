"""Money and share arithmetic for agreements: pure functions on ``Decimal``, no ORM, never float.

- Amounts are euros as ``Decimal`` rounded to whole cents with ROUND_HALF_UP (the usual rule in
  Dutch public budgets); intermediate results of a chain (indexation) are rounded once, at the end.
- Shares are percentages that must add up to exactly 100; a division of whole homes over parties
  uses the largest-remainder method (Hamilton), so the parts always add up to the total and no
  party is more than one home away from its exact share.
- Indexation compounds a yearly percentage from the price year to the target year; going back in
  time divides by the same factor.
- Societal return compares the costs spent with the costs avoided against a reference scenario;
  the ratio is undefined (None) when nothing was spent.
- Aggregates are released only for groups of at least ``MIN_GROUP_SIZE`` cases, so no individual
  can be singled out from a figure.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
MIN_GROUP_SIZE = 10

K = TypeVar("K", bound=Hashable)


class ShareError(ValueError):
    """Shares that are not a valid division of 100%."""


def to_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _require_decimal(value: object, name: str) -> Decimal:
    # A float would silently carry binary rounding errors into money; refuse it loudly.
    if isinstance(value, float) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal or int, not {type(value).__name__}")
    return Decimal(value)


# --- shares ------------------------------------------------------------------------------------


def shares_check(shares: Mapping[K, Decimal]) -> None:
    """Raise ShareError unless every share is > 0 and they add up to exactly 100."""
    if not shares:
        raise ShareError("no shares")
    values = [_require_decimal(value, "share") for value in shares.values()]
    if any(value <= 0 for value in values):
        raise ShareError("a share must be more than 0%")
    if any(value > HUNDRED for value in values):
        raise ShareError("a share cannot be more than 100%")
    if sum(values, Decimal(0)) != HUNDRED:
        raise ShareError(f"shares add up to {sum(values, Decimal(0))}%, not 100%")


def shares_total(shares: Iterable[Decimal]) -> Decimal:
    return sum((_require_decimal(value, "share") for value in shares), Decimal(0))


def divide_by_shares(total: int, shares: Mapping[K, Decimal]) -> dict[K, int]:
    """Divide ``total`` whole units over the parties by their shares (largest remainder).

    Ties on the remainder go to the larger share, then to the party listed first, so the result is
    deterministic for a given ordering of ``shares``.
    """
    if total < 0:
        raise ValueError("total must not be negative")
    shares_check(shares)
    keys = list(shares)
    exact = {key: Decimal(total) * shares[key] / HUNDRED for key in keys}
    floors = {key: int(exact[key]) for key in keys}  # exact >= 0, so int() floors
    left = total - sum(floors.values())
    order = sorted(range(len(keys)), key=lambda i: (-(exact[keys[i]] - floors[keys[i]]), -shares[keys[i]], i))
    for i in order[:left]:
        floors[keys[i]] += 1
    return floors


# --- indexation --------------------------------------------------------------------------------


def index_factor(*, from_year: int, to_year: int, yearly_percent: Decimal) -> Decimal:
    rate = _require_decimal(yearly_percent, "yearly_percent")
    if rate <= -HUNDRED:
        raise ValueError("a yearly indexation must be more than -100%")
    step = Decimal(1) + rate / HUNDRED
    years = to_year - from_year
    return step**years if years >= 0 else Decimal(1) / step ** (-years)


def index_amount(amount: Decimal, *, from_year: int, to_year: int, yearly_percent: Decimal) -> Decimal:
    """The amount in prices of ``to_year``, compounding ``yearly_percent`` per year, in cents."""
    value = _require_decimal(amount, "amount")
    return to_cents(value * index_factor(from_year=from_year, to_year=to_year, yearly_percent=yearly_percent))


def budget_for_year(
    base_amount: Decimal, *, base_year: int, year: int, yearly_percent: Decimal, efficiency_percent: Decimal
) -> Decimal:
    """A yearly budget indexed from the base year, less a yearly efficiency discount (compounding)."""
    indexed = _require_decimal(base_amount, "base_amount") * index_factor(
        from_year=base_year, to_year=year, yearly_percent=yearly_percent
    )
    discount = Decimal(1) - _require_decimal(efficiency_percent, "efficiency_percent") / HUNDRED
    return to_cents(indexed * discount ** max(0, year - base_year))


def split_amount(amount: Decimal, shares: Mapping[K, Decimal]) -> dict[K, Decimal]:
    """Split an amount in cents over parties by shares; the cents add up exactly (largest remainder)."""
    value = to_cents(_require_decimal(amount, "amount"))
    sign = -1 if value < 0 else 1
    cents = divide_by_shares(int(abs(value) * 100), shares)
    return {key: sign * Decimal(count) / 100 for key, count in cents.items()}


# --- societal return (micro-analysis) ----------------------------------------------------------

SPENT = "spent"
AVOIDED = "avoided"


@dataclass(frozen=True)
class CostLine:
    """One priced line: ``quantity`` × ``unit_amount`` (in prices of ``price_year``)."""

    kind: str  # SPENT or AVOIDED
    label: str
    quantity: Decimal
    unit_amount: Decimal
    price_year: int
    yearly_percent: Decimal = Decimal(0)

    @property
    def amount(self) -> Decimal:
        return to_cents(_require_decimal(self.quantity, "quantity") * _require_decimal(self.unit_amount, "unit"))

    def amount_in(self, year: int) -> Decimal:
        return index_amount(self.amount, from_year=self.price_year, to_year=year, yearly_percent=self.yearly_percent)


@dataclass(frozen=True)
class SocietalReturn:
    spent: Decimal
    avoided: Decimal

    @property
    def net(self) -> Decimal:
        return self.avoided - self.spent

    @property
    def ratio(self) -> Decimal | None:
        """Euros avoided per euro spent, to two decimals; None when nothing was spent."""
        if self.spent == 0:
            return None
        return (self.avoided / self.spent).quantize(CENT, rounding=ROUND_HALF_UP)


def societal_return(lines: Iterable[CostLine], *, in_year: int | None = None) -> SocietalReturn:
    """Totals at the prices of each line's own year, or all indexed to ``in_year``."""
    spent = avoided = Decimal(0)
    for line in lines:
        amount = line.amount if in_year is None else line.amount_in(in_year)
        if line.kind == SPENT:
            spent += amount
        elif line.kind == AVOIDED:
            avoided += amount
        else:
            raise ValueError(f"unknown kind {line.kind!r}")
    return SocietalReturn(spent=spent, avoided=avoided)


@dataclass(frozen=True)
class GroupFigures:
    """Aggregated micro-analyses of one group; figures are None when the group is too small."""

    count: int
    spent: Decimal | None
    avoided: Decimal | None
    wellbeing_before: Decimal | None
    wellbeing_after: Decimal | None

    @property
    def is_suppressed(self) -> bool:
        return self.spent is None


@dataclass(frozen=True)
class CaseFigures:
    spent: Decimal
    avoided: Decimal
    wellbeing_before: int | None
    wellbeing_after: int | None


def _mean(values: Sequence[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def group_figures(cases: Sequence[CaseFigures], *, minimum: int = MIN_GROUP_SIZE) -> GroupFigures:
    """Totals and mean wellbeing of a group, only when it has at least ``minimum`` cases.

    The wellbeing means are over cases measured both before and after, and are also suppressed
    when fewer than ``minimum`` cases have both measurements.
    """
    if len(cases) < minimum:
        return GroupFigures(count=len(cases), spent=None, avoided=None, wellbeing_before=None, wellbeing_after=None)
    paired = [c for c in cases if c.wellbeing_before is not None and c.wellbeing_after is not None]
    enough = len(paired) >= minimum
    return GroupFigures(
        count=len(cases),
        spent=sum((c.spent for c in cases), Decimal(0)),
        avoided=sum((c.avoided for c in cases), Decimal(0)),
        wellbeing_before=_mean([c.wellbeing_before for c in paired if c.wellbeing_before is not None])
        if enough
        else None,
        wellbeing_after=_mean([c.wellbeing_after for c in paired if c.wellbeing_after is not None]) if enough else None,
    )
