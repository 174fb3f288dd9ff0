"""Traffic lights per complex and stairwell (portiek), by the corporation's own codes, and what the matcher reads."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from wijkverband.testing.actors import actor_for
from wijkverband.wijkfoto import parsing, providers, selectors, services

pytestmark = pytest.mark.django_db


def record(actor, indicator, level, code, value):
    return services.area_value_record(
        actor=actor,
        indicator=indicator,
        level=level,
        area_code=code,
        measured_on=timezone.localdate() - timedelta(days=5),
        value=value,
    )


@pytest.fixture
def mutation_rate(corporation_officer):
    return services.indicator_create_own(
        actor=actor_for(corporation_officer), label="Mutatiegraad", unit="%", source="Verhuuradministratie"
    )


@pytest.fixture
def complex_light(coalition, coordinator, corporation_officer, mutation_rate, neighbourhood):
    """Complex level: mutation rate orange ≥ 10 %, red ≥ 15 %; complexes C1040 and C2000 in BU08280602."""
    config = services.traffic_light_config_create(
        actor=actor_for(coordinator), coalition=coalition, name="Complexen", level="complex"
    )
    services.traffic_light_rule_set(
        actor=actor_for(coordinator), config=config, indicator=mutation_rate, orange_threshold=10, red_threshold=15
    )
    officer = actor_for(corporation_officer)
    record(officer, mutation_rate, "complex", "BU08280602:C1040", 12)
    record(officer, mutation_rate, "complex", "bu08280602:c2000", 4)
    homes = providers.network_indicators()[providers.SOCIAL_HOMES]
    record(actor_for(coordinator), homes, "complex", "BU08280602:C1040", 400)
    return config


def test_codes_keep_the_corporations_own_ids_within_the_neighbourhood():
    assert parsing.housing_area_code("bu08280602", "c1040", "p7") == "BU08280602:C1040:P7"
    assert parsing.housing_area_parts("BU08280602:C1040:P7") == ("BU08280602", "C1040", "P7")
    assert parsing.housing_area_parts("BU08280602:C1040") == ("BU08280602", "C1040", "")
    for bad in ("C1040", "WK082806:C1040", "BU08280602:", "BU08280602:C 1040", "BU08280602:A:B:C"):
        assert parsing.housing_area_parts(bad) is None


def test_a_complex_is_judged_on_the_figures_entered_for_it(complex_light):
    lights = {light.code: light for light in selectors.traffic_lights(complex_light)}

    assert set(lights) == {"BU08280602:C1040", "BU08280602:C2000"}
    assert lights["BU08280602:C1040"].name == "complex C1040 (Dichtersbuurt)"
    assert lights["BU08280602:C1040"].evaluation.colour == "orange"
    assert lights["BU08280602:C2000"].evaluation.colour == "green"
    assert lights["BU08280602:C1040"].capacity == 2  # orange: floor(5 × 0.4)


def test_the_matcher_asks_for_a_complex_and_gets_the_complex_light(complex_light, neighbourhood):
    capacity = selectors.capacity_for(neighbourhood.code, complex_code="c1040")

    assert (capacity.level, capacity.area_code, capacity.colour, capacity.capacity) == (
        "complex",
        "BU08280602:C1040",
        "orange",
        2,
    )
    year = (timezone.localdate() - timedelta(days=5)).year
    assert capacity.reasons == (f"Mutatiegraad is 12,0 % ({year}): oranjedrempel ≥ 10,0 %",)


def test_a_stairwell_without_its_own_traffic_light_is_answered_by_its_complex(complex_light, neighbourhood):
    capacity = selectors.capacity_for(neighbourhood.code, complex_code="C1040", stairwell_code="P7")
    assert (capacity.level, capacity.colour) == ("complex", "orange")


def test_a_complex_the_traffic_light_does_not_know_is_unknown_not_the_neighbourhood(complex_light, neighbourhood):
    capacity = selectors.capacity_for(neighbourhood.code, complex_code="C9999")
    assert (capacity.level, capacity.colour, capacity.capacity) == ("complex", "unknown", None)


def test_without_complex_traffic_light_the_neighbourhood_answers(light, neighbourhood):
    capacity = selectors.capacity_for(neighbourhood.code, complex_code="C1040")
    assert (capacity.level, capacity.area_code, capacity.config_name) == (
        "neighbourhood",
        neighbourhood.code,
        light.name,
    )


def test_stairwell_level_with_override(coalition, coordinator, corporation_officer, mutation_rate, neighbourhood):
    config = services.traffic_light_config_create(
        actor=actor_for(coordinator), coalition=coalition, name="Portieken", level="stairwell"
    )
    services.traffic_light_rule_set(
        actor=actor_for(coordinator), config=config, indicator=mutation_rate, orange_threshold=10, red_threshold=15
    )
    record(actor_for(corporation_officer), mutation_rate, "stairwell", "BU08280602:C1040:P7", 3)
    # A complex figure does not make a stairwell area.
    record(actor_for(corporation_officer), mutation_rate, "complex", "BU08280602:C1040", 3)
    assert [light.code for light in selectors.traffic_lights(config)] == ["BU08280602:C1040:P7"]

    services.traffic_light_override_set(
        actor=actor_for(coordinator),
        config=config,
        area_code="BU08280602:C1040:P7",
        colour="red",
        reason="Overlast in deze portiek; eerst rust.",
        valid_until=timezone.localdate() + timedelta(days=10),
    )

    capacity = selectors.capacity_for(neighbourhood.code, complex_code="C1040", stairwell_code="P7")
    assert (capacity.level, capacity.colour, capacity.overridden) == ("stairwell", "red", True)


def test_bad_complex_codes_are_refused_in_dutch_and_nothing_is_written(
    corporation_officer, mutation_rate, neighbourhood
):
    for level, code in [("complex", "C1040"), ("complex", "BU99999999:C1"), ("stairwell", "BU08280602:C1040")]:
        with pytest.raises(ValidationError) as error:
            record(actor_for(corporation_officer), mutation_rate, level, code, 5)
        assert "Onbekende complex- of portiekcode" in error.value.message_dict["area_code"][0]
    assert not mutation_rate.values.exists()
    with pytest.raises(ValueError):
        selectors.capacity_for(neighbourhood.code, stairwell_code="P7")


def test_the_complex_traffic_light_page_links_no_complex_to_a_missing_wijkfoto(
    complex_light, coordinator, verified_client
):
    body = verified_client(coordinator).get(f"/wijken/stoplicht/{complex_light.uuid}/").content.decode()

    assert "complex C1040 (Dichtersbuurt)" in body
    # A complex has no wijkfoto of its own: /wijken/BU08280602:C1040/ would be a 404.
    assert "/wijken/BU08280602:C1040/" not in body
