"""Caps per complex and portiek from the coalition's traffic lights at those levels (instances.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

import pytest

from wijkverband.placements import instances, matching, services
from wijkverband.testing.actors import actor_for
from wijkverband.wijkfoto import providers
from wijkverband.wijkfoto import services as wijkfoto_services

from .conftest import offer_values

pytestmark = pytest.mark.django_db


def _record(actor, indicator, level, code, value):
    wijkfoto_services.area_value_record(
        actor=actor,
        indicator=indicator,
        level=level,
        area_code=code,
        measured_on=timezone.localdate() - timedelta(days=5),
        value=value,
    )


@pytest.fixture
def mutation_rate(corporation_officer):
    return wijkfoto_services.indicator_create_own(
        actor=actor_for(corporation_officer), label="Mutatiegraad", unit="%", source="Verhuuradministratie"
    )


def _light(coordinator, coalition, indicator, level, name):
    config = wijkfoto_services.traffic_light_config_create(
        actor=actor_for(coordinator), coalition=coalition, name=name, level=level
    )
    wijkfoto_services.traffic_light_rule_set(
        actor=actor_for(coordinator), config=config, indicator=indicator, orange_threshold=10, red_threshold=15
    )
    return config


@pytest.fixture
def complex_offers(corporation_officer, neighbourhood, coalition):
    officer = actor_for(corporation_officer)
    return [
        services.dwelling_offer_create(
            actor=officer,
            neighbourhood_code=neighbourhood.code,
            **offer_values(bag_id=f"082801000000010{n}", house_number=str(n), complex_code=cx, stairwell_code=st),
        )
        for n, (cx, st) in enumerate([("C1040", "P7"), ("C2000", "")])
    ]


def test_a_complex_light_gives_the_cap_and_a_complex_without_figures_keeps_the_rule_shown(
    complex_offers, coalition, coordinator, corporation_officer, mutation_rate, neighbourhood
):
    _light(coordinator, coalition, mutation_rate, "complex", "Complexen")
    _record(actor_for(corporation_officer), mutation_rate, "complex", f"{neighbourhood.code}:C1040", 12)
    homes = providers.network_indicators()[providers.SOCIAL_HOMES]
    _record(actor_for(coordinator), homes, "complex", f"{neighbourhood.code}:C1040", 400)

    caps, defaults = instances.level_caps(
        complex_offers, coalition=coalition, today=timezone.localdate(), rules=matching.Rules()
    )

    # Orange: floor(5 per 1,000 × 400) = 2. C2000 has no figures: the rule's cap, listed for the run page.
    assert caps == {("complex", f"{neighbourhood.code}:C1040"): 2}
    assert defaults == [
        {"buurt": neighbourhood.code, "level": "complex", "area": f"{neighbourhood.code}:C2000", "capacity": 2}
    ]


def test_without_complex_or_portiek_lights_the_rule_caps_stay(complex_offers, coalition, green_light):
    assert instances.level_caps(
        complex_offers, coalition=coalition, today=timezone.localdate(), rules=matching.Rules()
    ) == ({}, [])


def test_a_red_portiek_keeps_the_match_run_out_of_that_stairwell(
    eva_application,
    complex_offers,
    green_light,
    coalition,
    coordinator,
    corporation_officer,
    mutation_rate,
    neighbourhood,
):
    complex_offers[1].delete()  # one home left, in portiek P7
    config = _light(coordinator, coalition, mutation_rate, "stairwell", "Portieken")
    _record(actor_for(corporation_officer), mutation_rate, "stairwell", f"{neighbourhood.code}:C1040:P7", 3)
    wijkfoto_services.traffic_light_override_set(
        actor=actor_for(coordinator),
        config=config,
        area_code=f"{neighbourhood.code}:C1040:P7",
        colour="red",
        reason="Overlast in deze portiek; eerst rust.",
        valid_until=timezone.localdate() + timedelta(days=10),
    )

    built = instances.build(coalition=coalition, today=timezone.localdate())
    run = services.match_run_start(actor=actor_for(coordinator), coalition=coalition, time_limit=10)

    assert built.instance.light_caps == {("portiek", f"{neighbourhood.code}:C1040:P7"): 0}
    assert run.housed == 0 and run.proposals.count() == 0
