"""Writing through the API: rules, overrides and own figures; authorised roles only, Dutch errors, nothing written."""

from datetime import timedelta

from django.utils import timezone

import pytest

from wijkverband.testing.actors import actor_for
from wijkverband.wijkfoto import services
from wijkverband.wijkfoto.models import AreaValue, TrafficLightOverride, TrafficLightResult, TrafficLightRule

from .conftest import set_value
from .test_api import API, token_client

pytestmark = pytest.mark.django_db


def test_a_coordinator_lowers_a_threshold_and_the_colour_follows(light, coordinator, neighbourhood):
    set_value(neighbourhood.code, "pct_households_social_minimum", 7)
    client = token_client(coordinator)

    response = client.post(
        f"{API}/traffic-lights/{light.uuid}/rules",
        {"indicator": "pct_households_social_minimum", "orangeThreshold": 6, "redThreshold": 12},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {
        "indicator": "pct_households_social_minimum",
        "orangeThreshold": 6.0,
        "redThreshold": 12.0,
        "weight": 1.0,
    }
    assert client.get(f"{API}/areas/{neighbourhood.code}/capacity").json()["colour"] == "orange"
    assert TrafficLightResult.objects.filter(area_code=neighbourhood.code, colour="orange").exists()

    assert client.delete(f"{API}/traffic-lights/{light.uuid}/rules/pct_households_social_minimum").status_code == 204
    assert not TrafficLightRule.objects.filter(config=light).exists()


def test_bad_rules_and_wrong_roles_write_nothing(light, coordinator, wijkcoach, outsider):
    url = f"{API}/traffic-lights/{light.uuid}/rules"
    history = TrafficLightResult.objects.count()

    unknown = token_client(coordinator).post(
        url, {"indicator": "bestaat_niet", "orangeThreshold": "veel", "redThreshold": 2}, format="json"
    )
    assert unknown.status_code == 400 and unknown["Content-Type"] == "application/problem+json"
    reasons = {p["name"]: p["reason"] for p in unknown.json()["invalidParams"]}
    assert reasons["indicator"] == "Onbekende indicator bestaat_niet."
    assert "orangeThreshold" in reasons

    professional = token_client(wijkcoach).post(
        url, {"indicator": "pct_households_social_minimum", "orangeThreshold": 1, "redThreshold": 2}, format="json"
    )
    assert professional.status_code == 403
    assert "coördinator of manager" in professional.json()["detail"]
    other = token_client(outsider).post(
        url, {"indicator": "pct_households_social_minimum", "orangeThreshold": 1, "redThreshold": 2}, format="json"
    )
    assert other.status_code == 404
    assert TrafficLightRule.objects.get(config=light).orange_threshold == 8
    assert TrafficLightResult.objects.count() == history


def test_an_override_with_reason_and_expiry_and_its_end(light, coordinator, neighbourhood):
    client = token_client(coordinator)
    url = f"{API}/traffic-lights/{light.uuid}/overrides"
    until = timezone.localdate() + timedelta(days=30)

    created = client.post(
        url,
        {
            "areaCode": neighbourhood.code.lower(),
            "colour": "red",
            "reason": "Onrust in de portiek; eerst rust.",
            "validUntil": until.isoformat(),
        },
        format="json",
    )

    assert created.status_code == 201
    body = created.json()
    assert (body["areaCode"], body["colour"], body["validUntil"], body["endedAt"]) == (
        neighbourhood.code,
        "red",
        until.isoformat(),
        None,
    )
    assert client.get(f"{API}/areas/{neighbourhood.code}/capacity").json()["overridden"] is True
    assert [o["id"] for o in client.get(url).json()] == [body["id"]]

    assert client.delete(f"{url}/{body['id']}").status_code == 204
    assert TrafficLightOverride.objects.get().ended_at is not None


def test_an_override_without_reason_or_beyond_a_year_is_refused_in_dutch(light, coordinator, neighbourhood):
    response = token_client(coordinator).post(
        f"{API}/traffic-lights/{light.uuid}/overrides",
        {
            "areaCode": neighbourhood.code,
            "colour": "red",
            "reason": "kort",
            "validUntil": (timezone.localdate() + timedelta(days=400)).isoformat(),
        },
        format="json",
    )

    assert response.status_code == 400
    reasons = {p["name"]: p["reason"] for p in response.json()["invalidParams"]}
    assert reasons == {
        "reason": "Licht de reden toe (minstens 10 tekens).",
        "validUntil": "Een handmatige kleur geldt hoogstens een jaar.",
    }
    assert not TrafficLightOverride.objects.exists()


def test_own_figures_by_the_owner_only(corporation_officer, coordinator, neighbourhood):
    indicator = services.indicator_create_own(
        actor=actor_for(corporation_officer), label="Mutatiegraad", unit="%", source="Verhuuradministratie"
    )
    url = f"{API}/indicators/{indicator.code}/values"
    figure = {"level": "complex", "areaCode": f"{neighbourhood.code}:C1040", "measuredOn": "2025-06-30", "value": 11.5}

    created = token_client(corporation_officer).post(url, figure, format="json")

    assert created.status_code == 201
    assert created.json() == {
        "level": "complex",
        "areaCode": f"{neighbourhood.code}:C1040",
        "year": 2025,
        "value": 11.5,
        "derived": False,
        "measuredOn": "2025-06-30",
    }
    assert token_client(coordinator).post(url, figure, format="json").status_code == 403
    bad = token_client(corporation_officer).post(url, {**figure, "areaCode": "C1040", "value": 3}, format="json")
    assert bad.status_code == 400
    assert bad.json()["invalidParams"][0]["reason"].startswith("Onbekende complex- of portiekcode C1040")
    assert list(AreaValue.objects.values_list("value", flat=True)) == [11.5]


def test_capacity_of_a_complex_through_the_api(light, coordinator, neighbourhood):
    client = token_client(coordinator)
    body = client.get(f"{API}/areas/{neighbourhood.code}/capacity", {"complexCode": "C1040"}).json()
    # No complex-level traffic light: the neighbourhood answers and says so.
    assert (body["level"], body["areaCode"]) == ("neighbourhood", neighbourhood.code)
    bad = client.get(f"{API}/areas/{neighbourhood.code}/capacity", {"stairwellCode": "P7"})
    assert bad.status_code == 400 and "complexnummer" in bad.json()["detail"]
