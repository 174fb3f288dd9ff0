"""Automatic KPIs: figures Wijkverband computes from its own data, per district of the coalition.

Each source is registered by code; a source without a ``compute`` is shown as not yet available, so
a coalition can see it coming but cannot define a KPI that would stay empty. Only aggregates leave
this module: the wellbeing change, the share of signals handled in time and the share housed within
three months are released per district only for at least ``MIN_GROUP_SIZE`` plans, signals or
applications.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wijkverband.cases.constants import InstrumentCode
from wijkverband.cases.models import CasePlan, MeasurementScore
from wijkverband.organisations.models import Coalition
from wijkverband.signals.models import Signal

from .calculations import MIN_GROUP_SIZE

Compute = Callable[[Coalition, int], dict[str, Decimal]]


@dataclass(frozen=True)
class AutomaticKpi:
    code: str
    label: str | Promise
    unit: str | Promise
    compute: Compute | None = None

    @property
    def is_available(self) -> bool:
        return self.compute is not None


def _district_codes(coalition: Coalition) -> list[str]:
    codes = list(coalition.districts.values_list("code", flat=True))
    if codes:
        return codes
    return list(coalition.municipality.districts.values_list("code", flat=True))


def _count_by_district(coalition: Coalition, **filters: object) -> dict[str, Decimal]:
    rows = (
        CasePlan.objects.filter(resident__neighbourhood__district__code__in=_district_codes(coalition), **filters)
        .values("resident__neighbourhood__district__code")
        .annotate(n=Count("pk"))
    )
    return {row["resident__neighbourhood__district__code"]: Decimal(row["n"]) for row in rows}


def plans_opened(coalition: Coalition, year: int) -> dict[str, Decimal]:
    return _count_by_district(coalition, opened_on__year=year)


def plans_closed(coalition: Coalition, year: int) -> dict[str, Decimal]:
    return _count_by_district(coalition, closed_on__year=year)


def wellbeing_change(coalition: Coalition, year: int) -> dict[str, Decimal]:
    """Mean change (last − first wellbeing score) of plans whose last measurement falls in the year."""
    rows = (
        MeasurementScore.objects.filter(
            domain__isnull=True,
            measurement__instrument__code=InstrumentCode.WELLBEING,
            measurement__plan__resident__neighbourhood__district__code__in=_district_codes(coalition),
        )
        .order_by("measurement__measured_on", "measurement__created_at")
        .values_list(
            "measurement__plan_id",
            "measurement__plan__resident__neighbourhood__district__code",
            "measurement__measured_on",
            "value",
        )
    )
    first: dict[int, int] = {}
    last: dict[int, tuple[int, int]] = {}
    count: dict[int, int] = defaultdict(int)
    district: dict[int, str] = {}
    for plan_id, code, measured_on, value in rows:
        first.setdefault(plan_id, value)
        last[plan_id] = (measured_on.year, value)
        count[plan_id] += 1
        district[plan_id] = code
    changes: dict[str, list[int]] = defaultdict(list)
    for plan_id, (last_year, value) in last.items():
        # A change needs a before and an after; a single measurement says nothing about change.
        if last_year == year and count[plan_id] >= 2:
            changes[district[plan_id]].append(value - first[plan_id])
    return {
        code: (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        for code, values in changes.items()
        if len(values) >= MIN_GROUP_SIZE
    }


def signals_in_time(coalition: Coalition, year: int) -> dict[str, Decimal]:
    """Share (%) of the year's signals whose first contact came on or before the respond-by date.

    Counted over the signals whose outcome is known: contacted, or past the date without contact
    (a signal still within its term counts for neither side)."""
    today = timezone.localdate()
    rows = Signal.objects.filter(
        neighbourhood__district__code__in=_district_codes(coalition), received_at__year=year
    ).values_list("neighbourhood__district__code", "due_on", "first_contact_at")
    decided: dict[str, int] = defaultdict(int)
    in_time: dict[str, int] = defaultdict(int)
    for code, due_on, first_contact_at in rows:
        if first_contact_at is not None:
            decided[code] += 1
            in_time[code] += timezone.localdate(first_contact_at) <= due_on
        elif due_on < today:
            decided[code] += 1
    return {
        code: (Decimal(100 * in_time[code]) / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        for code, total in decided.items()
        if total >= MIN_GROUP_SIZE
    }


def housed_within_3_months(coalition: Coalition, year: int) -> dict[str, Decimal]:
    """Share (%) of applications that became complete in the year and were housed within 90 days,
    per district where the client lives, over the applications of the coalition's care organisations.

    Counted as the outflow route's own KPI page counts it (``placements.kpis.waits``): over the
    applications whose outcome is known, housed or past the 90 days; withdrawn ones do not count."""
    from wijkverband.placements import kpis as placement_kpis
    from wijkverband.placements.constants import ApplicationStatus
    from wijkverband.placements.models import OutflowApplication

    rows = (
        OutflowApplication.objects.filter(
            care_organisation__coalitions=coalition,
            complete_on__year=year,
            resident__neighbourhood__district__code__in=_district_codes(coalition),
        )
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .values_list("resident__neighbourhood__district__code", "complete_on", "housed_on")
    )
    by_district: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
    for code, complete_on, housed_on in rows:
        if complete_on is not None:  # always, given the filter on its year
            by_district[code].append((complete_on, housed_on))
    today = timezone.localdate()
    waits = {code: placement_kpis.waits(pairs, today=today) for code, pairs in by_district.items()}
    return {
        code: (Decimal(100 * w.housed_in_time) / w.counted).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        for code, w in waits.items()
        if w.counted >= MIN_GROUP_SIZE
    }


AUTOMATIC_KPIS: dict[str, AutomaticKpi] = {
    source.code: source
    for source in (
        AutomaticKpi("plans_opened", _("Case plans opened"), _("number"), plans_opened),
        AutomaticKpi("plans_closed", _("Case plans closed"), _("number"), plans_closed),
        AutomaticKpi("wellbeing_change", _("Change in wellbeing (last − first, 1–10)"), _("points"), wellbeing_change),
        AutomaticKpi("signals_in_time", _("Signals handled in time"), "%", signals_in_time),
        AutomaticKpi("housed_within_3_months", _("Housed within 3 months"), "%", housed_within_3_months),
    )
}
