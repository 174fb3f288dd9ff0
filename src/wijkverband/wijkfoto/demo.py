"""Wijkfoto demo data: real CBS figures for Oss (and Utrecht's buurten), a traffic light for the coalition.

The CBS, boundary and Leefbaarometer figures are real and imported through the importers (only Oss's
areas are stored; the country is still derived from every municipality). CBS publishes no buurt
figures for Oss in the shipped files, so the coalition's own figures per Ruwaard buurt (nuisance
reports, social homes, placements) are fictitious and say so in their source.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from wijkverband.accounts.actor import Actor
from wijkverband.accounts.models import User
from wijkverband.neighbourhoods.models import Neighbourhood
from wijkverband.organisations.constants import Role
from wijkverband.organisations.models import Coalition, Membership, Organisation

from . import providers, services
from .importers import cbs_import, geo_import

OSS = {"GM0828", "GM0344"}
DEMO_SOURCE = "Demo: fictieve cijfers"
# Per Ruwaard buurt (by code order): nuisance reports per 1,000 homes, social homes, placements in 12 months.
# Dichtersbuurt (BU08280602) sits just under the orange threshold, so lowering it turns the buurt orange.
BUURT_FIGURES = (
    (14.0, 420, 1),
    (22.0, 310, 2),
    (18.0, 640, 2),
    (9.0, 280, 0),
    (37.0, 510, 4),
    (12.0, 700, 3),
    (25.0, 360, 2),
    (16.0, 450, 1),
    (11.0, 390, 0),
)


def _actor(user: User, organisation: Organisation) -> Actor:
    membership = Membership.objects.get(user=user, organisation=organisation)
    return Actor(user=user, membership=membership, access_point="cli")


def wijkfoto_demo_build(
    *, coalition: Coalition, users: dict[tuple[str, str], User], organisations: dict[str, Organisation]
) -> None:
    data = Path(settings.SHARED_DATA_DIR)
    cbs_import(path=data / "cbs_kwb/kwb2024_gemeente_wijk_nl.json", within=OSS)
    cbs_import(path=data / "cbs_kwb/utrecht_kwb2023.csv")
    cbs_import(path=data / "cbs_kwb/utrecht_kwb2024.csv")
    geo_import(path=data / "geo/wijken_2024_nl.geojson", within=OSS)
    geo_import(path=data / "geo/gemeenten_2022_nl.geojson", within=OSS)

    municipality = _actor(users[("gemeente", Role.COORDINATOR)], organisations["gemeente"])
    corporation = _actor(users[("corporatie", Role.COORDINATOR)], organisations["corporatie"])
    nuisance = services.indicator_create_own(
        actor=corporation,
        label="Overlastmeldingen per 1.000 woningen",
        unit="per 1.000 woningen",
        source=f"Meldingenregistratie {organisations['corporatie'].name}; {DEMO_SOURCE}",
        direction="lower_is_better",
        decimals=0,
    )
    network = providers.network_indicators()
    social_homes, placements = network[providers.SOCIAL_HOMES], network[providers.PLACEMENTS_12M]
    today = timezone.localdate()
    measured = today - timedelta(days=20)
    buurten = Neighbourhood.objects.filter(district__code="WK082806").order_by("code")
    for buurt, (reports, homes, placed) in zip(buurten, BUURT_FIGURES, strict=False):
        for actor, indicator, value in (
            (corporation, nuisance, reports),
            (corporation, social_homes, homes),
            (municipality, placements, placed),
        ):
            services.area_value_record(
                actor=actor,
                indicator=indicator,
                level="neighbourhood",
                area_code=buurt.code,
                measured_on=measured,
                value=value,
                source_note=DEMO_SOURCE,
            )
    config = services.traffic_light_config_create(
        actor=municipality, coalition=coalition, name="Draagkracht Ruwaard", level="neighbourhood"
    )
    services.traffic_light_rule_set(
        actor=municipality, config=config, indicator=nuisance, orange_threshold=20, red_threshold=35
    )
