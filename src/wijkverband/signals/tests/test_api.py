"""The signals API: intake, creditors' batches (JSON and CSV), handling; 404 outside the team."""

import io

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from wijkverband.signals.models import ArrearsBatch, OutreachTask, Signal

from .csvdata import csv_bytes, json_row, row

pytestmark = pytest.mark.django_db


def token_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_a_professional_reports_and_the_team_handles_it(wijkcoach, coordinator, catch_all):
    created = token_client(wijkcoach).post(
        "/api/v1/signals",
        {
            "category": "eenzaamheid",
            "subjectKind": "address",
            "sourceKind": "watch_supporter",
            "description": "Meneer zit alleen",
            "postcode": "5345AB",
            "houseNumber": 4,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    signal_id = created.json()["id"]
    assert created.json()["nextStatuses"] == ["in_progress"]

    moved = token_client(coordinator).post(
        f"/api/v1/signals/{signal_id}/transitions", {"toStatus": "in_progress"}, format="json"
    )
    assert moved.status_code == 200
    assert [step["toStatus"] for step in moved.json()["history"]] == ["new", "in_progress"]


def test_a_signal_outside_my_teams_is_404(wijkcoach, outsider, catch_all, loneliness):
    from wijkverband.signals import services
    from wijkverband.testing.actors import actor_for

    signal = services.signal_create(
        actor=actor_for(wijkcoach),
        category=loneliness,
        subject_kind="address",
        source_kind="professional",
        postcode="5345 AB",
        house_number=3,
    )
    client = token_client(outsider)
    assert client.get(f"/api/v1/signals/{signal.uuid}").status_code == 404
    response = client.post(f"/api/v1/signals/{signal.uuid}/transitions", {"toStatus": "in_progress"}, format="json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/signals").json() == []


def test_a_json_batch_is_accepted_and_redelivery_changes_nothing(corporation_officer, creditor, catch_all):
    client = token_client(corporation_officer)
    body = {"reference": "API-2026-1", "rows": [json_row("J-1"), json_row("J-2", houseNumber=9, arrearsKind="water")]}

    first = client.post("/api/v1/arrears-batches", body, format="json")
    again = client.post("/api/v1/arrears-batches", body, format="json")

    assert first.status_code == 201 and first.json()["newCount"] == 2
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Signal.objects.count() == 2
    assert client.get(f"/api/v1/arrears-batches/{first.json()['id']}").status_code == 200


def test_a_refused_json_batch_names_every_bad_row(corporation_officer, creditor, catch_all):
    body = {
        "reference": "API-2",
        "rows": [json_row("J-1", bsn="123456789"), json_row("J-2"), json_row("J-3", postcode="9999 ZZ")],
    }
    response = token_client(corporation_officer).post("/api/v1/arrears-batches", body, format="json")

    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["rows[0].bsn", "rows[2].postcode"]
    assert not Signal.objects.exists() and not ArrearsBatch.objects.exists()


def test_fields_the_law_does_not_allow_refuse_the_batch(corporation_officer, creditor, catch_all):
    body = {"reference": "API-3", "rows": [json_row("J-1", dateOfBirth="1970-01-01")]}
    response = token_client(corporation_officer).post("/api/v1/arrears-batches", body, format="json")
    assert response.status_code == 400 and "dateOfBirth" in response.json()["detail"]


def test_a_csv_batch_through_the_api(corporation_officer, creditor, catch_all):
    upload = io.BytesIO(csv_bytes(row("H-1"), row("H-2", house_number="11")))
    upload.name = "levering.csv"
    response = token_client(corporation_officer).post(
        "/api/v1/arrears-batches/csv", {"reference": "CSV-1", "file": upload}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert OutreachTask.objects.count() == 2


def test_a_batch_over_the_limit_is_413_before_reading(corporation_officer, creditor, settings):
    settings.SIGNALS_MAX_UPLOAD_MB = 1
    response = token_client(corporation_officer).post(
        "/api/v1/arrears-batches", data=b"{}", content_type="application/json", CONTENT_LENGTH=str(2 * 1024 * 1024)
    )
    assert response.status_code == 413


def test_only_signal_partners_deliver(wijkcoach, catch_all):
    response = token_client(wijkcoach).post("/api/v1/arrears-batches", {"reference": "x", "rows": []}, format="json")
    assert response.status_code == 403


def test_the_team_records_a_home_visit_through_the_api(corporation_officer, creditor, wijkcoach, catch_all):
    token_client(corporation_officer).post(
        "/api/v1/arrears-batches", {"reference": "A", "rows": [json_row("J-1")]}, format="json"
    )
    client = token_client(wijkcoach)
    [task] = client.get("/api/v1/signals/outreach-tasks").json()
    assert task["address"].startswith("Demolaan 7")

    response = client.post(
        f"/api/v1/signals/outreach-tasks/{task['id']}/attempts",
        {"kind": "home_visit", "madeOn": "2026-01-05", "isReached": True, "result": "help_accepted"},
        format="json",
    )
    assert response.status_code == 201
    assert Signal.objects.get().status == "contacted"
