"""Personas and data of the uitstroom route, on top of the shared personas (root conftest.py).

- ``coalition``: Samen Ruwaard with the wijkteam (care side) and the corporation Maasland Wonen.
- ``green_light``: a traffic light in which Dichtersbuurt is green with room for 8 placements;
  Schadewijk-Noord (``second_neighbourhood``) has no figures (unknown).
- ``eva_application``: the wijkcoach registered Eva (BW) with the housing-route consent of the
  wijkteam, a complete profile (1 person, max rent € 650, origin Oss) and all three documents.
- ``corporation_in_route``: Eva also consents to the corporation for the housing route, and the
  corporation officer is involved with her.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from wijkverband.consent.constants import ConsentScope
from wijkverband.testing import factories
from wijkverband.testing.actors import actor_for
from wijkverband.testing.consents import consent_for

BAG = "0828010000000001"


@pytest.fixture
def coalition(neighbourhood, wijkteam, corporation):
    from wijkverband.organisations.models import Coalition

    coalition = Coalition.objects.create(name="Samen Ruwaard", municipality=neighbourhood.municipality)
    coalition.organisations.set([wijkteam, corporation])
    return coalition


@pytest.fixture
def second_neighbourhood(neighbourhood):
    return factories.NeighbourhoodFactory(code="BU08280603", name="Schadewijk-Noord", district=neighbourhood.district)


def _figure(code: str, indicator_code: str, value: float) -> None:
    from wijkverband.wijkfoto.catalogue import BY_CODE
    from wijkverband.wijkfoto.importers import indicators_ensure
    from wijkverband.wijkfoto.models import AreaValue

    AreaValue.objects.update_or_create(
        indicator=indicators_ensure([BY_CODE[indicator_code]])[indicator_code],
        level="neighbourhood",
        area_code=code,
        year=2023,
        defaults={"value": value},
    )


@pytest.fixture
def green_light(coalition, coordinator, neighbourhood, second_neighbourhood):
    from wijkverband.wijkfoto import providers, services
    from wijkverband.wijkfoto.catalogue import BY_CODE
    from wijkverband.wijkfoto.importers import indicators_ensure

    indicator = indicators_ensure([BY_CODE["pct_households_social_minimum"]])["pct_households_social_minimum"]
    config = services.traffic_light_config_create(actor=actor_for(coordinator), coalition=coalition, name="Draagkracht")
    services.traffic_light_rule_set(
        actor=actor_for(coordinator), config=config, indicator=indicator, orange_threshold=8, red_threshold=12
    )
    _figure(neighbourhood.code, "pct_households_social_minimum", 7)
    services.area_value_record(
        actor=actor_for(coordinator),
        indicator=providers.network_indicators()[providers.SOCIAL_HOMES],
        level="neighbourhood",
        area_code=neighbourhood.code,
        measured_on=timezone.localdate() - timedelta(days=30),
        value=850,
    )
    return config


def offer_values(**overrides):
    values = {
        "bag_id": BAG,
        "street": "Ruwaardlaan",
        "house_number": "10",
        "postcode": "5345 AB",
        "city": "Oss",
        "rooms": 2,
        "access_level": 0,
        "rent": Decimal("600.00"),
        "available_from": date(2026, 1, 1),
        "offered_until": timezone.localdate() + timedelta(days=60),
    }
    values.update(overrides)
    return values


@pytest.fixture
def offer(corporation_officer, neighbourhood, coalition):
    from wijkverband.placements.services import dwelling_offer_create

    return dwelling_offer_create(
        actor=actor_for(corporation_officer), neighbourhood_code=neighbourhood.code, **offer_values()
    )


@pytest.fixture
def eva_application(eva, wijkcoach, wijkteam, neighbourhood):
    from wijkverband.placements import services
    from wijkverband.placements.constants import ApplicationKind

    consent_for(eva, wijkcoach, wijkteam, ConsentScope.HOUSING_ROUTE)
    actor = actor_for(wijkcoach)
    application = services.outflow_application_register(
        actor=actor,
        resident=eva,
        kind=ApplicationKind.PROTECTED_LIVING,
        wmo_decision_on=date(2026, 1, 10),
        omslag_approved_on=date(2026, 1, 20),
        provisional_urgency_on=date(2026, 2, 1),
    )
    services.housing_need_profile_save(
        actor=actor,
        application=application,
        origin_municipality=neighbourhood.municipality,
        household_size=1,
        max_rent=Decimal("650.00"),
        support_intensity="mid",
        health_notes="Medicatie voor angststoornis; crisisplan bij de GGZ.",
        network_notes="Zus woont in de Ruwaard",
        yearly_income=Decimal("18000"),
    )
    return services.outflow_application_complete(actor=actor, application=application, complete_on=date(2026, 2, 2))


@pytest.fixture
def corporation_in_route(eva_application, eva_shared_with_corporation, wijkcoach, corporation):
    consent_for(eva_application.resident, wijkcoach, corporation, ConsentScope.HOUSING_ROUTE)
    return eva_application
