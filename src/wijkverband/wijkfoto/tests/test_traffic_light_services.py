"""Configuring the traffic light, overriding it, its history, and the capacity the matcher reads."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest
import time_machine

from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.testing.actors import actor_for
from wijkverband.wijkfoto import providers, selectors, services
from wijkverband.wijkfoto.models import Indicator, TrafficLightResult, TrafficLightRule

from .conftest import set_value

pytestmark = pytest.mark.django_db


def entered(code, neighbourhood_code, value, coordinator, days_ago=30):
    return services.area_value_record(
        actor=actor_for(coordinator),
        indicator=providers.network_indicators()[code],
        level="neighbourhood",
        area_code=neighbourhood_code,
        measured_on=timezone.localdate() - timedelta(days=days_ago),
        value=value,
    )


def test_a_neighbourhood_turns_orange_when_the_threshold_is_lowered(light, coordinator, neighbourhood):
    set_value(neighbourhood.code, "pct_households_social_minimum", 7)
    assert selectors.capacity_for(neighbourhood.code).colour == "green"

    services.traffic_light_rule_set(
        actor=actor_for(coordinator),
        config=light,
        indicator=Indicator.objects.get(code="pct_households_social_minimum"),
        orange_threshold=6,
        red_threshold=12,
    )

    capacity = selectors.capacity_for(neighbourhood.code)
    assert capacity.colour == "orange"
    assert capacity.reasons == ("Huishoudens onder of rond het sociaal minimum is 7 % (2023): oranjedrempel ≥ 6 %",)
    history = TrafficLightResult.objects.filter(area_code=neighbourhood.code).order_by("recorded_at", "id")
    # set up without figures (unknown), then the threshold change recorded the new colour
    assert [r.colour for r in history] == ["unknown", "orange"]
    assert history.last().cause.startswith("regel Huishoudens onder of rond het sociaal minimum ingesteld door")


def test_capacity_follows_colour_social_homes_and_placements(light, coordinator, neighbourhood):
    set_value(neighbourhood.code, "pct_households_social_minimum", 7)
    entered(providers.SOCIAL_HOMES, neighbourhood.code, 850, coordinator)
    entered(providers.PLACEMENTS_12M, neighbourhood.code, 3, coordinator)

    assert selectors.capacity_for(neighbourhood.code).capacity == 5  # green: floor(10 × 0.85) − 3

    set_value(neighbourhood.code, "pct_households_social_minimum", 9)
    assert selectors.capacity_for(neighbourhood.code).capacity == 1  # orange: floor(5 × 0.85) − 3

    set_value(neighbourhood.code, "pct_households_social_minimum", 13)
    assert selectors.capacity_for(neighbourhood.code).capacity == 0


def test_placements_older_than_twelve_months_do_not_count(light, coordinator, neighbourhood):
    set_value(neighbourhood.code, "pct_households_social_minimum", 7)
    entered(providers.SOCIAL_HOMES, neighbourhood.code, 1000, coordinator)
    entered(providers.PLACEMENTS_12M, neighbourhood.code, 4, coordinator, days_ago=400)

    assert selectors.capacity_for(neighbourhood.code).capacity == 10


def test_the_district_figure_is_used_when_the_neighbourhood_has_none(light, neighbourhood):
    set_value(neighbourhood.district.code, "pct_households_social_minimum", 9, level="district")

    capacity = selectors.capacity_for(neighbourhood.code)

    assert capacity.colour == "orange" and "(cijfer van de wijk)" in capacity.reasons[0]
    light.use_district_values = False
    light.save()
    assert selectors.capacity_for(neighbourhood.code).colour == "unknown"


def test_without_figures_or_traffic_light_capacity_is_unknown_not_unlimited(light, neighbourhood, second_neighbourhood):
    capacity = selectors.capacity_for(second_neighbourhood.code)
    assert (capacity.colour, capacity.capacity) == ("unknown", None)
    light.delete()
    assert selectors.capacity_for(neighbourhood.code).config_name is None


def test_unknown_neighbourhood_is_not_found(light):
    with pytest.raises(NotVisible):
        selectors.capacity_for("BU99999999")


def test_an_override_needs_a_reason_and_an_end_date(light, coordinator, neighbourhood):
    with pytest.raises(ValidationError) as error:
        services.traffic_light_override_set(
            actor=actor_for(coordinator),
            config=light,
            area_code=neighbourhood.code,
            colour="red",
            reason="kort",
            valid_until=timezone.localdate(),
        )
    assert set(error.value.message_dict) == {"reason", "valid_until"}


def test_an_override_wins_and_expires(light, coordinator, neighbourhood):
    set_value(neighbourhood.code, "pct_households_social_minimum", 7)
    today = timezone.localdate()
    services.traffic_light_override_set(
        actor=actor_for(coordinator),
        config=light,
        area_code=neighbourhood.code,
        colour="red",
        reason="Drie incidenten in één portiek; eerst rust.",
        valid_until=today + timedelta(days=30),
    )

    capacity = selectors.capacity_for(neighbourhood.code)
    assert (capacity.colour, capacity.overridden, capacity.capacity) == ("red", True, None)
    assert TrafficLightResult.objects.filter(area_code=neighbourhood.code, overridden=True).exists()

    with time_machine.travel(today + timedelta(days=31)):
        assert selectors.capacity_for(neighbourhood.code).colour == "green"


def test_only_coordinators_and_managers_of_the_coalition_steer(light, wijkcoach, outsider, manager, neighbourhood):
    rule = TrafficLightRule.objects.get(config=light)
    for user in (wijkcoach, outsider):
        with pytest.raises(PermissionDenied):
            services.traffic_light_rule_set(
                actor=actor_for(user), config=light, indicator=rule.indicator, orange_threshold=1, red_threshold=2
            )
    services.traffic_light_rule_set(
        actor=actor_for(manager), config=light, indicator=rule.indicator, orange_threshold=1, red_threshold=2
    )
    assert TrafficLightRule.objects.get(config=light).orange_threshold == 1


def test_config_settings_are_checked(light, coordinator):
    with pytest.raises(ValidationError) as error:
        services.traffic_light_config_update(actor=actor_for(coordinator), config=light, orange_from=2, red_from=1)
    assert "red_from" in error.value.message_dict


def test_own_indicator_figures_are_recorded_by_the_owner_only(coordinator, corporation_officer, neighbourhood):
    indicator = services.indicator_create_own(
        actor=actor_for(corporation_officer), label="Mutatiegraad complex", unit="%", source="Eigen administratie"
    )

    services.area_value_record(
        actor=actor_for(corporation_officer),
        indicator=indicator,
        level="neighbourhood",
        area_code=neighbourhood.code,
        measured_on=date(2025, 12, 31),
        value=11.5,
    )
    again = services.area_value_record(
        actor=actor_for(corporation_officer),
        indicator=indicator,
        level="neighbourhood",
        area_code=neighbourhood.code,
        measured_on=date(2025, 12, 31),
        value=12,
    )

    assert indicator.values.count() == 1 and again.value == 12 and again.year == 2025
    with pytest.raises(PermissionDenied):
        services.area_value_record(
            actor=actor_for(coordinator),
            indicator=indicator,
            level="neighbourhood",
            area_code=neighbourhood.code,
            measured_on=date(2025, 12, 31),
            value=1,
        )


def test_own_figures_for_unknown_areas_or_future_dates_are_refused(corporation_officer):
    indicator = services.indicator_create_own(
        actor=actor_for(corporation_officer), label="Bewonersenquête", unit="cijfer", source="Enquête 2025"
    )
    with pytest.raises(ValidationError) as error:
        services.area_value_record(
            actor=actor_for(corporation_officer),
            indicator=indicator,
            level="neighbourhood",
            area_code="BU99999999",
            measured_on=timezone.localdate() + timedelta(days=1),
            value=7,
        )
    assert set(error.value.message_dict) == {"area_code", "measured_on"}
    assert not indicator.values.exists()


def test_a_registered_provider_replaces_entered_figures(light, coordinator, neighbourhood):
    set_value(neighbourhood.code, "pct_households_social_minimum", 7)
    entered(providers.SOCIAL_HOMES, neighbourhood.code, 1000, coordinator)
    entered(providers.PLACEMENTS_12M, neighbourhood.code, 1, coordinator)

    class Placements:
        code = providers.PLACEMENTS_12M

        def values(self, *, level, area_codes, on):
            return dict.fromkeys(area_codes, 6.0)

    original = providers.provider_for(providers.PLACEMENTS_12M)
    providers.register(Placements())
    try:
        assert selectors.capacity_for(neighbourhood.code).capacity == 4
    finally:
        providers.register(original)
