"""Creating and changing a traffic light (page and API): coordinators and managers of the coalition only,
one active traffic light per level, Dutch messages, and nothing written when refused."""

import pytest

from wijkverband.testing.actors import actor_for
from wijkverband.wijkfoto import selectors, services
from wijkverband.wijkfoto.models import TrafficLightConfig, TrafficLightResult

from .conftest import set_value
from .test_api import API, token_client

pytestmark = pytest.mark.django_db

CREATE_URL = "/wijken/stoplicht/nieuw/"


def _form(coalition, **changes):
    data = {
        "coalition": str(coalition.uuid),
        "name": "Draagkracht complexen",
        "level": "complex",
        "orange_from": "1",
        "red_from": "2",
        "green_limit": "10",
        "orange_limit": "5",
        "use_district_values": "on",
    }
    data.update(changes)
    return data


def test_a_coordinator_creates_a_complex_traffic_light_on_the_page(coalition, coordinator, verified_client):
    client = verified_client(coordinator)
    assert 'data-testid="traffic-light-create"' in client.get("/wijken/").content.decode()
    assert client.get(CREATE_URL).status_code == 200

    response = client.post(CREATE_URL, _form(coalition, orange_limit="2,5"))

    config = TrafficLightConfig.objects.get(name="Draagkracht complexen")
    assert response.status_code == 302 and response["Location"] == f"/wijken/stoplicht/{config.uuid}/"
    assert (config.coalition, config.level, config.orange_limit, config.is_active) == (coalition, "complex", 2.5, True)


def test_a_second_active_traffic_light_for_the_same_level_is_refused_in_dutch(light, coordinator, verified_client):
    response = verified_client(coordinator).post(CREATE_URL, _form(light.coalition, level="neighbourhood"))

    assert response.status_code == 400
    assert (
        "De coalitie beoordeelt dit niveau al met het actieve stoplicht Draagkracht: wijzig dat stoplicht, "
        "of zet het eerst op inactief." in response.content.decode()
    )
    assert TrafficLightConfig.objects.count() == 1


def test_inconsistent_scores_and_capacities_are_explained_and_nothing_is_created(
    coalition, coordinator, verified_client
):
    response = verified_client(coordinator).post(
        CREATE_URL, _form(coalition, orange_from="3", red_from="2", green_limit="4", orange_limit="6")
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Rood moet beginnen bij een score die minstens zo hoog is als oranje." in body
    assert "Een oranje gebied kan niet meer opvangen dan een groen gebied." in body
    assert not TrafficLightConfig.objects.exists()


def test_professionals_and_outsiders_do_not_find_the_create_page(
    coalition, wijkcoach, outsider, coordinator, verified_client
):
    assert verified_client(wijkcoach).get(CREATE_URL).status_code == 404
    assert verified_client(outsider).post(CREATE_URL, _form(coalition)).status_code == 404
    assert 'data-testid="traffic-light-create"' not in verified_client(wijkcoach).get("/wijken/").content.decode()
    assert not TrafficLightConfig.objects.exists()


def test_a_coordinator_of_another_coalition_cannot_pick_this_one(coalition, outsider, verified_client):
    from wijkverband.organisations.constants import Role
    from wijkverband.organisations.models import Coalition, Membership

    Membership.objects.filter(user=outsider).update(role=Role.COORDINATOR)
    own = Coalition.objects.create(name="Elders", municipality=coalition.municipality)
    own.organisations.set([Membership.objects.get(user=outsider).organisation])

    response = verified_client(outsider).post(CREATE_URL, _form(coalition))

    assert response.status_code == 400 and "coalition" in response.context["form"].errors
    assert not TrafficLightConfig.objects.exists()


def test_renaming_and_deactivating_on_the_page_stops_the_matcher_using_it(
    light, coordinator, neighbourhood, verified_client
):
    set_value(neighbourhood.code, "pct_households_social_minimum", 9)
    assert selectors.capacity_for(neighbourhood.code).config_name == "Draagkracht"

    response = verified_client(coordinator).post(
        f"/wijken/stoplicht/{light.uuid}/instellingen/",
        {"name": "Draagkracht 2024", "orange_from": "1", "red_from": "2", "green_limit": "10", "orange_limit": "5"},
    )

    assert response.status_code == 302
    light.refresh_from_db()
    assert (light.name, light.is_active, light.use_district_values) == ("Draagkracht 2024", False, False)
    assert selectors.capacity_for(neighbourhood.code).config_name is None
    page = verified_client(coordinator).get(f"/wijken/stoplicht/{light.uuid}/").content.decode()
    assert 'data-testid="inactive"' in page


def test_a_new_traffic_light_may_take_over_a_level_once_the_old_one_is_inactive(light, coordinator):
    actor = actor_for(coordinator)
    services.traffic_light_config_update(actor=actor, config=light, is_active=False)

    successor = services.traffic_light_config_create(actor=actor, coalition=light.coalition, name="Nieuw")

    assert successor.level == light.level
    with pytest.raises(services.ValidationError) as refused:
        services.traffic_light_config_update(actor=actor, config=light, is_active=True)
    assert "level" in refused.value.message_dict


def test_the_api_creates_a_traffic_light_per_level(coalition, coordinator):
    response = token_client(coordinator).post(
        f"{API}/traffic-lights",
        {"coalitionId": str(coalition.uuid), "name": "Portieken", "level": "stairwell", "greenLimit": 8},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    config = TrafficLightConfig.objects.get()
    assert body["id"] == str(config.uuid)
    assert {k: body[k] for k in ("name", "level", "coalitionId", "greenLimit", "orangeLimit", "isActive")} == {
        "name": "Portieken",
        "level": "stairwell",
        "coalitionId": str(coalition.uuid),
        "greenLimit": 8.0,
        "orangeLimit": 5.0,
        "isActive": True,
    }


def test_the_api_refuses_bad_settings_with_dutch_reasons_per_field(light, coordinator, wijkcoach, outsider):
    url = f"{API}/traffic-lights"

    duplicate = token_client(coordinator).post(
        url, {"coalitionId": str(light.coalition.uuid), "name": "Dubbel", "level": "neighbourhood"}, format="json"
    )
    assert duplicate.status_code == 400 and duplicate["Content-Type"] == "application/problem+json"
    reasons = {p["name"]: p["reason"] for p in duplicate.json()["invalidParams"]}
    assert reasons["level"].startswith("De coalitie beoordeelt dit niveau al met het actieve stoplicht Draagkracht")

    unknown_level = token_client(coordinator).post(
        url, {"coalitionId": str(light.coalition.uuid), "name": "X", "level": "straat"}, format="json"
    )
    assert unknown_level.status_code == 400
    assert {p["name"] for p in unknown_level.json()["invalidParams"]} == {"level"}

    professional = token_client(wijkcoach).post(
        url, {"coalitionId": str(light.coalition.uuid), "name": "X", "level": "complex"}, format="json"
    )
    assert professional.status_code == 403 and "coördinator of manager" in professional.json()["detail"]
    other = token_client(outsider).post(
        url, {"coalitionId": str(light.coalition.uuid), "name": "X", "level": "complex"}, format="json"
    )
    assert other.status_code == 404
    assert TrafficLightConfig.objects.count() == 1


def test_changing_capacities_through_the_api_changes_the_matchers_answer(light, coordinator, neighbourhood):
    from wijkverband.wijkfoto import providers

    actor = actor_for(coordinator)
    set_value(neighbourhood.code, "pct_households_social_minimum", 9)  # orange
    services.area_value_record(
        actor=actor,
        indicator=providers.network_indicators()[providers.SOCIAL_HOMES],
        level="neighbourhood",
        area_code=neighbourhood.code,
        measured_on=services.timezone.localdate(),
        value=1000,
    )
    assert selectors.capacity_for(neighbourhood.code).capacity == 5
    client = token_client(coordinator)

    response = client.patch(f"{API}/traffic-lights/{light.uuid}", {"orangeLimit": 2}, format="json")

    assert response.status_code == 200 and response.json()["orangeLimit"] == 2.0
    assert selectors.capacity_for(neighbourhood.code).capacity == 2
    assert TrafficLightResult.objects.filter(config=light, cause__startswith="instellingen gewijzigd").exists()

    refused = client.patch(f"{API}/traffic-lights/{light.uuid}", {"orangeLimit": 20}, format="json")
    assert refused.status_code == 400
    assert [(p["name"], p["reason"]) for p in refused.json()["invalidParams"]] == [
        ("orangeLimit", "Een oranje gebied kan niet meer opvangen dan een groen gebied.")
    ]
    light.refresh_from_db()
    assert light.orange_limit == 2


def test_a_professional_may_read_but_not_change_a_traffic_light(light, wijkcoach, outsider):
    assert token_client(wijkcoach).get(f"{API}/traffic-lights/{light.uuid}").status_code == 200
    assert (
        token_client(wijkcoach).patch(f"{API}/traffic-lights/{light.uuid}", {"name": "X"}, format="json").status_code
        == 403
    )
    assert (
        token_client(outsider).patch(f"{API}/traffic-lights/{light.uuid}", {"name": "X"}, format="json").status_code
        == 404
    )
    light.refresh_from_db()
    assert light.name == "Draagkracht"


def test_thresholds_must_be_numbers(light, coordinator):
    from wijkverband.wijkfoto.catalogue import BY_CODE
    from wijkverband.wijkfoto.importers import indicators_ensure

    indicator = indicators_ensure([BY_CODE["pct_age_65_plus"]])["pct_age_65_plus"]

    with pytest.raises(services.ValidationError) as refused:
        services.traffic_light_rule_set(
            actor=actor_for(coordinator),
            config=light,
            indicator=indicator,
            orange_threshold=float("nan"),
            red_threshold=2,
        )

    assert set(refused.value.message_dict) == {"orange_threshold"}
    assert light.rules.count() == 1
