"""Signals as an indicator for the wijkfoto and the traffic light (aggregates only, never one resident).

``signals_per_area(level=, area_codes=, on=)`` counts signals received in the 12 months up to ``on``
per neighbourhood, district or municipality (``AreaLevel`` values). Counts from 1 to 4
are suppressed (``None``: "not known") so a small area never points at one household. Other apps read
it through the wijkfoto provider registry under the code ``signals_12m``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from wijkverband.wijkfoto.providers import SIGNALS_12M

SMALL_COUNT = 5
# Keys are wijkfoto.constants.AreaLevel values; postcode areas and the country are not counted here.
LEVEL_FIELDS = {
    "neighbourhood": "neighbourhood__code",
    "district": "neighbourhood__district__code",
    "municipality": "municipality__code",
}


def suppress_small(count: int) -> float | None:
    return None if 0 < count < SMALL_COUNT else float(count)


def signals_per_area(*, level: str, area_codes: Sequence[str], on: date) -> dict[str, float | None]:
    from .models import Signal

    column = LEVEL_FIELDS.get(level)
    if column is None or not area_codes:
        return {}
    end = timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))
    rows = (
        Signal.objects.filter(
            **{f"{column}__in": list(area_codes)}, received_at__gte=end - timedelta(days=365), received_at__lt=end
        )
        .values_list(column)
        .annotate(count=Count("pk"))
    )
    counted = dict(rows)
    return {code: suppress_small(counted.get(code, 0)) for code in area_codes}


class SignalsPerArea:
    code = SIGNALS_12M

    def values(self, *, level: str, area_codes: Sequence[str], on: date) -> dict[str, float | None]:
        return signals_per_area(level=level, area_codes=area_codes, on=on)
