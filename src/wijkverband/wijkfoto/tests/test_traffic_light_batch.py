"""The batched recomputation (all traffic lights at once) gives what each traffic light gives on its own."""

from datetime import timedelta

from django.utils import timezone

import pytest

from wijkverband.neighbourhoods.models import District, Municipality, Neighbourhood
from wijkverband.organisations.models import Coalition
from wijkverband.testing.actors import actor_for
from wijkverband.wijkfoto import providers, selectors, services
from wijkverband.wijkfoto.importers import cbs_import
from wijkverband.wijkfoto.models import Indicator, TrafficLightResult

pytestmark = pytest.mark.django_db


def as_rows(lights):
    return [
        (
            light.code,
            light.name,
            light.district_code,
            light.evaluation,
            light.social_homes,
            light.placements,
            light.capacity,
        )
        for light in lights
    ]


@pytest.fixture
def country(areas, data_dir, coalition, coordinator, corporation, wijkteam):
    """Oss and Utrecht with the real CBS figures, four traffic lights at two levels, one override, entered figures."""
    cbs_import(path=data_dir / "cbs_kwb/kwb2024_gemeente_wijk_nl.json")
    cbs_import(path=data_dir / "cbs_kwb/utrecht_kwb2023.csv")
    actor = actor_for(coordinator)
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(code__in=["pct_corporation", "social_assistance", "inhabitants", "dwellings"])
    }
    utrecht = Coalition.objects.create(name="Utrecht Noordwest", municipality=Municipality.objects.get(code="GM0344"))
    utrecht.organisations.set([wijkteam, corporation])
    # Limited to two districts: the batch must not hand this coalition the rest of Utrecht.
    utrecht.districts.set(District.objects.filter(municipality__code="GM0344").order_by("code")[:2])
    configs = []
    for coalition_, level, rules in [
        # The national file has only population and dwellings for districts; Oss's neighbourhoods use them.
        (coalition, "district", [("inhabitants", 8000, 14000)]),
        (coalition, "neighbourhood", [("dwellings", 3000, 6000)]),
        (utrecht, "district", [("inhabitants", 10000, 20000)]),
        (utrecht, "neighbourhood", [("pct_corporation", 30, 50), ("social_assistance", 100, 200)]),
    ]:
        config = services.traffic_light_config_create(
            actor=actor, coalition=coalition_, name=f"{coalition_.name} {level}", level=level
        )
        for code, orange, red in rules:
            services.traffic_light_rule_set(
                actor=actor, config=config, indicator=indicators[code], orange_threshold=orange, red_threshold=red
            )
        configs.append(config)
    network = providers.network_indicators()
    for code in list(Neighbourhood.objects.filter(municipality__code="GM0828").values_list("code", flat=True))[:6]:
        services.area_value_record(
            actor=actor,
            indicator=network[providers.SOCIAL_HOMES],
            level="neighbourhood",
            area_code=code,
            measured_on=timezone.localdate() - timedelta(days=10),
            value=800,
        )
        services.area_value_record(
            actor=actor,
            indicator=network[providers.PLACEMENTS_12M],
            level="neighbourhood",
            area_code=code,
            measured_on=timezone.localdate() - timedelta(days=10),
            value=2,
        )
    services.traffic_light_override_set(
        actor=actor,
        config=configs[1],
        area_code="BU08280602",
        colour="red",
        reason="Onrust in de portiekflats; eerst rust.",
        valid_until=timezone.localdate() + timedelta(days=20),
    )
    return configs


def test_the_batch_agrees_with_each_traffic_light_and_with_each_area_alone(country):
    batched = selectors.traffic_lights_many(country)

    for config in country:
        assert as_rows(batched[config.pk]) == as_rows(selectors.traffic_lights(config))
    oss = country[1]
    for light in batched[oss.pk]:
        assert as_rows(selectors.traffic_lights(oss, only=[light.code])) == as_rows([light])
        capacity = selectors.capacity_for(light.code, coalition=oss.coalition)
        assert (capacity.colour, capacity.capacity) == (light.evaluation.colour, light.capacity)
    # The fixture is only a check when it holds every colour, district figures, an override and capacities.
    colours = {light.evaluation.colour for lights in batched.values() for light in lights}
    assert {"green", "orange", "red"} <= colours
    assert any("(cijfer van de wijk)" in r.text for light in batched[oss.pk] for r in light.evaluation.reasons)
    assert any(light.evaluation.override for light in batched[oss.pk])
    assert any(light.capacity for light in batched[oss.pk])
    utrecht_districts = {light.district_code for light in batched[country[3].pk]}
    assert len(utrecht_districts) == 2


def test_the_batched_recording_writes_only_what_changed(country):
    before = TrafficLightResult.objects.count()

    assert services.traffic_lights_record_all(cause="nachtelijke herberekening") == 0

    Indicator.objects.get(code="inhabitants").values.filter(area_code__startswith="WK0828").update(value=99000)
    written = services.traffic_lights_record_all(cause="nachtelijke herberekening")
    assert written > 0
    assert TrafficLightResult.objects.count() == before + written
    assert set(
        TrafficLightResult.objects.filter(cause="nachtelijke herberekening").values_list("colour", flat=True)
    ) <= {
        "red",
        "orange",
    }
