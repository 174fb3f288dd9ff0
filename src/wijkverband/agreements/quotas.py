"""Framework-agreement quotas: what each party owes, delivered and still has to deliver.

Contract of ``remaining_quota`` (read by the matcher of the placement route, issue 5):

    remaining_quota(*, agreement, organisation, year) -> int

- ``agreement`` is a FrameworkAgreement (one target group), ``organisation`` a party with a share in
  it, ``year`` a calendar year.
- The party's quota for the year is its part of that year's homes target, divided over all parties
  with the largest-remainder method (``calculations.divide_by_shares``), so the quotas of all
  parties add up to exactly the target.
- Delivered homes are the sum of all delivery sources for that party and year: the entered
  deliveries (``FrameworkDelivery``) plus, once registered, the placement route's source.
- The result is ``max(0, quota − delivered)``: never negative (delivering more than the quota does
  not create credit for another year), 0 when the year has no target or the party has no share,
  and 0 for an archived agreement (it no longer asks anything of the parties).
- Pure read, no side effects, no access check (the caller is system code); a handful of queries.

A delivery source is anything with ``homes_delivered(agreement, organisation_id, year) -> int``;
the placement route registers one with ``delivery_source_register`` instead of this module
knowing about placements.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.db.models import Sum

from wijkverband.organisations.models import Organisation

from . import calculations
from .models import FrameworkAgreement, FrameworkDelivery


class DeliverySource(Protocol):
    def homes_delivered(self, agreement: FrameworkAgreement, organisation_id: int, year: int) -> int: ...


class EnteredDeliveries:
    """Deliveries entered by hand (``services.framework_delivery_record``)."""

    def homes_delivered(self, agreement: FrameworkAgreement, organisation_id: int, year: int) -> int:
        total = FrameworkDelivery.objects.filter(
            agreement=agreement, organisation_id=organisation_id, year=year
        ).aggregate(total=Sum("homes"))["total"]
        return int(total or 0)


DELIVERY_SOURCES: list[DeliverySource] = [EnteredDeliveries()]


def delivery_source_register(source: DeliverySource) -> None:
    if source not in DELIVERY_SOURCES:
        DELIVERY_SOURCES.append(source)


def quotas_for_year(agreement: FrameworkAgreement, year: int) -> dict[int, int]:
    """Organisation id → homes owed in the year (largest remainder over the shares)."""
    target = agreement.targets.filter(year=year).values_list("homes", flat=True).first()
    shares = {share.organisation_id: share.percent for share in agreement.shares.all()}
    if target is None or not shares:
        return {}
    return calculations.divide_by_shares(target, shares)


def delivered(agreement: FrameworkAgreement, organisation_id: int, year: int) -> int:
    return sum(source.homes_delivered(agreement, organisation_id, year) for source in DELIVERY_SOURCES)


def remaining_quota(*, agreement: FrameworkAgreement, organisation: Organisation, year: int) -> int:
    if agreement.archived_on is not None:
        return 0
    quota = quotas_for_year(agreement, year).get(organisation.pk, 0)
    return max(0, quota - delivered(agreement, organisation.pk, year))


@dataclass(frozen=True)
class QuotaRow:
    organisation: str
    percent: object
    year: int
    quota: int
    delivered: int

    @property
    def shortfall(self) -> int:
        return max(0, self.quota - self.delivered)


def framework_overview(agreement: FrameworkAgreement) -> list[QuotaRow]:
    """Per year and party: quota, delivered and shortfall (a few queries per year)."""
    shares = list(agreement.shares.select_related("organisation"))
    delivered_rows = (
        FrameworkDelivery.objects.filter(agreement=agreement).values("organisation_id", "year").annotate(n=Sum("homes"))
    )
    entered = {(row["organisation_id"], row["year"]): int(row["n"]) for row in delivered_rows}
    extra_sources = [s for s in DELIVERY_SOURCES if not isinstance(s, EnteredDeliveries)]
    rows: list[QuotaRow] = []
    share_map = {share.organisation_id: share.percent for share in shares}
    for target in agreement.targets.all():
        quotas = calculations.divide_by_shares(target.homes, share_map) if share_map else {}
        for share in shares:
            done = entered.get((share.organisation_id, target.year), 0) + sum(
                s.homes_delivered(agreement, share.organisation_id, target.year) for s in extra_sources
            )
            rows.append(
                QuotaRow(
                    organisation=share.organisation.name,
                    percent=share.percent,
                    year=target.year,
                    quota=quotas.get(share.organisation_id, 0),
                    delivered=done,
                )
            )
    return rows
