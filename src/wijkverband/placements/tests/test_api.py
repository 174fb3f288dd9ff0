"""The uitstroom API: same rules as the pages, camelCase, problem+json, 404 for the invisible."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from wijkverband.placements.models import DwellingOffer, MatchRun

from .conftest import BAG

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def _offer_body(neighbourhood, **overrides):
    body = {
        "bagId": BAG,
        "street": "Ruwaardlaan",
        "houseNumber": "12",
        "postcode": "5345 AB",
        "city": "Oss",
        "neighbourhoodCode": neighbourhood.code,
        "rooms": 2,
        "rent": "610.00",
        "availableFrom": str(timezone.localdate()),
        "offeredUntil": str(timezone.localdate() + timedelta(days=30)),
    }
    body.update(overrides)
    return body


def test_a_corporation_pushes_an_offer_and_a_duplicate_is_a_dutch_400(corporation_officer, neighbourhood, coalition):
    client = api(corporation_officer)

    first = client.post("/api/v1/dwelling-offers", _offer_body(neighbourhood), format="json")
    second = client.post("/api/v1/dwelling-offers", _offer_body(neighbourhood), format="json")

    assert first.status_code == 201 and first.json()["bagId"] == BAG
    assert second.status_code == 400
    assert second["Content-Type"].startswith("application/problem+json")
    params = second.json()["invalidParams"]
    assert params[0]["name"] == "bagId" and "wordt al aangeboden" in params[0]["reason"]
    assert DwellingOffer.objects.count() == 1


def test_the_corporation_gets_only_the_allowed_profile_fields(corporation_in_route, corporation_officer):
    body = api(corporation_officer).get(f"/api/v1/outflow-applications/{corporation_in_route.uuid}").json()

    assert body["profile"]["limited"] is True
    assert body["profile"]["healthNotes"] is None
    assert "yearly_income" not in body["profile"]["values"] and "network_notes" not in body["profile"]["values"]


def test_an_outsider_gets_a_plain_404(eva_application, outsider):
    response = api(outsider).get(f"/api/v1/outflow-applications/{eva_application.uuid}")

    assert response.status_code == 404


def test_a_coordinator_runs_the_matcher_and_accepts_by_api(eva_application, offer, green_light, coordinator, coalition):
    client = api(coordinator)

    created = client.post("/api/v1/match-runs", {"coalitionId": str(coalition.uuid), "timeLimit": 10}, format="json")
    detail = client.get(f"/api/v1/match-runs/{created.json()['id']}").json()
    proposal = detail["proposals"][0]
    decided = client.post(f"/api/v1/match-proposals/{proposal['id']}/decision", {"decision": "accept"}, format="json")

    assert created.status_code == 201 and created.json()["housed"] == 1
    assert proposal["explanation"]["criteria"] and proposal["bagId"] == BAG
    assert decided.status_code == 200 and decided.json()["status"] == "accepted"


def test_an_override_without_reason_is_a_400_and_changes_nothing(
    eva_application, offer, green_light, coordinator, coalition
):
    client = api(coordinator)
    client.post("/api/v1/match-runs", {"coalitionId": str(coalition.uuid), "timeLimit": 10}, format="json")
    proposal = MatchRun.objects.get().proposals.get()

    response = client.post(f"/api/v1/match-proposals/{proposal.uuid}/decision", {"decision": "override"}, format="json")

    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
