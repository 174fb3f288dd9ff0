"""Indicators that other parts of the platform supply: signals, placements, … (a registry of providers).

A provider turns its own records into one figure per area, so the wijkfoto, the traffic light and the
concentration monitor can use it like any other indicator. Contract:

- ``code``: the indicator code it supplies (``placements_12m``, ``signals_12m``); an ``Indicator`` row
  with that code holds label, unit and source.
- ``values(level=, area_codes=, on=)`` → ``{area_code: figure or None}`` for the 12 months up to ``on``;
  ``None`` (or a missing key) means "not known", never 0. Only aggregates: a provider never returns
  anything about one resident, and it must suppress figures that would identify one (the placements
  app will round small counts).

Until the placements (issue 5) and signals apps exist, the figures are entered by organisations as own
measurements (``EnteredFigures``). Such an app registers its provider under the same code in its
``AppConfig.ready()`` and every page switches over without a change here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .models import Indicator

PLACEMENTS_12M = "placements_12m"
SIGNALS_12M = "signals_12m"
SOCIAL_HOMES = "social_homes"


class IndicatorProvider(Protocol):
    code: str

    def values(self, *, level: str, area_codes: Sequence[str], on: date) -> dict[str, float | None]: ...


# Above this many area codes a query reads the whole level instead of sending every code.
LARGE = 2000


class EnteredFigures:
    """The latest figure entered for an area, measured in the 12 months up to ``on``."""

    def __init__(self, code: str):
        self.code = code

    def values(self, *, level: str, area_codes: Sequence[str], on: date) -> dict[str, float | None]:
        from .models import AreaValue

        rows = AreaValue.objects.filter(
            indicator__code=self.code, level=level, measured_on__gt=on - timedelta(days=365), measured_on__lte=on
        )
        if len(area_codes) <= LARGE:
            return dict(
                rows.filter(area_code__in=list(area_codes))
                .order_by("area_code", "measured_on")
                .values_list("area_code", "value")
            )
        # A whole level (the nightly recomputation): read the level, keep the wanted areas.
        wanted = set(area_codes)
        return {
            code: value
            for code, value in rows.order_by("area_code", "measured_on").values_list("area_code", "value")
            if code in wanted
        }


_REGISTRY: dict[str, IndicatorProvider] = {}


def network_indicators() -> dict[str, Indicator]:
    """The Indicator rows of the network figures (placements, signals, social homes), created on first use."""
    from .catalogue import NETWORK_SPECS
    from .importers import indicators_ensure

    return indicators_ensure(NETWORK_SPECS)


def register(provider: IndicatorProvider) -> None:
    """Add or replace the provider for ``provider.code`` (the later registration wins)."""
    _REGISTRY[provider.code] = provider


def provider_for(code: str) -> IndicatorProvider | None:
    return _REGISTRY.get(code)


def registered() -> dict[str, IndicatorProvider]:
    return dict(_REGISTRY)


register(EnteredFigures(PLACEMENTS_12M))
register(EnteredFigures(SIGNALS_12M))
